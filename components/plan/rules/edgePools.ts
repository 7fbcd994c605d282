/**
 * Which edge pool serves each on-premises SIP domain. Explicit `edgePool` wins; otherwise the only pool, or
 * rendezvous (highest-random-weight) hashing over the pools: the choice depends on nothing but the domain and
 * the pool names, so adding or removing another domain never moves an existing one (issue: stable assignment).
 * Adding a pool moves only the domains that now hash to the new pool; pin those with `edgePool` first.
 */
import * as crypto from "node:crypto";
import type { DeploymentSpec } from "../../spec/types";

/** SHA-256, one call (crypto.hash, Node >= 20.12) where there is one: the hashing is most of a large plan's time. */
const sha256: (text: string) => Buffer =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "buffer") : (text) => crypto.createHash("sha256").update(text).digest();

/**
 * The last pool list's assignments: a review validates the base and the head, which mostly share their domains and
 * pools, and a SHA-256 per domain and pool is what a plan of 10,000 tenants spends most on. One list only, so that
 * the cache never holds more than one spec's domains.
 */
let known: { readonly pools: string; readonly domains: Map<string, string> } = { pools: "", domains: new Map() };

export function rendezvousPool(domain: string, pools: readonly string[]): string {
  const key = pools.join("\n");
  if (known.pools !== key) known = { pools: key, domains: new Map() };
  const cached = known.domains.get(domain);
  if (cached !== undefined) return cached;
  // The score is the digest's first 64 bits, unsigned, compared as two 32-bit halves (no BigInt per pool).
  let best = pools[0];
  let [high, low] = [-1, -1];
  for (const pool of pools) {
    const digest = sha256(`${pool}\n${domain}`);
    const [h, l] = [digest.readUInt32BE(0), digest.readUInt32BE(4)];
    if (h > high || (h === high && (l > low || (l === low && pool < best)))) {
      best = pool;
      [high, low] = [h, l];
    }
  }
  known.domains.set(domain, best);
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
