/** Azure's warnings for the plan review: valid, but worth a reviewer's attention. Pure. */
import type { DeploymentSpec } from "../spec/types";
import type { PlanWarning, UngatedPlan } from "../plan/types";
import type { WarningRule } from "../plan/rules/warnings";

/** S44: public DNS zones per subscription (raisable by a support request, so a warning, not an error). */
export const AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION = 250;

/** AZ-DNS-LIMIT per subscription: zones that name none are in the Azure provider's own subscription. */
export function azureWarnings(spec: DeploymentSpec, _plan: Omit<UngatedPlan, "warnings">): PlanWarning[] {
  const counts = new Map<string, number>();
  for (const z of spec.zones) {
    if (z.provider !== "azure") continue;
    const key = z.subscriptionId?.toLowerCase() ?? "";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n > AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subscription, n]) => ({
      rule: "AZ-DNS-LIMIT",
      ...(subscription === "" ? {} : { subject: subscription }),
      message: `${n} Azure DNS zones${subscription === "" ? " in the Azure provider's subscription" : " in this subscription"}: a subscription holds ${AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION} public zones unless Azure support raises the quota (S44); spread them with zones[].subscriptionId`,
    }));
}

export const azureWarningRules: readonly WarningRule[] = [azureWarnings];
