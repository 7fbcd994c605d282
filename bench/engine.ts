/**
 * The pure rule engine (spec -> plan) on its own: time of validateDeployment + buildPlan, and what the plan says each
 * tenant costs in public certificate names (docs/rules.md 2.1 edge, 2.4 reverse proxy; S4 simple URLs, S5 lyncdiscover).
 */
import { buildPlan, validateDeployment, type Plan } from "../components/model";
import { generateDeployment, type Mode } from "./generate";
import { median } from "./run";

export function validatedPlan(input: unknown): Plan {
  const result = validateDeployment(input);
  if (!result.ok) throw new Error(`generated deployment is invalid: ${result.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ")}`);
  return buildPlan(result.spec);
}

const timed = (input: unknown): number => {
  const start = process.hrtime.bigint();
  validatedPlan(input);
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/**
 * validateDeployment + buildPlan: the first run at this size (`firstMs`, as a program runs it once, JIT still cold
 * for this size) and the median of `runs` further runs.
 */
export function timeRuleEngine(input: unknown, runs: number): { medianMs: number; firstMs: number; runsMs: number[] } {
  const firstMs = timed(input);
  const runsMs = Array.from({ length: runs }, () => timed(input));
  return { medianMs: median(runsMs), firstMs, runsMs };
}

export interface CertificateNames {
  /** Public certificate names of one on-premises tenant, over every certificate (same for each of them here). */
  readonly perOnPremisesTenant: { readonly min: number; readonly max: number };
  readonly perOnlineTenant: number;
  /** Certificate id -> names used / CA limit. */
  readonly certificates: Record<string, string>;
}

/** Names per tenant in one publishing mode at size n; the validation problem instead when the mode does not fit. */
export function certificateNames(n: number, mode: Mode): CertificateNames | { readonly invalid: string } {
  const result = validateDeployment(generateDeployment(n, { mode }));
  if (!result.ok) return { invalid: result.problems.map((p) => `[${p.rule}] ${p.message}`).join("; ") };
  const plan = buildPlan(result.spec);
  const count = (t: Plan["tenants"][number]) => Object.values(t.certificateNames).reduce((sum, names) => sum + names.length, 0);
  const onPremises = plan.tenants.filter((t) => t.home === "onPremises").map(count);
  return {
    perOnPremisesTenant: { min: Math.min(...onPremises), max: Math.max(...onPremises) },
    perOnlineTenant: Math.max(0, ...plan.tenants.filter((t) => t.home === "online").map(count)),
    certificates: Object.fromEntries(plan.certificates.map((c) => [c.id, `${c.dnsNames.length}/${c.limit}`])),
  };
}

/**
 * The most SIP domains one stack with the Azure Application Gateway pair takes before validation refuses it (its
 * listener limit, docs/rules.md 5b, S41), by bisection over N, and the problem that stops N + 1.
 */
export function azureGatewayCeiling(upTo = 1000): { readonly largest: number; readonly stoppedBy: string } {
  const problems = (n: number) => {
    const r = validateDeployment(generateDeployment(n, { reverseProxy: "azure" }));
    return r.ok ? [] : r.problems;
  };
  let [ok, bad] = [1, upTo + 1];
  if (problems(upTo).length === 0) return { largest: upTo, stoppedBy: "" };
  while (bad - ok > 1) {
    const mid = Math.floor((ok + bad) / 2);
    if (problems(mid).length === 0) ok = mid;
    else bad = mid;
  }
  return {
    largest: ok,
    stoppedBy: problems(ok + 1)
      .map((p) => `[${p.rule}] ${p.message}`)
      .join("; "),
  };
}
