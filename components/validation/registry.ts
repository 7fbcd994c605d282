/**
 * The one place that knows both the core and the provider adapters: the plan checks validateDeployment runs and the
 * warning rules of the plan, each the core's own followed by every adapter's (pure modules beside the adapters). The
 * core (spec/, plan/) imports no adapter.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Plan, UngatedPlan } from "../plan/types";
import { coreChecks, type PlanCheck } from "../plan/checks";
import { derivePlan } from "../plan/build";
import { gateOnboarding, inServiceOf, inServiceProblems, type IssuedNames } from "../plan/onboarding";
import { planWarnings, type WarningRule } from "../plan/rules/warnings";
import { cloudflareChecks } from "../cloudflare/checks";
import { cloudflareWarningRules } from "../cloudflare/warnings";
import { azureChecks } from "../azure/limits";
import { azureWarningRules } from "../azure/warnings";

export const planChecks: readonly PlanCheck[] = [...coreChecks, inServiceProblems, ...cloudflareChecks, ...azureChecks];

export const warningRules: readonly WarningRule[] = [planWarnings, ...cloudflareWarningRules, ...azureWarningRules];

const ungated = new WeakMap<DeploymentSpec, UngatedPlan>();
function ungatedPlan(spec: DeploymentSpec): UngatedPlan {
  let derived = ungated.get(spec);
  if (!derived) ungated.set(spec, (derived = derivePlan(spec, warningRules)));
  return derived;
}
const plans = new WeakMap<DeploymentSpec, Plan>();

/**
 * spec -> plan: the rule families, then the one onboarding step (ONBOARD-ORDER) that holds back the tenants whose
 * names no certificate in service carries yet. `issued`: the names of the CA-issued certificates the deployment was
 * given (tls/issued.ts issuedNames), which the spec does not hold. Call only with a spec from validateDeployment(). A
 * validated spec is immutable, so its plan is built once (validation's checks and the components share it).
 */
export function buildPlan(spec: DeploymentSpec, issued: IssuedNames = {}): Plan {
  const derived = ungatedPlan(spec);
  const gate = () => gateOnboarding(derived, spec, inServiceOf(spec, derived.certificates, issued));
  if (Object.keys(issued).length > 0) return gate();
  let plan = plans.get(spec);
  if (!plan) plans.set(spec, (plan = gate()));
  return plan;
}

/**
 * The plan as if every certificate in service carried every name: what validation's checks read, so that a pending
 * tenant's records are checked (names, limits, conflicts) in the run that adds it, not only in the run that publishes
 * them. Never deployed: LyncDeployment and the tools use buildPlan.
 */
export function planForChecks(spec: DeploymentSpec): Plan {
  return { ...ungatedPlan(spec), onboarding: { inService: {}, waiting: [] } };
}
