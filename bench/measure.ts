/**
 * Everything measured for one size N (see BENCHMARKS.md): rule engine, program vs floor (fresh process each run),
 * footprint per tenant, the "add one tenant" change, certificate names per publishing mode.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { validateDeployment } from "../components/model";
import { certificateNames, timeRuleEngine, type CertificateNames } from "./engine";
import { generateDeployment, MODES, modeName, poolsFor, tenant } from "./generate";
import { median, runWorker } from "./run";
import type { ChangeSummary } from "./change";
import type { Measurement } from "./worker";

export interface ProgramFigures {
  /** Medians over the runs. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly runs: ReadonlyArray<Pick<Measurement, "wallMs" | "cpuMs" | "maxRssMb">>;
}

export interface PerTenant {
  readonly mean: number;
  readonly max: number;
}

export interface SizeResult {
  readonly n: number;
  readonly edgePools: number;
  readonly ruleEngine: { readonly medianMs: number; readonly firstMs: number };
  readonly library: ProgramFigures;
  readonly floor: ProgramFigures;
  /** (library - floor) / floor, in percent: wall time, CPU time, peak RSS. */
  readonly overheadPct: { readonly time: number; readonly cpu: number; readonly rss: number };
  readonly resources: {
    readonly total: number;
    readonly shared: Record<string, number>;
    readonly perTenant: { readonly onPremisesAzure: PerTenant; readonly onPremisesCloudflare: PerTenant; readonly online: PerTenant };
    readonly components: number;
  };
  readonly addOneTenant: ChangeSummary & { readonly tenant: string };
  /** The same with the Azure Application Gateway pair as reverse proxy, where N + 1 domains fit one pair. */
  readonly addOneTenantAzureGateway: ChangeSummary | { readonly invalid: string };
  /** Mode name -> names per tenant, or why the mode does not fit at this size. */
  readonly certificateNames: Record<string, CertificateNames | { readonly invalid: string }>;
}

function figures(ms: readonly Measurement[]): ProgramFigures {
  return {
    wallMs: median(ms.map((m) => m.wallMs)),
    cpuMs: median(ms.map((m) => m.cpuMs)),
    maxRssMb: median(ms.map((m) => m.maxRssMb)),
    runs: ms.map(({ wallMs, cpuMs, maxRssMb }) => ({ wallMs, cpuMs, maxRssMb })),
  };
}

const pct = (lib: number, floor: number) => ((lib - floor) / floor) * 100;

function perTenant(counts: Record<string, number>, n: number): SizeResult["resources"]["perTenant"] {
  const groups = { onPremisesAzure: [] as number[], onPremisesCloudflare: [] as number[], online: [] as number[] };
  for (let i = 0; i < n; i++) {
    const t = tenant(i);
    const group = t.home === "online" ? groups.online : t.provider === "azure" ? groups.onPremisesAzure : groups.onPremisesCloudflare;
    group.push(counts[t.name] ?? 0);
  }
  const stat = (xs: number[]): PerTenant => ({ mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0, max: Math.max(0, ...xs) });
  return { onPremisesAzure: stat(groups.onPremisesAzure), onPremisesCloudflare: stat(groups.onPremisesCloudflare), online: stat(groups.online) };
}

async function addOneWithGateway(n: number, added: string): Promise<SizeResult["addOneTenantAzureGateway"]> {
  const before = generateDeployment(n, { reverseProxy: "azure" });
  const after = generateDeployment(n + 1, { pools: poolsFor(n), reverseProxy: "azure" });
  const check = validateDeployment(after);
  if (!check.ok) return { invalid: check.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ") };
  return (await runWorker({ kind: "change", before, after, added })).change!;
}

export async function measureSize(n: number, runs: number, log: (line: string) => void): Promise<SizeResult> {
  const deployment = generateDeployment(n);
  const ruleEngine = timeRuleEngine(deployment, Math.max(5, runs));
  log(`  rule engine: ${ruleEngine.medianMs.toFixed(1)} ms`);

  const dir = mkdtempSync(path.join(tmpdir(), "lync-bench-"));
  try {
    const resourcesFile = path.join(dir, "resources.json");
    const library: Measurement[] = [];
    const floor: Measurement[] = [];
    const added = tenant(n).name;
    let change: ChangeSummary | undefined;
    // Alternate library and floor runs, so that drift on the machine touches both alike. The first library run also
    // dumps its resources for the floor and, after its measurement, runs N + 1 for the "add one tenant" change.
    for (let r = 0; r < runs; r++) {
      const first = r === 0 ? { dumpFile: resourcesFile, change: { after: generateDeployment(n + 1, { pools: poolsFor(n) }), added } } : {};
      const lib = await runWorker({ kind: "library", deployment, ...first });
      library.push(lib.measurement!);
      change ??= lib.change;
      floor.push((await runWorker({ kind: "floor", style: "sdk", resourcesFile })).measurement!);
      log(`  run ${r + 1}/${runs}: library ${lib.measurement!.wallMs.toFixed(0)} ms, floor ${floor[r].wallMs.toFixed(0)} ms`);
    }
    const fp = library[0].footprint!;

    const gateway = await addOneWithGateway(n, added);
    log(`  add one tenant: done`);

    const lib = figures(library);
    const flo = figures(floor);
    return {
      n,
      edgePools: poolsFor(n),
      ruleEngine: { medianMs: ruleEngine.medianMs, firstMs: ruleEngine.firstMs },
      library: lib,
      floor: flo,
      overheadPct: { time: pct(lib.wallMs, flo.wallMs), cpu: pct(lib.cpuMs, flo.cpuMs), rss: pct(lib.maxRssMb, flo.maxRssMb) },
      resources: { total: fp.custom, shared: fp.shared, perTenant: perTenant(fp.perTenant, n), components: fp.components },
      addOneTenant: { tenant: added, ...change! },
      addOneTenantAzureGateway: gateway,
      certificateNames: Object.fromEntries(MODES.map((m) => [modeName(m), certificateNames(n, m)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
