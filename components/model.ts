/** The pure model: spec, validation, plan and renderers. Imports nothing from Pulumi. */
export * from "./spec/types";
export * from "./spec/problems";
export * from "./plan/types";
export type { PlanCheck } from "./plan/checks";
export { validateDeployment, type ValidationResult } from "./validation/validate";
export { buildPlan, planChecks, warningRules } from "./validation/registry";
export { stackSizeProblems } from "./validation/stackSize";
export {
  parseDeploymentText,
  extractDeployment,
  namespacedConfig,
  settingsFromConfig,
  PROJECT_NAMESPACE,
  CONFIG_KEY,
  ESTATE_KEY,
  SHARD_KEY,
  readStackSettings,
  type StackSettings,
} from "./spec/load";
export * from "./spec/limits";
export { INFRA_SHARD, shardNames, shardSlice, shardProblems, tenantShard, certificateShard, type ShardSlice } from "./plan/shards";
