/**
 * spec -> plan: runs the rule families (rules/*) over a validated spec. Pure: no Pulumi, no provider adapter.
 */
import type { DeploymentSpec } from "../spec/types";
import { compareText, isWithin } from "../spec/names";
import { groupBy, type PlanTenant, type PlanWarning, type UngatedPlan } from "./types";
import { resolveNames } from "./names";
import { planRecords } from "./rules/dns";
import { planCertificates } from "./rules/certificates";
import { planRoutes } from "./rules/proxy";
import { planSimpleUrls } from "./rules/simpleUrls";
import { planInternalDns } from "./rules/internalDns";
import type { WarningRule } from "./rules/warnings";

/**
 * spec -> plan, with the warnings of the given rules (the core's planWarnings and the adapters' own, composed by
 * validation/registry.ts, whose buildPlan is the one everybody calls). Only for a spec from validateDeployment(): it
 * relies on resolved zones and edge pools and on the absence of conflicts that validation reports.
 */
export function derivePlan(spec: DeploymentSpec, warningRules: readonly WarningRule[]): UngatedPlan {
  const names = resolveNames(spec);
  const simpleUrls = planSimpleUrls(spec, names);
  const records = planRecords(spec).merged;
  const certificates = planCertificates(spec, names);
  const routes = planRoutes(spec, names);
  const zoneProvider = new Map(spec.zones.map((z) => [z.name, z.provider]));
  const recordsOf = groupBy(records, (r) => r.sipDomain);
  // tenant -> certificate id -> its names there (dnsNames are sorted, so each list is too)
  const namesOf = new Map<string, Record<string, string[]>>();
  for (const c of certificates) {
    for (const n of c.dnsNames) {
      const owner = c.nameOwners[n];
      if (owner === null) continue;
      const byCert = namesOf.get(owner) ?? {};
      (byCert[c.id] ??= []).push(n);
      namesOf.set(owner, byCert);
    }
  }

  const tenants: PlanTenant[] = [...spec.sipDomains]
    .sort((a, b) => compareText(a.name, b.name))
    .map((d) => {
      const certificateNames = namesOf.get(d.name) ?? {};
      const t = names.tenantOf.get(d.name);
      return {
        name: d.name,
        zone: d.zone,
        zoneProvider: zoneProvider.get(d.zone)!,
        home: d.home,
        edgePool: t?.edgePool ?? null,
        federation: d.federation,
        xmpp: d.xmpp,
        meetUrl: t?.meetUrl ?? null,
        meetStyle: t?.meetStyle ?? null,
        sharedSipAddressSpace: d.sharedSipAddressSpace,
        trustPrompt: t !== undefined && spec.lyncdiscover === "http" && !isWithin(spec.webServices.externalFqdn, d.name),
        fqdns: [...new Set((recordsOf.get(d.name) ?? []).map((r) => r.name))].sort(compareText),
        certificateNames,
      };
    });

  const plan = {
    infrastructureDomain: spec.infrastructureDomain,
    product: spec.product,
    lyncdiscover: spec.lyncdiscover,
    federationRoute: spec.federationRoute ?? null,
    meetStyle: spec.simpleUrls.meet,
    zones: spec.zones.map((z) => ({ name: z.name, provider: z.provider })).sort((a, b) => compareText(a.name, b.name)),
    tenants,
    records,
    certificates,
    routes,
    simpleUrls,
    internalWebFqdn: names.internalWebFqdn ?? null,
    internal: planInternalDns(spec).plan,
    warnings: [] as PlanWarning[],
  };
  return { ...plan, warnings: warningRules.flatMap((rule) => rule(spec, plan)) };
}
