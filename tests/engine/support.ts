/**
 * The engine tests' common ground: the pinned Pulumi CLI (found, never built here: .ci/run builds it first, a
 * developer runs `npm run pulumi -- version` once), a fresh lab engine per test file, and the engine's steps of a
 * preview read from its own events (the events `pulumi preview --json` prints), URN by URN.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestContext } from "node:test";
import type { ConfigMap, EngineEvent, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { findPulumi } from "../../tools/toolchain";
import { LAB_PLUGINS, labEngine, pulumiCommand, type LabEngine } from "../../lab/engine";
import { ATTACH_ENV, startLabProviders } from "../../lab/attach";
import type { ChangeKind } from "../harness/changeSimulation";

/** The CLI's Automation API handle, once per test process: finding it runs `pulumi version` twice. */
let cliCommand: Promise<PulumiCommand | undefined> | undefined;

async function findCommand(): Promise<PulumiCommand | undefined> {
  const cli = findPulumi();
  return cli && (await pulumiCommand(cli));
}

/**
 * A lab engine in a fresh directory, or undefined (test skipped) where no CLI is built; in CI a missing CLI fails.
 * The lab's providers run for the whole test and the engine attaches to them (lab/attach.ts), unless `plugins` asks
 * for the engine to launch them from PATH per operation, as a user's `pulumi up` does.
 */
export async function engineOrSkip(t: TestContext, { plugins = false } = {}): Promise<LabEngine | undefined> {
  const command = await (cliCommand ??= findCommand());
  if (!command) {
    assert.notEqual(process.env.CI, "true", "no Pulumi CLI: .ci/run builds it with `npm run pulumi -- version`");
    t.skip('no Pulumi CLI built yet: run `npm run pulumi -- version` once (docs/lab.md "The engine")');
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lync-engine-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const engine = labEngine(command, dir);
  if (plugins) return engine;
  const providers = await startLabProviders(LAB_PLUGINS, engine.cloudDir);
  t.after(() => providers.stop());
  return { ...engine, env: { ...engine.env, [ATTACH_ENV]: providers.attach } };
}

/** One step of the engine: the operation on a URN (same, create, update, replace, create-replacement, delete, ...). */
export interface EngineStep {
  readonly urn: string;
  readonly op: string;
  readonly type: string;
  /** Top-level properties whose change the engine names (detailed diff keys), sorted. */
  readonly diffs: readonly string[];
  /** The URN the resource had in the state, where an alias gave it another (a replacement's old side). */
  readonly oldUrn?: string;
}

/** Runs a preview and returns the engine's steps (resource pre-events), sorted by URN then op. */
export async function previewSteps(stack: Stack): Promise<EngineStep[]> {
  const steps: EngineStep[] = [];
  await stack.preview({
    diff: true,
    onEvent: (e: EngineEvent) => {
      const m = e.resourcePreEvent?.metadata;
      if (!m) return;
      const oldUrn = m.old?.urn !== undefined && m.old.urn !== m.urn ? { oldUrn: m.old.urn } : {};
      steps.push({ urn: m.urn, op: m.op, type: m.type, diffs: [...(m.diffs ?? [])].sort(), ...oldUrn });
    },
  });
  return steps.sort((a, b) => (a.urn === b.urn ? (a.op < b.op ? -1 : 1) : a.urn < b.urn ? -1 : 1));
}

/** Steps other than `same` (what the engine would change). */
export const changing = (steps: readonly EngineStep[]) => steps.filter((s) => s.op !== "same");

/** The logical name of a URN. */
export const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** The URN without `urn:pulumi:<stack>::<project>::` (mock and engine runs name their stacks differently). */
export const stackless = (urn: string) => urn.split("::").slice(2).join("::");

/** The engine's steps of one URN as the change kind the review (the change simulation) speaks of. */
export function kindOf(ops: readonly string[]): ChangeKind {
  if (ops.some((o) => o === "replace" || o === "create-replacement" || o === "delete-replaced")) return "replace";
  if (ops.length !== 1) throw new Error(`unexpected steps ${ops.join(",")}`);
  const op = ops[0];
  if (op === "same") return "unchanged";
  if (op === "create" || op === "update" || op === "delete") return op;
  throw new Error(`unexpected step ${op}`);
}

/**
 * Engine steps grouped per stack-less URN, as change kinds. A replacement found through an alias (an A record set that
 * becomes a CNAME) is one resource to the engine too: its steps name the old URN on the delete side and the new one on
 * the create side; both count for the program's (new) URN, as the review names it.
 */
export function engineKinds(steps: readonly EngineStep[]): Map<string, ChangeKind> {
  const renamed = new Map(steps.filter((s) => s.oldUrn !== undefined).map((s) => [s.oldUrn!, s.urn]));
  const ops = new Map<string, string[]>();
  for (const s of steps) {
    const urn = stackless(renamed.get(s.urn) ?? s.urn);
    ops.set(urn, [...(ops.get(urn) ?? []), s.op]);
  }
  return new Map([...ops].map(([urn, o]) => [urn, kindOf(o)]));
}

/** Runs the engine's CLI as a user types it (in `cwd`, the lab's environment), e.g. `destroy --yes`. */
export function runCli(engine: LabEngine, args: readonly string[], cwd: string): { status: number | null; output: string } {
  const run = spawnSync(engine.cli.command, [...args, "--non-interactive"], { cwd, encoding: "utf8", env: { ...process.env, ...engine.env } });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/**
 * `up` (or `preview`) of a lab stack (with `config`) in a child process (inChild.ts), for a run the engine is expected
 * to stop: what the cut-off program still registers rejects there, not in the test runner. Exit status and output.
 */
export function inChild(
  engine: LabEngine,
  stack: string,
  config: ConfigMap,
  operation: "up" | "preview" = "up",
): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "inChild.ts"), engine.dir, stack, operation], {
    encoding: "utf8",
    // The child's CLI runs attach to the same providers (the Automation API passes its environment on).
    env: { ...process.env, LAB_STACK_CONFIG: JSON.stringify(config), ...(engine.env[ATTACH_ENV] ? { [ATTACH_ENV]: engine.env[ATTACH_ENV] } : {}) },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
