/**
 * Internal DNS (docs/rules.md table rows 8-10, 15, 17, 19, 20): the records internal clients resolve, in a view of
 * their own. Microsoft: "You should always include both the lyncdiscoverinternal.<domain> and the lyncdiscover.<domain>
 * in your DNS" (docs/rules.md INTERNAL-DNS), and `_sipinternaltls._tcp.<d>` must target a host inside <d> (R-DNS-01, S2), which is why the
 * company that does not serve <d> internally uses pin-point zones (S2: a zone per name).
 *
 * Per on-premises SIP domain <d>: `_sipinternaltls._tcp.<d>` SRV 5061 -> `sip.<d>` (row 15), `sip.<d>` A -> the Front
 * End pool (row 17), `lyncdiscoverinternal.<d>` A -> the internal web services (row 19), `meet.<d>` (option 1, row 8).
 * Shared: the internal web services FQDN (row 20), dial-in (row 9), admin (row 10), the option-3 meet host (row 8).
 * Split-brain zones also hold copies of the external names clients inside still need (publicCopies).
 * Tenants homed online get none: their clients find Microsoft's services through the external records. Pure.
 */
import type { DeploymentSpec } from "../../spec/types";
import type { Problem } from "../../spec/problems";
import type { InternalDnsPlan, PlanRecord, RecordType, SrvFields } from "../types";
import { compareText, zoneOf } from "../../spec/names";
import { resolveNames } from "../names";
import { mergeRecords, planRecords, record, srvData, type RecordConflict } from "./dns";

type Spec = DeploymentSpec & { internalDns: NonNullable<DeploymentSpec["internalDns"]> };

function builder(spec: Spec) {
  const zones = resolveNames(spec).zones;
  /** pinPoint: the name is its own zone; splitBrain: the most specific declared zone (reported by validation if none). */
  const zoneFor = (name: string) => (spec.internalDns.zones === "pinPoint" ? name : zoneOf(name, zones));
  return (sipDomain: string | null, name: string, type: RecordType, data: string | SrvFields, rule: string): PlanRecord[] => {
    const zone = zoneFor(name);
    return zone === undefined ? [] : [record({ zone, sipDomain, ttl: spec.dns.ttl }, name, type, data, rule)];
  };
}

/** The internal names the spec asks for, before merging (validation reports their conflicts). */
function internalRecords(spec: Spec): PlanRecord[] {
  const add = builder(spec);
  const names = resolveNames(spec);
  const { frontEnd, internalWeb } = spec.internalDns;
  const web = (owner: string | null, name: string, rule: string) => internalWeb.ipv4.flatMap((ip) => add(owner, name, "A", ip, rule));
  const out: PlanRecord[] = [];
  for (const t of names.tenants) {
    const n = t.name;
    out.push(...add(n, `_sipinternaltls._tcp.${n}`, "SRV", srvData(spec.dns.srvPriority, spec.dns.srvWeight, 5061, t.internalSipHost), "row 15"));
    out.push(...frontEnd.ipv4.flatMap((ip) => add(n, t.internalSipHost, "A", ip, "row 17")));
    out.push(...web(n, t.lyncdiscoverInternal, "row 19"));
    if (t.meetHost) out.push(...web(n, t.meetHost, "row 8"));
  }
  out.push(...web(null, internalWeb.fqdn, "row 20"));
  out.push(...web(null, names.dialinHost, "row 9"));
  if (names.adminHost) out.push(...web(null, names.adminHost, "row 10"));
  if (names.sharedHost) out.push(...web(null, names.sharedHost, "row 8"));
  return out;
}

/**
 * Split-brain only: an internal zone named like the external one hides every external name of that zone from clients
 * inside, so the internal view carries a copy of each external name they still need, with the external data. The
 * reason is the record's rule (docs/rules.md INTERNAL-DNS):
 * - `lyncdiscover.<d>` (INTERNAL-DNS: Microsoft asks for both autodiscover names in internal DNS);
 * - the external web services FQDNs (S6: mobile clients inside reach the web services through the reverse proxy,
 *   hair-pinning), and Office Online Server's (S9, row 12: external and internal);
 * - with a split domain, each pool's Web Conferencing Edge FQDN (S11, row 5: internal too for hybrid, so that content
 *   shared with the domain's online users reaches the edge's public side).
 * A name that already has an internal record keeps it (e.g. one web services FQDN inside and outside).
 */
