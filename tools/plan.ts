/**
 * `npm run plan -- --config FILE [--base FILE | --base-ref REF] [--estate] [--max-changes N] [--fail-on-delete-first]
 * [--json] [--zonefiles DIR] [--windows-dns FILE.ps1] [--runbook]`: validate a deployment spec (a Pulumi.<stack>.yaml, a stack of an estate, or a standalone
 * YAML/JSON file) and print its plan; with --base (another file) or --base-ref (the same file at a git revision, e.g.
 * origin/main), print the change review from the base to this one (for pull requests): the plan diff in Lync words
 * and every provider resource `pulumi up` would create, update, replace or delete (tools/review.ts). A stack of an
 * estate (`lync:estate`, `lync:shard`) is reviewed as that stack; with --estate, the file is reviewed as an estate,
 * stack by stack, and the review says which stacks change.
 * Exit codes (tools/exit.ts): 2 an invalid spec or usage (every problem on stderr, nothing on stdout); 3 a safety gate
 * tripped (more than N resource changes, or a delete-first replacement), after the review is printed, as octoDNS's
 * thresholds do; 70 an internal error, with its stack trace.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { validateDeployment, buildPlan, formatProblem, formatWarning, shardProblems, stackSizeProblems, type Plan } from "../components/model";
import { planToMarkdown } from "../components/render/markdown";
import { issuedNames } from "../components/tls/issued";
import { planToJson } from "../components/render/json";
import { zoneFiles } from "../components/render/zonefile";
import { windowsDnsScript } from "../components/render/windowsDns";
import { runbookForChange, runbookScript } from "../components/render/runbook";
import { blockingWarnings, renderDiff, type ProviderChange } from "../components/render/diff";
import { diffPlans } from "../components/plan/diff";
import type { DeploymentSpec } from "../components/spec/types";
import { atRevision, readStackInput, workingTree, type ReadText } from "./stackFiles";
import { changedFiles, codeChanges } from "./baseSide";
import { EXIT, InputError, RefusedInput, runMain, type ToolOutput } from "./exit";

const USAGE =
  "usage: npm run plan -- --config FILE [--base FILE | --base-ref REF] [--estate] [--max-changes N] [--fail-on-delete-first] [--json] [--zonefiles DIR] [--windows-dns FILE.ps1] [--runbook]";

export interface Loaded {
  readonly input: unknown;
  readonly spec: DeploymentSpec;
  readonly plan: Plan;
  readonly shard?: string;
}

/** Reads and validates one spec file; refused (exit 2, every problem on stderr) if it is invalid. */
export function loadPlan(file: string): Plan {
  return load(file).plan;
}

