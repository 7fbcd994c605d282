/**
 * Shape errors (zod issues) as problems, and the salvage that lets the rule checks still run on the rest of a
 * document with shape errors: unknown keys dropped, bad scalars given stand-ins, broken list items set aside.
 */
import type { $ZodIssue } from "zod/v4/core";
import { type Problem, pathOf } from "../spec/problems";

/** A SIP domain's name for a problem at `path`, if the path lies inside sipDomains[i]. */
function subjectAt(input: unknown, path: ReadonlyArray<PropertyKey>): string | undefined {
  if (path[0] !== "sipDomains" || typeof path[1] !== "number") return undefined;
  const item = (input as { sipDomains?: Array<{ name?: unknown }> }).sipDomains?.[path[1]];
  return typeof item?.name === "string" ? item.name : undefined;
}

export function schemaProblem(issue: $ZodIssue, input: unknown): Problem {
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
  const message =
    keys.length > 0
      ? `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`
      : missing && issue.code === "invalid_type"
        ? `required (${issue.expected}) but missing`
        : issue.code === "invalid_union"
          ? unionMessage(issue)
          : issue.message;
  return { path: pathOf(issue.path), rule: "SCHEMA", subject: subjectAt(input, issue.path), message };
}

/** zod says "Invalid input" for a union: name what each branch expected instead (e.g. a string or a number). */
function unionMessage(issue: Extract<$ZodIssue, { code: "invalid_union" }>): string {
  const expected = [
    ...new Set(
      issue.errors.flatMap((branch) =>
        branch.flatMap((i) => (i.code === "invalid_type" ? [i.expected] : i.code === "invalid_value" ? i.values.map((v) => JSON.stringify(v)) : [])),
      ),
    ),
  ];
  return expected.length > 0 ? `Invalid input: expected ${expected.join(" or ")}` : issue.message;
}

/**
 * A copy of the input without the parts the shape check rejected: unknown keys are dropped, a bad scalar gets a valid
 * stand-in where one is obvious, any other error drops the list item that holds it. Undefined when none of these
 * applies (nothing sensible remains). The stand-ins never reach a plan: the result is invalid anyway.
 */
export function salvage(
  input: unknown,
  issues: readonly $ZodIssue[],
): { value: unknown; restore: (text: string) => string; standIns: string[] } | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const copy = structuredClone(input) as Record<string, unknown>;
  const standIns: string[] = [];
  const drop = new Map<unknown[], { at: string; indexes: Set<number> }>();
  for (const issue of issues) {
    let node: unknown = copy;
    let dropAt: { list: unknown[]; index: number; at: string } | undefined;
    for (const [depth, key] of issue.path.entries()) {
      if (Array.isArray(node) && typeof key === "number") dropAt ??= { list: node, index: key, at: pathOf(issue.path.slice(0, depth)) };
      node = (node as Record<PropertyKey, unknown> | undefined)?.[key as string];
    }
    const stand = standIn(issue);
    if (issue.code === "unrecognized_keys" && typeof node === "object" && node !== null) {
      for (const k of issue.keys) delete (node as Record<string, unknown>)[k];
    } else if (stand.ok && issue.path.length > 0) {
      // A bad scalar: a valid stand-in lets the rule checks run on the rest of the document.
      let parent: unknown = copy;
      for (const key of issue.path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key as string];
      // No parent: an earlier issue set its section aside (below).
      if (typeof parent !== "object" || parent === null) continue;
      (parent as Record<PropertyKey, unknown>)[issue.path[issue.path.length - 1] as string] = stand.value;
      standIns.push(pathOf(issue.path));
    } else if (dropAt) {
      const entry = drop.get(dropAt.list) ?? { at: dropAt.at, indexes: new Set<number>() };
      drop.set(dropAt.list, entry);
      entry.indexes.add(dropAt.index);
    } else if (typeof issue.path[0] === "string" && Object.hasOwn(SECTION_STAND_INS, issue.path[0])) {
      // An optional section whose shape cannot be mended: set it aside, so that the other sections' rules still run.
      const section = issue.path[0];
      const stand = SECTION_STAND_INS[section];
      if (stand === undefined) delete copy[section];
      else copy[section] = structuredClone(stand);
      standIns.push(section);
    } else {
      return undefined;
    }
  }
  // Salvaged index -> the user's index, per list that lost items (e.g. `sipDomains[1]` -> `sipDomains[2]`).
  const kept = new Map<string, number[]>();
  for (const [list, { at, indexes }] of drop) {
    kept.set(
      at,
      list.map((_, i) => i).filter((i) => !indexes.has(i)),
    );
    for (const i of [...indexes].sort((a, b) => b - a)) list.splice(i, 1);
  }
  const restore = (text: string) =>
    text.replace(/(?<![\w.\]])([A-Za-z]+)\[(\d+)\]/g, (m, at: string, i: string) => (kept.has(at) ? `${at}[${kept.get(at)![Number(i)]}]` : m));
  return { value: copy, restore, standIns };
}

