/**
 * Which edge pool serves each on-premises SIP domain. Explicit `edgePool` wins; otherwise the only pool, or
 * rendezvous (highest-random-weight) hashing over the pools: the choice depends on nothing but the domain and
 * the pool names, so adding or removing another domain never moves an existing one (issue: stable assignment).
 * Adding a pool moves only the domains that now hash to the new pool; pin those with `edgePool` first.
 */
import { createHash } from "node:crypto";
import type { DeploymentSpec } from "../spec";

export function rendezvousPool(domain: string, pools: readonly string[]): string {
  let best = pools[0];
  let bestScore = -1n;
  for (const pool of pools) {
    const score = createHash("sha256").update(`${pool}\n${domain}`).digest().readBigUInt64BE(0);
    if (score > bestScore || (score === bestScore && pool < best)) {
      best = pool;
      bestScore = score;
    }
  }
  return best;
}

/** SIP domain -> edge pool name, for every on-premises domain. */
export function assignEdgePools(spec: Pick<DeploymentSpec, "edgePools" | "sipDomains">): Map<string, string> {
  const pools = spec.edgePools.map((p) => p.name);
  const result = new Map<string, string>();
  for (const d of spec.sipDomains) {
    if (d.home !== "onPremises") continue;
    result.set(d.name, d.edgePool ?? rendezvousPool(d.name, pools));
  }
  return result;
}
