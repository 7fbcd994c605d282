/**
 * This repository's Pulumi program: read `lync:deployment` from the stack config, validate it (every problem at once,
 * before any resource is registered), build the deployment and export what operators need. It uses the library only
 * through its public entry point (components/index.ts), as any consumer would; it is the only place that reads stack
 * config.
 */
import * as pulumi from "@pulumi/pulumi";
import { LyncDeployment, validateDeployment, DeploymentValidationError, missingStackSecrets } from "./components";

const config = new pulumi.Config("lync");
const result = validateDeployment(config.requireObject<unknown>("deployment"));
if (!result.ok) throw new DeploymentValidationError(result.problems);
const spec = result.spec;
const secretProblems = missingStackSecrets(spec, (key) => config.getSecret(key) !== undefined);
if (secretProblems.length > 0) throw new DeploymentValidationError(secretProblems);

const rp = spec.reverseProxy;
const secret = (key: string | undefined) => (rp.provider === "azure" && key !== undefined ? config.requireSecret(key) : undefined);
const deployment = new LyncDeployment("lync", {
  deployment: spec,
  reverseProxyPfx: secret(rp.provider === "azure" ? rp.pfxConfigKey : undefined),
  reverseProxyPfxPassword: secret(rp.provider === "azure" ? rp.pfxPasswordConfigKey : undefined),
  // Large stacks register noticeably faster without the SDK's per-promise stack traces (BENCHMARKS.md).
  registerWithoutStackTraces: true,
  // Stacks created by release 0.1 need the aliases to their children's old names; set false once every stack is past.
  legacyNameAliases: config.getBoolean("legacyNameAliases") ?? true,
});

export const tenants = deployment.tenants;
export const certificates = deployment.certificateRequests;
export const nameServers = deployment.nameServers;
export const reverseProxyAddresses = deployment.reverseProxyAddresses;
/** Test stacks: the test CA that signed every request (null elsewhere). */
export const testCaCertPem = deployment.testCaCertPem.apply((pem) => (pem === "" ? null : pem));
export const warnings = deployment.warnings;
