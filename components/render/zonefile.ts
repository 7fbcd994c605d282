/**
 * RFC 1035 master files, one per zone, for review and for DNS software no one here wrote (kzonecheck, knotd).
 * The SOA and NS records are placeholders: the zone's real DNS host has its own; every other line is the plan's.
 */
import type { Plan, PlanRecord } from "../plan/types";
import { compareText } from "../spec/names";

export const PLACEHOLDER_NS = "ns.placeholder.invalid.";

export type View = "external" | "internal";

/** The records of one view. */
export function viewRecords(plan: Plan, view: View): readonly PlanRecord[] {
  return view === "external" ? plan.records : (plan.internal?.records ?? []);
}

export function zoneFile(plan: Plan, zone: string, serial = 1, view: View = "external"): string {
  const records = viewRecords(plan, view).filter((r) => r.zone === zone);
  const width = Math.max(1, ...records.map((r) => r.name.length + 1));
  const lines = [
    `; ${zone}: ${view} records of the Lync deployment (${plan.infrastructureDomain}), generated from the plan`,
    `$ORIGIN ${zone}.`,
    `$TTL ${records[0]?.ttl ?? 3600}`,
    `@ IN SOA ${PLACEHOLDER_NS} hostmaster.${zone}. ${serial} 3600 600 1209600 300 ; placeholder`,
    `@ IN NS ${PLACEHOLDER_NS} ; placeholder`,
    ...records.map(
      (r) => `${`${r.name}.`.padEnd(width)} ${r.ttl} IN ${r.type.padEnd(5)} ${r.data} ; ${r.rule}${r.sipDomain ? ` ${r.sipDomain}` : ""}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

/** Zone name -> master file text, for every zone of one view of the plan that has records. */
export function zoneFiles(plan: Plan, view: View = "external"): Map<string, string> {
  const zones = [...new Set(viewRecords(plan, view).map((r) => r.zone))].sort(compareText);
  return new Map(zones.map((z) => [z, zoneFile(plan, z, 1, view)]));
}
