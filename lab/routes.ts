/**
 * The reverse proxy as the lab emulates it: listeners (public address, port, protocol, host names) with path rules
 * and backends. Read from the captured Application Gateway with the SDK's input names (httpListeners,
 * requestRoutingRules, urlPathMaps, backendAddressPools, backendHttpSettingsCollection, frontendPorts,
 * frontendIPConfigurations); with `reverseProxy: external` no resource describes the proxy, so the plan's routes
 * (what the operator is told to configure) stand in for it.
 */
import type { DeploymentSpec } from "../components/model/spec";
import type { PlanRoute } from "../components/model/plan";
import { plain, TYPES, ofType, type LabResource } from "./resources";

export interface Backend {
  readonly protocol: "http" | "https";
  /** Public / private addresses or names, as configured (mapped to loopback by the proxy). */
  readonly addresses: readonly string[];
  readonly port: number;
  /** Host header override; undefined keeps the client's Host (S31). */
  readonly hostName?: string;
}

export interface PathRule {
  /** Application Gateway patterns: exact, or a prefix ending in "*"; matched case-insensitively. */
  readonly paths: readonly string[];
  /** null: the request is refused (redirect, empty pool, no rule). */
  readonly backend: Backend | null;
}

export interface ProxyListener {
  readonly source: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: "http" | "https";
  /** Empty: a basic listener answering every host. */
  readonly hostNames: readonly string[];
  readonly pathRules: readonly PathRule[];
  readonly defaultBackend: Backend | null;
}

export function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.toLowerCase();
  const v = path.toLowerCase();
  return p.endsWith("*") ? v.startsWith(p.slice(0, -1)) : v === p;
}

export function hostMatches(pattern: string, host: string): boolean {
  const re = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(host.toLowerCase());
}

/** The backend a request reaches through `listener`, or null when the proxy refuses it. */
export function route(listener: ProxyListener, path: string): Backend | null {
  for (const rule of listener.pathRules) if (rule.paths.some((p) => pathMatches(p, path))) return rule.backend;
  return listener.defaultBackend;
}

/** The listener that takes a request for `host` among those on one address and port: named hosts before basic ones. */
export function selectListener(listeners: readonly ProxyListener[], host: string): ProxyListener | undefined {
  return listeners.find((l) => l.hostNames.some((h) => hostMatches(h, host))) ?? listeners.find((l) => l.hostNames.length === 0);
}

// ---- plan routes (external reverse proxy) ----

export function listenersFromPlan(routes: readonly PlanRoute[]): ProxyListener[] {
  return routes.flatMap((r) =>
    r.listener.addresses.map((address) => {
      const backend: Backend = { protocol: r.backend.protocol, addresses: [r.backend.address], port: r.backend.port };
      const allowAll = r.paths.allow === "all";
      return {
        source: `plan route ${r.id}`,
        address,
        port: r.listener.port,
        protocol: r.listener.protocol,
        hostNames: r.listener.hostNames,
        pathRules: allowAll ? [] : [{ paths: r.paths.allow as readonly string[], backend }],
        defaultBackend: allowAll ? backend : null,
      };
    }),
  );
}

// ---- Application Gateway ----

type Ref = { id?: string } | undefined;
const refName = (ref: Ref): string | undefined => (ref?.id ? String(plain(ref.id)).split("/").pop() : undefined);
type Named = { name?: string } & Record<string, unknown>;
const byName = <T extends Named>(list: unknown): Map<string, T> => new Map(((plain<T[]>(list)) ?? []).map((x) => [String(x.name), x]));

/**
 * Public address of a gateway frontend: the captured PublicIPAddress's `ipAddress` if set, else the spec's address
 * for the public IP resource id the spec names, else by role (a frontend whose public IP mentions "lyncdiscover"
 * is the HTTP-only address). Mocks know no allocated addresses, hence the fallbacks.
 */
function frontendAddress(publicIpId: string, resources: readonly LabResource[], spec: DeploymentSpec): string {
  const web = spec.webServices;
  const rp = spec.reverseProxy.provider === "azure" ? spec.reverseProxy : undefined;
  const last = publicIpId.split("/").pop() ?? publicIpId;
  const pip = ofType(resources, TYPES.azurePublicIp).find(
    (r) => `${r.name}-id` === publicIpId || String(plain(r.inputs.publicIpAddressName) ?? "") === last || r.urn === publicIpId,
  );
  const explicit = pip ? plain<string | undefined>(pip.inputs.ipAddress) : undefined;
  if (explicit) return explicit;
  if (rp?.lyncdiscoverPublicIpAddressId === publicIpId && web.lyncdiscoverHttpIpv4) return web.lyncdiscoverHttpIpv4;
  if (rp?.publicIpAddressId === publicIpId) return web.publicIpv4;
  const hint = `${publicIpId} ${pip?.name ?? ""}`.toLowerCase();
  return hint.includes("lyncdiscover") && web.lyncdiscoverHttpIpv4 ? web.lyncdiscoverHttpIpv4 : web.publicIpv4;
}

