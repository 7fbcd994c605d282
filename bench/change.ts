/**
 * "Add one tenant to N": the lifecycle harness (lab/lifecycle.ts) runs the real program with N and with N + 1 SIP
 * domains and classifies every resource; this module only counts its verdicts. The classification is the harness's,
 * not a second one.
 */
import type { CapturedResource } from "../tests/harness/capture";
import { describeChanges, simulateChange, type ChangeKind, type ResourceChange } from "../tests/harness/changeSimulation";
import { tlsMocks } from "../tests/harness/tlsMocks";
import { owners } from "./footprint";

export const CERT_REQUEST_TYPE = "tls:index/certRequest:CertRequest";

export interface ChangeSummary {
  /** Provider resources per verdict (components left out: they have no cloud side). */
  readonly counts: Record<Exclude<ChangeKind, "unchanged">, number>;
  /** Certificate requests replaced, created or deleted: each is a CSR to submit to the public CA again. */
  readonly csrReissued: number;
  /** Changed provider resources that belong to no tenant (the new tenant's own are expected), as harness lines. */
  readonly sharedChanged: string[];
  /** Changed provider resources of other, existing tenants: must be none. */
  readonly otherTenantsChanged: string[];
}

export function summarize(
  changes: readonly ResourceChange[],
  before: readonly CapturedResource[],
  after: readonly CapturedResource[],
  added: string,
): ChangeSummary {
  const all = [...before, ...after];
  const custom = new Set(all.filter((r) => r.custom).map((r) => r.urn));
  const owner = owners(all);
  const changed = changes.filter((c) => c.kind !== "unchanged" && custom.has(c.urn));
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changed) counts[c.kind as keyof typeof counts]++;
  const lines = (pick: (o: string | null) => boolean) => describeChanges(changed.filter((c) => pick(owner.get(c.urn) ?? null)));
  return {
    counts,
    csrReissued: changed.filter((c) => c.type === CERT_REQUEST_TYPE).length,
    sharedChanged: lines((o) => o === null),
    otherTenantsChanged: lines((o) => o !== null && o !== added),
  };
}

/** Runs the program with `before` then `after` (lync:deployment specs) under stateful tls mocks. */
export async function addOneTenant(before: unknown, after: unknown, added: string): Promise<ChangeSummary> {
  const sim = await simulateChange(before, after, { providers: [tlsMocks()] });
  return summarize(sim.changes, sim.before.resources, sim.after.resources, added);
}
