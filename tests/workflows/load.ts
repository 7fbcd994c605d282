/** The workflows of .github/workflows, parsed, by file name; shared by the tests of this directory. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { evaluate } from "./expression";

export type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
export interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  "runs-on"?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  strategy?: { "fail-fast"?: boolean; "max-parallel"?: number | string; matrix?: unknown };
  steps: Step[];
}
export interface Workflow {
  on: Record<string, unknown>;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(__dirname, "../../.github/workflows");
export const workflows = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".yml"))
    .map((f) => [f, parse(readFileSync(join(DIR, f), "utf8")) as Workflow]),
);

/** Every step that uses an action, with where it is. */
export function actionSteps(): Array<{ where: string; step: Step; action: string; ref: string }> {
  return Object.entries(workflows).flatMap(([file, wf]) =>
    Object.entries(wf.jobs).flatMap(([name, job]) =>
      job.steps
        .filter((s) => s.uses)
        .map((step) => {
          const [action, ref] = step.uses!.split("@");
          return { where: `${file}: ${name}`, step, action, ref };
        }),
    ),
  );
}

/**
 * Which jobs of a workflow run for an event: in `needs` order, a job runs when its needs ran (unless its `if` uses
 * always() or cancelled()) and its `if` holds; outputs of jobs that ran are given.
 */
export function jobsThatRun(wf: Workflow, ctx: Record<string, unknown>, outputs: Record<string, Record<string, string>> = {}): string[] {
  const ran = new Map<string, boolean>();
  const visit = (name: string): boolean => {
    const known = ran.get(name);
    if (known !== undefined) return known;
    const job = wf.jobs[name];
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    const needsRan = needs.map(visit);
    const needsCtx = Object.fromEntries(needs.map((n, i) => [n, { result: needsRan[i] ? "success" : "skipped", outputs: outputs[n] ?? {} }]));
    const expr = job.if ?? "true";
    const statusOk = /always\(\)|cancelled\(\)/.test(expr) || needsRan.every(Boolean);
    const runs = statusOk && evaluate(expr, { ...ctx, needs: needsCtx });
    ran.set(name, runs);
    return runs;
  };
  return Object.keys(wf.jobs).filter(visit);
}
