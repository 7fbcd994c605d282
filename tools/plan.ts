/**
 * `npm run plan -- --config FILE [--base FILE | --base-ref REF] [--estate] [--max-changes N] [--fail-on-delete-first]
 * [--json] [--zonefiles DIR] [--windows-dns FILE.ps1] [--runbook]`: validate a deployment spec (a Pulumi.<stack>.yaml, a stack of an estate, or a standalone
 * YAML/JSON file) and print its plan; with --base (another file) or --base-ref (the same file at a git revision, e.g.
 * origin/main), print the change review from the base to this one (for pull requests): the plan diff in Lync words
 * and every provider resource `pulumi up` would create, update, replace or delete (tools/review.ts). A stack of an
 * estate (`lync:estate`, `lync:shard`) is reviewed as that stack; with --estate, the file is reviewed as an estate,
 * stack by stack, and the review says which stacks change.
 * Exit codes: 2 an invalid spec or usage (every problem on stderr, nothing on stdout); 3 a safety gate tripped (more
 * than N resource changes, or a delete-first replacement), after the review is printed, as octoDNS's thresholds do.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { validateDeployment, buildPlan, formatProblem, formatWarning, shardProblems, stackSizeProblems, type Plan } from "../components/model";
import { planToMarkdown } from "../components/render/markdown";
import { planToJson } from "../components/render/json";
import { zoneFiles } from "../components/render/zonefile";
import { windowsDnsScript } from "../components/render/windowsDns";
import { runbookForChange, runbookScript } from "../components/render/runbook";
import { liveDeleteWarnings, renderDiff, type ProviderChange } from "../components/render/diff";
import { diffPlans } from "../components/plan/diff";
import type { DeploymentSpec } from "../components/spec/schema";
import { estateChanges, providerChanges } from "./review";
import { atRevision, readStackInput, workingTree, type ReadText } from "./stackFiles";

const USAGE =
  "usage: npm run plan -- --config FILE [--base FILE | --base-ref REF] [--estate] [--max-changes N] [--fail-on-delete-first] [--json] [--zonefiles DIR] [--windows-dns FILE.ps1] [--runbook]";

export interface Loaded {
  readonly input: unknown;
  readonly spec: DeploymentSpec;
  readonly plan: Plan;
  readonly shard?: string;
}

/** Reads and validates one spec file; exits 2 with every problem on stderr if it is invalid. */
export function loadPlan(file: string): Plan {
  return load(file).plan;
}

/** A stack or spec file (from the working tree, or through `read` from a git revision), validated; exit 2 if invalid. */
export function load(file: string, read: ReadText = workingTree, label = file): Loaded {
  let stack;
  try {
    stack = readStackInput(file, read);
  } catch (e) {
    process.stderr.write(`${label}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const result = validateDeployment(stack.input);
  const problems = result.ok
    ? [...shardProblems(result.spec, stack.shard, "lync:shard"), ...stackSizeProblems(result.spec, stack.shard)]
    : result.problems;
  if (!result.ok || problems.length > 0) {
    process.stderr.write(`${label}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}\n`);
    process.exit(2);
  }
  return { input: stack.input, spec: result.spec, plan: buildPlan(result.spec), ...(stack.shard === undefined ? {} : { shard: stack.shard }) };
}

/** The review's resource changes: the stack's own, or (an estate) every shard's stack, each change with its shard. */
export async function reviewChanges(base: Loaded, head: Loaded, estate: boolean): Promise<{ changes: ProviderChange[]; shards?: string[] }> {
  if (estate) {
    const { shards, changes } = await estateChanges(base, head);
    return { changes: [...changes], shards: [...shards] };
  }
  return { changes: await providerChanges(base, head, head.shard ?? base.shard) };
}

async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      options: {
        config: { type: "string" },
        base: { type: "string" },
        "base-ref": { type: "string" },
        estate: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        zonefiles: { type: "string" },
        "windows-dns": { type: "string" },
        runbook: { type: "boolean", default: false },
        "max-changes": { type: "string" },
        "fail-on-delete-first": { type: "boolean", default: false },
      },
    }).values;
  } catch (e) {
    // A usage error (unknown option, missing value) is the user's, like an invalid spec: exit 2, no stack trace.
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (!values.config) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const maxChanges = values["max-changes"] === undefined ? undefined : Number(values["max-changes"]);
  if (maxChanges !== undefined && !(Number.isInteger(maxChanges) && maxChanges >= 0)) {
    process.stderr.write(`--max-changes wants a whole number >= 0, not ${values["max-changes"]}\n${USAGE}\n`);
    process.exit(2);
  }
  const reviewing = values.base !== undefined || values["base-ref"] !== undefined;
  if ((maxChanges !== undefined || values["fail-on-delete-first"] || values.estate) && !reviewing) {
    process.stderr.write(`--max-changes, --fail-on-delete-first and --estate go with --base or --base-ref\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.base !== undefined && values["base-ref"] !== undefined) {
    process.stderr.write(`--base and --base-ref exclude each other\n${USAGE}\n`);
    process.exit(2);
  }
  const head = load(values.config);
  const plan = head.plan;
  if (values.zonefiles) {
    mkdirSync(values.zonefiles, { recursive: true });
    for (const [zone, text] of zoneFiles(plan)) writeFileSync(join(values.zonefiles, `${zone}.zone`), text);
    // The internal view's zones may carry the external zones' names (split-brain): a directory of their own.
    const internal = zoneFiles(plan, "internal");
    if (internal.size > 0) mkdirSync(join(values.zonefiles, "internal"), { recursive: true });
    for (const [zone, text] of internal) writeFileSync(join(values.zonefiles, "internal", `${zone}.zone`), text);
  }
  if (values["windows-dns"]) {
    const script = windowsDnsScript(plan);
    if (script === null) {
      process.stderr.write(`--windows-dns: the spec declares no internalDns\n`);
      process.exit(2);
    }
    writeFileSync(values["windows-dns"], script);
  }
  const ref = values["base-ref"];
  const base = !reviewing ? undefined : ref === undefined ? load(values.base!) : load(values.config, atRevision(ref), `${values.config} at ${ref}`);
  if (values.runbook) {
    // The Lync Management Shell steps (docs/runbook.md): the whole deployment, or only what the change needs.
    process.stdout.write(base ? runbookForChange(base.plan, plan) : runbookScript(plan));
    return;
  }
  if (base) {
    const { changes: resources, shards } = await reviewChanges(base, head, values.estate);
    const diff = diffPlans(base.plan, plan);
    process.stdout.write(renderDiff(diff, values.json ? "json" : "markdown", resources, shards));
    if (!values.json) process.stdout.write(`\nLync Management Shell steps for this change: the same command with \`--runbook\` (docs/runbook.md).\n`);
    const gates = [
      ...(maxChanges !== undefined && resources.length > maxChanges
        ? [`${resources.length} resource changes, more than --max-changes ${maxChanges}`]
        : []),
      ...(values["fail-on-delete-first"] && resources.some((c) => c.deleteFirst)
        ? [`${resources.filter((c) => c.deleteFirst).length} delete-first replacement(s) (--fail-on-delete-first)`]
        : []),
      // A live record deleted outright is as destructive as a delete-first replacement.
      ...(values["fail-on-delete-first"] ? liveDeleteWarnings(diff, resources).map((w) => formatWarning(w)) : []),
    ];
    if (gates.length > 0) {
      process.stderr.write(`safety gate: ${gates.join("; ")}\n`);
      process.exitCode = 3;
    }
    return;
  }
  process.stdout.write(values.json ? planToJson(plan) : planToMarkdown(plan));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`plan: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
