/**
 * `npx tsx bench/investigate.ts [--size 300] [--runs 1]`: where the time of a run under the mock runtime goes.
 * The same generated deployment as the bench, each variant in a fresh worker process:
 * the library and the floor as measured by bench/main.ts, then with one setting changed at a time (worker.ts Tweaks),
 * the floor as bare CustomResources (no SDK class) and an empty program (fixed cost). Findings: BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { generateDeployment } from "./generate";
import { median, runWorker } from "./run";
import type { Job, Measurement, Tweaks } from "./worker";
import type { FloorStyle } from "./programs";
import { runMain } from "../tools/exit";

interface Variant {
  readonly label: string;
  readonly job: (resourcesFile: string) => Job;
}

function variants(deployment: unknown): Variant[] {
  const lib =
    (tweaks: Tweaks, config: Record<string, unknown> = {}) =>
    () => ({ kind: "library" as const, deployment, tweaks, config });
  const floor = (style: FloorStyle, tweaks: Tweaks) => (resourcesFile: string) => ({ kind: "floor" as const, style, resourcesFile, tweaks });
  return [
    { label: "library", job: lib({}) },
    { label: "library, Error.stackTraceLimit = 0", job: lib({ stackTraceLimit: 0 }) },
    { label: "library, source maps off", job: lib({ sourceMaps: false }) },
    { label: "library, stackTraceLimit 0 + source maps off", job: lib({ stackTraceLimit: 0, sourceMaps: false }) },
    { label: "library, no per-resource source position (Resource.callsites)", job: lib({ noCallsites: true }) },
    { label: "library, stackTraceLimit 0 only while the program constructs", job: lib({ stackTraceLimitWhileConstructing: 0 }) },
    { label: "library without the 0.1 name aliases (legacyNameAliases: false)", job: lib({}, { "lync:legacyNameAliases": false }) },
    { label: "floor (provider SDK classes)", job: floor("sdk", {}) },
    { label: "floor, Error.stackTraceLimit = 0", job: floor("sdk", { stackTraceLimit: 0 }) },
    { label: "floor, stackTraceLimit 0 only while the program constructs", job: floor("sdk", { stackTraceLimitWhileConstructing: 0 }) },
    {
      label: "floor under the library's components (Deployment + a SipDomain per tenant), stackTraceLimit 0 while constructing",
      job: floor("components", { stackTraceLimitWhileConstructing: 0 }),
    },
    { label: "floor as bare CustomResource (no declared outputs, no aliases)", job: floor("generic", {}) },
    { label: "empty program (fixed cost)", job: () => ({ kind: "empty" }) },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string", default: "300" }, runs: { type: "string", default: "1" } } });
  const n = Number(values.size);
  const runs = Number(values.runs);
  const deployment = generateDeployment(n);
  const dir = mkdtempSync(path.join(tmpdir(), "lync-investigate-"));
  try {
    const resourcesFile = path.join(dir, "resources.json");
    await runWorker({ kind: "library", deployment, dumpFile: resourcesFile });
    const rows: Array<{ label: string; m: Measurement }> = [];
    for (const v of variants(deployment)) {
      const ms: Measurement[] = [];
      for (let r = 0; r < runs; r++) ms.push((await runWorker(v.job(resourcesFile))).measurement!);
      const m = {
        wallMs: median(ms.map((x) => x.wallMs)),
        cpuMs: median(ms.map((x) => x.cpuMs)),
        maxRssMb: median(ms.map((x) => x.maxRssMb)),
        resources: ms[0].resources,
      };
      rows.push({ label: v.label, m });
      console.error(`${v.label}: ${(m.wallMs / 1000).toFixed(1)} s`);
    }
    const empty = rows[rows.length - 1].m;
    const resources = rows[0].m.resources;
    console.log(`${n} SIP domains, ${resources} provider resources; per resource = (variant - empty program) / ${resources}\n`);
    console.log("| Variant | wall s | CPU s | peak RSS MB | CPU ms / resource | RSS KB / resource |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const { label, m } of rows) {
      const perCpu = m === empty ? "" : ((m.cpuMs - empty.cpuMs) / resources).toFixed(2);
      const perKb = m === empty ? "" : (((m.maxRssMb - empty.maxRssMb) * 1024) / resources).toFixed(0);
      console.log(
        `| ${label} | ${(m.wallMs / 1000).toFixed(2)} | ${(m.cpuMs / 1000).toFixed(2)} | ${m.maxRssMb.toFixed(0)} | ${perCpu} | ${perKb} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain("bench/investigate", main);
