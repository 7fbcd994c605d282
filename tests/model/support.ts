/**
 * Shared helpers of the model tests: fixtures from tests/fixtures, a plan from a valid input (failing with the
 * problems if it is not valid), and problems in plain-JSON form (absent and undefined fields compare equal).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildPlan,
  parseDeploymentText,
  validateDeployment,
  formatProblem,
  type DeploymentInput,
  type Plan,
  type PlanRecord,
  type Problem,
} from "../../components/model";

/**
 * A fresh copy of the deployment spec in tests/fixtures/<file> (a Pulumi.<stack>.yaml shape), safe to mutate. Typed as
 * what a user writes; a test that writes something off that shape on purpose (an unknown key, a wrong type) casts there.
 */
export function fixture(file: string): DeploymentInput {
  return parseDeploymentText(readFileSync(join(__dirname, "../fixtures", file), "utf8")) as DeploymentInput;
}

export function planOf(input: unknown): Plan {
  const result = validateDeployment(input);
  assert.ok(result.ok, `expected a valid spec, got:\n${result.problems.map(formatProblem).join("\n")}`);
  return buildPlan(result.spec);
}

export function problemsOf(input: unknown): Problem[] {
  return JSON.parse(JSON.stringify(validateDeployment(input).problems)) as Problem[];
}

/** The record fields of the plan contract, as one tuple per record: [zone, name, type, ttl, data, rule]. */
export type RecordRow = [string, string, PlanRecord["type"], number, string, string];

export function recordRows(records: readonly PlanRecord[]): RecordRow[] {
  return records.map((r) => [r.zone, r.name, r.type, r.ttl, r.data, r.rule]);
}