/** A stack or spec file (from the working tree, or through `read` from a git revision), validated; refused if invalid. */
export function load(file: string, read: ReadText = workingTree, label = file): Loaded {
  let stack;
  try {
    stack = readStackInput(file, read);
  } catch (e) {
    // A file that cannot be read or parsed is the user's; a crash later (validation, plan) is not caught here.
    throw new RefusedInput(`${label}: ${(e as Error).message}`);
  }
  const result = validateDeployment(stack.input);
  const problems = result.ok
    ? [...shardProblems(result.spec, stack.shard, "lync:shard"), ...stackSizeProblems(result.spec, stack.shard)]
    : result.problems;
  if (!result.ok || problems.length > 0)
    throw new RefusedInput(`${label}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
  // ONBOARD-ORDER: the stack's issued certificates say what is in service, as they do for the program.
  const issued = issuedNames(stack.issuedCertificates);
  const plan = buildPlan(result.spec, issued);
  const known = Object.fromEntries(Object.entries(issued).filter(([id]) => plan.certificates.some((c) => c.id === id)));
  return { input: withInService(stack.input, known), spec: result.spec, plan, ...(stack.shard === undefined ? {} : { shard: stack.shard }) };
}

/**
 * The input the review's change simulation runs: the issued certificates' names declared in service. The simulation
 * cannot be given the certificates themselves (they answer the stack's real keys, not its stand-ins), yet its records
 * must be those the plan holds back or publishes.
 */
function withInService(input: unknown, issued: Readonly<Record<string, readonly string[]>>): unknown {
  if (Object.keys(issued).length === 0 || typeof input !== "object" || input === null) return input;
  const spec = input as { certificates?: { inService?: Record<string, readonly string[]> } };
  return { ...spec, certificates: { ...spec.certificates, inService: { ...spec.certificates?.inService, ...issued } } };
}

/** The review's resource changes: the stack's own, or (an estate) every shard's stack, each change with its shard. */
export async function reviewChanges(base: Loaded, head: Loaded, estate: boolean): Promise<{ changes: ProviderChange[]; shards?: string[] }> {
  // Loaded here, not on start: the simulation brings Pulumi's SDK and the mock runtime (about a second of CPU), which
  // only a review needs; a plan, a usage error or a refused spec answer without them.
  const { estateChanges, providerChanges } = await import("./review");
  if (estate) {
    const { shards, changes } = await estateChanges(base, head);
    return { changes: [...changes], shards: [...shards] };
  }
  return { changes: await providerChanges(base, head, head.shard ?? base.shard) };
}

/**
 * --max-changes: a plain decimal count. Number() would also take `0x10`, `1e1`, ` 7 ` or an empty string, so that a
 * gate in CI could mean something other than what the reviewer reads.
 */
export function parseMaxChanges(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new InputError(`--max-changes wants a plain whole number >= 0 (decimal digits only), not ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * This review runs both sides with this checkout's code; a change to the code itself is reviewed by meaning only by
 * `npm run stacks` (tools/baseSide.ts), so say so rather than show a code change as no change.
 */
function warnIfCodeChanged(ref: string, config: string, output: ToolOutput): void {
  let code: string[];
  try {
    code = codeChanges(changedFiles(ref), new Set([config]));
  } catch {
    return; // not in a git checkout: nothing to compare
  }
  if (code.length > 0)
    output.stderr(
      `plan: note: ${code.length} file(s) besides the config differ from ${ref} (${code.slice(0, 3).join(", ")}${code.length > 3 ? ", ..." : ""}); ` +
        `both sides here run this checkout's code. \`npm run stacks -- --base-ref ${ref}\` runs the base side with ${ref}'s own code.\n`,
    );
}

/** `npm run plan -- ARGS`: writes the plan or the review to `output`, returns the exit code (tools/exit.ts). */
export async function main(args: string[], output: ToolOutput): Promise<number> {
  // A usage error (unknown option, missing value) is the user's, like an invalid spec: runMain exits 2, no stack trace.
  const { values } = parseArgs({
    args,
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
  });
  if (!values.config) throw new InputError("--config FILE is required");
  const maxChanges = parseMaxChanges(values["max-changes"]);
  const reviewing = values.base !== undefined || values["base-ref"] !== undefined;
  if ((maxChanges !== undefined || values["fail-on-delete-first"] || values.estate) && !reviewing)
    throw new InputError("--max-changes, --fail-on-delete-first and --estate go with --base or --base-ref");
  if (values.base !== undefined && values["base-ref"] !== undefined) throw new InputError("--base and --base-ref exclude each other");
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
    if (script === null) throw new InputError("--windows-dns: the spec declares no internalDns");
    writeFileSync(values["windows-dns"], script);
  }
  const ref = values["base-ref"];
  const base = !reviewing ? undefined : ref === undefined ? load(values.base!) : load(values.config, atRevision(ref), `${values.config} at ${ref}`);
  if (values.runbook) {
    // The Lync Management Shell steps (docs/runbook.md): the whole deployment, or only what the change needs.
    output.stdout(base ? runbookForChange(base.plan, plan) : runbookScript(plan));
    return EXIT.ok;
  }
  if (base) {
    if (ref !== undefined) warnIfCodeChanged(ref, values.config, output);
    const { changes: resources, shards } = await reviewChanges(base, head, values.estate);
    const diff = diffPlans(base.plan, plan);
    output.stdout(renderDiff(diff, values.json ? "json" : "markdown", resources, shards));
    if (!values.json) output.stdout(`\nLync Management Shell steps for this change: the same command with \`--runbook\` (docs/runbook.md).\n`);
    const gates = [
      ...(maxChanges !== undefined && resources.length > maxChanges
        ? [`${resources.length} resource changes, more than --max-changes ${maxChanges}`]
        : []),
      ...(values["fail-on-delete-first"] && resources.some((c) => c.deleteFirst)
        ? [`${resources.filter((c) => c.deleteFirst).length} delete-first replacement(s) (--fail-on-delete-first)`]
        : []),
      // A live record deleted outright is as destructive as a delete-first replacement; a gateway outage is named.
      ...(values["fail-on-delete-first"] ? blockingWarnings(diff, resources).map((w) => formatWarning(w)) : []),
    ];
    if (gates.length === 0) return EXIT.ok;
    output.stderr(`safety gate: ${gates.join("; ")}\n`);
    return EXIT.gate;
  }
  output.stdout(values.json ? planToJson(plan) : planToMarkdown(plan));
  return EXIT.ok;
}

if (require.main === module) runMain("plan", main, USAGE);
