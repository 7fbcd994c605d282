/**
 * The estate run of the bench (issue 14): N SIP domains in P edge-pool shards plus infra, with the Azure gateway pair
 * and the Azure zones spread over subscriptions. Measured: whole-estate validation + plan (every stack pays it), each
 * shard's program under mocks in a fresh process (time, peak memory, resources), and adding one tenant as the plan
 * review computes it (tools/review.ts: which stacks it simulates, which change, what changes in them).
 */
import { buildPlan, tenantShard, validateDeployment } from "../components/model";
import { timeRuleEngine } from "./engine";
import { generateDeployment, tenant } from "./generate";
import { runWorker } from "./run";
import type { EstateChangeSummary, Measurement } from "./worker";

/** Below Azure DNS's 250 public zones per subscription (docs/rules.md 5c), with room to grow. */
export const ZONES_PER_SUBSCRIPTION = 240;

export interface ShardFigures extends Pick<Measurement, "wallMs" | "cpuMs" | "maxRssMb" | "resources"> {
  readonly shard: string;
  readonly tenants: number;
}

export interface EstateResult {
  readonly n: number;
  readonly pools: number;
  readonly subscriptions: number;
  readonly ruleEngine: { readonly medianMs: number; readonly firstMs: number };
  readonly shards: readonly ShardFigures[];
  readonly addOneTenant: EstateChangeSummary & { readonly tenant: string };
}

export function estateDeployment(n: number, pools: number): ReturnType<typeof generateDeployment> {
  return generateDeployment(n, { reverseProxy: "azure", pools, zonesPerSubscription: ZONES_PER_SUBSCRIPTION });
}

export async function measureEstate(n: number, pools: number, log: (line: string) => void): Promise<EstateResult> {
  const estate = estateDeployment(n, pools);
  const result = validateDeployment(estate);
  if (!result.ok) throw new Error(`generated estate is invalid: ${result.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ")}`);
  const ruleEngine = timeRuleEngine(estate, 3);
  log(`  estate of ${n}: validate + plan ${ruleEngine.medianMs.toFixed(0)} ms`);

  const tenantsOf = new Map<string, number>();
  for (const t of buildPlan(result.spec).tenants) tenantsOf.set(tenantShard(t), (tenantsOf.get(tenantShard(t)) ?? 0) + 1);
  const shards: ShardFigures[] = [];
  for (const shard of ["infra", ...result.spec.edgePools.map((p) => p.name)]) {
    // Without the 0.1 aliases: an estate's stacks are new (README "Scale"), as the programs of a new estate run.
    const config = { "lync:shard": shard, "lync:legacyNameAliases": false };
    const m = (await runWorker({ kind: "library", deployment: estate, config })).measurement!;
    shards.push({ shard, tenants: tenantsOf.get(shard) ?? 0, wallMs: m.wallMs, cpuMs: m.cpuMs, maxRssMb: m.maxRssMb, resources: m.resources });
    log(`  shard ${shard}: ${(m.wallMs / 1000).toFixed(1)} s, ${m.maxRssMb.toFixed(0)} MB, ${m.resources} resources`);
  }

  const added = tenant(n).name;
  const change = (await runWorker({ kind: "estate-change", before: estate, after: estateDeployment(n + 1, pools) })).estate!;
  log(`  add ${added}: ${Object.keys(change.affected).join(", ") || "no stack"} changes (${change.simulated} of ${change.shards} simulated)`);
  return {
    n,
    pools,
    subscriptions: Math.ceil(result.spec.zones.filter((z) => z.provider === "azure" && z.subscriptionId).length / ZONES_PER_SUBSCRIPTION),
    ruleEngine: { medianMs: ruleEngine.medianMs, firstMs: ruleEngine.firstMs },
    shards,
    addOneTenant: { tenant: added, ...change },
  };
}

const f1 = (x: number) => x.toFixed(1);
const stat = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], sum: s.reduce((a, b) => a + b, 0) };
};

/** The estate as Markdown: one summary table and the added tenant's changes. */
export function estateReport(e: EstateResult): string {
  const pools = e.shards.filter((s) => s.shard !== "infra");
  const infra = e.shards.find((s) => s.shard === "infra")!;
  const wall = stat(pools.map((s) => s.wallMs / 1000));
  const cpu = stat(pools.map((s) => s.cpuMs / 1000));
  const rss = stat(pools.map((s) => s.maxRssMb));
  const tenants = stat(pools.map((s) => s.tenants));
  const resources = stat(pools.map((s) => s.resources));
  const lines = [
    `| ${e.n.toLocaleString("en-US")} SIP domains, ${e.pools} edge-pool shards + infra, ${e.subscriptions} DNS subscriptions | figure |`,
    "|---|---|",
    `| Whole-estate validation + plan (every stack runs it), median / first, ms | ${e.ruleEngine.medianMs.toFixed(0)} / ${e.ruleEngine.firstMs.toFixed(0)} |`,
    `| Pool shard: tenants, min / median / max | ${tenants.min} / ${tenants.median} / ${tenants.max} |`,
    `| Pool shard: provider resources, min / median / max | ${resources.min} / ${resources.median} / ${resources.max} |`,
    `| Pool shard program under mocks: wall s, min / median / max | ${f1(wall.min)} / ${f1(wall.median)} / ${f1(wall.max)} |`,
    `| Pool shard program under mocks: CPU s, min / median / max | ${f1(cpu.min)} / ${f1(cpu.median)} / ${f1(cpu.max)} |`,
    `| Pool shard peak RSS MB, min / median / max | ${rss.min.toFixed(0)} / ${rss.median.toFixed(0)} / ${rss.max.toFixed(0)} |`,
    `| Infra shard (${infra.tenants} tenants homed online, gateways, shared names): wall s / CPU s / peak MB / resources | ${f1(infra.wallMs / 1000)} / ${f1(infra.cpuMs / 1000)} / ${infra.maxRssMb.toFixed(0)} / ${infra.resources} |`,
    `| All ${e.shards.length} stacks one after another: wall s / CPU s | ${f1((wall.sum * 1000 + infra.wallMs) / 1000)} / ${f1((cpu.sum * 1000 + infra.cpuMs) / 1000)} |`,
    `| Add ${e.addOneTenant.tenant}: stacks changed / simulated / all | ${Object.keys(e.addOneTenant.affected).length} / ${e.addOneTenant.simulated} / ${e.addOneTenant.shards} |`,
    `| Add one tenant: review time wall s / CPU s / peak MB | ${f1(e.addOneTenant.wallMs / 1000)} / ${f1(e.addOneTenant.cpuMs / 1000)} / ${e.addOneTenant.maxRssMb.toFixed(0)} |`,
  ];
  const changes = Object.entries(e.addOneTenant.affected).flatMap(([shard, cs]) => cs.map((c) => `- ${shard}: ${c}`));
  return `${lines.join("\n")}\n\nAdding ${e.addOneTenant.tenant}, every resource change in every stack:\n\n${changes.join("\n") || "- none"}`;
}
