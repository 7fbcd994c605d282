/** Public API of the library: the pure model (spec, validation, plan, renderers) and the components. */
export * from "./model";
export { readProjectFile, projectPathProblem } from "./spec/files";
export * from "./spec/args";
export { Deployment, LyncDeployment, type LyncDeploymentArgs } from "./deployment/lyncDeployment";
export { SipDomain, type SipDomainArgs } from "./deployment/sipDomain";
export { LONG_LIVED_TYPES } from "./deployment/protect";
export type { CertificateRequestOutput } from "./tls/certificates";
export type { CertificatePfx } from "./tls/pfx";
export { missingStackSecrets } from "./azure/stackSecrets";
