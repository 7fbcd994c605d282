/**
 * `npm run bench:engine [-- --sizes 100,1000] [--estate 5000] [--skip-checkpoints-from 1000] [--out FILE.json]`: the
 * cost of a stack under the real engine (issue 20; BENCHMARKS.md "Under the real engine"). Per case, one operation in a
 * fresh process (bench/engineWorker.ts), measured as a whole process tree: the Node process with the inline program,
 * the pinned Pulumi CLI and the lab's provider plugins. Wall and CPU time come from GNU time (user + system of the
 * process and every descendant it waited for: the CLI waits for its plugins, Node for the CLI); peak memory is the
 * largest sum of the tree's resident sets, sampled every 100 ms from /proc. Each library case runs beside its floor
 * (the same provider resources registered directly, bench/programs.ts) under the same engine, in the same run, and
 * each `up` also beside the floor under the library's component tree. Stacks of at least --skip-checkpoints-from
 * domains run with PULUMI_SKIP_CHECKPOINTS=true, library and floors alike: the file backend rewrites the whole
 * checkpoint after every step (pulumi v3.248.0 backend/snapshot.go), which at 1,000 domains (7,000 resources) keeps an
 * `up` from finishing (BENCHMARKS.md "Under the real engine").
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildPlan, tenantShard, validateDeployment } from "../components/model";
import { CONFIG_KEY, ESTATE_KEY, SHARD_KEY } from "../components/spec/load";
import { stackConfig } from "../lab/engine";
import { capture, programFromModule } from "../tests/harness/capture";
import { PROJECT_PROGRAM } from "../tests/harness/changeSimulation";
import { tlsMocks } from "../tests/harness/tlsMocks";
import { generateDeployment, poolsFor, tenant } from "./generate";
import { estateDeployment } from "./estate";
import { floorResources } from "./programs";
import type { EngineJob } from "./engineWorker";

export interface TreeFigures {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMb: number;
  /** The engine's change summary (op -> count). */
  readonly changes: Record<string, number>;
  /** After an `up`: the stack's checkpoint file (the file backend rewrites it after every step). */
  readonly checkpoint?: CheckpointFigures;
}

export interface CheckpointFigures {
  readonly bytes: number;
  readonly resources: number;
  /** Mean length of the call stack the SDK recorded with each resource (the engine keeps it in the state). */
  readonly meanFrames: number;
}

/** The file backend's checkpoint of `stack` in a lab directory (state/.pulumi/stacks/<project>/<stack>.json). */
function checkpointFigures(dir: string, stack: string): CheckpointFigures | undefined {
  const stacks = path.join(dir, "state", ".pulumi", "stacks");
  for (const project of readdirSync(stacks)) {
    const file = path.join(stacks, project, `${stack}.json`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const checkpoint = JSON.parse(text) as { checkpoint: { latest: { resources: { stackTrace?: unknown[] }[] } } };
    const resources = checkpoint.checkpoint.latest.resources;
    const frames = resources.reduce((sum, r) => sum + (r.stackTrace?.length ?? 0), 0);
    return { bytes: Buffer.byteLength(text), resources: resources.length, meanFrames: frames / resources.length };
  }
  return undefined;
}

/** pid -> parent pid of every process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      out.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident set of `root` and all its descendants, in kB. */
function treeRssKb(root: number): number {
  const ppid = parents();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of ppid)
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb;
}

function measure(work: string, job: EngineJob): Promise<TreeFigures> {
  const jobFile = path.join(work, "job.json");
  const timeFile = path.join(work, "time.txt");
  writeFileSync(jobFile, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(
      "/usr/bin/time",
      ["-f", "%e %U %S", "-o", timeFile, process.execPath, "--import", "tsx", path.join(__dirname, "engineWorker.ts"), jobFile],
      {
        cwd: path.join(__dirname, ".."),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid!))), 100);
    child.on("exit", (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`${job.stack} ${job.op} failed (${code}):\n${err.slice(-4000)}`));
      const [wall, user, sys] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
      const checkpoint = job.op === "up" ? checkpointFigures(job.dir, job.stack) : undefined;
      resolve({
        ...(checkpoint === undefined ? {} : { checkpoint }),
        wallS: wall,
        cpuS: user + sys,
        peakRssMb: peak / 1024,
        changes: JSON.parse(out.trim().split("\n").pop()!) as Record<string, number>,
      });
    });
  });
}

/** The floor of a deployment (and shard): the library's provider resources under mocks, written for the worker. */
async function floorFile(work: string, name: string, deployment: unknown, shard?: string): Promise<string> {
  const config = { [CONFIG_KEY]: deployment, ...(shard === undefined ? {} : { [SHARD_KEY]: shard }) };
  const captured = await capture(programFromModule(PROJECT_PROGRAM), { config, providers: [tlsMocks()] });
  const file = path.join(work, `${name}.floor.json`);
  writeFileSync(file, JSON.stringify(floorResources(captured.resources)));
  return file;
}

