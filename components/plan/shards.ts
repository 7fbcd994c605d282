/**
 * Shards: one estate (one spec with every tenant), many stacks. Each stack validates and plans the whole estate, so a
 * conflict anywhere is caught everywhere, but registers only its slice (docs/rules.md SHARD, README "Scale"):
 * - `infra`: everything shared: the shared records, the gateways, the reverse-proxy key and CSR, the zones the estate
 *   creates, Cloudflare entry-point rulesets (one per zone and phase, spanning every tenant of the zone), and the
 *   tenants homed online (they have no edge pool);
 * - one shard per edge pool, named like the pool: its on-premises tenants' records and its edge key and CSR.
 * A tenant's shard is its edge pool, so adding a tenant touches its pool's stack and nothing else (unless the tenant
 * brings something shared: a proxied Cloudflare zone's ruleset, a per-domain meet listener). Pure.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Problem } from "../spec/problems";
import type { Plan, PlanCertificate, PlanTenant } from "./types";

export const INFRA_SHARD = "infra";

/** Every shard of the estate: `infra`, then the edge pools in the spec's order. */
export function shardNames(spec: Pick<DeploymentSpec, "edgePools">): string[] {
  return [INFRA_SHARD, ...spec.edgePools.map((p) => p.name)];
}

export function tenantShard(t: Pick<PlanTenant, "edgePool">): string {
  return t.edgePool ?? INFRA_SHARD;
}

export function certificateShard(c: Pick<PlanCertificate, "edgePool">): string {
  return c.edgePool ?? INFRA_SHARD;
}

/** What one stack registers. Without a shard (a single-stack deployment) it is everything. */
export interface ShardSlice {
  /** The shard's name, or null for the whole deployment. */
  readonly shard: string | null;
  /** Shared records, gateways, created zones, Cloudflare rulesets. */
  readonly shared: boolean;
  readonly tenants: readonly PlanTenant[];
  readonly certificates: readonly PlanCertificate[];
}

export function shardSlice(plan: Pick<Plan, "tenants" | "certificates">, shard: string | undefined): ShardSlice {
  if (shard === undefined) return { shard: null, shared: true, tenants: plan.tenants, certificates: plan.certificates };
  return {
    shard,
    shared: shard === INFRA_SHARD,
    tenants: plan.tenants.filter((t) => tenantShard(t) === shard),
    certificates: plan.certificates.filter((c) => certificateShard(c) === shard),
  };
}

/**
 * SHARD: the shard a stack names must exist, and the estate must be one that splits: no edge pool named `infra`, no
 * test CA (it would have to sign every shard's requests from one stack), no Cloudflare zone the stack creates (the
 * pool stacks would need its id, which only the infra stack learns). Checked only when a shard is named.
 */
export function shardProblems(spec: DeploymentSpec, shard: string | undefined, where = "shard"): Problem[] {
  if (shard === undefined) return [];
  const problems: Problem[] = [];
  const names = shardNames(spec);
  if (!names.includes(shard)) {
    problems.push({ path: where, rule: "SHARD", subject: shard, message: `no such shard; the estate's shards are ${names.join(", ")}` });
  }
  spec.edgePools.forEach((p, i) => {
    if (p.name === INFRA_SHARD)
      problems.push({
        path: `edgePools[${i}].name`,
        rule: "SHARD",
        subject: p.name,
        message: `an edge pool named ${INFRA_SHARD} cannot have a shard of its own: ${INFRA_SHARD} is the shard of the shared resources; rename the pool`,
      });
  });
  if (spec.certificates.testCa)
    problems.push({
      path: "certificates.testCa",
      rule: "SHARD",
      message:
        "the test CA signs every request in the stack that holds it; split stacks need CA-issued certificates (testCa: false), or deploy the test estate as one stack",
    });
  spec.zones.forEach((z, i) => {
    if (z.provider === "cloudflare" && z.create)
      problems.push({
        path: `zones[${i}].create`,
        rule: "SHARD",
        subject: z.name,
        message:
          "a Cloudflare zone the stack creates gets its id only in the infra stack, and the pool stacks' records need it: create the zone once, then declare it with its zoneId",
      });
  });
  return problems;
}
