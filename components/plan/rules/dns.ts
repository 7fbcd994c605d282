/**
 * DNS rules: the external records of the table at the top of docs/rules.md (rows 1-9, 11-14 and 24).
 * The internal rows (8-10, 15, 17, 19, 20) are the internal view: internalDns.ts.
 */
import type { DeploymentSpec } from "../../spec/types";
import type { PlanRecord, RecordType, SrvFields } from "../types";
import { compareRecords } from "../types";
import { compareText, zoneOf } from "../../spec/names";
import { resolveNames, type ResolvedNames, type ResolvedTenant } from "../names";

/** Microsoft's hosted endpoints for domains homed in Office 365 (R-DNS-11, S13). */
export const ONLINE = {
  sipdir: "sipdir.online.lync.com",
  sipfed: "sipfed.online.lync.com",
  webdir: "webdir.online.lync.com",
  /** Office 365's SRV priority and weight (S13). */
  priority: 100,
  weight: 1,
} as const;

/** IPv6 in its canonical (RFC 5952) text form; the WHATWG URL parser does exactly this. */
export function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

export const srvData = (priority: number, weight: number, port: number, target: string): SrvFields => ({ priority, weight, port, target });

export interface Owner {
  zone: string;
  sipDomain: string | null;
  ttl: number;
  /** Every declared zone, to place each name in its most specific zone. */
  zones?: ReadonlySet<string>;
}

/** The declared zone names of a spec (resolved once with the other names). */
export function zoneNames(spec: DeploymentSpec): ReadonlySet<string> {
  return resolveNames(spec).zones;
}

/** A record; SRV data comes as fields and is also written as RDATA text (`0 0 443 sip.contoso.com.`). */
export function record(owner: Owner, name: string, type: RecordType, data: string | SrvFields, rule: string, proxied = false): PlanRecord {
  // The most specific declared zone holds the name: a record put in a parent zone would be hidden by a delegation.
  const zone = owner.zones ? (zoneOf(name, owner.zones) ?? owner.zone) : owner.zone;
  const common = { zone, name, type, ttl: owner.ttl, rule, sipDomain: owner.sipDomain, proxied };
  if (typeof data === "string") return { ...common, data };
  return { ...common, data: `${data.priority} ${data.weight} ${data.port} ${data.target}.`, srv: data };
}

/** A and AAAA records of one name. */
function addresses(owner: Owner, name: string, ipv4: readonly string[], ipv6: readonly string[], rule: string, proxied = false) {
  return [
    ...ipv4.map((ip) => record(owner, name, "A", ip, rule, proxied)),
    ...ipv6.map((ip) => record(owner, name, "AAAA", canonicalIpv6(ip), rule, proxied)),
  ];
}

/** Address(es) that serve lyncdiscover: the dedicated HTTP-only address if there is one (S5, seed), else the proxy's. */
export function lyncdiscoverAddresses(spec: DeploymentSpec): { ipv4: string[]; ipv6: string[] } {
  const web = spec.webServices;
  if (spec.lyncdiscover === "http" && web.lyncdiscoverHttpIpv4) {
    // The proxy's IPv6 address also answers HTTPS, so a dedicated HTTP-only address gets no AAAA companion.
    return { ipv4: [web.lyncdiscoverHttpIpv4], ipv6: [] };
  }
  return { ipv4: [web.publicIpv4], ipv6: web.publicIpv6 ? [web.publicIpv6] : [] };
}

function proxyAddresses(spec: DeploymentSpec) {
  const web = spec.webServices;
  return { ipv4: [web.publicIpv4], ipv6: web.publicIpv6 ? [web.publicIpv6] : [] };
}

/** The records one SIP domain owns. */
export function tenantRecords(spec: DeploymentSpec, d: DeploymentSpec["sipDomains"][number], names: ResolvedNames): PlanRecord[] {
  const owner: Owner = { zone: d.zone, sipDomain: d.name, ttl: spec.dns.ttl, zones: names.zones };
  const n = d.name;
  const t = names.tenantOf.get(n);
  if (t === undefined) {
    // R-DNS-11 (S13): Microsoft-hosted targets, Office 365's 100/1 SRV values.
    return [
      record(owner, `_sip._tls.${n}`, "SRV", srvData(ONLINE.priority, ONLINE.weight, 443, ONLINE.sipdir), "R-DNS-11"),
      ...(d.federation
        ? [record(owner, `_sipfederationtls._tcp.${n}`, "SRV", srvData(ONLINE.priority, ONLINE.weight, 5061, ONLINE.sipfed), "R-DNS-11")]
        : []),
      record(owner, `sip.${n}`, "CNAME", `${ONLINE.sipdir}.`, "R-DNS-11"),
      record(owner, `lyncdiscover.${n}`, "CNAME", `${ONLINE.webdir}.`, "R-DNS-11"),
    ];
  }
  return onPremisesRecords(spec, t, owner);
}

