/**
 * This repository's Pulumi program: read the deployment from the stack config (`lync:deployment`, or the estate file
 * `lync:estate` names, sliced by `lync:shard`), validate it (every problem at once, before any resource is
 * registered), build the deployment and export what operators need. It uses the library only through its public entry
 * point (components/index.ts), as any consumer would; it is the only place that reads stack config.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  LyncDeployment,
  validateDeployment,
  DeploymentValidationError,
  missingStackSecrets,
  parseDeploymentText,
  readProjectFile,
  settingsFromConfig,
  shardProblems,
  stackSizeProblems,
  INFRA_SHARD,
  CONFIG_KEY,
  ESTATE_KEY,
  SHARD_KEY,
} from "./components";

const config = new pulumi.Config("lync");
// The review (tools/stackFiles.ts) reads a stack file through the same settingsFromConfig: one reading of the keys.
// An estate's stacks share one spec file (README "Scale"), read only from inside the project directory (the program's
// working directory); a single stack holds its spec in the stack config.
const settings = settingsFromConfig({ [CONFIG_KEY]: config.get("deployment"), [ESTATE_KEY]: config.get("estate"), [SHARD_KEY]: config.get("shard") });
const estate = settings.estate;
if (estate === undefined && settings.deployment === undefined) throw new Error(`the stack config needs ${CONFIG_KEY} or ${ESTATE_KEY}`);
const input = estate === undefined ? settings.deployment : parseDeploymentText(readProjectFile(process.cwd(), estate, ESTATE_KEY), estate);
const shard = settings.shard;
// The CA's answers to the CSRs, certificate id -> PEM (leaf, then chain): public, so plain config.
const issuedCertificates = config.getObject<Record<string, string>>("issuedCertificates") ?? {};
const result = validateDeployment(input);
if (!result.ok) throw new DeploymentValidationError(result.problems);
const spec = result.spec;
// Only the stack that holds the gateways (the whole deployment, or the infra shard) reads the gateway's secrets.
const holdsGateways = shard === undefined || shard === INFRA_SHARD;
const stackProblems = [
  ...shardProblems(spec, shard, SHARD_KEY),
  ...stackSizeProblems(spec, shard),
  ...(holdsGateways
    ? missingStackSecrets(
        spec,
        (key) => config.getSecret(key) !== undefined,
        (id) => issuedCertificates[id] !== undefined,
      )
    : []),
];
if (stackProblems.length > 0) throw new DeploymentValidationError(stackProblems);

const rp = spec.reverseProxy;
const secret = (key: string | undefined) => (holdsGateways && rp.provider === "azure" && key !== undefined ? config.requireSecret(key) : undefined);
const deployment = new LyncDeployment("lync", {
  deployment: spec,
  ...(shard === undefined ? {} : { shard }),
  reverseProxyPfx: secret(rp.provider === "azure" ? rp.pfxConfigKey : undefined),
  reverseProxyPfxPassword: secret(rp.provider === "azure" ? rp.pfxPasswordConfigKey : undefined),
  issuedCertificates,
  // Large stacks register noticeably faster without the SDK's per-promise stack traces (BENCHMARKS.md).
  registerWithoutStackTraces: true,
  // Only a stack created by release 0.1 needs the aliases to its children's old names, and says so in its stack file
  // (lync:legacyNameAliases: true); every other stack goes without them (BENCHMARKS.md: they cost about a fifth).
  legacyNameAliases: config.getBoolean("legacyNameAliases") ?? false,
  // For the first `up` after a `pulumi state move` into this stack (README "From one stack to shards").
  adoptMovedResources: config.getBoolean("adoptMovedResources") ?? false,
});

export const tenants = deployment.tenants;
export const certificates = deployment.certificateRequests;
export const nameServers = deployment.nameServers;
export const reverseProxyAddresses = deployment.reverseProxyAddresses;
/** Test stacks: the test CA that signed every request (null elsewhere). */
export const testCaCertPem = deployment.testCaCertPem.apply((pem) => (pem === "" ? null : pem));
/** Secret: per certificate id the PFX (base64) and its password, for `Import-CsCertificate` (--show-secrets). */
export const certificatePfx = deployment.certificatePfx;
export const warnings = deployment.warnings;
