/**
 * `npm run --silent deploy-set -- --deployed FILE.json [--tip REF] [--examples]`: which stacks a deploy run (deploy.yml)
 * must bring up, as two GitHub Actions matrices on stdout, `infra={"include":[...]}` and `pools={"include":[...]}`
 * (lines for $GITHUB_OUTPUT): every stack whose deployed state may differ from this commit, not only the stacks of the
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
import { readStackInput, stackFiles } from "./stackFiles";
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

/** Infra stacks (and stacks holding a whole deployment) first, then the pools: the pools' records use infra's zones. */
export function splitMatrices(entries: readonly DeployEntry[], deploy: ReadonlySet<string>): { infra: string; pools: string } {
  const pick = (infra: boolean) =>
    JSON.stringify({
      include: entries
        .filter((e) => deploy.has(e.stack) && (e.shard === null || e.shard === INFRA_SHARD) === infra)
        .map(({ stack, config, shard }) => ({ stack, config, shard })),
    });
  return { infra: pick(true), pools: pick(false) };
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
  const entries = stackFiles(".", values.examples).map(({ stack, config }) => ({ stack, config, shard: readStackInput(config).shard ?? null }));
  const head = git("rev-parse", "HEAD");
  if (values.tip !== undefined && git("rev-parse", `${values.tip}^{commit}`) !== head) {
    process.stderr.write(`deploy-set: ${head.slice(0, 12)} is no longer the tip of ${values.tip}: the newer run deploys, this one nothing\n`);
    process.stdout.write(`infra={"include":[]}\npools={"include":[]}\n`);
    return;
  }
  const decisions = deployDecisions(entries, { head, deployed, known, affectedSince: (c) => affectedSince(c, values.examples) });
  for (const d of decisions) process.stderr.write(`deploy-set: ${d.stack}: ${d.reason ?? "deployed state is this commit's, nothing to do"}\n`);
  const { infra, pools } = splitMatrices(entries, new Set(decisions.filter((d) => d.reason !== undefined).map((d) => d.stack)));
  process.stdout.write(`infra=${infra}\npools=${pools}\n`);
}

if (require.main === module) runMain("deploy-set", main, USAGE);
