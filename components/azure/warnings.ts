/** Azure's warnings for the plan review: valid, but worth a reviewer's attention. Pure. */
import type { DeploymentSpec } from "../spec/schema";
import type { Plan, PlanWarning } from "../plan/types";
import type { WarningRule } from "../plan/rules/warnings";

/** S44: public DNS zones per subscription (raisable by a support request, so a warning, not an error). */
export const AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION = 250;

export function azureWarnings(spec: DeploymentSpec, _plan: Omit<Plan, "warnings">): PlanWarning[] {
  const azureZones = spec.zones.filter((z) => z.provider === "azure").length;
  if (azureZones <= AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION) return [];
  return [
    {
      rule: "AZ-DNS-LIMIT",
      message: `${azureZones} Azure DNS zones: a subscription holds ${AZURE_PUBLIC_ZONES_PER_SUBSCRIPTION} public zones unless Azure support raises the quota (S44)`,
    },
  ];
}

export const azureWarningRules: readonly WarningRule[] = [azureWarnings];
