/**
 * `npm run stacks -- (--all | --base-ref REF [--review FILE.md] [--fail-on-delete-first] [--max-changes N]) [--examples]`: the stacks of
 * this repository (every Pulumi.<stack>.yaml; with --examples the shipped Pulumi.<stack>.example.yaml instead) as a
 * GitHub Actions matrix, `{"include":[{"stack","config","shard"}]}` on one line of stdout. With --base-ref, only the
 * stacks that the change from REF to the working tree affects: a stack file that changed, or a stack whose resources
 * change in the change simulation (tools/review.ts: an estate is simulated stack by stack, once for all its stacks).
 * A change to anything but stack and estate files (code, package-lock.json) is simulated by meaning: the base side by
 * the base's own code and dependencies in a worktree of REF (tools/baseSide.ts); where that cannot be done, every stack
 * is affected, and stderr and the review say why.
 * --review writes the plan review of every changed estate and stack to FILE.md.
 * Exit codes (tools/exit.ts): 2 an invalid spec or usage; 3 a safety gate (after the matrix and the review are written):
 * --fail-on-delete-first and a live record deleted or replaced delete-first, or --max-changes N and more than N resource
 * changes in one stack or estate; 70 an internal error, with its stack trace.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatProblem, formatWarning, shardProblems, stackSizeProblems } from "../components/model";
import { blockingWarnings, renderDiff, type ProviderChange } from "../components/render/diff";
import { diffPlans, type PlanDiff } from "../components/plan/diff";
import { load, parseMaxChanges, reviewChanges, type Loaded } from "./plan";
import { baseResources, changedFiles, codeChanges } from "./baseSide";
import { atRevision, readIfPresent, readStackInput, stackFiles, validPlan, workingTree, type ReadText } from "./stackFiles";

export { stackFiles };
import { EXIT, InputError, runMain } from "./exit";
import { deployOrder } from "../components/plan/handover";

const USAGE = "usage: npm run stacks -- (--all | --base-ref REF [--review FILE.md] [--fail-on-delete-first] [--max-changes N]) [--examples]";

export interface StackEntry {
  readonly stack: string;
  readonly config: string;
  readonly shard: string | null;
}

interface Review {
  readonly title: string;
  readonly diff: PlanDiff;
  readonly changes: readonly ProviderChange[];
  readonly shards?: readonly string[];
}

type Entry = StackEntry & { readonly estate?: string };

interface Outcome {
  readonly affected: Set<string>;
  readonly reviews: Review[];
  /** How the affected stacks were found, for the log and the review's top. */
  readonly notes: string[];
  /** Why no resource-by-resource review was possible (every stack affected): the safety gates cannot pass it. */
  readonly unreviewed?: string;
}

/** The estate file the stack names at the base, where it names one (a stack may move to another estate file). */
function baseEstate(base: ReadText, config: string): string[] {
  const text = readIfPresent(base, config);
  if (text === undefined) return [];
  try {
    const estate = readStackInput(config, base).estate;
    return estate === undefined ? [] : [estate];
  } catch {
    return [];
  }
}

/** A stack whose file changed (or is new) is affected whatever its resources do: its settings may not show in them. */
function fileChanged(base: ReadText, e: Entry): boolean {
  return readIfPresent(base, e.config) !== workingTree(e.config);
}

/**
 * Only stack and estate files changed: both sides run by this checkout's code. One simulation per estate, stack by
 * stack, for all its stacks; one per stack that holds its own spec.
 */
async function configChange(entries: readonly Entry[], base: ReadText, ref: string): Promise<Outcome> {
  const affected = new Set<string>();
  const reviews: Review[] = [];
  const estates = new Map<string, Entry[]>();
  for (const e of entries) {
    if (fileChanged(base, e)) affected.add(e.stack);
    if (readIfPresent(base, e.config) === undefined) continue; // a new stack: everything in it is new, nothing to compare with
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
    const problems = stacks.flatMap((s) =>
      [...shardProblems(h.spec, s.shard ?? undefined, "lync:shard"), ...stackSizeProblems(h.spec, s.shard ?? undefined)].map(
        (p) => `${s.config}: ${formatProblem(p)}`,
      ),
    );
    if (problems.length > 0) {
      process.stderr.write(`${problems.join("\n")}\n`);
      process.exit(EXIT.invalidInput);
    }
    // SHARD-ORDER: names moved between stacks both ways at once cannot be deployed in any order.
    const order = deployOrder(b, h);
    if (order.problems.length > 0) {
      process.stderr.write(`${order.problems.map((p) => `${estate}: ${formatProblem(p)}`).join("\n")}\n`);
      process.exit(EXIT.invalidInput);
    }
    for (const c of order.constraints) process.stderr.write(`stacks: ${estate}: deploy order ${c}\n`);
    const { changes, shards } = await reviewChanges(b, h, true);
    // A stack of the estate without a shard holds all of it.
    for (const s of stacks) if (changes.some((c) => s.shard === null || c.shard === s.shard)) affected.add(s.stack);
    reviews.push({ title: `${estate} (stacks ${stacks.map((s) => s.stack).join(", ")})`, diff: diffPlans(b.plan, h.plan), changes, shards });
  }
  return { affected, reviews, notes: [] };
}

/**
 * The change touches code or dependencies: each stack's base side is what the base's own code registers (a worktree of
 * the base, tools/baseSide.ts), its head side what this checkout's code registers, continuing from the base's state.
 * Where the base side cannot be had, every stack is affected, and the notes say why.
 */
