/**
 * Deployments for the lifecycle tests, derived from the shipped stack examples, and a probe that says whether the
 * program can register a deployment at all (an adapter may still be a stub). The probe runs in a child process:
 * a throw inside a component constructor also surfaces as unhandled rejections, which would fail the test file.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { extractDeployment } from "../components/model/load";
import { parse } from "yaml";

export const ROOT = path.join(__dirname, "..");

type Deployment = Record<string, any>;

/** The `lync:deployment` object of a stack file, as plain (mutable) data. */
export function loadDeployment(file: string): Deployment {
  return structuredClone(extractDeployment(parse(readFileSync(path.join(ROOT, file), "utf8")))) as Deployment;
}

/** The same deployment with every Azure part made `external` (records only reported, no gateway). */
export function withoutAzure(d: Deployment): Deployment {
  const out = structuredClone(d);
  out.zones = out.zones.map((z: Deployment) => (z.provider === "azure" ? { provider: "external", name: z.name } : z));
  out.reverseProxy = { provider: "external" };
  return out;
}

/** Whether index.ts registers `deployment` without throwing (run in a child process); the error text otherwise. */
export function programRegisters(deployment: unknown): { ok: boolean; error: string } {
  const script = `
    const { capture, programFromModule } = require("./lab/capture");
    const { tlsMocks } = require("./lab/tlsMocks");
    process.on("unhandledRejection", () => {});
    capture(programFromModule(require("path").resolve("index.ts")), { config: { "lync:deployment": JSON.parse(process.env.LYNC_PROBE) }, providers: [tlsMocks()] })
      .then(() => undefined, (e) => { console.error(e.message); process.exitCode = 1; });`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, LYNC_PROBE: JSON.stringify(deployment) },
  });
  const lines = (r.stderr || "").split("\n").filter((l) => l.trim() && !l.startsWith("warning:"));
  return { ok: r.status === 0, error: lines[0] ?? "" };
}
