/**
 * The internal view as a PowerShell script for Windows DNS Server (DnsServer module), for companies whose internal
 * DNS is Active Directory's: AD-integrated primary zones (`Add-DnsServerPrimaryZone -ReplicationScope Forest`) and
 * their records (`Add-DnsServerResourceRecordA`, `-AAAA`, `Add-DnsServerResourceRecord -Srv`). Idempotent: every zone and
 * record is looked up first, so a second run adds nothing; it stops on the first error. Sources: docs/rules.md
 * INTERNAL-DNS. Pure.
 */
import type { Plan, PlanRecord } from "../plan/types";
import { srvOf } from "../plan/types";
import { relativeName } from "../spec/names";
import { psQuote } from "./powershell";

function recordLines(r: PlanRecord): string[] {
  // "@" is the apex: a pin-point zone's only name (S2 creates them with dnscmd's "@").
  const [zone, name] = [psQuote(r.zone), psQuote(relativeName(r.name, r.zone))];
  const ttl = `-TimeToLive ([TimeSpan]::FromSeconds(${r.ttl}))`;
  if (r.type === "A") {
    return [
      `if (-not (Get-DnsServerResourceRecord -ZoneName ${zone} -Name ${name} -RRType A -ErrorAction SilentlyContinue |`,
      `    Where-Object { $_.RecordData.IPv4Address.IPAddressToString -eq ${psQuote(r.data)} })) {`,
      `  Add-DnsServerResourceRecordA -ZoneName ${zone} -Name ${name} -IPv4Address ${psQuote(r.data)} ${ttl}`,
      "}",
    ];
  }
  if (r.type === "AAAA") {
    return [
      `if (-not (Get-DnsServerResourceRecord -ZoneName ${zone} -Name ${name} -RRType AAAA -ErrorAction SilentlyContinue |`,
      `    Where-Object { $_.RecordData.IPv6Address.IPAddressToString -eq ${psQuote(r.data)} })) {`,
      `  Add-DnsServerResourceRecordAAAA -ZoneName ${zone} -Name ${name} -IPv6Address ${psQuote(r.data)} ${ttl}`,
      "}",
    ];
  }
  if (r.type === "SRV") {
    const s = srvOf(r);
    return [
      `if (-not (Get-DnsServerResourceRecord -ZoneName ${zone} -Name ${name} -RRType Srv -ErrorAction SilentlyContinue |`,
      `    Where-Object { $_.RecordData.DomainName -eq ${psQuote(`${s.target}.`)} -and $_.RecordData.Port -eq ${s.port} })) {`,
      `  Add-DnsServerResourceRecord -Srv -ZoneName ${zone} -Name ${name} -DomainName ${psQuote(s.target)} -Priority ${s.priority} -Weight ${s.weight} -Port ${s.port} ${ttl}`,
      "}",
    ];
  }
  throw new Error(`${r.name} ${r.type}: the internal view has only A, AAAA and SRV records`);
}

/** The script, or null when the plan has no internal view. */
export function windowsDnsScript(plan: Plan): string | null {
  const internal = plan.internal;
  if (!internal) return null;
  const out = [
    `# Internal DNS of the Lync deployment (${plan.infrastructureDomain}) for Windows DNS Server, generated from the plan.`,
    `# ${internal.zoneStyle === "pinPoint" ? "Pin-point zones: one zone per name, so the company's own zones stay as they are." : "Split-brain zones: internal zones named like the external ones."}`,
    "# Run on a domain controller with the DNS Server role (module DnsServer). Sources: docs/rules.md INTERNAL-DNS.",
    "#Requires -Modules DnsServer",
    '$ErrorActionPreference = "Stop"',
  ];
  for (const zone of internal.zones) {
    out.push("", `# zone ${zone}`);
    out.push(`if (-not (Get-DnsServerZone -Name ${psQuote(zone)} -ErrorAction SilentlyContinue)) {`);
    out.push(`  Add-DnsServerPrimaryZone -Name ${psQuote(zone)} -ReplicationScope 'Forest' -DynamicUpdate 'Secure'`, "}");
    for (const r of internal.records.filter((x) => x.zone === zone))
      out.push(`# ${r.rule}${r.sipDomain ? ` ${r.sipDomain}` : ""}`, ...recordLines(r));
  }
  return `${out.join("\n")}\n`;
}