interface Case {
  readonly label: string;
  readonly library: TreeFigures;
  readonly floor: TreeFigures;
  /**
   * `up` only: the floor under the library's component tree (a Deployment, a SipDomain per tenant: bench/programs.ts
   * `components`), which the engine creates and checkpoints like any resource. Library over it: what the library's
   * own code costs beyond the tree.
   */
  readonly components?: TreeFigures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "100,1000" },
      estate: { type: "string", default: "5000" },
      // The file backend writes the whole checkpoint after every step: quadratic in the stack's size (BENCHMARKS.md).
      "skip-checkpoints-from": { type: "string", default: "1000" },
      out: { type: "string" },
    },
  });
  const skipFrom = Number(values["skip-checkpoints-from"]);
  /** Engine settings of a stack of n domains, and what the label says of them. */
  const engineFor = (n: number): { env: Record<string, string>; note: string } =>
    n >= skipFrom ? { env: { PULUMI_SKIP_CHECKPOINTS: "true" }, note: " (PULUMI_SKIP_CHECKPOINTS)" } : { env: {}, note: "" };
  const sizes = values.sizes.split(",").filter(Boolean).map(Number);
  const work = mkdtempSync(path.join(tmpdir(), "lync-bench-engine-"));
  const cases: Case[] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const figures = (f: TreeFigures) => `${f.wallS.toFixed(1)} s / ${f.cpuS.toFixed(1)} s CPU / ${f.peakRssMb.toFixed(0)} MB`;
  const both = async (label: string, lib: EngineJob, floor: EngineJob) => {
    const library = await measure(work, lib);
    const fl = await measure(work, floor);
    // In a lab of its own: it deploys the same cloud objects as the floor.
    const tree = { ...floor, dir: `${floor.dir}-components`, stack: `${floor.stack}-components`, floorStyle: "components" as const };
    const components = lib.op === "up" ? await measure(work, tree) : undefined;
    cases.push({ label, library, floor: fl, ...(components === undefined ? {} : { components }) });
    log(`${label}: library ${figures(library)}; floor ${figures(fl)}${components === undefined ? "" : `; components floor ${figures(components)}`}`);
  };
  try {
    // Library and floor, and the sizes, deploy the same cloud objects: each stack gets a lab (and a cloud) of its own.
    const labs = (name: string) => [path.join(work, `lab-${name}`), path.join(work, `lab-${name}-floor`)];
    for (const n of sizes) {
      const [dir, floorDir] = labs(String(n));
      const spec = generateDeployment(n);
      const floor = await floorFile(work, `n${n}`, spec);
      const { env, note } = engineFor(n);
      const lib = { dir, stack: `lib-${n}`, config: stackConfig(spec), env };
      const flo = { dir: floorDir, stack: `floor-${n}`, config: {}, floorFile: floor, env };
      await both(`${n} SIP domains: preview of a new stack`, { ...lib, op: "preview" }, { ...flo, op: "preview" });
      await both(`${n} SIP domains: up of a new stack${note}`, { ...lib, op: "up" }, { ...flo, op: "up" });
      const added = generateDeployment(n + 1, { pools: poolsFor(n) });
      const addedFloor = await floorFile(work, `n${n}+1`, added);
      await both(
        `${n} SIP domains: preview of adding one tenant`,
        { ...lib, config: stackConfig(added), op: "preview" },
        { ...flo, floorFile: addedFloor, op: "preview" },
      );
    }
    const n = Number(values.estate);
    if (n > 0) {
      const pools = poolsFor(n);
      const [before, after] = [estateDeployment(n, pools), estateDeployment(n + 1, pools)];
      const checked = validateDeployment(after);
      if (!checked.ok) throw new Error("generated estate is invalid");
      const tenants = buildPlan(checked.spec).tenants;
      const shard = tenantShard(tenants.find((t) => t.name === tenant(n).name)!);
      // The shard's own size decides the checkpoint setting, as for a stack of that many domains.
      const { env, note } = engineFor(tenants.filter((t) => tenantShard(t) === shard).length);
      const [dir, floorDir] = labs("estate");
      // As real estates do: the stack names the estate file (lync:estate, read from the project directory) and its
      // shard; the spec itself (700 KB) would not fit in one config value (docs/rules.md LIMIT).
      const project = path.join(work, "estate-project");
      mkdirSync(project, { recursive: true });
      const estateFile = (d: unknown) => writeFileSync(path.join(project, "estate.json"), JSON.stringify(d));
      const config = { [ESTATE_KEY]: { value: "estate.json" }, [SHARD_KEY]: { value: shard } };
      const lib = { dir, stack: `estate-${shard}`, config, cwd: project, env };
      const flo = { dir: floorDir, stack: `estate-floor-${shard}`, config: {}, floorFile: await floorFile(work, "estate", before, shard), env };
      estateFile(before);
      await both(`estate of ${n}, shard ${shard}: up${note}`, { ...lib, op: "up" }, { ...flo, op: "up" });
      const plusOne = await floorFile(work, "estate+1", after, shard);
      estateFile(after);
      await both(
        `estate of ${n}, shard ${shard}: preview of adding one tenant`,
        { ...lib, op: "preview" },
        { ...flo, floorFile: plusOne, op: "preview" },
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const json = JSON.stringify({ date: new Date().toISOString(), cases }, null, 2);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  for (const c of cases) {
    const r = (a: number, b: number) => (a / b).toFixed(2);
    const mb = (f?: TreeFigures) => (f?.checkpoint === undefined ? "-" : `${(f.checkpoint.bytes / 1e6).toFixed(1)} MB`);
    const tree = c.components === undefined ? "- | -" : `${r(c.library.wallS, c.components.wallS)} | ${r(c.library.cpuS, c.components.cpuS)}`;
    process.stdout.write(
      `| ${c.label} | ${c.library.wallS.toFixed(1)} s | ${c.floor.wallS.toFixed(1)} s | ${r(c.library.wallS, c.floor.wallS)} | ${c.library.cpuS.toFixed(1)} s | ${c.floor.cpuS.toFixed(1)} s | ${r(c.library.cpuS, c.floor.cpuS)} | ${c.library.peakRssMb.toFixed(0)} / ${c.floor.peakRssMb.toFixed(0)} MB | ${mb(c.library)} / ${mb(c.floor)} | ${tree} |\n`,
    );
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
