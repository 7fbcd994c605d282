/**
 * Checks that need the derived plan: they run inside validateDeployment, after the rule checks, so that their
 * problems are reported in the same run. Provider adapters add their platform limits here (pure functions only).
 */
import type { DeploymentSpec } from "./spec";
import type { Plan } from "./plan";
import type { Problem } from "./problems";
import { derivedNameProblems, recordConflictProblems, srvTargetProblems, dnsLimitProblems } from "./rules/dnsChecks";
import { certificateLimitProblems } from "./rules/certificateChecks";
import { routeHostProblems } from "./rules/proxyChecks";
// Cloudflare platform limits and the S46 proxy rule live beside their adapter (pure module, no Pulumi).
import { cloudflareProxyProblems, cloudflareRuleProblems } from "../cloudflare/checks";
// Application Gateway v2 limits (AGW-LIMIT, lync-rules 5b) and the fields its adapter needs (AGW-CONFIG); pure module.
import { azureGatewayProblems } from "../azure/limits";

export type PlanCheck = (spec: DeploymentSpec, plan: Plan) => Problem[];

export const planChecks: readonly PlanCheck[] = [
  derivedNameProblems,
  recordConflictProblems,
  srvTargetProblems,
  certificateLimitProblems,
  dnsLimitProblems,
  routeHostProblems,
  cloudflareProxyProblems,
  cloudflareRuleProblems,
  azureGatewayProblems,
];
