/**
 * CERT-SUBJECT: the subject of every certificate request as a CA will read it. RFC 5280 Appendix A makes the upper
 * bounds of the name attributes mandatory ("specifications of Upper Bounds MUST be regarded as mandatory"), and a CA
 * refuses a request that breaks one, or one whose text a reader could see differently from what the CA signs (a bidi
 * override that reorders it, a line or paragraph separator, a lone surrogate that is no character at all).
 */
import type { RawDeployment } from "../spec/types";
import type { Problem } from "../spec/problems";

/** RFC 5280 Appendix A.1: ub-organization-name, ub-organizational-unit-name, ub-locality-name, ub-state-name. */
export const SUBJECT_UPPER_BOUNDS = { organization: 64, organizationalUnit: 64, locality: 128, province: 128 } as const;
/** RFC 5280 Appendix A.1: ub-common-name. The CN of each request is the access edge's or the web services' FQDN. */
export const COMMON_NAME_UPPER_BOUND = 64;

/**
 * What a subject field may not contain: C0 and C1 controls (U+0085 NEL among them), DEL, the line and paragraph
 * separators U+2028/U+2029, the bidi controls (U+200E/U+200F marks, U+202A-U+202E embeddings and overrides, U+2066-U+2069
 * isolates, U+061C) and lone surrogates (a UTF-16 half with no partner: not a character, so no UTF8String holds it).
 */
// Without the `u` flag, so that the surrogate test sees UTF-16 code units (a pair is fine, a half alone is not).
const FORBIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Length in characters (code points), as ASN.1 SIZE counts a UTF8String. */
const characters = (text: string) => [...text].length;

function forbiddenCharacter(text: string): string | undefined {
  const m = FORBIDDEN.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}

export function subjectProblems(spec: RawDeployment): Problem[] {
  const problems: Problem[] = [];
  const subject = spec.certificates.subject;
  for (const [field, bound] of Object.entries(SUBJECT_UPPER_BOUNDS) as Array<[keyof typeof SUBJECT_UPPER_BOUNDS, number]>) {
    const text = subject[field];
    if (text === undefined) continue;
    const path = `certificates.subject.${field}`;
    const bad = forbiddenCharacter(text);
    if (bad) {
      problems.push({
        path,
        rule: "CERT-SUBJECT",
        message: `contains ${bad}, which a certificate subject may not hold (control, separator or bidi character, or a lone surrogate)`,
      });
    }
    const length = characters(text);
    if (length === 0)
      problems.push({ path, rule: "CERT-SUBJECT", message: `is empty; leave it out or give a value (RFC 5280: 1 to ${bound} characters)` });
    if (length > bound) {
      problems.push({ path, rule: "CERT-SUBJECT", message: `is ${length} characters long; RFC 5280 allows at most ${bound}` });
    }
  }
  const commonNames: Array<[string, string]> = [
    ["webServices.externalFqdn", spec.webServices.externalFqdn],
    ...spec.edgePools.map((p, i): [string, string] => [`edgePools[${i}].accessEdge.fqdn`, p.accessEdge.fqdn]),
  ];
  for (const [path, name] of commonNames) {
    if (name.length > COMMON_NAME_UPPER_BOUND) {
      problems.push({
        path,
        subject: name,
        rule: "CERT-SUBJECT",
        message: `is the common name of a certificate request but has ${name.length} characters; RFC 5280 allows at most ${COMMON_NAME_UPPER_BOUND}`,
      });
    }
  }
  return problems;
}
