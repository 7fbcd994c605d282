/**
 * Reading an Application Gateway configuration (azure-native input names, e.g. the inputs a mock capture recorded):
 * which sub-resource ids it declares, which ids it references, and where a request goes. Pure; used by the tests to
 * check what the adapter would send, independent of how layout.ts built it.
 */
import { SUB_RESOURCE_SEGMENTS, type GatewayIds } from "../../components/azure/ids";
import { evaluatePathMap, readPathMap, rejectRuleRewrite } from "./urlPathMap";

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const refId = (v: unknown): string | undefined =>
  v && typeof v === "object" && typeof (v as Obj).id === "string" ? ((v as Obj).id as string) : undefined;

/** Every sub-resource id the configuration declares (by the names of its collections' members). */
export function declaredIds(args: Obj, ids: GatewayIds): Set<string> {
  const out = new Set<string>();
  for (const [kind, segment] of Object.entries(SUB_RESOURCE_SEGMENTS)) {
    for (const item of list(args[segment])) out.add(ids.of(kind as keyof typeof SUB_RESOURCE_SEGMENTS, String(item.name)));
  }
  for (const map of list(args.urlPathMaps)) for (const rule of list(map.pathRules)) out.add(ids.pathRule(String(map.name), String(rule.name)));
  return out;
}

/** Every `{ id }` reference inside the configuration, with where it sits (e.g. `httpListeners[2].frontendPort`). */
export function references(args: Obj): Array<{ path: string; id: string }> {
  const out: Array<{ path: string; id: string }> = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!v || typeof v !== "object") return;
    const id = refId(v);
    if (id !== undefined && path !== "" && Object.keys(v).length === 1) {
      out.push({ path, id });
      return;
    }
    for (const [k, x] of Object.entries(v as Obj)) walk(x, path === "" ? k : `${path}.${k}`);
  };
  walk(args, "");
  return out;
}

export interface Request {
  readonly protocol: "http" | "https";
  readonly port: number;
  readonly host: string;
  /** Path with optional query string. */
  readonly path: string;
}

export type Outcome =
  | { readonly kind: "no-listener" }
  | {
      readonly kind: "backend";
      readonly listener: string;
      readonly rule: string;
      readonly settings: string;
      readonly protocol: string;
      readonly port: number;
      readonly addresses: readonly string[];
      /** The path the backend gets (after rewrites), without the query string, which is never rewritten here. */
      readonly path: string;
    }
  | { readonly kind: "refused"; readonly listener: string; readonly rule: string; readonly reason: string };

const last = (id: string) => id.split("/").pop() ?? id;

/**
 * Where the gateway sends `request`, following the v2 rules: the listener on the request's port and protocol whose
 * host names contain the Host (lowest rule priority first), then its rule (Basic: its pool; PathBasedRouting: the URL
 * path map with its rewrites, urlPathMap.ts, on the path without its query string). Path rules match
 * case-insensitively unless `caseSensitivePaths` (the docs disagree; test both). A pool without targets refuses (the
 * gateway answers 502 itself), and so does a rewrite loop (500).
 */
export function resolveRequest(args: Obj, request: Request, options: { readonly caseSensitivePaths?: boolean } = {}): Outcome {
  const byName = (segment: string) => new Map(list(args[segment]).map((x) => [String(x.name), x]));
  const ports = byName("frontendPorts");
  const pools = byName("backendAddressPools");
  const settings = byName("backendHttpSettingsCollection");
  const maps = byName("urlPathMaps");
  const rules = list(args.requestRoutingRules).sort((a, b) => Number(a.priority) - Number(b.priority));
  const host = request.host.toLowerCase();
  const path = request.path.split(/[?#]/)[0];

  for (const rule of rules) {
    const listener = list(args.httpListeners).find((l) => String(l.name) === last(refId(rule.httpListener) ?? ""));
    if (!listener) continue;
    const port = ports.get(last(refId(listener.frontendPort) ?? ""));
    if (Number(port?.port) !== request.port || String(listener.protocol).toLowerCase() !== request.protocol) continue;
    const names = [
      ...list(listener.hostNames).map(String),
      ...(typeof listener.hostName === "string" && listener.hostName ? [listener.hostName] : []),
    ].map((h) => h.toLowerCase());
    if (names.length > 0 && !names.includes(host)) continue;

    rejectRuleRewrite(rule);
    const base = { listener: String(listener.name), rule: String(rule.name) };
    let target = { pool: rule.backendAddressPool, settings: rule.backendHttpSettings, path };
    if (String(rule.ruleType) === "PathBasedRouting") {
      const map = maps.get(last(refId(rule.urlPathMap) ?? ""));
      if (!map) return { kind: "refused", ...base, reason: "no URL path map" };
      const out = evaluatePathMap(
        readPathMap(args, map, (pool, s) => ({ pool, settings: s })),
        path,
        options.caseSensitivePaths === true,
      );
      if (out.kind === "loop") return { kind: "refused", ...base, reason: `rewrite loop at ${out.path} (500)` };
      target = { ...out.value, path: out.path };
    }
    const pool = pools.get(last(refId(target.pool) ?? ""));
    const s = settings.get(last(refId(target.settings) ?? ""));
    const addresses = list(pool?.backendAddresses)
      .map((a) => a.ipAddress ?? a.fqdn)
      .filter((x): x is string => typeof x === "string" && x !== "");
    if (!pool || !s) return { kind: "refused", ...base, reason: "no pool or settings" };
    if (addresses.length === 0) return { kind: "refused", ...base, reason: `pool ${String(pool.name)} has no targets (502)` };
    return { kind: "backend", ...base, settings: String(s.name), protocol: String(s.protocol), port: Number(s.port), addresses, path: target.path };
  }
  return { kind: "no-listener" };
}
