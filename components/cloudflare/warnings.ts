/** Cloudflare's warnings for the plan review: valid, but worth a reviewer's attention. Pure. */
import type { DeploymentSpec } from "../spec/schema";
import { compareText } from "../spec/names";
import { groupBy, type Plan, type PlanWarning } from "../plan/types";
import { resolveNames } from "../plan/names";
import { byNameSpec, type WarningRule } from "../plan/rules/warnings";

export function cloudflareWarnings(input: DeploymentSpec, _plan: Omit<Plan, "warnings">): PlanWarning[] {
  const spec = byNameSpec(input);
  const warnings: PlanWarning[] = [];
  const proxiedOf = groupBy(
    [...resolveNames(input).tenants].filter((t) => t.lyncdiscoverProxied).sort((a, b) => compareText(a.name, b.name)),
    (t) => t.zone,
  );
  for (const z of spec.zones) {
    if (z.provider !== "cloudflare") continue;
    const proxied = proxiedOf.get(z.name) ?? [];
    if (z.alwaysUseHttps && proxied.length > 0) {
      warnings.push({
        rule: "S49",
        subject: z.name,
        message:
          "Always Use HTTPS is on for the zone: Cloudflare answers http://lyncdiscover.<d> with a redirect to https before any rule applies, so HTTP discovery stops (HTTPS discovery still works). It is zone-wide and configuration rules cannot turn it off per host (S49): turn it off and use Single Redirects for the hosts that need HTTPS only.",
      });
    }
    // S50b: Universal SSL covers the apex and first-level names only; lyncdiscover.<sub>.<zone> gets no edge certificate.
    for (const d of proxied.filter((x) => x.name !== z.name)) {
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
