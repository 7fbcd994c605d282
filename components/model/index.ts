/** The pure model: spec, validation, plan and renderers. Imports nothing from Pulumi. */
export * from "./spec";
export * from "./problems";
export * from "./plan";
export { validateDeployment, type ValidationResult } from "./validate";
export { parseDeploymentText, extractDeployment, CONFIG_KEY } from "./load";
export { planChecks, type PlanCheck } from "./checks";
