/**
 * The reverse proxy as the lab emulates it: listeners (public address, port, protocol, host names) with a URL path
 * map (path rules, default, rewrite sets) and backends. Read from the captured Application Gateway with the SDK's
 * input names (httpListeners, requestRoutingRules, urlPathMaps, rewriteRuleSets, backendAddressPools,
 * backendHttpSettingsCollection, frontendPorts, frontendIPConfigurations) and evaluated as the gateway does
 * (components/azure/urlPathMap.ts, which throws on any rewrite it does not understand); with `reverseProxy: external`
 * no resource describes the proxy, so the plan's routes (what the operator is told to configure) stand in for it.
 */
import type { DeploymentSpec } from "../../components/spec/types";
import type { PlanRoute } from "../../components/plan/types";
import { evaluatePathMap, readPathMap, rejectRuleRewrite, type PathMap } from "./urlPathMap";
import { plain, TYPES, ofType, type LabResource } from "./resources";

export interface Backend {
  readonly protocol: "http" | "https";
  /** Public / private addresses or names, as configured (mapped to loopback by the proxy). */
  readonly addresses: readonly string[];
  readonly port: number;
  /** Host header override; undefined keeps the client's Host (S31). */
  readonly hostName?: string;
}

export interface ProxyListener {
  readonly source: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: "http" | "https";
  /** Empty: a basic listener answering every host. */
  readonly hostNames: readonly string[];
  /** Patterns exact or a prefix ending in "*"; a null backend refuses (empty pool, redirect, no rule). */
  readonly paths: PathMap<Backend | null>;
  /** Gateways: true (see `route`); the plan's allowed paths are case-insensitive by definition. */
  readonly caseSensitivePaths: boolean;
}

export function hostMatches(pattern: string, host: string): boolean {
  const re = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^.]*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(host.toLowerCase());
}

export type Routed = { readonly backend: Backend; readonly path: string } | { readonly backend: null; readonly why: string };

/**
 * The backend a request for `path` (without query) reaches through `listener`, and the path it gets there (after
 * rewrites). A gateway's path rules match case-SENSITIVELY here: the docs disagree on it (MicrosoftDocs/azure-docs#34725),
 * and under the stricter reading a fail-open path map (lower-case patterns refuse, the default forwards) shows, and
 * a fail-closed one must still forward every spelling of the allowed paths.
 */
export function route(listener: ProxyListener, path: string): Routed {
  const out = evaluatePathMap(listener.paths, path, listener.caseSensitivePaths);
  if (out.kind === "loop") return { backend: null, why: `rewrite loop at ${out.path} (500)` };
  return out.value ? { backend: out.value, path: out.path } : { backend: null, why: `no backend for ${path} (path rule ${out.rule})` };
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
        paths: {
          rules: allowAll
            ? (r.paths.deny ?? []).map((p) => ({ name: "denied", paths: [p, `${p}/*`], value: null, rewrite: [] }))
            : [{ name: "allowed", paths: r.paths.allow, value: backend, rewrite: [] }],
          default: { value: allowAll ? backend : null, rewrite: [] },
        },
        caseSensitivePaths: false,
      };
    }),
  );
}

// ---- Application Gateway ----

type Ref = { id?: string } | undefined;
const refName = (ref: Ref): string | undefined => (ref?.id ? String(plain(ref.id)).split("/").pop() : undefined);
type Named = { name?: string } & Record<string, unknown>;
const byName = <T extends Named>(list: unknown): Map<string, T> => new Map((plain<T[]>(list) ?? []).map((x) => [String(x.name), x]));

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
  const pathMaps = byName<Named>(i.urlPathMaps);
  const rules = (
    plain<
      Array<
        Named & { httpListener?: Ref; ruleType?: string; backendAddressPool?: Ref; backendHttpSettings?: Ref; urlPathMap?: Ref; priority?: number }
      >
    >(i.requestRoutingRules) ?? []
  )
    .slice()
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));

  const backend = (poolRef: unknown, settingsRef: unknown): Backend | null => {
    const pool = pools.get(refName(poolRef as Ref) ?? "");
    const s = settings.get(refName(settingsRef as Ref) ?? "");
    const addresses = (pool?.backendAddresses ?? []).map((a) => a.ipAddress ?? a.fqdn ?? "").filter(Boolean);
    if (!pool || !s || addresses.length === 0) return null; // no target: Application Gateway answers 502
    return {
      protocol: String(s.protocol ?? "Http").toLowerCase() === "https" ? "https" : "http",
      addresses,
      port: Number(s.port ?? 80),
      hostName: s.hostName,
    };
  };

  const out: ProxyListener[] = [];
  for (const l of plain<
    Array<Named & { frontendPort?: Ref; frontendIPConfiguration?: Ref; protocol?: string; hostName?: string; hostNames?: string[] }>
  >(i.httpListeners) ?? []) {
    const rule = rules.find((r) => refName(r.httpListener) === l.name);
    const fe = frontends.get(refName(l.frontendIPConfiguration) ?? "");
    const pipId = fe?.publicIPAddress?.id ? String(plain(fe.publicIPAddress.id)) : undefined;
    if (!pipId) continue; // private frontends are not reachable from the Internet
    if (rule) rejectRuleRewrite(rule);
    const pathBased = String(rule?.ruleType ?? "Basic") === "PathBasedRouting";
    const map = rule && pathBased ? pathMaps.get(refName(rule.urlPathMap) ?? "") : undefined;
    const paths: PathMap<Backend | null> = map
      ? readPathMap(i, map, backend)
      : { rules: [], default: { value: rule && !pathBased ? backend(rule.backendAddressPool, rule.backendHttpSettings) : null, rewrite: [] } };
    out.push({
      source: `${gw.type} ${gw.name} listener ${l.name}`,
      address: frontendAddress(pipId, resources, spec),
      port: Number(ports.get(refName(l.frontendPort) ?? "")?.port ?? 0),
      protocol: String(l.protocol ?? "Http").toLowerCase() === "https" ? "https" : "http",
      hostNames: l.hostNames ?? (l.hostName ? [l.hostName] : []),
      paths,
      caseSensitivePaths: true,
    });
  }
  return out;
}

/** Every reverse-proxy listener of the deployment. */
export function proxyListeners(resources: readonly LabResource[], spec: DeploymentSpec, planRoutes: readonly PlanRoute[]): ProxyListener[] {
  if (spec.reverseProxy.provider === "external") return listenersFromPlan(planRoutes);
  return ofType(resources, TYPES.azureGateway).flatMap((gw) => listenersFromGateway(gw, resources, spec));
}
