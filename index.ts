/**
 * The Pulumi program: read `lync:deployment` from the stack config, validate it (every problem at once, before any
 * resource is registered), build the deployment and export what operators need.
 */
import * as pulumi from "@pulumi/pulumi";
import { LyncDeployment, validateDeployment, DeploymentValidationError } from "./components";
import { missingStackSecrets } from "./components/azure/stackSecrets";

const config = new pulumi.Config("lync");
const result = validateDeployment(config.requireObject<unknown>("deployment"));
if (!result.ok) throw new DeploymentValidationError(result.problems);
const secretProblems = missingStackSecrets(result.spec, (key) => config.getSecret(key) !== undefined);
if (secretProblems.length > 0) throw new DeploymentValidationError(secretProblems);

const deployment = new LyncDeployment("lync", { spec: result.spec });

export const tenants = Object.fromEntries(deployment.plan.tenants.map((t) => [t.name, t.fqdns]));
export const certificates = deployment.certificates.requests;
export const nameServers = deployment.nameServers;
/** Where clients reach the reverse proxy: the gateways' addresses, or the declared ones for an external proxy. */
export const reverseProxyAddresses =
  deployment.reverseProxy?.publicIpAddresses ?? [...new Set(deployment.plan.routes.flatMap((r) => r.listener.addresses))].sort();
/** Test stacks: the test CA that signed every request (null elsewhere). */
export const testCaCertPem = deployment.certificates.testCaCertPem ?? null;
export const warnings = deployment.plan.warnings.map((w) => `[${w.rule}]${w.subject ? ` ${w.subject}:` : ""} ${w.message}`);
