/**
 * The HTTP-only lyncdiscover path map, fail-closed: only the plan's allowed paths reach the backend, every other path
 * goes to a pool without targets (the gateway answers 502 itself). Pure.
 */
import type { GatewayArgs, Ref } from "./gatewayArgs";

/** The backend pool without targets: what the HTTP path maps send every path but the autodiscover root to (502). */
export const REFUSE_POOL = "refuse";
export const ALLOWED_PATH_RULE = "allowed";

const escapeRe2 = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The one path an HTTP path map forwards: the allowed path other than "/", lower-case (the backend, IIS, ignores case). */
function forwardedPath(allow: readonly string[]): string {
  const exact = [...new Set(allow.filter((p) => p !== "/").map((p) => p.toLowerCase()))];
  if (exact.length !== 1 || !/^\/[^?#*]+$/.test(exact[0]))
    throw new Error(`an HTTP path map forwards exactly one path besides "/", not ${allow.join(", ")}`);
  return exact[0];
}

/**
 * The rewrite set of `pathMapFor`: a path that is one of the allowed ones in any letter case (exactly: no trailing
 * "/", as the plan and Cloudflare's rule allow) becomes the forwarded path (lower-case), and `reroute` evaluates the path map again with it,
 * so the exact path rule takes it. The query string is left alone (no modifiedQueryString): `?sipuri=` reaches the
 * backend. The condition holds only for the allowed paths, so the reroute cannot loop (the docs require a conditional
 * rule for that, rewrite-http-headers-url "common pitfalls"; a loop would end in 500, still closed).
 */
export function allowedRewriteRuleSet(name: string, allow: readonly string[]): GatewayArgs["rewriteRuleSets"][number] {
  const path = forwardedPath(allow);
  const body = escapeRe2(path.slice(1));
  return {
    name,
    rewriteRules: [
      {
        name: "to-forwarded-path",
        ruleSequence: 100,
        conditions: [{ variable: "var_uri_path", pattern: allow.includes("/") ? `^/(${body})?$` : `^/${body}$`, ignoreCase: true, negate: false }],
        actionSet: { urlConfiguration: { modifiedPath: path, reroute: true } },
      },
    ],
  };
}

/**
 * A URL path map that forwards exactly the `allow`ed paths (any letter case, any query string) to `pool` and refuses
 * every other path, fail-closed: the map's default target is `refuse` (a pool without targets: 502), and ONE path
 * rule sends the exact lower-case forwarded path to `pool`. Every other allowed spelling ("/", "/?sipuri=...",
 * "/Autodiscover/AutodiscoverService.svc/root") falls to the default, whose rewrite set (`rewrite`, built by
 * `allowedRewriteRuleSet`) turns it into the exact path and evaluates the map again. That is Microsoft's own
 * "parameter based path selection" pattern (rewrite-http-headers-url: a rewrite set on the default path whose rules
 * set the URL path with "Reevaluate path map", so that an exact path rule takes the request); how the gateway reads
 * the map and the rewrite is in urlPathMap.ts.
 *
 * Why not the default as the backend: ARM refuses "/" as a path pattern (ApplicationGatewayPathRulePathShouldHave-
 * NonEmptyMatchValue, AGIC PR #215), so "/" could only be reached through the default, and whatever no refusing
 * pattern caught would reach the backend too. Path matching may be case-sensitive (MicrosoftDocs/azure-docs#34725:
 * it differs by version), so "/Ucwa/..." would slip past a lower-case `/u*`, and v2's rule order is documented both as
 * "as listed" and "most specific" (azure-docs#119405). Here nothing depends on either: a path the rules do not take
 * is refused, and the exact rule and the rewrite's lower-case output match under both readings.
 */
export function pathMapFor(
  allow: readonly string[],
  pool: Ref,
  refuse: Ref,
  settings: Ref,
  rewrite: Ref,
): Omit<GatewayArgs["urlPathMaps"][number], "name"> {
  return {
    defaultBackendAddressPool: refuse,
    defaultBackendHttpSettings: settings,
    defaultRewriteRuleSet: rewrite,
    pathRules: [{ name: ALLOWED_PATH_RULE, paths: [forwardedPath(allow)], backendAddressPool: pool, backendHttpSettings: settings }],
  };
}

export const DENIED_PATH_RULE = "denied";

/**
 * An HTTPS path map that forwards every path to `pool` but the `deny`ed paths and everything below them, which go to
 * `refuse` (a pool without targets: 502), in any letter case: path rules `<p>` and `<p>/*` refuse them where the
 * gateway matches case-insensitively, and where it matches case-sensitively (MicrosoftDocs/azure-docs#34725) the
 * default's rewrite set turns any spelling of them into the lower-case `<p>` and evaluates the map again, so the
 * exact rule takes it. The rewrite's condition holds only for a denied path, so nothing else is touched.
 */
export function deniedPathMap(
  deny: readonly string[],
  pool: Ref,
  refuse: Ref,
  settings: Ref,
  rewrite: Ref,
): Omit<GatewayArgs["urlPathMaps"][number], "name"> {
  return {
    defaultBackendAddressPool: pool,
    defaultBackendHttpSettings: settings,
    defaultRewriteRuleSet: rewrite,
    pathRules: [{ name: DENIED_PATH_RULE, paths: deny.flatMap((p) => [p, `${p}/*`]), backendAddressPool: refuse, backendHttpSettings: settings }],
  };
}

/** The rewrite set of `deniedPathMap`: every spelling of a denied path (or below it) becomes the path itself. */
export function deniedRewriteRuleSet(name: string, deny: readonly string[]): GatewayArgs["rewriteRuleSets"][number] {
  return {
    name,
    rewriteRules: deny.map((p, i) => ({
      name: `to-denied-${i}`,
      ruleSequence: 100 + i,
      conditions: [{ variable: "var_uri_path", pattern: `^${escapeRe2(p)}(/.*)?$`, ignoreCase: true, negate: false }],
      actionSet: { urlConfiguration: { modifiedPath: p, reroute: true } },
    })),
  };
}

/** Which gateway serves a route: the one whose public IPv4 the route's listener answers on. */
