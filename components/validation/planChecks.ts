/**
 * The registry of plan checks validateDeployment runs: the core's own, then each provider adapter's platform limits
 * (pure modules beside their adapters). The one place that knows both: the core (spec/, plan/) imports no adapter.
 */
import { coreChecks, type PlanCheck } from "../plan/checks";
import { cloudflareChecks } from "../cloudflare/checks";
import { azureChecks } from "../azure/limits";

export const planChecks: readonly PlanCheck[] = [...coreChecks, ...cloudflareChecks, ...azureChecks];
