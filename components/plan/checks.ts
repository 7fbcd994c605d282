/**
 * Checks that need the derived plan (name lengths, record conflicts, SRV targets, certificate limits, route hosts).
 * The core knows only its own; provider adapters contribute theirs (record limits, gateway limits, proxy rules)
 * through validation/registry.ts, which the core never imports.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Problem } from "../spec/problems";
import type { Plan } from "./types";
import { derivedNameProblems, recordConflictProblems, srvTargetProblems } from "./rules/dnsChecks";
import { certificateLimitProblems } from "./rules/certificateChecks";
import { adminUrlProblems, routeHostProblems } from "./rules/proxyChecks";
import { internalDnsProblems } from "./rules/internalDns";

/** A pure check of a validated spec and its plan; every problem it returns is reported with the spec's own. */
export type PlanCheck = (spec: DeploymentSpec, plan: Plan) => Problem[];

export const coreChecks: readonly PlanCheck[] = [
  derivedNameProblems,
  recordConflictProblems,
  srvTargetProblems,
  certificateLimitProblems,
  routeHostProblems,
  adminUrlProblems,
  internalDnsProblems,
];
