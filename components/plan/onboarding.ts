/**
 * ONBOARD-ORDER (docs/rules.md): a tenant's records go out only once every certificate in service carries its names.
 * One pure step over the derived plan: the rule families derive every record and name as if every certificate were
 * already issued; this step holds back the records of each tenant whose names a certificate in service still lacks
 * (pending), and says so. The requests (CSRs) keep every name, so the run that holds the records back is the one that
 * asks the CA for the names; the next run after the answer is installed publishes them.
 *
 * Why a whole tenant and every record of it, not only the records that name a certificate: a half-published tenant
 * (mobile clients sign in, desktop clients find no SRV) is harder to reason about than one that is not there yet, and
 * a record a rule family adds later is held back by default, which is the safe side.
 */
import type { DeploymentSpec } from "../spec/types";
import { compareText, sortedUnique } from "../spec/names";
import type { Problem } from "../spec/problems";
import type { InServiceCertificate, Plan, PlanCertificate, PlanRecord, PlanWarning, UngatedPlan, WaitingTenant } from "./types";

export const ONBOARD_ORDER = "ONBOARD-ORDER";

/** Certificate id -> the DNS names of the CA-issued certificate the deployment was given (tls/issued.ts issuedNames). */
export type IssuedNames = Readonly<Record<string, readonly string[]>>;

const canonical = (n: string) => n.toLowerCase().replace(/\.$/, "");

/**
 * What each certificate in service carries, from the best source there is: the issued certificate given to the
 * deployment (its SANs), else the spec's declared list (certificates managed outside the stack), else the stack's own
 * test CA, which signs every request in the run that makes it. A certificate with none of them is not gated.
 */
export function inServiceOf(
  spec: Pick<DeploymentSpec, "certificates">,
  certificates: readonly Pick<PlanCertificate, "id">[],
  issued: IssuedNames = {},
): Record<string, InServiceCertificate> {
  const declared = spec.certificates.inService ?? {};
  const out: Record<string, InServiceCertificate> = {};
  for (const { id } of certificates) {
    if (issued[id]) out[id] = { source: "issued", names: sortedUnique(issued[id].map(canonical)) };
    else if (declared[id]) out[id] = { source: "declared", names: sortedUnique(declared[id].map(canonical)) };
    else if (spec.certificates.testCa) out[id] = { source: "testCa", names: null };
  }
  return out;
}

/** Whether a certificate with these names serves `name`: the name itself, or a wildcard one label above it (RFC 6125 6.4.3). */
export function covers(carried: readonly string[], name: string): boolean {
  const n = canonical(name);
  return carried.includes(n) || (n.includes(".") && carried.includes(`*.${n.slice(n.indexOf(".") + 1)}`));
}

/** Certificate id -> the tenant's names the certificate in service lacks; empty when it carries them all. */
function missingNames(names: Readonly<Record<string, readonly string[]>>, inService: Readonly<Record<string, InServiceCertificate>>) {
  const missing: Record<string, string[]> = {};
  for (const [id, wanted] of Object.entries(names)) {
    const carried = inService[id]?.names;
    if (!carried) continue; // not known (not gated) or every name of the request (test CA)
    const lacking = wanted.filter((n) => !covers(carried, n));
    if (lacking.length > 0) missing[id] = lacking;
  }
  return missing;
}

