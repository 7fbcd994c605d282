/**
 * How Application Gateway v2 evaluates a URL path map, read from a configuration in azure-native input names: path
 * rules (exact, or a prefix ending in "*"), the map's default, the rewrite rule sets attached to either, and a
 * rewrite's `reroute`, which evaluates the map again with the rewritten path. Pure; shared by inspect.ts (the layout
 * tests) and lab/routes.ts (the lab's gateway), so both judge a configuration by one reading of it.
 *
 * Path case: whether path rules match case-sensitively is documented both ways (MicrosoftDocs/azure-docs#34725), so
 * the caller chooses, and a configuration is safe only if it is safe under both readings.
 *
 * Rewrites, as Microsoft documents them (learn.microsoft.com/azure/application-gateway/rewrite-http-headers-url,
 * ms.date 2024-09-06, v2 SKU only): conditions test server variables (ARM `var_<name>`, e.g. `var_uri_path`, "the part
 * of the request URI without the arguments") with RE2 patterns, `ignoreCase` and `negate`, and all conditions of a rule
 * must hold; `modifiedPath` sets the path and null leaves it, as `modifiedQueryString` null leaves the query (API
 * reference, ApplicationGatewayUrlConfiguration); with `reroute` ("Reevaluate path map") "the URL path map is
 * reevaluated to check the match with the rewritten path" (the article's "parameter based path selection" scenario is
 * a rewrite set on the default path rerouting onto an exact path rule); a set on the map's default "applies only when
 * no path rule matches" (learn.microsoft.com/troubleshoot/azure/application-gateway/troubleshoot-url-rewrite-rules);
 * a loop made by client input ends the request with 500. Only what the layout uses is understood: anything else in a
 * rewrite rule throws, since an action ignored here could hide a path that reaches a backend.
 */
type Obj = Record<string, unknown>;

export interface RewriteRule {
  readonly name: string;
  readonly sequence: number;
  /** var_uri_path conditions, ANDed. */
  readonly conditions: ReadonlyArray<{ readonly pattern: RegExp; readonly negate: boolean }>;
  readonly modifiedPath?: string;
  readonly reroute: boolean;
}

export interface Target<T> {
  readonly value: T;
  readonly rewrite: readonly RewriteRule[];
}

export interface PathMap<T> {
  readonly rules: ReadonlyArray<Target<T> & { readonly name: string; readonly paths: readonly string[] }>;
  readonly default: Target<T>;
}

/** Where the map sends a path (`path`: the one the backend gets), or a rewrite loop (the gateway answers 500). */
export type PathMapOutcome<T> =
  { readonly kind: "target"; readonly value: T; readonly path: string; readonly rule: string } | { readonly kind: "loop"; readonly path: string };

/** Re-evaluations before a loop is assumed (the docs give no number; any finite one gives the same verdict here). */
const MAX_REROUTES = 8;

const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const present = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const last = (v: unknown): string => {
  const id = (v as Obj | undefined)?.id;
  return (typeof id === "string" ? id : "").split("/").pop() ?? "";
};

function only(o: Obj, keys: readonly string[], where: string): void {
  for (const [k, v] of Object.entries(o)) if (present(v) && !keys.includes(k)) throw new Error(`${where}: ${k} is not emulated`);
}

export function pathPatternMatches(pattern: string, path: string, caseSensitive: boolean): boolean {
  const [p, v] = caseSensitive ? [pattern, path] : [pattern.toLowerCase(), path.toLowerCase()];
  return p.endsWith("*") ? v.startsWith(p.slice(0, -1)) : v === p;
}

/** The rules of an ApplicationGatewayRewriteRuleSet; throws on anything this reading does not understand. */
export function parseRewriteRuleSet(set: Obj): RewriteRule[] {
  only(set, ["id", "name", "rewriteRules"], `rewrite rule set ${String(set.name)}`);
  return list(set.rewriteRules).map((r) => {
    const where = `rewrite rule set ${String(set.name)} rule ${String(r.name)}`;
    only(r, ["name", "ruleSequence", "conditions", "actionSet"], where);
    const conditions = list(r.conditions).map((c) => {
      only(c, ["variable", "pattern", "ignoreCase", "negate"], where);
      if (c.variable !== "var_uri_path") throw new Error(`${where}: condition variable ${String(c.variable)} is not emulated`);
      if (typeof c.pattern !== "string") throw new Error(`${where}: a condition without a pattern is not emulated`);
      return { pattern: new RegExp(c.pattern, c.ignoreCase === true ? "i" : ""), negate: c.negate === true };
    });
    const actions = (r.actionSet ?? {}) as Obj;
    only(actions, ["urlConfiguration"], where);
    const url = (actions.urlConfiguration ?? {}) as Obj;
    only(url, ["modifiedPath", "reroute"], where);
    if (present(url.modifiedPath) && (typeof url.modifiedPath !== "string" || url.modifiedPath.includes("{"))) {
      throw new Error(`${where}: modifiedPath ${JSON.stringify(url.modifiedPath)} is not emulated (only literal paths)`);
    }
    return {
      name: String(r.name),
      sequence: Number(r.ruleSequence ?? 0),
      conditions,
      reroute: url.reroute === true,
      ...(present(url.modifiedPath) ? { modifiedPath: String(url.modifiedPath) } : {}),
    };
  });
}

/** URL path map `map` of gateway configuration `args`, each target made by `target` from its pool and settings references. */
export function readPathMap<T>(args: Obj, map: Obj, target: (pool: unknown, settings: unknown) => T): PathMap<T> {
  const sets = new Map(list(args.rewriteRuleSets).map((s) => [String(s.name), s]));
  const rewrite = (ref: unknown): RewriteRule[] => {
    if (!present(ref)) return [];
    const set = sets.get(last(ref));
    if (!set) throw new Error(`URL path map ${String(map.name)}: rewrite rule set ${String((ref as Obj).id)} is not declared`);
    return parseRewriteRuleSet(set);
  };
  return {
    rules: list(map.pathRules).map((r) => ({
      name: String(r.name),
      paths: list(r.paths).map(String),
      value: target(r.backendAddressPool, r.backendHttpSettings),
      rewrite: rewrite(r.rewriteRuleSet),
    })),
    default: { value: target(map.defaultBackendAddressPool, map.defaultBackendHttpSettings), rewrite: rewrite(map.defaultRewriteRuleSet) },
  };
}

/** A rewrite set on a request routing rule itself is not emulated: reading past it could hide a rewritten path. */
export function rejectRuleRewrite(rule: Obj): void {
  if (present(rule.rewriteRuleSet)) throw new Error(`request routing rule ${String(rule.name)}: a rewrite rule set on the rule is not emulated`);
}

/** Where `map` sends `path` (without its query string). */
export function evaluatePathMap<T>(map: PathMap<T>, path: string, caseSensitive: boolean): PathMapOutcome<T> {
  let current = path;
  for (let pass = 0; pass <= MAX_REROUTES; pass++) {
    const hit = map.rules.find((r) => r.paths.some((p) => pathPatternMatches(p, current, caseSensitive)));
    const target = hit ?? map.default;
    let next = current;
    let reroute = false;
    for (const r of [...target.rewrite].sort((a, b) => a.sequence - b.sequence)) {
      if (!r.conditions.every((c) => c.pattern.test(current) !== c.negate)) continue;
      next = r.modifiedPath ?? next;
      reroute ||= r.reroute;
    }
    if (!reroute) return { kind: "target", value: target.value, path: next, rule: hit?.name ?? "default" };
    current = next;
  }
  return { kind: "loop", path: current };
}