function onPremisesRecords(spec: DeploymentSpec, t: ResolvedTenant, owner: Owner): PlanRecord[] {
  const { name: n, spec: d, edgeHost, federationHost } = t;
  const pool = spec.edgePools.find((p) => p.name === t.edgePool)!;
  const federationPool = spec.edgePools.find((p) => p.name === t.federationPool)!;
  const { srvPriority: prio, srvWeight: weight } = spec.dns;
  const discover = lyncdiscoverAddresses(spec);
  const out = [
    // R-DNS-03 / R-DNS-01: client auto-configuration, target inside the SIP domain.
    record(owner, `_sip._tls.${n}`, "SRV", srvData(prio, weight, 443, edgeHost), "R-DNS-03"),
    // R-DNS-04 / R-DNS-02: federation and push notifications, same-domain target, on the pool that federates.
    ...(d.federation ? [record(owner, `_sipfederationtls._tcp.${n}`, "SRV", srvData(prio, weight, 5061, federationHost), "R-DNS-04")] : []),
    ...(d.federation && federationHost !== edgeHost
      ? addresses(owner, federationHost, federationPool.accessEdge.ipv4, federationPool.accessEdge.ipv6, "FED-ROUTE")
      : []),
    // R-DNS-05: A records, not a CNAME into another domain (which would bring back the trust prompt).
    ...addresses(owner, edgeHost, pool.accessEdge.ipv4, pool.accessEdge.ipv6, "R-DNS-05"),
    // R-DNS-07: external autodiscover; R-DNS-08: never a CNAME to another domain over HTTPS.
    ...addresses(owner, t.lyncdiscover, discover.ipv4, discover.ipv6, "R-DNS-07", t.lyncdiscoverProxied),
  ];
  const meet = t.meetHost;
  if (meet) {
    // S4 options 1 and 2: the tenant's own simple-URL host.
    const rp = proxyAddresses(spec);
    out.push(...addresses(owner, meet, rp.ipv4, rp.ipv6, "S4"));
  }
  if (d.xmpp) {
    // R-DNS-09 (rows 13, 14), on the pool that federates (the XMPP federation route follows the SIP one).
    out.push(record(owner, `_xmpp-server._tcp.${n}`, "SRV", srvData(prio, weight, 5269, `xmpp.${n}`), "R-DNS-09"));
    out.push(...addresses(owner, `xmpp.${n}`, federationPool.accessEdge.ipv4, federationPool.accessEdge.ipv6, "R-DNS-09"));
  }
  return out;
}

/** Names shared by every tenant: edge services per pool, web services, dial-in, Office Online, the option-3 meet host. */
export function sharedNames(spec: DeploymentSpec, resolved: ResolvedNames): Array<{ name: string; ipv4: string[]; ipv6: string[]; rule: string }> {
  const rp = proxyAddresses(spec);
  const web = spec.webServices;
  const names = spec.edgePools.flatMap((p) => [
    { name: p.accessEdge.fqdn, ipv4: p.accessEdge.ipv4, ipv6: p.accessEdge.ipv6, rule: "S1" }, // row 4
    { name: p.webConferencing.fqdn, ipv4: p.webConferencing.ipv4, ipv6: p.webConferencing.ipv6, rule: "S1" }, // row 5
    { name: p.audioVideo.fqdn, ipv4: p.audioVideo.ipv4, ipv6: p.audioVideo.ipv6, rule: "S1" }, // row 6
  ]);
  names.push({ name: web.externalFqdn, ...rp, rule: "S3" }); // row 11
  for (const pool of web.additionalPools) names.push({ name: pool.externalFqdn, ...rp, rule: "S28" }); // row 11, further pools
  names.push({ name: resolved.dialinHost, ...rp, rule: "S4" }); // row 9
  if (web.officeOnlineServer) names.push({ name: web.officeOnlineServer.fqdn, ...rp, rule: "S9" }); // row 12
  const shared = resolved.sharedHost;
  if (shared) names.push({ name: shared, ...rp, rule: "S4" }); // option 3: one host for every meet URL
  return names;
}

