/**
 * The one place that knows both the core and the provider adapters: the plan checks validateDeployment runs and the
 * warning rules of the plan, each the core's own followed by every adapter's (pure modules beside the adapters). The
 * core (spec/, plan/) imports no adapter.
 */
import type { DeploymentSpec } from "../spec/schema";
import type { Plan } from "../plan/types";
import { coreChecks, type PlanCheck } from "../plan/checks";
import { derivePlan } from "../plan/build";
import { planWarnings, type WarningRule } from "../plan/rules/warnings";
import { cloudflareChecks } from "../cloudflare/checks";
import { cloudflareWarningRules } from "../cloudflare/warnings";
import { azureChecks } from "../azure/limits";
import { azureWarningRules } from "../azure/warnings";

export const planChecks: readonly PlanCheck[] = [...coreChecks, ...cloudflareChecks, ...azureChecks];

export const warningRules: readonly WarningRule[] = [planWarnings, ...cloudflareWarningRules, ...azureWarningRules];

const plans = new WeakMap<DeploymentSpec, Plan>();

/**
 * spec -> plan. Call only with a spec from validateDeployment(). A validated spec is immutable, so its plan is built
 * once (validation's checks and the components share it).
 */
export function buildPlan(spec: DeploymentSpec): Plan {
  let plan = plans.get(spec);
  if (!plan) plans.set(spec, (plan = derivePlan(spec, warningRules)));
  return plan;
}
