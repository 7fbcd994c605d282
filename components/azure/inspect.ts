/**
 * Reading an Application Gateway configuration (azure-native input names, e.g. the inputs a mock capture recorded):
 * which sub-resource ids it declares, which ids it references, and where a request goes. Pure; used by the tests to
 * check what the adapter would send, independent of how layout.ts built it.
 */
import { SUB_RESOURCE_SEGMENTS, type GatewayIds } from "./ids";

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const refId = (v: unknown): string | undefined => (v && typeof v === "object" && typeof (v as Obj).id === "string" ? ((v as Obj).id as string) : undefined);

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
    }
  | { readonly kind: "refused"; readonly listener: string; readonly rule: string; readonly reason: string };

const last = (id: string) => id.split("/").pop() ?? id;

function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.toLowerCase();
  const v = path.toLowerCase();
  return p.endsWith("*") ? v.startsWith(p.slice(0, -1)) : v === p;
}

/**
 * Where the gateway sends `request`, following the v2 rules: the listener on the request's port and protocol whose
 * host names contain the Host (lowest rule priority first), then its rule (Basic: its pool; PathBasedRouting: the
 * first path rule that matches the path without its query string, case-insensitively, else the map's default). A
 * pool without targets refuses (the gateway answers 502 itself).
 */
export function resolveRequest(args: Obj, request: Request): Outcome {
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
    const names = [...list(listener.hostNames).map(String), ...(listener.hostName ? [String(listener.hostName)] : [])].map((h) => h.toLowerCase());
    if (names.length > 0 && !names.includes(host)) continue;

    let poolRef = refId(rule.backendAddressPool);
    let settingsRef = refId(rule.backendHttpSettings);
    if (String(rule.ruleType) === "PathBasedRouting") {
      const map = maps.get(last(refId(rule.urlPathMap) ?? ""));
      const hit = list(map?.pathRules).find((pr) => list(pr.paths).some((p) => pathMatches(String(p), path)));
      poolRef = refId(hit ? hit.backendAddressPool : map?.defaultBackendAddressPool);
      settingsRef = refId(hit ? hit.backendHttpSettings : map?.defaultBackendHttpSettings);
    }
    const base = { listener: String(listener.name), rule: String(rule.name) };
    const pool = pools.get(last(poolRef ?? ""));
    const s = settings.get(last(settingsRef ?? ""));
    const addresses = list(pool?.backendAddresses).map((a) => String(a.ipAddress ?? a.fqdn ?? "")).filter(Boolean);
    if (!pool || !s) return { kind: "refused", ...base, reason: "no pool or settings" };
    if (addresses.length === 0) return { kind: "refused", ...base, reason: `pool ${String(pool.name)} has no targets (502)` };
    return { kind: "backend", ...base, settings: String(s.name), protocol: String(s.protocol), port: Number(s.port), addresses };
  }
  return { kind: "no-listener" };
}