export function sharedRecords(spec: DeploymentSpec, resolved: ResolvedNames): PlanRecord[] {
  const zones = resolved.zones;
  return sharedNames(spec, resolved).flatMap((s) => {
    const zone = zoneOf(s.name, zones);
    if (!zone) return []; // reported by validation (outside every declared zone)
    return addresses({ zone, sipDomain: null, ttl: spec.dns.ttl }, s.name, s.ipv4, s.ipv6, s.rule);
  });
}

export interface RecordConflict {
  readonly zone: string;
  readonly name: string;
  readonly message: string;
  readonly owners: ReadonlyArray<string | null>;
}

/**
 * Merges the records of every owner: identical records collapse (a shared owner wins over a tenant, e.g. when
 * sip.<p> is both the access edge FQDN and the infrastructure domain's own sip.<d>); different record sets for one
 * (zone, name, type), or a CNAME beside any other type, are conflicts that validation reports.
 */
export function mergeRecords(records: readonly PlanRecord[]): { merged: PlanRecord[]; conflicts: RecordConflict[] } {
  const sets = new Map<string, PlanRecord[]>();
  for (const r of records) {
    const key = `${r.zone}|${r.name}|${r.type}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  const merged: PlanRecord[] = [];
  const conflicts: RecordConflict[] = [];
  const typesByName = new Map<string, Set<RecordType>>();
  for (const group of sets.values()) {
    const { zone, name, type } = group[0];
    typesByName.set(`${zone}|${name}`, (typesByName.get(`${zone}|${name}`) ?? new Set()).add(type));
    // Sorted, so that which owner wins never depends on input order.
    const owners = [...new Set(group.map((r) => r.sipDomain))].sort((a, b) => (a === null ? -1 : b === null ? 1 : compareText(a, b)));
    // Every rule that demands this record set must demand the same data (e.g. an edgeHost equal to lyncdiscover.<d>
    // would otherwise merge the edge's and the proxy's addresses into one set).
    const demands = [...new Set(group.map((r) => `${r.sipDomain}|${r.rule}`))].map((k) => {
      const [owner, rule] = k.split("|");
      const data = [...new Set(group.filter((r) => `${r.sipDomain}` === owner && r.rule === rule).map((r) => r.data))].sort().join(" ");
      return { who: `${owner === "null" ? "the shared services" : owner} (${rule})`, data };
    });
    if (new Set(demands.map((d) => d.data)).size > 1) {
      conflicts.push({
        zone,
        name,
        owners,
        message: `${name} ${type} is demanded with different data by ${demands.map((d) => d.who).join(" and ")}`,
      });
      continue;
    }
    const owner = owners[0];
    const seen = new Set<string>();
    for (const r of group.filter((x) => x.sipDomain === owner)) {
      if (seen.has(r.data)) continue;
      seen.add(r.data);
      merged.push(r);
    }
  }
  for (const [key, types] of typesByName) {
    if (types.has("CNAME") && types.size > 1) {
      const [zone, name] = key.split("|");
      conflicts.push({
        zone,
        name,
        owners: [],
        message: `${name} has a CNAME beside ${[...types].filter((t) => t !== "CNAME").join(", ")} (RFC 1034 3.6.2)`,
      });
    }
  }
  return { merged: merged.sort(compareRecords), conflicts };
}

const recordsBySpec = new WeakMap<DeploymentSpec, ReturnType<typeof mergeRecords>>();
/** Every record of the deployment, merged, once per spec (the plan and validation's conflict check share it). */
export function planRecords(spec: DeploymentSpec) {
  let result = recordsBySpec.get(spec);
  if (!result) {
    const names = resolveNames(spec);
    result = mergeRecords([...sharedRecords(spec, names), ...spec.sipDomains.flatMap((d) => tenantRecords(spec, d, names))]);
    recordsBySpec.set(spec, result);
  }
  return result;
}
