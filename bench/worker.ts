/**
 * One measurement in a fresh process (started by bench/run.ts with `node --import tsx`), so that peak RSS belongs to
 * this measurement alone: receives a job over IPC, runs it under the mock runtime (lab/capture.ts) and sends back wall
 * time and process.resourceUsage().maxRSS, read before anything else (e.g. writing a dump) can raise them.
 */
import { writeFileSync, readFileSync } from "node:fs";
import { capture, type CapturedResource, type MockProvider } from "../tests/harness/capture";
import { classifyChanges, statefulProviders } from "../tests/harness/changeSimulation";
import { tlsMocks } from "../tests/harness/tlsMocks";
import { emptyProgram, floorProgram, floorResources, libraryProgram, type FloorResource, type FloorStyle } from "./programs";
import { footprint, type Footprint } from "./footprint";
import { addOneTenant, summarize, type ChangeSummary } from "./change";
import { validateDeployment } from "../components/model";
import { estateChanges } from "../tools/review";

/** Settings tried by the investigation (BENCHMARKS.md); none is applied by default. */
export interface Tweaks {
  /** Error.stackTraceLimit for the whole run (the SDK captures a stack for every internal promise). */
  readonly stackTraceLimit?: number;
  /** false: turn off the source maps tsx enables, so that a captured stack is not mapped back to TypeScript. */
  readonly sourceMaps?: boolean;
  /** true: skip the SDK's per-resource source-position lookup (Resource.callsites, an unbounded stack). Diagnosis only. */
  readonly noCallsites?: boolean;
  /**
   * Error.stackTraceLimit while the program's synchronous part runs (validation, every resource constructor), restored
   * right after: what a program or library could do around its own resource construction without changing it for the
   * SDK's asynchronous work or for anything that runs later.
   */
  readonly stackTraceLimitWhileConstructing?: number;
}

export type Job =
  | {
      readonly kind: "library";
      readonly deployment: unknown;
      /** Further stack config of the program (e.g. lync:legacyNameAliases). */
      readonly config?: Readonly<Record<string, unknown>>;
      readonly dumpFile?: string;
      readonly tweaks?: Tweaks;
      /** After the measurement: run the program again with this deployment and classify the change (lab/lifecycle.ts). */
      readonly change?: { readonly after: unknown; readonly added: string };
    }
  | { readonly kind: "floor"; readonly style: FloorStyle; readonly resourcesFile: string; readonly tweaks?: Tweaks }
  | { readonly kind: "empty"; readonly tweaks?: Tweaks }
  | { readonly kind: "change"; readonly before: unknown; readonly after: unknown; readonly added: string }
  /** An estate's change stack by stack, as the plan review and `npm run stacks` compute it (tools/review.ts). */
  | { readonly kind: "estate-change"; readonly before: unknown; readonly after: unknown };

export interface Measurement {
  readonly wallMs: number;
  /** CPU time (user + system, all threads) over the same span: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  /** Provider resources registered. */
  readonly resources: number;
  readonly footprint?: Footprint;
}

export interface EstateChangeSummary {
  readonly shards: number;
  /** Shards whose inputs differ, simulated; the others are skipped as unchanged. */
  readonly simulated: number;
  /** Shard -> its resource changes as harness lines. */
  readonly affected: Record<string, string[]>;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

export type WorkerResult =
  | { readonly ok: true; readonly measurement?: Measurement; readonly change?: ChangeSummary; readonly estate?: EstateChangeSummary }
  | { readonly ok: false; readonly error: string };

function applyTweaks(t: Tweaks = {}): void {
  if (t.stackTraceLimit !== undefined) Error.stackTraceLimit = t.stackTraceLimit;
  if (t.sourceMaps === false) process.setSourceMapsEnabled(false);
  if (t.noCallsites) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("@pulumi/pulumi/resource") as { Resource: { callsites: () => unknown[] } }).Resource.callsites = () => [];
  }
}

/** capture() waits for every registration, exported or not, as the language host does, so all are measured. */
async function captureAll(program: () => unknown, providers: MockProvider[], config?: Record<string, unknown>): Promise<CapturedResource[]> {
  return (await capture(program, { config, providers })).resources;
}

async function measure(
  program: () => unknown,
  providers: MockProvider[],
  config?: Record<string, unknown>,
): Promise<{ m: Measurement; resources: CapturedResource[] }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const resources = await captureAll(program, providers, config);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const count = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;
  return { m: { wallMs, cpuMs, maxRssMb, resources: count }, resources };
}

/** The program with Tweaks.stackTraceLimitWhileConstructing applied around its synchronous part. */
function tweaked(program: () => unknown, t: Tweaks = {}): () => unknown {
  const limit = t.stackTraceLimitWhileConstructing;
  if (limit === undefined) return program;
  return () => {
    const saved = Error.stackTraceLimit;
    Error.stackTraceLimit = limit;
    try {
      return program();
    } finally {
      Error.stackTraceLimit = saved;
    }
  };
}

async function estateChange(before: unknown, after: unknown): Promise<EstateChangeSummary> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const spec = (input: unknown) => {
    const r = validateDeployment(input);
    if (!r.ok) throw new Error(`invalid estate: ${r.problems.map((p) => p.message).join("; ")}`);
    return { input, spec: r.spec };
  };
  const [b, h] = [spec(before), spec(after)];
  const simulated: string[] = [];
  const { shards, changes } = await estateChanges(b, h, { onSimulate: (shard) => simulated.push(shard) });
  const used = process.cpuUsage(cpu);
  const affected: Record<string, string[]> = {};
  for (const c of changes) (affected[c.shard!] ??= []).push(`${c.kind} ${c.type} ${c.name}`);
  return {
    shards: shards.length,
    simulated: simulated.length,
    affected,
    wallMs: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function run(job: Job): Promise<WorkerResult> {
  if (job.kind === "change") return { ok: true, change: await addOneTenant(job.before, job.after, job.added) };
  if (job.kind === "estate-change") return { ok: true, estate: await estateChange(job.before, job.after) };
  applyTweaks(job.tweaks);
  // The harness's engine-like state in every run (the same setup for library and floor): a resource registered again
  // with the same inputs keeps its outputs (same key, same CSR), so the change run below sees only real changes.
  const providers = statefulProviders([tlsMocks()]);
  if (job.kind === "library") {
    const config = (deployment: unknown) => ({ ...job.config, "lync:deployment": deployment });
    const { m, resources } = await measure(tweaked(libraryProgram(), job.tweaks), providers, config(job.deployment));
    if (job.dumpFile) writeFileSync(job.dumpFile, JSON.stringify(floorResources(resources)));
    let change: ChangeSummary | undefined;
    if (job.change) {
      const after = await captureAll(libraryProgram(), providers, config(job.change.after));
      change = summarize(classifyChanges(resources, after), resources, after, job.change.added);
    }
    return { ok: true, measurement: { ...m, footprint: footprint(resources) }, change };
  }
  if (job.kind === "floor") {
    // Read before the clock starts: the floor gets its resources for free.
    const replay = JSON.parse(readFileSync(job.resourcesFile, "utf8")) as FloorResource[];
    return { ok: true, measurement: (await measure(tweaked(floorProgram(replay, job.style), job.tweaks), providers)).m };
  }
  return { ok: true, measurement: (await measure(emptyProgram(), providers)).m };
}

process.once("message", (job: Job) => {
  // Not awaited: run()'s failures become an error result; only a failed send would reject, and that ends the worker.
  void run(job)
    .catch((e: unknown): WorkerResult => ({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
    .then((result) => process.send!(result, () => process.exit(0)));
});