/**
 * Optional sections and what stands in for one whose shape cannot be mended field by field (undefined: left out, so
 * its default applies). The required sections (names, zones, edge pools, web services, simple URLs) have none: every
 * rule depends on them.
 */
const SECTION_STAND_INS: Readonly<Record<string, unknown>> = {
  reverseProxy: { provider: "external" },
  internalDns: undefined,
  dns: undefined,
  certificates: undefined,
  lifecycle: undefined,
  federationRoute: undefined,
};

/** Host of the stand-ins for missing or mistyped names (RFC 6761's .invalid never resolves). */
export const STAND_IN_HOST = "stand-in.invalid";

/** A valid value in place of a rejected scalar (documentation addresses, the nearest bound, the first choice). */
/**
 * Stand-ins for fields with a format of their own (schema.ts), so that the salvaged copy passes the shape check and
 * the rule checks run on the rest: a field name -> a valid value.
 */
const FORMATTED_STAND_INS: Readonly<Record<string, string>> = {
  zoneId: "0".repeat(32),
  accountId: "0".repeat(32),
  resourceGroup: "stand-in",
  location: "standin",
  gatewayName: "stand-in",
  lyncdiscoverGatewayName: "stand-in-http",
  country: "ZZ",
  organization: "",
  organizationalUnit: "",
  locality: "",
  province: "",
  rotation: "1",
  name: "stand-in",
};

function standIn(issue: $ZodIssue): { ok: true; value: unknown } | { ok: false } {
  const field = String(issue.path[issue.path.length - 1] ?? "");
  const inEdgePool = issue.path[0] === "edgePools" && issue.path.length === 3;
  const formatted =
    (issue.code === "invalid_type" && issue.expected === "string") ||
    (issue.code === "invalid_format" && issue.format === "regex") ||
    issue.code === "invalid_union";
  // `name` has a format only as an edge pool's key; elsewhere it is a host name (below).
  if (formatted && field in FORMATTED_STAND_INS && (field !== "name" || inEdgePool)) return { ok: true, value: FORMATTED_STAND_INS[field] };
  if (issue.code === "invalid_type" && issue.expected === "string") {
    const key = field;
    return { ok: true, value: /Url$/.test(key) ? `https://${STAND_IN_HOST}/${key}` : `${key.toLowerCase() || "name"}.${STAND_IN_HOST}` };
  }
  if (issue.code === "invalid_type" && issue.expected === "boolean") return { ok: true, value: false };
  if (issue.code === "invalid_format" && issue.format === "ipv4") return { ok: true, value: "192.0.2.1" };
  if (issue.code === "invalid_format" && issue.format === "ipv6") return { ok: true, value: "2001:db8::1" };
  if (issue.code === "too_small" && issue.origin === "number") return { ok: true, value: Number(issue.minimum) };
  if (issue.code === "too_big" && issue.origin === "number") return { ok: true, value: Number(issue.maximum) };
  if (issue.code === "invalid_value" && issue.values.length > 0) return { ok: true, value: issue.values[0] };
  return { ok: false };
}