async function codeChange(entries: readonly Entry[], base: ReadText, ref: string, code: readonly string[], examples: boolean): Promise<Outcome> {
  const shown = code.length > 5 ? `${code.slice(0, 5).join(", ")} and ${code.length - 5} more` : code.join(", ");
  const exported = baseResources(ref, examples);
  if (!exported.ok) {
    const notes = [`the change touches ${shown}; every stack is affected: ${exported.reason}`];
    return { affected: new Set(entries.map((e) => e.stack)), reviews: [], notes, unreviewed: exported.reason };
  }
  const notes = [`the change touches ${shown}: each stack's base side was run by ${ref}'s own code and dependencies`];
  // The simulation and its SDK load only here (reviewChanges in tools/plan.ts says why).
  const [{ captureStack, changesBetween }, { importState }] = await Promise.all([import("./review"), import("../tests/harness/mockState")]);
  const affected = new Set<string>();
  const groups = new Map<string, { stacks: Entry[]; changes: ProviderChange[]; head: Loaded }>();
  for (const e of entries) {
    if (fileChanged(base, e)) affected.add(e.stack);
    const before = exported.export.stacks[e.stack];
    if (before === undefined) {
      affected.add(e.stack); // a new stack
      continue;
    }
    const head = load(e.config);
    const after = await captureStack(head, head.shard, importState(before.state));
    const changes = changesBetween(before.resources, after.resources, head.shard);
    if (changes.length > 0) affected.add(e.stack);
    const key = e.estate ?? e.config;
    const group = groups.get(key) ?? { stacks: [], changes: [], head };
    groups.set(key, { ...group, stacks: [...group.stacks, e], changes: [...group.changes, ...changes] });
  }
  const reviews = [...groups].map(([key, { stacks, changes, head }]): Review => {
    const diff = diffPlans(validPlan(stacks[0].config, base)?.plan ?? head.plan, head.plan);
    if (stacks[0].estate === undefined) return { title: key, diff, changes };
    const shards = stacks.map((s) => s.shard).filter((s): s is string => s !== null);
    return { title: `${key} (stacks ${stacks.map((s) => s.stack).join(", ")})`, diff, changes, shards };
  });
  return { affected, reviews, notes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      all: { type: "boolean", default: false },
      "base-ref": { type: "string" },
      review: { type: "string" },
      examples: { type: "boolean", default: false },
      "fail-on-delete-first": { type: "boolean", default: false },
      "max-changes": { type: "string" },
    },
  });
  const maxChanges = parseMaxChanges(values["max-changes"]);
  const ref = values["base-ref"];
  if (values.all === (ref !== undefined) || (values.all && (values.review || values["fail-on-delete-first"] || maxChanges !== undefined)))
    throw new InputError("give either --all or --base-ref REF (--review, --fail-on-delete-first and --max-changes go with --base-ref)");
  const files = stackFiles(".", values.examples);
  const entries = files.map(({ stack, config }): Entry => {
    const settings = readStackInput(config);
    return { stack, config, shard: settings.shard ?? null, ...(settings.estate === undefined ? {} : { estate: settings.estate }) };
  });
  if (values.all) {
    process.stdout.write(`${JSON.stringify({ include: entries.map(({ stack, config, shard }) => ({ stack, config, shard })) })}\n`);
    return;
  }
  // A revision git does not know is the user's mistake (exit 2), not a crash.
  if (spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { stdio: "ignore" }).status !== 0)
    throw new InputError(`--base-ref ${ref}: no such commit in this repository (fetch it first, e.g. fetch-depth: 0)`);
  const base = atRevision(ref!);
  // Every stack's config, both sides: a change to these alone is reviewed with this checkout's code for both sides.
  const config = new Set(entries.flatMap((e) => [e.config, ...(e.estate === undefined ? [] : [e.estate]), ...baseEstate(base, e.config)]));
  const code = codeChanges(changedFiles(ref!), config);
  const { affected, reviews, notes, unreviewed } =
    code.length === 0 ? await configChange(entries, base, ref!) : await codeChange(entries, base, ref!, code, values.examples);
  for (const note of notes) process.stderr.write(`stacks: ${note}\n`);
  const include = entries.filter((e) => affected.has(e.stack)).map(({ stack, config, shard }) => ({ stack, config, shard }));
  process.stdout.write(`${JSON.stringify({ include })}\n`);

  const changed = reviews.filter((r) => r.changes.length > 0 || !r.diff.identical);
  if (values.review) {
    const parts = changed.map((r) => `# ${r.title}\n\n${renderDiff(r.diff, "markdown", r.changes, r.shards)}`);
    const stacks = include.length === 0 ? "none" : include.map((s) => `\`${s.stack}\``).join(", ");
    writeFileSync(values.review, [`Stacks this change affects: ${stacks}`, "", ...notes.map((n) => `> ${n}\n`), ...parts].join("\n"));
  }
  const deleteFirst = values["fail-on-delete-first"];
  const gates = changed.flatMap((r) => [
    ...(maxChanges !== undefined && r.changes.length > maxChanges
      ? [`${r.title}: ${r.changes.length} resource changes, more than --max-changes ${maxChanges}`]
      : []),
    ...(deleteFirst ? r.changes.filter((c) => c.deleteFirst).map((c) => `${r.title}: ${c.name} is replaced delete-first`) : []),
    ...(deleteFirst ? blockingWarnings(r.diff, r.changes).map((w) => `${r.title}: ${formatWarning(w)}`) : []),
  ]);
  // A gate that cannot see the resources does not pass the change: a person accepts it (README "Workflows").
  if (unreviewed !== undefined && (deleteFirst || maxChanges !== undefined))
    gates.push(`the change was not reviewed resource by resource: ${unreviewed}`);
  if (gates.length > 0) {
    process.stderr.write(`safety gate:\n${gates.map((g) => `  - ${g}`).join("\n")}\n`);
    process.exitCode = EXIT.gate;
  }
}

if (require.main === module) runMain("stacks", main, USAGE);
