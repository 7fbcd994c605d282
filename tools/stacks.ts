/**
 * `npm run stacks -- (--all | --base-ref REF [--review FILE.md] [--fail-on-delete-first]) [--examples]`: the stacks of
 * this repository (every Pulumi.<stack>.yaml; with --examples the shipped Pulumi.<stack>.example.yaml instead) as a
 * GitHub Actions matrix, `{"include":[{"stack","config","shard"}]}` on one line of stdout. With --base-ref, only the
 * stacks that the change from REF to the working tree affects: a stack file that changed, or a stack whose resources
 * change in the change simulation (tools/review.ts: an estate is simulated stack by stack, once for all its stacks).
 * --review writes the plan review of every changed estate and stack to FILE.md.
 * Exit codes (tools/exit.ts): 2 an invalid spec or usage; 3 --fail-on-delete-first and a live record deleted or
 * replaced delete-first (after the matrix and the review are written); 70 an internal error, with its stack trace.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem, formatWarning, shardProblems } from "../components/model";
import { blockingWarnings, renderDiff, type ProviderChange } from "../components/render/diff";
import { diffPlans, type PlanDiff } from "../components/plan/diff";
import { load, reviewChanges } from "./plan";
import { atRevision, readIfPresent, readStackInput, workingTree } from "./stackFiles";
import { EXIT, InputError, runMain } from "./exit";

const USAGE = "usage: npm run stacks -- (--all | --base-ref REF [--review FILE.md] [--fail-on-delete-first]) [--examples]";

export interface StackEntry {
  readonly stack: string;
  readonly config: string;
  readonly shard: string | null;
}

/** The stack files of the project directory: Pulumi.<stack>.yaml, or with `examples` Pulumi.<stack>.example.yaml. */
export function stackFiles(dir: string, examples: boolean): Array<{ stack: string; config: string }> {
  const pattern = examples ? /^Pulumi\.(.+)\.example\.yaml$/ : /^Pulumi\.(.+)\.yaml$/;
  return readdirSync(dir)
    .filter((f) => pattern.test(f) && (examples || !f.endsWith(".example.yaml")))
    .sort()
    .map((config) => ({ stack: pattern.exec(config)![1], config }));
}

interface Review {
  readonly title: string;
  readonly diff: PlanDiff;
  readonly changes: readonly ProviderChange[];
  readonly shards?: readonly string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      all: { type: "boolean", default: false },
      "base-ref": { type: "string" },
      review: { type: "string" },
      examples: { type: "boolean", default: false },
      "fail-on-delete-first": { type: "boolean", default: false },
    },
  });
  const ref = values["base-ref"];
  if (values.all === (ref !== undefined) || (values.all && (values.review || values["fail-on-delete-first"])))
    throw new InputError("give either --all or --base-ref REF (--review and --fail-on-delete-first go with --base-ref)");
  const files = stackFiles(".", values.examples);
  const entries = files.map(({ stack, config }): StackEntry & { estate?: string } => {
    const settings = readStackInput(config);
    return { stack, config, shard: settings.shard ?? null, ...(settings.estate === undefined ? {} : { estate: settings.estate }) };
  });
  if (values.all) {
    process.stdout.write(`${JSON.stringify({ include: entries.map(({ stack, config, shard }) => ({ stack, config, shard })) })}\n`);
    return;
  }
  const base = atRevision(ref!);
  const affected = new Set<string>();
  const reviews: Review[] = [];
  // One simulation per estate, stack by stack, for all its stacks; one per stack that holds its own spec.
  const estates = new Map<string, StackEntry[]>();
  for (const e of entries) {
    const before = readIfPresent(base, e.config);
    if (before !== workingTree(e.config)) affected.add(e.stack);
    if (before === undefined) continue; // a new stack: everything in it is new, nothing to compare with
    if (e.estate === undefined) {
      const [b, h] = [load(e.config, base, `${e.config} at ${ref}`), load(e.config)];
      const { changes } = await reviewChanges(b, h, false);
      if (changes.length > 0) affected.add(e.stack);
      reviews.push({ title: e.config, diff: diffPlans(b.plan, h.plan), changes });
    } else {
      estates.set(e.estate, [...(estates.get(e.estate) ?? []), e]);
    }
  }
  for (const [estate, stacks] of estates) {
    const first = stacks[0].config;
    const [b, h] = [load(first, base, `${first} at ${ref}`), load(first)];
    // The estate is validated once; each of its stacks' shard against it.
    const problems = stacks.flatMap((s) => shardProblems(h.spec, s.shard ?? undefined, "lync:shard").map((p) => `${s.config}: ${formatProblem(p)}`));
    if (problems.length > 0) {
      process.stderr.write(`${problems.join("\n")}\n`);
      process.exit(EXIT.invalidInput);
    }
    const { changes, shards } = await reviewChanges(b, h, true);
    // A stack of the estate without a shard holds all of it.
    for (const s of stacks) if (changes.some((c) => s.shard === null || c.shard === s.shard)) affected.add(s.stack);
    reviews.push({ title: `${estate} (stacks ${stacks.map((s) => s.stack).join(", ")})`, diff: diffPlans(b.plan, h.plan), changes, shards });
  }
  const include = entries.filter((e) => affected.has(e.stack)).map(({ stack, config, shard }) => ({ stack, config, shard }));
  process.stdout.write(`${JSON.stringify({ include })}\n`);

  const changed = reviews.filter((r) => r.changes.length > 0 || !r.diff.identical);
  if (values.review) {
    const parts = changed.map((r) => `# ${r.title}\n\n${renderDiff(r.diff, "markdown", r.changes, r.shards)}`);
    const stacks = include.length === 0 ? "none" : include.map((s) => `\`${s.stack}\``).join(", ");
    writeFileSync(values.review, [`Stacks this change affects: ${stacks}`, "", ...parts].join("\n"));
  }
  if (values["fail-on-delete-first"]) {
    const gates = changed.flatMap((r) => [
      ...r.changes.filter((c) => c.deleteFirst).map((c) => `${r.title}: ${c.name} is replaced delete-first`),
      ...blockingWarnings(r.diff, r.changes).map((w) => `${r.title}: ${formatWarning(w)}`),
    ]);
    if (gates.length > 0) {
      process.stderr.write(`safety gate:\n${gates.map((g) => `  - ${g}`).join("\n")}\n`);
      process.exitCode = EXIT.gate;
    }
  }
}

if (require.main === module) runMain("stacks", main, USAGE);
