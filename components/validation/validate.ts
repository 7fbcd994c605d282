/**
 * validateDeployment: the only way to a DeploymentSpec. Shape (zod), then the Lync rules, then the checks that need
 * the derived plan (record conflicts, certificate and platform limits). Every problem is collected; nothing stops at
 * the first one. When the shape is broken, list items with shape errors (and optional sections that cannot be mended)
 * are set aside so that the rule checks still run on the rest (a config with ten mistakes gets ten reports). Input
 * over a limit (spec/limits.ts) gets that one problem before anything else runs.
 */
import { deploymentSchema } from "../spec/schema";
import type { DeploymentSpec, RawDeployment } from "../spec/types";
import { inputLimitProblems } from "../spec/limits";
import type { Problem } from "../spec/problems";
import { planChecks, planForChecks } from "./registry";
import { STAND_IN_HOST, salvage, schemaProblem } from "./shape";
import { nameProblems, normalize } from "./specNames";
import { resolveDomains, ruleProblems } from "./specRules";
import { addressProblems } from "./addressRules";
import { subjectProblems } from "./subjectRules";

/** The rules a name itself breaks (nameProblems). */
const NAME_RULES = new Set(["R-DNS-12", "RFC1035"]);

export type ValidationResult =
  | { readonly ok: true; readonly spec: DeploymentSpec; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Rounds of salvage: a stand-in can itself miss a format (a missing ARM id), and the next round then sets the whole
 * optional section aside (shape.ts). Each round makes the copy strictly more valid, so three suffice.
 */
const SALVAGE_ROUNDS = 3;

export function validateDeployment(input: unknown): ValidationResult {
  // Size and depth first, without recursion: nothing below (zod, the salvage's structuredClone) may meet a document
  // nested thousands of levels deep or a 50 MB string.
  const limits = inputLimitProblems(input);
  if (limits.length > 0) return { ok: false, problems: limits };
  const { shape, rules, spec } = check(input, 0);
  if (spec && shape.length === 0 && rules.length === 0) return { ok: true, spec, problems: [] };
  return { ok: false, problems: [...shape, ...rules] };
}

/** The shape problems of `input` and the rule problems of its well-formed parts (of a salvaged copy if need be). */
function check(input: unknown, round: number): { shape: Problem[]; rules: Problem[]; spec?: DeploymentSpec } {
  const parsed = deploymentSchema.safeParse(input);
  if (parsed.success) return ruleCheck(parsed.data);
  const shape = parsed.error.issues.map((i) => schemaProblem(i, input));
  const salvaged = round < SALVAGE_ROUNDS ? salvage(input, parsed.error.issues) : undefined;
  if (salvaged === undefined) return { shape, rules: [] };
  // The rule checks run on the salvaged copy, where dropped list items shift the indexes: map them back. The copy's
  // own shape problems are about stand-ins, and problems about a stand-in (a missing field filled in to go on) are the
  // shape error's echo: both left out.
  const rules = check(salvaged.value, round + 1)
    .rules.filter(
      (p) => !salvaged.standIns.some((at) => p.path === at || p.path.startsWith(`${at}.`)) && !`${p.subject} ${p.message}`.includes(STAND_IN_HOST),
    )
    .map((p) => ({ ...p, path: salvaged.restore(p.path), message: salvaged.restore(p.message) }));
  return { shape, rules };
}

/** The Lync rules, then the checks that need the plan, on a document of the right shape. */
function ruleCheck(raw: RawDeployment): { shape: []; rules: Problem[]; spec?: DeploymentSpec } {
  const problems: Problem[] = [];
  problems.push(...nameProblems(raw));
  const spec = normalize(raw);
  const resolution = resolveDomains(spec);
  // A SIP domain name that breaks a name rule would also break the simple-URL rule through its meet URL: one report.
  const badNames = new Set(problems.filter((p) => NAME_RULES.has(p.rule)).map((p) => p.path));
  const echoesBadName = (p: Problem) => p.rule === "S4" && badNames.has(p.path.replace(/\.meet$/, ".name"));
  problems.push(...resolution.problems, ...ruleProblems(spec).filter((p) => !echoesBadName(p)), ...addressProblems(spec), ...subjectProblems(spec));
  // The plan needs well-formed names, parsable simple URLs and every referenced zone and edge pool (an unknown
  // pool or an unparsable URL would make buildPlan throw instead of reporting).
  const blocking = new Set([...NAME_RULES, "EDGE-POOL"]);
  const urlsParse = [spec.simpleUrls.dialinUrl, spec.simpleUrls.adminUrl].every((u) => u === undefined || URL.canParse(u));
  if (resolution.problems.length === 0 && urlsParse && !problems.some((p) => blocking.has(p.rule))) {
    const resolved = { ...spec, sipDomains: resolution.sipDomains, __validated: true as const };
    // Every record, a pending tenant's too (ONBOARD-ORDER): its problems are reported in the run that adds it.
    const plan = planForChecks(resolved);
    // An edge host on a tenant's web name is reported by the spec rule; the plan's record conflict and the SRV
    // target without an address that follow from it are its echo.
    const clashes = new Set(
      problems
        .filter((p) => p.rule === "DNS-CONFLICT" && /^sipDomains\[\d+\]\.edgeHost$/.test(p.path))
        .map((p) => resolved.sipDomains[Number(/\d+/.exec(p.path)![0])].edgeHost),
    );
    const echoesClash = (p: Problem) =>
      (p.rule === "DNS-CONFLICT" && p.subject !== undefined && clashes.has(p.subject)) ||
      (p.rule === "R-DNS-01" && [...clashes].some((host) => p.message.includes(`targets ${host}, which has no A/AAAA`)));
    for (const c of planChecks) problems.push(...c(resolved, plan).filter((p) => !echoesClash(p)));
    return problems.length === 0 ? { shape: [], rules: [], spec: resolved } : { shape: [], rules: problems };
  }
  return { shape: [], rules: problems };
}
