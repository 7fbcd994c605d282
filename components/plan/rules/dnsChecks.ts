/** Plan checks on DNS records: derived name lengths, conflicts, same-domain SRV targets (R-DNS-01/02). */
import type { DeploymentSpec } from "../../spec/types";
import { srvOf, type Plan } from "../types";
import type { Problem } from "../../spec/problems";
import { isWithin } from "../../spec/names";
import { ONLINE, planRecords } from "./dns";

/**
 * RFC 1035: names the rules derive (e.g. `_sipfederationtls._tcp.<d>`, the `sip.<d>` SAN) must fit too, not only the
 * names the user typed: a 240-character SIP domain passes its own check and still yields a 263-character SRV name.
 */
export function derivedNameProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const indexOf = new Map(spec.sipDomains.map((d, i) => [d.name, i]));
  const seen = new Set<string>();
  const report = (name: string, owner: string | null, what: string) => {
    if (name.length <= 253 || seen.has(name)) return;
    seen.add(name);
    problems.push({
      path: owner === null ? "" : `sipDomains[${indexOf.get(owner)}].name`,
      subject: owner ?? name,
      rule: "RFC1035",
      message: `the derived ${what} ${name.slice(0, 40)}... is ${name.length} characters long; a DNS name has at most 253`,
    });
  };
  for (const r of plan.records) report(r.name, r.sipDomain, `${r.type} record name`);
  for (const c of plan.certificates) for (const n of c.dnsNames) report(n, c.nameOwners[n] ?? null, `name on ${c.id}`);
  return problems;
}

export function recordConflictProblems(spec: DeploymentSpec): Problem[] {
  return planRecords(spec).conflicts.map((c) => ({
    path: "",
    rule: "DNS-CONFLICT",
    subject: c.name,
    message: `${c.message} (zone ${c.zone})`,
  }));
}

/**
 * R-DNS-01/02: every SRV record of an on-premises domain targets a host inside that domain, and that host has an
 * address record in the plan. Online domains point at Microsoft's names by design (R-DNS-11).
 */
export function srvTargetProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const addressed = new Set(plan.records.filter((r) => r.type === "A" || r.type === "AAAA").map((r) => r.name));
  const online = new Set<string>([ONLINE.sipdir, ONLINE.sipfed, ONLINE.webdir]);
  const indexOf = new Map(spec.sipDomains.map((d, i) => [d.name, i]));
  for (const r of plan.records) {
    if (r.type !== "SRV" || r.sipDomain === null) continue;
    const index = indexOf.get(r.sipDomain)!;
    const d = spec.sipDomains[index];
    const path = `sipDomains[${index}]`;
    const target = srvOf(r).target;
    if (d.home === "online") {
      if (!online.has(target))
        problems.push({ path, subject: d.name, rule: "R-DNS-11", message: `${r.name} targets ${target}, not Microsoft's endpoint` });
      continue;
    }
    if (target === d.name || !isWithin(target, d.name)) {
      problems.push({ path, subject: d.name, rule: "R-DNS-01", message: `${r.name} targets ${target}, outside the SIP domain ${d.name}` });
    } else if (!addressed.has(target)) {
      problems.push({ path, subject: d.name, rule: "R-DNS-01", message: `${r.name} targets ${target}, which has no A/AAAA record in the plan` });
    }
  }
  return problems;
}
