/**
 * One program, one owner per cloud object: every Deployment instance claims the cloud objects it manages
 * (targets.ts) before it registers anything, and an instance whose objects another instance of the same program
 * already claimed is refused with the names of both. Without this, two instances of one spec (or of two specs that
 * share a zone or a gateway) register the same records under different URNs, and each `pulumi up` undoes the other's.
 *
 * The claims live per program run: keyed by the SDK's resource monitor, which the engine (or the mock runtime) gives
 * each run anew, so a test process that runs many programs, or the Automation API running one inline program after
 * another, starts each run with no claims.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../spec/problems";
import type { CloudTarget } from "./targets";

const claimsByRun = new WeakMap<object, Map<string, string>>();
/** Before any engine or mock runtime is set up (a plain script): one run. */
const NO_MONITOR = {};

/** The first names and how many more: a clash of two whole estates stays one readable line per zone. */
function listed(names: readonly string[], shown = 8): string {
  return names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}

/** Records `deployment`'s claims, or, where another instance holds any of them, returns every clash (claiming none). */
export function claimTargets(deployment: string, targets: readonly CloudTarget[]): Problem[] {
  const run = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_MONITOR;
  const claims = claimsByRun.get(run) ?? new Map<string, string>();
  claimsByRun.set(run, claims);
  // Per other deployment and container: one problem listing every object both would manage.
  const clashes = new Map<string, { other: string; where: string; names: string[] }>();
  for (const t of targets) {
    const other = claims.get(t.key);
    if (other === undefined) continue;
    const group = `${other}\n${t.where}`;
    const clash = clashes.get(group) ?? { other, where: t.where, names: [] };
    clash.names.push(t.name);
    clashes.set(group, clash);
  }
  if (clashes.size === 0) for (const t of targets) claims.set(t.key, deployment);
  return [...clashes.values()].map(({ other, where, names }) => ({
    path: "",
    rule: "DEPLOYMENT-OVERLAP",
    subject: deployment,
    message:
      `Deployment "${deployment}" and Deployment "${other}" in this program would both manage ${where}: ${listed(names)}. ` +
      `Each would undo the other's changes: give one of them its own zone, resource group or gateway, or declare the ` +
      `SIP domains in one deployment (a shard per stack for an estate).`,
  }));
}
