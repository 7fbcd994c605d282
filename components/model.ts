/** The pure model: spec, validation, plan and renderers. Imports nothing from Pulumi. */
export * from "./spec/schema";
export * from "./spec/problems";
export * from "./plan/types";
export type { PlanCheck } from "./plan/checks";
export { validateDeployment, type ValidationResult } from "./validation/validate";
export { buildPlan, planChecks, warningRules } from "./validation/registry";
export { parseDeploymentText, extractDeployment, CONFIG_KEY } from "./spec/load";
