/** The plan as JSON: the contract of `npm run plan -- --json` (records, certificates, routes, warnings, ...). */
import type { Plan, PlanRecord } from "../plan/types";

const row = ({ zone, name, type, ttl, data, rule, sipDomain, proxied }: PlanRecord, view: "external" | "internal") => ({
  view,
  zone,
  name,
  type,
  ttl,
  data,
  rule,
  sipDomain,
  proxied,
});

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(
    {
      infrastructureDomain: plan.infrastructureDomain,
      product: plan.product,
      lyncdiscover: plan.lyncdiscover,
      federationRoute: plan.federationRoute,
      meetStyle: plan.meetStyle,
      zones: plan.zones,
      tenants: plan.tenants,
      // Both views in one list: each record says which resolvers answer it (external: the Internet; internal: the
      // company's own DNS, plan.internal).
      records: [...plan.records.map((r) => row(r, "external")), ...(plan.internal?.records ?? []).map((r) => row(r, "internal"))],
      internalDns: plan.internal && { provider: plan.internal.provider, zoneStyle: plan.internal.zoneStyle, zones: plan.internal.zones },
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
        issuance: c.issuance,
      })),
      routes: plan.routes,
      simpleUrls: plan.simpleUrls,
      warnings: plan.warnings,
      onboarding: plan.onboarding,
    },
    null,
    2,
  )}\n`;
}
