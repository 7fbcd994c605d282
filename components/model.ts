/** The pure model: spec, validation, plan and renderers. Imports nothing from Pulumi. */
export * from "./spec/schema";
export * from "./spec/problems";
export * from "./plan/types";
export { buildPlan } from "./plan/build";
export type { PlanCheck } from "./plan/checks";
export { validateDeployment, type ValidationResult } from "./validation/validate";
export { planChecks } from "./validation/planChecks";
export { parseDeploymentText, extractDeployment, CONFIG_KEY } from "./spec/load";
