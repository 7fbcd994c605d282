/**
 * `npm run --silent deploy-set -- --deployed FILE.json [--tip REF] [--examples]`: which stacks a deploy run (deploy.yml)
 * must bring up, as two GitHub Actions matrices on stdout, `infra={"include":[...]}` and `pools={"include":[...]}`,
 * with each wave's `infraParallel` / `poolsParallel` (lines for $GITHUB_OUTPUT; splitMatrices says how SHARD-ORDER
 * orders them): every stack whose deployed state may differ from this commit, not only the stacks of the
 * last push's diff. FILE.json maps each stack to the commit its last successful `pulumi up` deployed (the stack tag
 * `lync:deployed-commit`, set after each successful up), or null. A stack is deployed when it has no such commit (new,
 * or never deployed by the workflow), when that commit is not in this repository's history, or when the change from
 * it to this commit affects the stack (npm run stacks --base-ref, by meaning: tools/stacks.ts). So a run that was
 * replaced in the queue, or a stack whose up failed (its tag stays behind), is deployed by the next run.
 * With --tip, a run whose commit is no longer the tip of REF (origin/main) deploys nothing: the newer run will, and an
 * older commit must never be applied after a newer one.
 * Exit codes (tools/exit.ts): 2 usage or an unreadable FILE.json; 70 an internal error.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { INFRA_SHARD } from "../components/model";
import { deployOrder } from "../components/plan/handover";
import { atRevision, readStackInput, stackFiles, validPlan, workingTree } from "./stackFiles";
import { InputError, runMain } from "./exit";

const USAGE = "usage: npm run --silent deploy-set -- --deployed FILE.json [--tip REF] [--examples]";

export interface DeployEntry {
  readonly stack: string;
  readonly config: string;
  readonly shard: string | null;
}

export interface Decision {
  readonly stack: string;
  /** Why it is deployed; undefined: its deployed state is this commit's. */
  readonly reason?: string;
}

export interface DeployFacts {
  /** The commit being deployed. */
  readonly head: string;
  /** stack -> the commit its last successful up deployed, or null/absent. */
  readonly deployed: Readonly<Record<string, string | null | undefined>>;
  /** Whether a commit is in this repository's history. */
  readonly known: (commit: string) => boolean;
  /** The stacks the change from a commit to head affects, or undefined where that cannot be computed. */
  readonly affectedSince: (commit: string) => ReadonlySet<string> | undefined;
}

/** Pure: each stack's decision; the stacks deployed at one commit share one computation. */
export function deployDecisions(entries: readonly DeployEntry[], facts: DeployFacts): Decision[] {
  const since = new Map<string, ReadonlySet<string> | undefined>();
  const affected = (commit: string) => {
    if (!since.has(commit)) since.set(commit, facts.affectedSince(commit));
    return since.get(commit);
  };
  return entries.map(({ stack }): Decision => {
    const at = facts.deployed[stack];
    if (!at) return { stack, reason: "no deployed commit recorded (new, or never deployed by this workflow)" };
    if (at === facts.head) return { stack };
    if (!facts.known(at)) return { stack, reason: `its deployed commit ${at} is not in this repository's history` };
    const set = affected(at);
    if (set === undefined) return { stack, reason: `the change since ${at.slice(0, 12)} could not be computed` };
    return set.has(stack) ? { stack, reason: `the change since ${at.slice(0, 12)} affects it` } : { stack };
  });
}

/** Matrices of the two deploy waves, and how many of each wave's stacks may run at once. */
export interface Waves {
  readonly infra: string;
  readonly pools: string;
  readonly infraParallel: number;
  readonly poolsParallel: number;
}

/** A wave's stacks at once when nothing orders them; one at a time, in the listed order, when something does. */
const PARALLEL = 4;

/**
 * Infra stacks (and stacks holding a whole deployment) first, then the pools: the pools' records use infra's zones.
 * `before` ([a, b]: stack a must run before stack b, docs/rules.md SHARD-ORDER) reorders that: a pool that must
 * release names before infra claims them joins the first wave ahead of infra, and a wave with an order inside it runs
 * its stacks one at a time in that order (GitHub starts a matrix's jobs in the listed order).
 */
