/**
 * One real-engine operation in a process of its own (bench/engineRun.ts measures this process's whole tree: this
 * Node process with the inline program, the Pulumi CLI, the lab's provider plugins):
 * `node --import tsx bench/engineWorker.ts JOB.json`. The job names the lab directory, the stack, its config, the
 * program (the library's index.ts, or the floor: the same provider resources registered directly) and the operation.
 * Prints the engine's change summary as JSON.
 */
import { readFileSync } from "node:fs";
import type { ConfigMap, OpMap } from "@pulumi/pulumi/automation";
import { findPulumi } from "../tools/toolchain";
import { labEngine, labStack, pulumiCommand } from "../lab/engine";
import { floorModuleProgram, libraryProgram, type FloorStyle } from "./programs";

export interface EngineJob {
  readonly dir: string;
  readonly stack: string;
  readonly config: ConfigMap;
  /** The floor's provider resources (a file of FloorResource[]), or absent for the library. */
  readonly floorFile?: string;
  /** How the floor registers them (bench/programs.ts FloorStyle); default `sdk`, the provider resources alone. */
  readonly floorStyle?: FloorStyle;
  readonly op: "preview" | "up";
  /** The program's working directory (the project directory a stack's `lync:estate` file is read from). */
  readonly cwd?: string;
  /** Further environment for the CLI, e.g. PULUMI_SKIP_CHECKPOINTS. */
  readonly env?: Readonly<Record<string, string>>;
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8")) as EngineJob;
  const cli = findPulumi();
  if (!cli) throw new Error("no Pulumi CLI: npm run pulumi -- version");
  const lab = labEngine(await pulumiCommand(cli), job.dir);
  const engine = { ...lab, env: { ...lab.env, ...job.env } };
  // An inline program runs in this process: process.cwd() is its project directory.
  if (job.cwd !== undefined) process.chdir(job.cwd);
  // Both as program modules, loaded by require as a language host loads a program (bench/floorMain.ts says why).
  const program = job.floorFile === undefined ? libraryProgram() : floorModuleProgram(job.floorFile, job.floorStyle ?? "sdk");
  const stack = await labStack(engine, job.stack, job.config, program);
  let changes: OpMap | undefined;
  if (job.op === "preview") changes = (await stack.preview()).changeSummary;
  else changes = (await stack.up()).summary.resourceChanges;
  process.stdout.write(`${JSON.stringify(changes ?? {})}\n`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