export function listenersFromGateway(gw: LabResource, resources: readonly LabResource[], spec: DeploymentSpec): ProxyListener[] {
  const i = gw.inputs;
  const ports = byName<Named & { port?: number }>(i.frontendPorts);
  const frontends = byName<Named & { publicIPAddress?: Ref }>(i.frontendIPConfigurations);
  const pools = byName<Named & { backendAddresses?: Array<{ ipAddress?: string; fqdn?: string }> }>(i.backendAddressPools);
  const settings = byName<Named & { port?: number; protocol?: string; hostName?: string }>(i.backendHttpSettingsCollection);
  const pathMaps = byName<Named & { defaultBackendAddressPool?: Ref; defaultBackendHttpSettings?: Ref; pathRules?: Array<Named & { paths?: string[]; backendAddressPool?: Ref; backendHttpSettings?: Ref }> }>(i.urlPathMaps);
  const rules = (plain<Array<Named & { httpListener?: Ref; ruleType?: string; backendAddressPool?: Ref; backendHttpSettings?: Ref; urlPathMap?: Ref; priority?: number }>>(i.requestRoutingRules) ?? [])
    .slice()
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));

  const backend = (poolRef: Ref, settingsRef: Ref): Backend | null => {
    const pool = pools.get(refName(poolRef) ?? "");
    const s = settings.get(refName(settingsRef) ?? "");
    const addresses = (pool?.backendAddresses ?? []).map((a) => a.ipAddress ?? a.fqdn ?? "").filter(Boolean);
    if (!pool || !s || addresses.length === 0) return null; // no target: Application Gateway answers 502
    return { protocol: String(s.protocol ?? "Http").toLowerCase() === "https" ? "https" : "http", addresses, port: Number(s.port ?? 80), hostName: s.hostName };
  };

  const out: ProxyListener[] = [];
  for (const l of plain<Array<Named & { frontendPort?: Ref; frontendIPConfiguration?: Ref; protocol?: string; hostName?: string; hostNames?: string[] }>>(i.httpListeners) ?? []) {
    const rule = rules.find((r) => refName(r.httpListener) === l.name);
    const fe = frontends.get(refName(l.frontendIPConfiguration) ?? "");
    const pipId = fe?.publicIPAddress?.id ? String(plain(fe.publicIPAddress.id)) : undefined;
    if (!pipId) continue; // private frontends are not reachable from the Internet
    let pathRules: PathRule[] = [];
    let defaultBackend: Backend | null = null;
    if (rule && String(rule.ruleType ?? "Basic") === "PathBasedRouting") {
      const map = pathMaps.get(refName(rule.urlPathMap) ?? "");
      pathRules = (map?.pathRules ?? []).map((p) => ({ paths: p.paths ?? [], backend: backend(p.backendAddressPool, p.backendHttpSettings) }));
      defaultBackend = map ? backend(map.defaultBackendAddressPool, map.defaultBackendHttpSettings) : null;
    } else if (rule) {
      defaultBackend = backend(rule.backendAddressPool, rule.backendHttpSettings);
    }
    out.push({
      source: `${gw.type} ${gw.name} listener ${l.name}`,
      address: frontendAddress(pipId, resources, spec),
      port: Number(ports.get(refName(l.frontendPort) ?? "")?.port ?? 0),
      protocol: String(l.protocol ?? "Http").toLowerCase() === "https" ? "https" : "http",
      hostNames: l.hostNames ?? (l.hostName ? [l.hostName] : []),
      pathRules,
      defaultBackend,
    });
  }
  return out;
}

/** Every reverse-proxy listener of the deployment. */
export function proxyListeners(resources: readonly LabResource[], spec: DeploymentSpec, planRoutes: readonly PlanRoute[]): ProxyListener[] {
  if (spec.reverseProxy.provider === "external") return listenersFromPlan(planRoutes);
  return ofType(resources, TYPES.azureGateway).flatMap((gw) => listenersFromGateway(gw, resources, spec));
}