export function splitMatrices(
  entries: readonly DeployEntry[],
  deploy: ReadonlySet<string>,
  before: ReadonlyArray<readonly [string, string]> = [],
): Waves {
  const chosen = entries.filter((e) => deploy.has(e.stack));
  const first = new Set(chosen.filter((e) => e.shard === null || e.shard === INFRA_SHARD).map((e) => e.stack));
  for (let grew = true; grew;) {
    grew = false;
    for (const [a, b] of before)
      if (first.has(b) && !first.has(a) && deploy.has(a)) {
        first.add(a);
        grew = true;
      }
  }
  const wave = (inFirst: boolean) => {
    const members = chosen.filter((e) => first.has(e.stack) === inFirst);
    const inside = before.filter(([a, b]) => members.some((e) => e.stack === a) && members.some((e) => e.stack === b));
    // Kahn's order, ties in the stack files' order.
    const ordered: DeployEntry[] = [];
    const pending = [...members];
    while (pending.length > 0) {
      const i = pending.findIndex((e) => !inside.some(([a, b]) => b === e.stack && pending.some((p) => p.stack === a)));
      ordered.push(...pending.splice(i < 0 ? 0 : i, 1));
    }
    const matrix = JSON.stringify({ include: ordered.map(({ stack, config, shard }) => ({ stack, config, shard })) });
    return { matrix, parallel: inside.length > 0 ? 1 : PARALLEL };
  };
  const [infra, pools] = [wave(true), wave(false)];
  return { infra: infra.matrix, pools: pools.matrix, infraParallel: infra.parallel, poolsParallel: pools.parallel };
}

/**
 * SHARD-ORDER pairs of stacks for the change from each estate's deployed commits to this one (components/plan/
 * handover.ts): [a, b] when stack a must run before stack b. A side that cannot be read or does not validate orders
 * nothing.
 */
function handoverPairs(entries: ReadonlyArray<DeployEntry & { estate?: string }>, deployed: DeployFacts["deployed"]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const estates = new Map<string, Array<DeployEntry & { estate?: string }>>();
  for (const e of entries) if (e.estate !== undefined) estates.set(e.estate, [...(estates.get(e.estate) ?? []), e]);
  for (const stacks of estates.values()) {
    const stackOf = new Map(stacks.map((s) => [s.shard, s.stack]));
    const head = validPlan(stacks[0].config, workingTree);
    const commits = new Set(stacks.map((s) => deployed[s.stack]).filter((c): c is string => typeof c === "string" && known(c)));
    for (const commit of commits) {
      const base = validPlan(stacks[0].config, atRevision(commit));
      if (!base || !head) continue;
      for (const c of deployOrder(base, head).constraints) {
        const [a, b] = c.slice(0, c.indexOf(":")).split(" -> ");
        if (stackOf.has(a) && stackOf.has(b)) pairs.push([stackOf.get(a)!, stackOf.get(b)!]);
      }
    }
  }
  return pairs;
}

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

function known(commit: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${commit}^{commit}`], { stdio: "ignore" }).status === 0;
}

/** `npm run stacks -- --base-ref COMMIT` in a process of its own (it may exit on an invalid base). */
function affectedSince(commit: string, examples: boolean): ReadonlySet<string> | undefined {
  const tsx = pathToFileURL(require.resolve("tsx")).href;
  const args = ["--import", tsx, join(__dirname, "stacks.ts"), "--base-ref", commit, ...(examples ? ["--examples"] : [])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return undefined;
  return new Set((JSON.parse(r.stdout) as { include: Array<{ stack: string }> }).include.map((s) => s.stack));
}

function main(): void {
  const { values } = parseArgs({
    options: { deployed: { type: "string" }, tip: { type: "string" }, examples: { type: "boolean", default: false } },
  });
  if (!values.deployed) throw new InputError("--deployed FILE.json is required");
  let deployed: Record<string, string | null>;
  try {
    deployed = JSON.parse(readFileSync(values.deployed, "utf8")) as Record<string, string | null>;
  } catch (e) {
    throw new InputError(`--deployed ${values.deployed}: ${(e as Error).message}`);
  }
  const entries = stackFiles(".", values.examples).map(({ stack, config }) => {
    const settings = readStackInput(config);
    return { stack, config, shard: settings.shard ?? null, ...(settings.estate === undefined ? {} : { estate: settings.estate }) };
  });
  const head = git("rev-parse", "HEAD");
  if (values.tip !== undefined && git("rev-parse", `${values.tip}^{commit}`) !== head) {
    process.stderr.write(`deploy-set: ${head.slice(0, 12)} is no longer the tip of ${values.tip}: the newer run deploys, this one nothing\n`);
    process.stdout.write(`infra={"include":[]}\npools={"include":[]}\ninfraParallel=${PARALLEL}\npoolsParallel=${PARALLEL}\n`);
    return;
  }
  const decisions = deployDecisions(entries, { head, deployed, known, affectedSince: (c) => affectedSince(c, values.examples) });
  for (const d of decisions) process.stderr.write(`deploy-set: ${d.stack}: ${d.reason ?? "deployed state is this commit's, nothing to do"}\n`);
  const before = handoverPairs(entries, deployed);
  for (const [a, b] of before) process.stderr.write(`deploy-set: ${a} before ${b} (names move between them: docs/rules.md SHARD-ORDER)\n`);
  const waves = splitMatrices(entries, new Set(decisions.filter((d) => d.reason !== undefined).map((d) => d.stack)), before);
  process.stdout.write(`infra=${waves.infra}\npools=${waves.pools}\ninfraParallel=${waves.infraParallel}\npoolsParallel=${waves.poolsParallel}\n`);
}

if (require.main === module) runMain("deploy-set", main, USAGE);
