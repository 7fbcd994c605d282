/**
 * `npm run bench` / `npx tsx bench/main.ts [--sizes 10,100,1000] [--runs 3] [--runs-large 1] [--estate 5000]
 * [--estate-pools 25] [--json bench/results.json]`: the cost of a tenant from 10 to 1,000 SIP domains in one stack
 * (issue 8), then an estate split into shard stacks (issue 14; `--estate 0` skips it). Prints Markdown tables and
 * writes the results as JSON. Method and findings: BENCHMARKS.md.
 */
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { measureSize, type SizeResult } from "./measure";
import { azureGatewayCeiling } from "./engine";
import { estateReport, measureEstate, type EstateResult } from "./estate";
import { EXIT, runMain } from "../tools/exit";
import { certificateNamesTable, machineLine, resultsTable, sharedChangesList, type Machine } from "./report";

const USAGE = "usage: tsx bench/main.ts [--sizes 10,100,1000] [--runs N] [--runs-large N] [--estate N] [--estate-pools P] [--json FILE]";
/** Sizes from here on get --runs-large runs: one run of library + floor at 1,000 takes about 80 s on the 2-core machine. */
const LARGE = 1000;

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10,100,1000" },
      runs: { type: "string", default: "3" },
      // 1 by default so that the whole bench stays under 5 minutes on the 2-core machine (BENCHMARKS.md).
      "runs-large": { type: "string", default: "1" },
      json: { type: "string" },
      estate: { type: "string", default: "5000" },
      "estate-pools": { type: "string", default: "25" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
  const runs = Number(values.runs);
  const runsLarge = Number(values["runs-large"]);
  const estate = { n: Number(values.estate), pools: Number(values["estate-pools"]) };
  if (
    sizes.some((n) => !Number.isInteger(n) || n < 1) ||
    [runs, runsLarge, estate.pools].some((r) => !Number.isInteger(r) || r < 1) ||
    !Number.isInteger(estate.n) ||
    estate.n < 0
  ) {
    console.error(USAGE);
    process.exit(EXIT.invalidInput);
  }
  return { sizes, runs, runsLarge, estate, json: values.json ?? path.join(__dirname, "results.json") };
}

function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.versions.node,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

async function main(): Promise<void> {
  const { sizes, runs, runsLarge, estate, json } = options();
  const runsAt = (n: number) => (n >= LARGE ? runsLarge : runs);
  const started = Date.now();
  const results: SizeResult[] = [];
  for (const n of sizes) {
    console.error(`${n} SIP domains:`);
    results.push(await measureSize(n, runsAt(n), (line) => console.error(line)));
  }
  const gateway = azureGatewayCeiling(1000);
  let estateResult: EstateResult | undefined;
  if (estate.n > 0) {
    console.error(`estate of ${estate.n} SIP domains in ${estate.pools} pool shards:`);
    estateResult = await measureEstate(estate.n, estate.pools, (line) => console.error(line));
  }
  const totalSeconds = (Date.now() - started) / 1000;
  const m = machine();
  const command = `npx tsx bench/main.ts --sizes ${sizes.join(",")} --runs ${runs} --runs-large ${runsLarge} --estate ${estate.n} --estate-pools ${estate.pools}`;
  const runsText = sizes.map((n) => `${runsAt(n)} at ${n}`).join(", ");
  console.log(
    `Machine: ${machineLine(m)}. Command: \`${command}\`; runs (fresh process each, medians): ${runsText}; bench took ${totalSeconds.toFixed(0)} s.\n`,
  );
  console.log(resultsTable(results));
  console.log("\nPublic certificate names per on-premises tenant, by publishing mode:\n");
  console.log(certificateNamesTable(results));
  console.log("\nAdding one tenant, changes outside the new tenant's own resources:\n");
  console.log(sharedChangesList(results));
  console.log(
    gateway.stoppedBy
      ? `\nOne Azure Application Gateway pair serves at most ${gateway.largest} of these SIP domains (bisection up to 1,000); one more: ${gateway.stoppedBy}`
      : `\nOne Azure Application Gateway pair serves all ${gateway.largest} of these SIP domains: validation finds no gateway limit up to 1,000`,
  );
  if (estateResult) console.log(`\nThe estate, one stack per shard:\n\n${estateReport(estateResult)}`);
  writeFileSync(
    json,
    `${JSON.stringify({ date: new Date().toISOString(), command, machine: m, totalSeconds, runs: Object.fromEntries(sizes.map((n) => [n, runsAt(n)])), azureGatewayCeiling: gateway, results, estate: estateResult ?? null }, null, 2)}\n`,
  );
  console.error(`\nwrote ${path.relative(process.cwd(), json)}`);
}

runMain("bench", main);
