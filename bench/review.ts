/**
 * `npm run bench:review [-- --sizes 1000,4000,10000]`: the review job on its own (issue 22), apart from the long
 * `npm run bench`. Per size N, in a fresh process (so that peak RSS is that size's alone): validate + plan the head
 * (N tenants of bench/generate.ts) and a base (its first N/2 tenants, same edge pools: a pull request that adds N/2
 * tenants), the Markdown plan review, and the plan diff review from base to head (diffPlans + Markdown). The change
 * simulation (the Pulumi program under mocks) is not part of it: `npm run bench` measures the program.
 * Prints a Markdown table: wall and CPU seconds per step, peak RSS and RSS per tenant. Method: BENCHMARKS.md.
 */
import { fork } from "node:child_process";
import { parseArgs } from "node:util";
import { buildPlan, validateDeployment, type Plan } from "../components/model";
import { planToMarkdown } from "../components/render/markdown";
import { renderDiff } from "../components/render/diff";
import { diffPlans } from "../components/plan/diff";
import { generateDeployment, poolsFor } from "./generate";
import { InputError, runMain } from "../tools/exit";

const USAGE = "usage: tsx bench/review.ts [--sizes 1000,4000,10000]";
/** Issue 22: 10,000 tenants validated, planned and reviewed in under 10 s on the 2-core machine. */
const TARGET_MS = 10_000;

interface Step {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface ReviewResult {
  readonly n: number;
  readonly head: Step;
  readonly base: Step;
  readonly markdown: Step;
  readonly diff: Step;
  readonly total: Step;
  readonly maxRssMb: number;
  /** Peak RSS above the RSS once the modules are loaded, per tenant of the head. */
  readonly kbPerTenant: number;
}

function timed<T>(f: () => T): [T, Step] {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(cpu);
  return [value, { wallMs: Number(process.hrtime.bigint() - wall) / 1e6, cpuMs: (used.user + used.system) / 1000 }];
}

function validated(input: unknown): Plan {
  const result = validateDeployment(input);
  if (!result.ok) throw new Error(`generated deployment is invalid: ${result.problems.map((p) => p.message).join("; ")}`);
  return buildPlan(result.spec);
}

/** One size, in this process: what the child of `measure` runs. */
export function measureReview(n: number): ReviewResult {
  const idleRss = process.memoryUsage().rss;
  const headInput = generateDeployment(n);
  const baseInput = generateDeployment(Math.floor(n / 2), { pools: poolsFor(n) });
  const [head, headStep] = timed(() => validated(headInput));
  const [base, baseStep] = timed(() => validated(baseInput));
  const [, markdown] = timed(() => planToMarkdown(head));
  const [, diff] = timed(() => renderDiff(diffPlans(base, head), "markdown"));
  const steps = [headStep, baseStep, markdown, diff];
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return {
    n,
    head: headStep,
    base: baseStep,
    markdown,
    diff,
    total: { wallMs: steps.reduce((s, x) => s + x.wallMs, 0), cpuMs: steps.reduce((s, x) => s + x.cpuMs, 0) },
    maxRssMb: maxRss / 1024 ** 2,
    kbPerTenant: (maxRss - idleRss) / 1024 / n,
  };
}

function inChild(n: number): Promise<ReviewResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["--one", String(n)], { execArgv: ["--import", "tsx"] });
    let result: ReviewResult | undefined;
    child.on("message", (m: ReviewResult) => (result = m));
    child.on("error", reject);
    child.on("exit", (code) => (result ? resolve(result) : reject(new Error(`review bench at ${n} exited with ${code}`))));
  });
}

const s = (x: Step) => `${(x.wallMs / 1000).toFixed(2)} / ${(x.cpuMs / 1000).toFixed(2)}`;

export function reviewTable(results: readonly ReviewResult[]): string {
  const head = [
    "Tenants",
    "validate + plan head",
    "validate + plan base (N/2)",
    "Markdown review",
    "diff review",
    "total",
    "peak RSS MB",
    "RSS KB per tenant",
  ];
  const rows = results.map((r) => [
    r.n.toLocaleString("en-US"),
    s(r.head),
    s(r.base),
    s(r.markdown),
    s(r.diff),
    // The target (< 10 s) on CPU time: what the job takes on a core of its own; wall time on the shared machine is not.
    `${s(r.total)} ${r.total.cpuMs < TARGET_MS ? "✓" : "✗"}`,
    r.maxRssMb.toFixed(0),
    r.kbPerTenant.toFixed(0),
  ]);
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "1000,4000,10000" }, one: { type: "string" } } });
  if (values.one !== undefined) {
    process.send!(measureReview(Number(values.one)));
    return;
  }
  const sizes = values.sizes.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new InputError(`--sizes wants whole numbers >= 2, not ${values.sizes}`);
  const results: ReviewResult[] = [];
  for (const n of sizes) results.push(await inChild(n));
  console.log("Seconds, wall / CPU (user + system):\n");
  console.log(reviewTable(results));
}

if (require.main === module) runMain("bench/review", main, USAGE);
