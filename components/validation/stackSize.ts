/**
 * LIMIT per stack: the SIP domains one Pulumi stack registers (its shard of an estate, or the whole spec when it has no
 * shard) are bounded apart from the spec (limits.ts): an estate may hold more tenants than one stack can register.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Problem } from "../spec/problems";
import { MAX_SIP_DOMAINS_PER_STACK } from "../spec/limits";
import { tenantShard } from "../plan/shards";
import { buildPlan } from "./registry";

export function stackSizeProblems(spec: DeploymentSpec, shard: string | undefined): Problem[] {
  const count = shard === undefined ? spec.sipDomains.length : buildPlan(spec).tenants.filter((t) => tenantShard(t) === shard).length;
  if (count <= MAX_SIP_DOMAINS_PER_STACK) return [];
  const which = shard === undefined ? "this stack (no shard: the whole spec)" : `shard ${shard}`;
  return [
    {
      path: "sipDomains",
      rule: "LIMIT",
      message: `${which} registers ${count.toLocaleString("en-US")} SIP domains; one stack registers at most ${MAX_SIP_DOMAINS_PER_STACK.toLocaleString("en-US")}: split the estate into shards (README "Scale")`,
    },
  ];
}
