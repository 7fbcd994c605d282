/**
 * How `npm start` gets the resources it serves: a real `pulumi up` of this repository's program into the lab's cloud
 * (engine.ts), with the pinned CLI (tools/toolchain.ts, built once from Go modules where none is installed). Where no
 * CLI can be had, or LYNC_LAB_ENGINE=mock asks for it, the program runs under Pulumi's mock runtime instead, and the
 * lab says so in one line: it never claims an engine that did not run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumi } from "../tools/toolchain";
import { collectResources } from "./collect";
import { deployedResources, labEngine, labStack, pulumiCommand, stackConfig } from "./engine";
import type { LabResource } from "../tests/harness/resources";

export interface LabDeployment {
  readonly resources: LabResource[];
  /** Which engine ran: "pulumi v3.248.0 (cache: ...)" or "Pulumi's mock runtime (...why)". */
  readonly engine: string;
  /** The engine's own summary lines (`Resources:` ...), empty under the mock runtime. */
  readonly summary: string[];
  /** Removes the lab's backend and cloud. */
  dispose(): void;
}

/** The `Resources:` block and the duration line of `pulumi up`'s output. */
export function engineSummary(stdout: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => /^Resources:/.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^Duration:/.test(l));
  return lines.slice(start, end < 0 ? undefined : end + 1).filter((l) => l.trim() !== "");
}

/** Deploys `deployment` (with `secrets` as further `lync:<key>` secrets) into a fresh lab. */
export async function deployToLab(
  deployment: unknown,
  secrets: Readonly<Record<string, string>>,
  log: (line: string) => void,
): Promise<LabDeployment> {
  const cli = process.env.LYNC_LAB_ENGINE === "mock" ? { missing: "LYNC_LAB_ENGINE=mock" } : ensurePulumi(log);
  if ("missing" in cli) {
    const resources = await collectResources(deployment, undefined, secrets);
    return { resources, engine: `Pulumi's mock runtime (${cli.missing})`, summary: [], dispose: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lync-lab-"));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const command = await pulumiCommand(cli);
    const engine = labEngine(command, dir);
    const extra = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, { value: v, secret: true }]));
    const stack = await labStack(engine, "lab", stackConfig(deployment, extra));
    const up = await stack.up();
    return {
      resources: deployedResources(engine),
      engine: `pulumi v${cli.version} (${cli.source}: ${cli.command})`,
      summary: engineSummary(up.stdout),
      dispose,
    };
  } catch (e) {
    dispose();
    throw e;
  }
}
