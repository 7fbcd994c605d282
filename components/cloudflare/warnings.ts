/** Cloudflare's warnings for the plan review: valid, but worth a reviewer's attention. Pure. */
import type { DeploymentSpec } from "../spec/types";
import { compareText } from "../spec/names";
import { groupBy, type PlanWarning, type UngatedPlan } from "../plan/types";
import { resolveNames } from "../plan/names";
import { byNameSpec, type WarningRule } from "../plan/rules/warnings";

export function cloudflareWarnings(input: DeploymentSpec, _plan: Omit<UngatedPlan, "warnings">): PlanWarning[] {
  const spec = byNameSpec(input);
  const warnings: PlanWarning[] = [];
  const proxiedOf = groupBy(
    [...resolveNames(input).tenants].filter((t) => t.lyncdiscoverProxied).sort((a, b) => compareText(a.name, b.name)),
    (t) => t.zone,
  );
  for (const z of spec.zones) {
    if (z.provider !== "cloudflare") continue;
    const proxied = proxiedOf.get(z.name) ?? [];
    // S50b: Universal SSL covers the apex and first-level names only; lyncdiscover.<sub>.<zone> gets no edge certificate.
    const uncovered = proxied.filter((x) => x.name !== z.name);
    if (z.alwaysUseHttps && proxied.length > 0) {
      warnings.push({
        rule: "S49",
        subject: z.name,
        message: `Always Use HTTPS is on for the zone: Cloudflare answers http://lyncdiscover.<d> with a redirect to https before any rule applies, so HTTP discovery stops (HTTPS discovery still works ${uncovered.length > 0 ? "only where Universal SSL covers lyncdiscover.<d>: see the S49 warnings per SIP domain" : "with Universal SSL's certificate"}). It is zone-wide and configuration rules cannot turn it off per host (S49): turn it off and use Single Redirects for the hosts that need HTTPS only.`,
      });
      // Both ways closed: the redirect to HTTPS meets no certificate for the name, so mobile discovery fails.
      for (const d of uncovered) {
        warnings.push({
          rule: "S49",
          subject: d.name,
          message: `mobile discovery of ${d.name} fails both ways: Always Use HTTPS redirects http://lyncdiscover.${d.name} to https, and Universal SSL has no certificate for lyncdiscover.${d.name} (two levels below ${z.name}, S50b), so mobile clients and Store apps (which discover only through lyncdiscover) cannot sign in; turn Always Use HTTPS off, give the zone an advanced certificate for the name, or stop proxying lyncdiscover in this zone`,
        });
      }
    }
    for (const d of uncovered) {
      warnings.push({
        rule: "S50b",
        subject: d.name,
        message: `lyncdiscover.${d.name} is two levels below the zone ${z.name}: Cloudflare's Universal SSL does not cover it, so HTTPS discovery fails unless the zone has an advanced certificate for it`,
      });
    }
  }
  return warnings;
}

export const cloudflareWarningRules: readonly WarningRule[] = [cloudflareWarnings];
