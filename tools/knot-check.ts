/**
 * Checks the plan's zone files with DNS software no one here wrote (issue 7, "Beyond our own code"):
 * kzonecheck on every zone file, then knotd serving them on loopback and kdig asking for every record of the plan;
 * each answer must equal the plan's RDATA. The external view first, then the internal one (plan.internal) if any.
 * Needs Debian's knot, knot-dnsutils and knot-dnssecutils (.ci/run installs them). Usage: tsx tools/knot-check.ts --config FILE
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { viewRecords, zoneFiles, type View } from "../components/render/zonefile";
import type { Plan } from "../components/model";
import { loadPlan } from "./plan";
import { runMain } from "./exit";

const PORT = 15353;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const plan = loadPlan(values.config ?? "Pulumi.contoso.example.yaml");
  // One knotd per view: a split-brain internal zone has the external zone's name.
  let failures = await checkView(plan, "external");
  if (plan.internal) failures += await checkView(plan, "internal");
  console.log(`knot-check: ${failures === 0 ? "all passed" : `${failures} failed`}`);
  return failures === 0 ? 0 : 1;
}

/** kzonecheck on every zone file of the view, then knotd serving them and kdig asking for every record set. */
async function checkView(plan: Plan, view: View): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "lync-knot-"));
  const files = zoneFiles(plan, view);
  let failures = 0;
  for (const [zone, text] of files) {
    const file = join(dir, `${zone}.zone`);
    writeFileSync(file, text);
    try {
      execFileSync("kzonecheck", ["-o", zone, file], { stdio: "pipe" });
      console.log(`ok   kzonecheck ${view} ${zone}`);
    } catch (e) {
      failures++;
      console.log(`FAIL kzonecheck ${view} ${zone}: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
    }
  }
  const conf = [
    "server:",
    `  listen: 127.0.0.1@${PORT}`,
    `  rundir: "${dir}"`,
    "database:",
    `  storage: "${dir}"`,
    "template:",
    "  - id: default",
    `    storage: "${dir}"`,
    "    zonefile-sync: -1",
    "    journal-content: none",
    "zone:",
    ...[...files.keys()].map((z) => `  - domain: ${z}\n    file: "${z}.zone"`),
  ].join("\n");
  writeFileSync(join(dir, "knot.conf"), `${conf}\n`);
  const knotd = spawn("knotd", ["-c", join(dir, "knot.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let knotErr = "";
  knotd.stderr.on("data", (d) => (knotErr += d));
  try {
    await waitForServer();
    const sets = new Map<string, Set<string>>();
    for (const r of viewRecords(plan, view)) {
      const key = `${r.name}|${r.type}`;
      sets.set(key, (sets.get(key) ?? new Set()).add(r.data));
    }
    for (const [key, expected] of sets) {
      const [name, type] = key.split("|");
      const answer = dig(name, type);
      const same = answer.length === expected.size && answer.every((a) => expected.has(a));
      if (!same) failures++;
      console.log(
        `${same ? "ok  " : "FAIL"} kdig ${view} ${type} ${name}: ${answer.join(", ") || "(no answer)"}${same ? "" : ` (plan: ${[...expected].join(", ")})`}`,
      );
    }
  } catch (e) {
    failures++;
    console.log(`FAIL knotd: ${(e as Error).message}\n${knotErr}`);
  } finally {
    // The next view's knotd binds the same port: wait until this one has let it go.
    if (knotd.exitCode === null) await new Promise((resolve) => knotd.once("exit", resolve).kill());
    rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

/** The answer's RDATA in the plan's canonical text (absolute names end with a dot already). */
function dig(name: string, type: string): string[] {
  const out = execFileSync("kdig", [`@127.0.0.1`, "-p", String(PORT), "+short", "+norecurse", "+timeout=2", "+retry=1", name, type], {
    encoding: "utf8",
  });
  return out
    .split("\n")
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync("kdig", ["@127.0.0.1", "-p", String(PORT), "+short", "+timeout=1", "+retry=0", "invalid.", "SOA"], { stdio: "pipe" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("knotd did not answer on loopback within 5 s");
}

// Exit 1: a check failed; 70 (tools/exit.ts): knot-check itself failed, with its stack trace.
runMain("knot-check", main);