/** `sip.a.com (edge-edge1); lyncdiscover.a.com (reverse-proxy)`. */
export const missingText = (missing: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(missing)
    .map(([id, names]) => `${names.join(", ")} (${id})`)
    .join("; ");

/** The step that ends the wait, by where the certificate's names come from. */
export function completion(missing: Readonly<Record<string, readonly string[]>>, inService: Readonly<Record<string, InServiceCertificate>>): string {
  return Object.keys(missing)
    .map((id) =>
      inService[id].source === "issued"
        ? `submit the CSR of ${id} (stack output certificates), install the CA's answer and give it to the stack (lync:issuedCertificates["${id}"])`
        : `install the CA's answer to the CSR of ${id} (stack output certificates) and add its names to certificates.inService["${id}"]`,
    )
    .join("; ")
    .concat("; the next pulumi up publishes the records");
}

function warningOf(w: WaitingTenant, inService: Readonly<Record<string, InServiceCertificate>>): PlanWarning {
  if (w.state === "early")
    return {
      rule: ONBOARD_ORDER,
      subject: w.sipDomain,
      message: `published before its certificate (publishBeforeCertificate): the certificate in service lacks ${missingText(w.missing)}, so its clients and federation partners meet a certificate without their name, and end the session (S5), until the CA's answer is installed`,
    };
  return {
    rule: ONBOARD_ORDER,
    subject: w.sipDomain,
    message: `pending: waiting for the CA's answer with ${missingText(w.missing)}; its records (${w.records.join(", ")}) are held back until the certificate in service carries those names: ${completion(w.missing, inService)}`,
  };
}

/** One warning for the certificates whose names in service nobody declared: gating is off for them, and how to turn it on. */
function ungatedWarning(plan: UngatedPlan, inService: Readonly<Record<string, InServiceCertificate>>): PlanWarning[] {
  const ungated = plan.certificates.filter((c) => !inService[c.id] && Object.values(c.nameOwners).some((o) => o !== null)).map((c) => c.id);
  if (ungated.length === 0) return [];
  return [
    {
      rule: ONBOARD_ORDER,
      message: `the names of the certificate in service are not known for ${ungated.join(", ")} (no issued certificate given, no certificates.inService entry): a new tenant's records go out in the run that only requests its names, so its clients meet a certificate without their name until the CA's answer is installed; give the answer (lync:issuedCertificates) or declare certificates.inService to hold them back until then`,
    },
  ];
}

/** The plan with the records of every pending tenant held back, and what waits for which name (ONBOARD-ORDER). */
export function gateOnboarding(
  plan: UngatedPlan,
  spec: Pick<DeploymentSpec, "sipDomains">,
  inService: Readonly<Record<string, InServiceCertificate>>,
): Plan {
  const early = new Set(spec.sipDomains.filter((d) => d.publishBeforeCertificate).map((d) => d.name));
  const waiting: WaitingTenant[] = [];
  for (const t of plan.tenants) {
    const missing = missingNames(t.certificateNames, inService);
    if (Object.keys(missing).length === 0) continue;
    const records = sortedUnique(plan.records.filter((r) => r.sipDomain === t.name).map((r) => r.name));
    waiting.push({ sipDomain: t.name, state: early.has(t.name) ? "early" : "pending", missing, records });
  }
  const pending = new Set(waiting.filter((w) => w.state === "pending").map((w) => w.sipDomain));
  const published = (r: PlanRecord) => r.sipDomain === null || !pending.has(r.sipDomain);
  // Inside too: a split-brain copy of lyncdiscover.<d> leads internal mobile clients to the same reverse proxy, and
  // sip.<d> to a pool whose certificate may lack it. A zone left without records is not created (it would hide the
  // domain's public names from clients inside).
  const internalRecords = plan.internal?.records.filter(published) ?? [];
  const internal = plan.internal && { ...plan.internal, records: internalRecords, zones: sortedUnique(internalRecords.map((r) => r.zone)) };
  return {
    ...plan,
    records: plan.records.filter(published),
    internal,
    tenants: plan.tenants.map((t) => (pending.has(t.name) ? { ...t, fqdns: [] } : t)),
    warnings: [...plan.warnings, ...ungatedWarning(plan, inService), ...waiting.map((w) => warningOf(w, inService))],
    onboarding: { inService, waiting: waiting.sort((a, b) => compareText(a.sipDomain, b.sipDomain)) },
  };
}

/** certificates.inService may only name certificates of this deployment. */
export function inServiceProblems(spec: DeploymentSpec, plan: Pick<Plan, "certificates">): Problem[] {
  const ids = plan.certificates.map((c) => c.id);
  return Object.keys(spec.certificates.inService ?? {})
    .filter((id) => !ids.includes(id))
    .map((id) => ({
      path: `certificates.inService.${id}`,
      rule: ONBOARD_ORDER,
      message: `no certificate of this deployment has this id (it requests: ${ids.join(", ")})`,
    }));
}