function publicCopies(spec: Spec, internal: readonly PlanRecord[]): PlanRecord[] {
  if (spec.internalDns.zones !== "splitBrain") return [];
  const add = builder(spec);
  const names = resolveNames(spec);
  const web = spec.webServices;
  const wanted = new Map<string, { owner: string | null; rule: string }>();
  for (const t of names.tenants) wanted.set(t.lyncdiscover, { owner: t.name, rule: "INTERNAL-DNS" });
  for (const fqdn of [web.externalFqdn, ...web.additionalPools.map((p) => p.externalFqdn)]) wanted.set(fqdn, { owner: null, rule: "S6" });
  if (web.officeOnlineServer) wanted.set(web.officeOnlineServer.fqdn, { owner: null, rule: "S9" });
  if (names.tenants.some((t) => t.spec.sharedSipAddressSpace)) {
    for (const p of spec.edgePools) wanted.set(p.webConferencing.fqdn, { owner: null, rule: "S11" });
  }
  const taken = new Set(internal.map((r) => r.name));
  return planRecords(spec).merged.flatMap((r) => {
    const want = wanted.get(r.name);
    if (!want || taken.has(r.name) || (r.type !== "A" && r.type !== "AAAA")) return [];
    return add(want.owner, r.name, r.type, r.data, want.rule);
  });
}

const plans = new WeakMap<DeploymentSpec, { plan: InternalDnsPlan | null; conflicts: RecordConflict[] }>();

/** The internal view of a validated spec, once per spec; null without `internalDns`. */
export function planInternalDns(spec: DeploymentSpec): { plan: InternalDnsPlan | null; conflicts: RecordConflict[] } {
  let result = plans.get(spec);
  if (!result) {
    const internal = spec.internalDns;
    if (!internal) result = { plan: null, conflicts: [] };
    else {
      const own = internalRecords(spec as Spec);
      const { merged, conflicts } = mergeRecords([...own, ...publicCopies(spec as Spec, own)]);
      result = {
        plan: {
          provider: internal.provider.provider,
          zoneStyle: internal.zones,
          zones: [...new Set(merged.map((r) => r.zone))].sort(compareText),
          records: merged,
        },
        conflicts,
      };
    }
    plans.set(spec, result);
  }
  return result;
}

/**
 * INTERNAL-DNS: the internal names must not contradict each other (e.g. the internal web FQDN equal to a tenant's
 * sip.<d>), and with split-brain zones every internal name lies in a declared zone.
 */
export function internalDnsProblems(spec: DeploymentSpec): Problem[] {
  const internal = spec.internalDns;
  if (!internal) return [];
  const problems: Problem[] = planInternalDns(spec).conflicts.map((c) => ({
    path: "internalDns",
    rule: "INTERNAL-DNS",
    subject: c.name,
    message: `${c.message} (internal zone ${c.zone})`,
  }));
  if (internal.zones === "splitBrain") {
    const { zones, adminHost: admin } = resolveNames(spec);
    const named: Array<[string, string]> = [["internalDns.internalWeb.fqdn", internal.internalWeb.fqdn]];
    if (admin) named.push(["simpleUrls.adminUrl", admin]);
    for (const [path, host] of named) {
      if (zoneOf(host, zones) === undefined)
        problems.push({
          path,
          rule: "INTERNAL-DNS",
          subject: host,
          message:
            "split-brain internal zones are named like the declared zones, and no declared zone holds this name: declare its zone, or use pinPoint zones",
        });
    }
  }
  return problems;
}

/**
 * Who registers each internal zone, chosen so that adding or removing one tenant never moves another's zone: a zone
 * that holds a shared name is the shared services' (null); a pin-point zone is its one name's owner; a split-brain zone
 * is the tenant named like it (its own apex), else the shared services'. A tenant's zones come and go with the tenant,
 * in its stack; a zone changes owner only when a shared name enters or leaves it, or its namesake tenant comes or goes.
 */
export function internalZoneOwners(internal: InternalDnsPlan): Map<string, string | null> {
  const owners = new Map<string, Set<string | null>>();
  for (const r of internal.records) owners.set(r.zone, (owners.get(r.zone) ?? new Set()).add(r.sipDomain));
  return new Map(
    [...owners].map(([zone, set]): [string, string | null] => {
      if (set.has(null)) return [zone, null];
      if (internal.zoneStyle === "pinPoint") return [zone, [...set][0]];
      return [zone, set.has(zone) ? zone : null];
    }),
  );
}
