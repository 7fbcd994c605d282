/**
 * Plan records -> Azure DNS record sets (one per zone, owner name and type), in the input names of azure-native
 * `dns.RecordSet`. Pure: no Pulumi import.
 *
 * Identity: the logical name is `<zone>/<relative name>/<type>` (e.g. `contoso.com/_sip._tls/SRV`,
 * `contoso.com/@/A`), so it depends on nothing but the record set itself: adding, removing or reordering tenants
 * never renames another set.
 *
 * Type changes A <-> CNAME (a tenant moving online turns lyncdiscover.<d> and sip.<d> from A into CNAME, R-DNS-11):
 * Azure refuses a CNAME set beside any other set of the same name (409 Conflict), so the old set must go first. A
 * new logical name alone would be a create-then-delete, where deleteBeforeReplace has no effect (pulumi#11259,
 * pulumi#16732). So an A set and a CNAME set of the same name alias each other: the engine sees one resource whose
 * recordType changed, replaces it (recordType is an ARM path parameter, hence replace-on-change), and
 * deleteBeforeReplace deletes the old set first. Not covered: a name that also had AAAA records; the AAAA set is a
 * separate resource whose delete the engine runs after the CNAME's create. Remove the tenant's IPv6 first, then
 * change its home (two `pulumi up`s).
 */
import { srvOf, type PlanRecord, type RecordType } from "../plan/types";
import { compareText, relativeName } from "../spec/names";

export interface RecordSetSpec {
  /** Pulumi logical name: `<zone>/<relative name>/<type>`. */
  readonly logicalName: string;
  /** Logical names of the sets this one takes over when the type changes (A <-> CNAME). */
  readonly aliases: readonly string[];
  readonly zone: string;
  /** FQDN of the owner. */
  readonly fqdn: string;
  readonly relativeRecordSetName: string;
  readonly recordType: RecordType;
  readonly ttl: number;
  readonly aRecords?: ReadonlyArray<{ readonly ipv4Address: string }>;
  readonly aaaaRecords?: ReadonlyArray<{ readonly ipv6Address: string }>;
  readonly cnameRecord?: { readonly cname: string };
  readonly srvRecords?: ReadonlyArray<{ readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }>;
  /** Who demands the set and by which rule (docs/rules.md ids): visible in the portal and in `az network dns`. */
  readonly metadata: { readonly sipDomain: string; readonly rule: string };
}

/**
 * The set's name, type, TTL, records and metadata as the record-set arguments of Azure DNS and Azure Private DNS both
 * take them (fresh copies: provider inputs must not share the plan's objects).
 */
export function recordSetBody(set: RecordSetSpec) {
  return {
    // Always set: left out, the provider would auto-name the set (docs/provider-notes.md 3.7).
    relativeRecordSetName: set.relativeRecordSetName,
    recordType: set.recordType,
    ttl: set.ttl,
    ...(set.aRecords ? { aRecords: set.aRecords.map((r) => ({ ...r })) } : {}),
    ...(set.aaaaRecords ? { aaaaRecords: set.aaaaRecords.map((r) => ({ ...r })) } : {}),
    ...(set.cnameRecord ? { cnameRecord: { ...set.cnameRecord } } : {}),
    ...(set.srvRecords ? { srvRecords: set.srvRecords.map((r) => ({ ...r })) } : {}),
    metadata: { ...set.metadata },
  };
}

/** `sipDomain` metadata of the shared records (edge, web services, dial-in). */
export const SHARED_OWNER = "shared";

const noDot = (name: string) => name.replace(/\.$/, "");

export function recordSetLogicalName(zone: string, relative: string, type: string): string {
  return `${zone}/${relative}/${type}`;
}

function data(type: RecordType, records: readonly PlanRecord[]): Partial<RecordSetSpec> {
  switch (type) {
    case "A":
      return { aRecords: records.map((r) => ({ ipv4Address: r.data })) };
    case "AAAA":
      return { aaaaRecords: records.map((r) => ({ ipv6Address: r.data })) };
    case "CNAME":
      if (records.length !== 1) throw new Error(`${records[0].name}: a CNAME set holds exactly one record, the plan has ${records.length}`);
      return { cnameRecord: { cname: noDot(records[0].data) } };
    case "SRV":
      return {
        srvRecords: records.map((r) => ({ ...srvOf(r) })),
      };
  }
}

/** The record sets of records that all lie in `zone`, sorted by logical name. */
export function azureRecordSets(records: readonly PlanRecord[], zone: string): RecordSetSpec[] {
  const groups = new Map<string, PlanRecord[]>();
  for (const r of records) {
    if (r.zone !== zone) throw new Error(`${r.name} ${r.type} belongs to zone ${r.zone}, not ${zone}`);
    const key = `${r.name}|${r.type}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const sets: RecordSetSpec[] = [];
  for (const group of groups.values()) {
    const { name, type } = group[0];
    const sorted = [...group].sort((a, b) => compareText(a.data, b.data));
    const relative = relativeName(name, zone);
    const owners = new Set(group.map((r) => r.sipDomain));
    if (owners.size !== 1) throw new Error(`${name} ${type} has records of several owners`);
    const other = type === "A" ? "CNAME" : type === "CNAME" ? "A" : undefined;
    sets.push({
      logicalName: recordSetLogicalName(zone, relative, type),
      aliases: other ? [recordSetLogicalName(zone, relative, other)] : [],
      zone,
      fqdn: name,
      relativeRecordSetName: relative,
      recordType: type,
      ttl: Math.min(...group.map((r) => r.ttl)),
      ...data(type, sorted),
      metadata: { sipDomain: group[0].sipDomain ?? SHARED_OWNER, rule: [...new Set(group.map((r) => r.rule))].sort(compareText).join(" ") },
    });
  }
  return sets.sort((a, b) => compareText(a.logicalName, b.logicalName));
}
