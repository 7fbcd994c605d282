/**
 * Which edge pool serves each on-premises SIP domain. Explicit `edgePool` wins; otherwise the only pool, or
 * rendezvous (highest-random-weight) hashing over the pools: the choice depends on nothing but the domain and
 * the pool names, so adding or removing another domain never moves an existing one (issue: stable assignment).
 * Adding a pool moves only the domains that now hash to the new pool; pin those with `edgePool` first.
 */
import { createHash } from "node:crypto";
import type { DeploymentSpec } from "../../spec/schema";

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

/**
 * The edge pool that carries a domain's federation (SIP and XMPP): the deployment's federation route when it names one
 * (FED-ROUTE: one pool federates for all), else the domain's own pool (each pool is its own site's federation route).
 */
export function federationPoolOf(spec: Pick<DeploymentSpec, "federationRoute">, pools: ReadonlyMap<string, string>, domain: string): string {
  return spec.federationRoute ?? pools.get(domain)!;
}

const assignments = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * SIP domain -> edge pool name, for every on-premises domain. Once per spec object (a SHA-256 per domain and pool):
 * the records, the certificates and validation's checks all ask for it.
 */
export function assignEdgePools(spec: Pick<DeploymentSpec, "edgePools" | "sipDomains">): ReadonlyMap<string, string> {
  const known = assignments.get(spec);
  if (known) return known;
  const pools = spec.edgePools.map((p) => p.name);
  const result = new Map<string, string>();
  for (const d of spec.sipDomains) {
    if (d.home !== "onPremises") continue;
    result.set(d.name, d.edgePool ?? rendezvousPool(d.name, pools));
  }
  assignments.set(spec, result);
  return result;
}
