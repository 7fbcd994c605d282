/**
 * The order in which an estate's stacks apply one change (README "Scale", docs/rules.md SHARD-ORDER). Pure.
 *
 * Aliases resolve within one stack's state only. When a change moves a DNS name from one stack to another (a tenant's
 * edgePool changes, a tenant goes online and so to infra, a shared name lands in a tenant's zone), the stack that
 * gains the name creates it and the stack that loses it deletes it. If the gaining stack runs first, the cloud refuses
 * the create (Azure: the record set exists; Cloudflare: a CNAME beside a record) and the estate never converges;
 * if the losing stack runs first, the name is briefly unanswered, then created anew. So the stack that releases a
 * name runs before the one that claims it; a zone a stack creates comes before the records other stacks add to it,
 * and goes after the records other stacks remove from it. Otherwise infra runs first, then the pools in the spec's
 * order (as before). A change that needs two stacks each before the other cannot be ordered: it is refused, to be
 * split into two changes.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Problem } from "../spec/problems";
import type { Plan } from "./types";
import { internalZoneOwners } from "./rules/internalDns";
import { INFRA_SHARD, shardNames, tenantShard } from "./shards";

/** A cloud object a stack owns, and the zone object it lives in (the zone's creator must exist first). */
interface Owned {
  readonly shard: string;
  readonly zone?: string;
}

/**
 * Every DNS name and zone of the estate, keyed by what the cloud keys it by, with the shard that registers it. A name
 * counts once whatever its record types: a CNAME cannot share its name with any other record.
 */
export function ownedObjects(spec: Pick<DeploymentSpec, "zones">, plan: Pick<Plan, "tenants" | "records" | "internal">): Map<string, Owned> {
  const shardOf = new Map(plan.tenants.map((t) => [t.name, tenantShard(t)]));
  const owner = (sipDomain: string | null) => (sipDomain === null ? INFRA_SHARD : (shardOf.get(sipDomain) ?? INFRA_SHARD));
  const objects = new Map<string, Owned>();
  const created = new Set(spec.zones.filter((z) => "create" in z && z.create).map((z) => z.name));
  for (const zone of created) objects.set(`zone ${zone}`, { shard: INFRA_SHARD });
  for (const r of plan.records) {
    objects.set(`name ${r.zone} ${r.name}`, { shard: owner(r.sipDomain), ...(created.has(r.zone) ? { zone: `zone ${r.zone}` } : {}) });
  }
  if (plan.internal?.provider === "azurePrivate") {
    for (const [zone, o] of internalZoneOwners(plan.internal)) objects.set(`private-zone ${zone}`, { shard: owner(o) });
    for (const r of plan.internal.records)
      objects.set(`private-name ${r.zone} ${r.name}`, { shard: owner(r.sipDomain), zone: `private-zone ${r.zone}` });
  }
  return objects;
}

export interface DeployOrder {
  /** The stacks' shards in the order to apply the change: every shard of the head's estate. */
  readonly order: readonly string[];
  /** Why a shard must run before another: `<before> -> <after>: <object>`, sorted. */
  readonly constraints: readonly string[];
  /** SHARD-ORDER when no order works. */
  readonly problems: readonly Problem[];
}

/** The order of the estate's stacks for the change from `base` to `head` (module comment). */
export function deployOrder(base: { spec: Pick<DeploymentSpec, "zones" | "edgePools">; plan: Plan }, head: typeof base): DeployOrder {
  const [before, after] = [ownedObjects(base.spec, base.plan), ownedObjects(head.spec, head.plan)];
  const edges = new Map<string, string>(); // "<from> -> <to>" -> the first object that demands it (keys sorted)
  const demand = (from: string, to: string, object: string) => {
    if (from !== to && !edges.has(`${from} -> ${to}`)) edges.set(`${from} -> ${to}`, object);
  };
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [b, a] = [before.get(key), after.get(key)];
    if (b && a) demand(b.shard, a.shard, key); // handed over: released first
    // Claimed by a stack that did not hold it: its zone, if created by another stack in this change, comes first.
    const zoneClaim = a?.zone && b?.shard !== a.shard ? after.get(a.zone) : undefined;
    if (a && zoneClaim && before.get(a.zone!)?.shard !== zoneClaim.shard) demand(zoneClaim.shard, a.shard, key);
    // Released by its stack: its zone, if deleted by another stack in this change, goes after.
    const zoneRelease = b?.zone && a?.shard !== b.shard ? before.get(b.zone) : undefined;
    if (b && zoneRelease && after.get(b.zone!)?.shard !== zoneRelease.shard) demand(b.shard, zoneRelease.shard, key);
  }
  const shards = shardNames(head.spec);
  const constraints = [...edges].map(([e, object]) => `${e}: ${object}`).sort();
  // Kahn's algorithm, taking the first ready shard in the default order (infra, then the pools as listed).
  const pending = new Set(shards);
  const order: string[] = [];
  const blocked = (s: string) => [...edges.keys()].some((e) => e.endsWith(` -> ${s}`) && pending.has(e.slice(0, e.indexOf(" -> "))));
  while (pending.size > 0) {
    const next = [...pending].find((s) => !blocked(s));
    if (next === undefined) break;
    order.push(next);
    pending.delete(next);
  }
  const problems: Problem[] =
    pending.size === 0
      ? []
      : [
          {
            path: "sipDomains",
            rule: "SHARD-ORDER",
            subject: [...pending].join(", "),
            message: `this change moves names between these stacks in both directions, so no stack can go first (${constraints.filter((c) => [...pending].some((s) => c.startsWith(`${s} -> `))).join("; ")}): split it into two changes, one direction each`,
          },
        ];
  return { order: [...order, ...[...pending]], constraints, problems };
}
