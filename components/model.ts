/** The pure model: spec, validation, plan and renderers. Imports nothing from Pulumi. */
export * from "./spec/schema";
export * from "./spec/problems";
export * from "./plan/types";
export type { PlanCheck } from "./plan/checks";
export { validateDeployment, type ValidationResult } from "./validation/validate";
export { buildPlan, planChecks, warningRules } from "./validation/registry";
export { parseDeploymentText, extractDeployment, CONFIG_KEY, ESTATE_KEY, SHARD_KEY, readStackSettings, type StackSettings } from "./spec/load";
export { INFRA_SHARD, shardNames, shardSlice, shardProblems, tenantShard, certificateShard, type ShardSlice } from "./plan/shards";
