/**
 * validateDeployment: the only way to a DeploymentSpec. Shape (zod), then the Lync rules, then the checks that need
 * the derived plan (record conflicts, certificate and platform limits). Every problem is collected; nothing stops at
 * the first one. When the shape is broken, list items with shape errors are set aside so that the rule checks still
 * run on the rest (a config with ten mistakes gets ten reports).
 */
import { deploymentSchema, type DeploymentSpec } from "../spec/schema";
import type { Problem } from "../spec/problems";
import { planChecks, planForChecks } from "./registry";
import { STAND_IN_HOST, salvage, schemaProblem } from "./shape";
import { nameProblems, normalize } from "./specNames";
import { resolveDomains, ruleProblems } from "./specRules";
import { addressProblems } from "./addressRules";

/** The rules a name itself breaks (nameProblems). */
const NAME_RULES = new Set(["R-DNS-12", "RFC1035"]);

export type ValidationResult =
  | { readonly ok: true; readonly spec: DeploymentSpec; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function validateDeployment(input: unknown): ValidationResult {
  const problems: Problem[] = [];
  const parsed = deploymentSchema.safeParse(input);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => schemaProblem(i, input)));
    const salvaged = salvage(input, parsed.error.issues);
    if (salvaged === undefined || !deploymentSchema.safeParse(salvaged.value).success) return { ok: false, problems };
    // The rule checks run on the salvaged copy, where dropped list items shift the indexes: map them back.
    // Problems about a stand-in (a missing field filled in to go on) are the shape error's echo: left out.
    const rest = validateDeployment(salvaged.value)
      .problems.filter(
        (p) => !salvaged.standIns.some((at) => p.path === at || p.path.startsWith(`${at}.`)) && !`${p.subject} ${p.message}`.includes(STAND_IN_HOST),
      )
      .map((p) => ({
        ...p,
        path: salvaged.restore(p.path),
        message: salvaged.restore(p.message),
      }));
    return { ok: false, problems: [...problems, ...rest] };
  }
  const raw = parsed.data;
  problems.push(...nameProblems(raw));
  const spec = normalize(raw);
  const resolution = resolveDomains(spec);
  // A SIP domain name that breaks a name rule would also break the simple-URL rule through its meet URL: one report.
  const badNames = new Set(problems.filter((p) => NAME_RULES.has(p.rule)).map((p) => p.path));
  const echoesBadName = (p: Problem) => p.rule === "S4" && badNames.has(p.path.replace(/\.meet$/, ".name"));
  problems.push(...resolution.problems, ...ruleProblems(spec).filter((p) => !echoesBadName(p)), ...addressProblems(spec));
  // The plan needs well-formed names, parsable simple URLs and every referenced zone and edge pool (an unknown
  // pool or an unparsable URL would make buildPlan throw instead of reporting).
  const blocking = new Set([...NAME_RULES, "EDGE-POOL"]);
  const urlsParse = [spec.simpleUrls.dialinUrl, spec.simpleUrls.adminUrl].every((u) => u === undefined || URL.canParse(u));
  if (resolution.problems.length === 0 && urlsParse && !problems.some((p) => blocking.has(p.rule))) {
    const resolved = { ...spec, sipDomains: resolution.sipDomains, __validated: true as const };
    // Every record, a pending tenant's too (ONBOARD-ORDER): its problems are reported in the run that adds it.
    const plan = planForChecks(resolved);
    for (const check of planChecks) problems.push(...check(resolved, plan));
    if (problems.length === 0) return { ok: true, spec: resolved, problems: [] };
  }
  return { ok: false, problems };
}
