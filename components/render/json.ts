/** The plan as JSON: the contract of `npm run plan -- --json` (records, certificates, routes, warnings, ...). */
import type { Plan } from "../plan/types";

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(
    {
      infrastructureDomain: plan.infrastructureDomain,
      product: plan.product,
      lyncdiscover: plan.lyncdiscover,
      meetStyle: plan.meetStyle,
      zones: plan.zones,
      tenants: plan.tenants,
      records: plan.records.map(({ zone, name, type, ttl, data, rule, sipDomain, proxied }) => ({
        zone,
        name,
        type,
        ttl,
        data,
        rule,
        sipDomain,
        proxied,
      })),
      certificates: plan.certificates.map((c) => ({
        id: c.id,
        kind: c.kind,
        edgePool: c.edgePool,
        subject: c.subject,
        dnsNames: c.dnsNames,
        used: c.dnsNames.length,
        limit: c.limit,
        caProfile: c.caProfile,
        key: c.key,
      })),
      routes: plan.routes,
      simpleUrls: plan.simpleUrls,
      warnings: plan.warnings,
    },
    null,
    2,
  )}\n`;
}
