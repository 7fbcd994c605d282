/** Cloudflare plan checks (entries of model/checks.ts planChecks). Pure: no Pulumi. */
import type { DeploymentSpec } from "../spec/types";
import { groupBy, type Plan } from "../plan/types";
import type { PlanCheck } from "../plan/checks";
import type { Problem } from "../spec/problems";
import { MAX_EXPRESSION_LENGTH } from "./expression";
import { RULE_LIMITS, edgeRulesets } from "./edgeRules";

const zonePath = (spec: DeploymentSpec, zone: string) => `zones[${spec.zones.findIndex((z) => z.name === zone)}]`;

/** Rules per phase for the zone's plan (docs/rules.md 5d, S48, S49) and the 4,096-character expression limit. */
export function cloudflareRuleProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  for (const rs of edgeRulesets(plan)) {
    const zone = spec.zones.find((z) => z.name === rs.zone);
    if (zone?.provider !== "cloudflare") continue; // reported by cloudflareProxyProblems
    const limit = RULE_LIMITS[rs.phase][zone.plan];
    if (rs.rules.length > limit) {
      problems.push({
        path: zonePath(spec, rs.zone),
        subject: rs.zone,
        rule: "CF-LIMIT",
        message: `needs ${rs.rules.length} rules in phase ${rs.phase}; the Cloudflare ${zone.plan} plan allows ${limit}`,
      });
    }
    for (const r of rs.rules.filter((x) => x.expression.length > MAX_EXPRESSION_LENGTH)) {
      problems.push({
        path: zonePath(spec, rs.zone),
        subject: rs.zone,
        rule: "CF-LIMIT",
        message: `rule ${r.ref} in phase ${rs.phase} has an expression of ${r.expression.length} characters; Cloudflare allows ${MAX_EXPRESSION_LENGTH}: split the zone's SIP domains`,
      });
    }
  }
  return problems;
}

/**
 * S46: only A/AAAA/CNAME records that serve HTTP can be proxied (SRV: API error 9004), and Integrated Windows
 * Authentication / NTLM / Kerberos break through the proxy, so external web services, meet and dial-in stay DNS-only.
 * The only proxied name this library allows is lyncdiscover.<d> (anonymous autodiscover root) of an on-premises
 * domain in a Cloudflare zone; this check keeps that true whatever rule or option proxies a record.
 */
export function cloudflareProxyProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  for (const r of plan.records.filter((x) => x.proxied)) {
    const zone = spec.zones.find((z) => z.name === r.zone);
    const tenant = spec.sipDomains.find((d) => d.name === r.sipDomain);
    const lyncdiscover = tenant?.home === "onPremises" && r.name === `lyncdiscover.${tenant.name}` && (r.type === "A" || r.type === "AAAA");
    if (zone?.provider !== "cloudflare" || !lyncdiscover) {
      problems.push({
        path: zone ? zonePath(spec, r.zone) : "",
        subject: r.name,
        rule: "S46",
        message: `${r.name} ${r.type} must not be proxied: only lyncdiscover.<d> may pass Cloudflare's proxy; SRV records cannot be proxied and hosts that carry NTLM / Windows authentication (external web services, meet, dial-in) break behind it (S46)`,
      });
    }
  }
  return problems;
}

/** Records per zone on Cloudflare plans (S45: Free 200 for new zones, paid 3,500). */
export const CLOUDFLARE_RECORD_LIMITS = { free: 200, pro: 3500, business: 3500, enterprise: 3500 } as const;

/** CF-LIMIT: the records of each Cloudflare zone within its plan's limit. */
export function cloudflareRecordLimitProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const recordsOf = groupBy(plan.records, (r) => r.zone);
  return spec.zones.flatMap((z, i) => {
    if (z.provider !== "cloudflare") return [];
    const count = recordsOf.get(z.name)?.length ?? 0;
    const limit = CLOUDFLARE_RECORD_LIMITS[z.plan];
    if (count <= limit) return [];
    return [
      {
        path: `zones[${i}]`,
        subject: z.name,
        rule: "CF-LIMIT",
        message: `needs ${count} DNS records; the Cloudflare ${z.plan} plan allows ${limit} per zone (S45)`,
      },
    ];
  });
}

/** Cloudflare's contribution to validateDeployment (validation/registry.ts). */
export const cloudflareChecks: readonly PlanCheck[] = [cloudflareRecordLimitProblems, cloudflareProxyProblems, cloudflareRuleProblems];
