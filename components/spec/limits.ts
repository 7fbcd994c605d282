/**
 * Input limits (docs/rules.md LIMIT, README "Input limits"): the one place that says how large a spec may be. Each
 * bound sits well above the largest deployment measured (bench/generate.ts: 10,000 SIP domains, 1.6 MB as YAML, 2.2 MB
 * as indented JSON, nesting 7 levels deep inside a stack file) and well below what makes the review slow or kills it
 * (issue 22: 300,000 tenants in 10 MB ran out of memory after 152 s). Over a limit the input gets one LIMIT problem,
 * found before the expensive step: the size before parsing, the depth before anything recurses into the document.
 */
import type { Problem } from "./problems";
import { pathOf } from "./problems";

/** A spec file, stack file or config value: 8 MiB, five times the 10,000-tenant spec as YAML. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;
/** Nesting of objects and lists: a valid stack file reaches 7 (config > lync:deployment > edgePools[0].certificate.ca.limit). */
export const MAX_DEPTH = 32;
/** SIP domains in one spec (an estate, or a stack holding its own spec): 2.5 times the 10,000 the benchmark reviews. */
export const MAX_SIP_DOMAINS = 25_000;
/**
 * SIP domains one stack registers (its shard of an estate, or all of a stack without shards): above the 10,000 (+1, the
 * add-one-tenant run) the benchmark registers; a `pulumi up` of 10,000 online tenants already takes minutes.
 */
export const MAX_SIP_DOMAINS_PER_STACK = 15_000;
/** Any other list (zones: one per tenant, plus the shared names' zones) and any object's keys. */
export const MAX_LIST_ITEMS = MAX_SIP_DOMAINS + 1_000;
/** Values (objects, lists, scalars) in one document: about 12 per tenant at MAX_SIP_DOMAINS, with room to spare. */
export const MAX_VALUES = 1_000_000;
/** Any string: host names have at most 253 characters (RFC 1035), ARM ids and URLs a few hundred. */
export const MAX_STRING_CHARS = 4_096;
/** The one field that holds a document: reverseProxy.trustedRootCertificate, a PEM root CA (about 2 KB) or a short chain. */
export const MAX_CERTIFICATE_CHARS = 65_536;
/**
 * Linux's limit on one environment string (MAX_ARG_STRLEN: 32 pages of 4 KiB, `NAME=value` and its NUL included). The
 * Node.js and Python language hosts hand the program its whole stack config in one, `PULUMI_CONFIG=<JSON>`; over the
 * limit the kernel refuses to start the program (E2BIG). tests/model/limits.test.ts measures the kernel's answer.
 */
export const MAX_ENVIRONMENT_STRING_BYTES = 131_072;
const LONG_TEXT_FIELDS: ReadonlySet<string> = new Set(["trustedRootCertificate"]);

const size = (n: number) => n.toLocaleString("en-US");

/** One LIMIT problem when text is larger than MAX_SPEC_BYTES (checked before anything parses it). */
export function textSizeProblem(bytes: number, what: string): Problem | undefined {
  if (bytes <= MAX_SPEC_BYTES) return undefined;
  return { path: "", rule: "LIMIT", message: `${what} is ${size(bytes)} bytes; at most ${size(MAX_SPEC_BYTES)} are read` };
}

/**
 * The bytes of `PULUMI_CONFIG=<JSON>` as a language host writes it for this stack config (file keys, values as text:
 * an object as its JSON; Go's encoder writes <, > and & as six-byte escapes), with the terminating NUL.
 */
export function programConfigBytes(config: Readonly<Record<string, unknown>>): number {
  const asText = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  const json = JSON.stringify(asText);
  const escaped = json.match(/[<>&]/g)?.length ?? 0;
  return Buffer.byteLength(`PULUMI_CONFIG=${json}`) + 5 * escaped + 1;
}

/** LIMIT when the stack config cannot reach the program (MAX_ENVIRONMENT_STRING_BYTES), with the way out. */
export function programConfigProblem(config: Readonly<Record<string, unknown>>, what: string): Problem | undefined {
  const bytes = programConfigBytes(config);
  if (bytes <= MAX_ENVIRONMENT_STRING_BYTES) return undefined;
  return {
    path: "config",
    rule: "LIMIT",
    message: `the stack config of ${what} reaches the program as one environment variable of ${size(bytes)} bytes (PULUMI_CONFIG); Linux starts no program with one over ${size(MAX_ENVIRONMENT_STRING_BYTES)}: move the deployment into an estate file (lync:estate, README "Scale"), which the program reads itself`,
  };
}

export function depthProblem(path: string, what = "the document"): Problem {
  return { path, rule: "LIMIT", message: `${what} nests deeper than ${MAX_DEPTH} levels here; a valid spec needs at most 7` };
}

/**
 * The limits of a parsed document, found without recursion (an explicit stack), so that a value nested thousands of
 * levels deep is reported, not a stack overflow. At most one problem per kind: the first place it is found, and how
 * many more there are.
 */
export function inputLimitProblems(input: unknown): Problem[] {
  const found = new Map<string, { problem: Problem; more: number }>();
  const report = (kind: string, problem: Problem) => {
    const seen = found.get(kind);
    if (seen) seen.more++;
    else found.set(kind, { problem, more: 0 });
  };
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (++values > MAX_VALUES) {
      report("values", { path: "", rule: "LIMIT", message: `the document holds more than ${size(MAX_VALUES)} values` });
      break;
    }
    const at = pathOf(path);
    if (typeof value === "string") {
      const field = String(path[path.length - 1]);
      const max = LONG_TEXT_FIELDS.has(field) ? MAX_CERTIFICATE_CHARS : MAX_STRING_CHARS;
      if (value.length > max)
        report("string", { path: at, rule: "LIMIT", message: `is ${size(value.length)} characters long; at most ${size(max)}` });
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_DEPTH) {
      report("depth", depthProblem(at));
      continue;
    }
    const count = Array.isArray(value) ? value.length : Object.keys(value).length;
    const isSipDomains = path.length === 1 && path[0] === "sipDomains";
    const max = isSipDomains ? MAX_SIP_DOMAINS : MAX_LIST_ITEMS;
    if (count > max) {
      report(`list ${at}`, {
        path: at,
        rule: "LIMIT",
        message: `holds ${size(count)} ${isSipDomains ? "SIP domains" : "entries"}; at most ${size(max)}`,
      });
      continue;
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value)
      ? value.map((v, i): [number, unknown] => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return [...found.values()].map(({ problem, more }) =>
    more === 0 ? problem : { ...problem, message: `${problem.message} (and ${size(more)} more like it)` },
  );
}
