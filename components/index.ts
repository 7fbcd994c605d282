/** Public API of the library. */
export * from "./model";
export { LyncDeployment, SipDomain, type LyncDeploymentArgs, type SipDomainArgs } from "./deployment/lyncDeployment";
