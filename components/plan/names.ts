/**
 * The derived names, once: every host name, edge pool and lyncdiscover decision the rule families need, resolved from
 * a validated spec in one place (issue 21, item 5). The rule families (rules/*) read this value instead of deriving
 * the dial-in host, the shared meet host, a tenant's edge host or pool again, so they cannot disagree.
 *
 * The single-name helpers above resolveNames also serve validation, which runs on a spec not yet resolved.
 */
import type { DeploymentSpec, SipDomainSpec } from "../spec/types";
import { normalizeName } from "../spec/names";
import { assignEdgePools, federationPoolOf } from "./rules/edgePools";

type MeetSpec = Pick<DeploymentSpec, "simpleUrls">;
type MeetTenant = Pick<SipDomainSpec, "name" | "meet">;
export type MeetStyle = DeploymentSpec["simpleUrls"]["meet"];

/** The tenant's meet style: its own, else the deployment's. */
export function meetStyleOf(spec: MeetSpec, d: MeetTenant): MeetStyle {
  return d.meet ?? spec.simpleUrls.meet;
}

/** The one host of every option-3 meet URL; validation demands it exactly when a tenant uses that style. */
export function sharedHostName(spec: MeetSpec): string | undefined {
  const s = spec.simpleUrls;
  return s.sharedHost ? normalizeName(s.sharedHost) : undefined;
}

/** The tenant's own simple-URL host (options 1 and 2: a record, a route host and a certificate name of its own). */
export function meetHost(spec: MeetSpec, d: MeetTenant): string | undefined {
  const style = meetStyleOf(spec, d);
  if (style === "perDomain") return `meet.${d.name}`;
  if (style === "perDomainBase") return `${(spec.simpleUrls.baseLabel ?? "").toLowerCase()}.${d.name}`;
  return undefined;
}

/** The host of the one dial-in URL (row 9): a shared name with a record, a route host and a certificate name. */
export function dialinHost(spec: MeetSpec): string {
  return new URL(spec.simpleUrls.dialinUrl).hostname.toLowerCase();
}

/** The host of the optional admin URL (row 10): internal only, never published. */
export function adminHost(spec: MeetSpec): string | undefined {
  const admin = spec.simpleUrls.adminUrl;
  return admin === undefined ? undefined : new URL(admin).hostname.toLowerCase().replace(/\.$/, "");
}

/** The admin URL's path (S4 option 3: `https://<host>/Admin`), lower-case, no trailing "/"; "" when it is the host. */
export function adminPath(spec: MeetSpec): string | undefined {
  const admin = spec.simpleUrls.adminUrl;
  return admin === undefined ? undefined : new URL(admin).pathname.toLowerCase().replace(/\/+$/, "");
}

/**
 * The option-3 path segment of a SIP domain: its name without hyphens, because S4 allows only a-z, A-Z, 0-9 and '.' in
 * a simple URL (Microsoft's example uses a free token, `contosoSIPdomain`). Two domains that differ only in hyphens
 * would share it: validation reports that as a meet URL that is not unique.
 */
export function meetPathSegment(domain: string): string {
  return domain.replace(/-/g, "");
}

export function meetUrl(spec: MeetSpec, d: MeetTenant): string {
  const style = meetStyleOf(spec, d);
  if (style === "sharedHost") return `https://${sharedHostName(spec) ?? ""}/${meetPathSegment(d.name)}/meet`;
  return `https://${meetHost(spec, d)}${style === "perDomainBase" ? "/meet" : ""}`;
}

/** The edge host of a SIP domain: target of its SRV records and its name on the edge certificate (R-DNS-01). */
export function edgeHostOf(d: Pick<SipDomainSpec, "name" | "edgeHost">): string {
  return d.edgeHost ?? `sip.${d.name}`;
}

/**
 * The host a domain's _sipfederationtls._tcp record targets (R-DNS-02: inside the domain). Its edge host when its own
 * pool federates; sipfed.<d> on the federation route's pool otherwise (FED-ROUTE), because sip.<d> must stay on the
 * pool its clients sign in through.
 */
export function federationHostOf(d: Pick<SipDomainSpec, "name" | "edgeHost">, ownPool: string, federationPool: string): string {
  return ownPool === federationPool ? edgeHostOf(d) : `sipfed.${d.name}`;
}

/** What the rules need of one on-premises SIP domain, derived once. */
export interface ResolvedTenant {
  readonly spec: SipDomainSpec;
  readonly name: string;
  readonly zone: string;
  /** The edge pool its clients sign in through, and the one that carries its federation (FED-ROUTE). */
  readonly edgePool: string;
  readonly federationPool: string;
  /** SRV target and edge-certificate name (R-DNS-01); the _sipfederationtls._tcp target (R-DNS-02, FED-ROUTE). */
  readonly edgeHost: string;
  readonly federationHost: string;
  /** The name internal clients register with: `_sipinternaltls._tcp.<d>` targets it (row 15), the pool answers it (row 17). */
  readonly internalSipHost: string;
  readonly meetStyle: MeetStyle;
  /** Options 1 and 2: its own simple-URL host; option 3: none (the shared host serves it). */
  readonly meetHost: string | undefined;
  readonly meetUrl: string;
  readonly lyncdiscover: string;
  /** Internal autodiscover (row 19). */
  readonly lyncdiscoverInternal: string;
  /** lyncdiscover.<d> served through Cloudflare's proxy (its zone asks for it). */
  readonly lyncdiscoverProxied: boolean;
  /** lyncdiscover.<d> on the reverse proxy's HTTPS listener and certificate (https mode, not proxied). */
  readonly lyncdiscoverHttps: boolean;
  /** lyncdiscover.<d> on the HTTP listener (http mode, or proxied: Cloudflare reaches the origin over HTTP). */
  readonly lyncdiscoverHttp: boolean;
}

/** The Front End pool whose certificate the plan requests (certificates.frontEnd), its names normalised. */
export interface ResolvedFrontEnd {
  readonly pool: string;
  readonly poolFqdn: string;
  readonly servers: readonly string[];
  /** Internal web services FQDN: declared, else internalDns.internalWeb.fqdn, else the pool FQDN. */
  readonly internalWebFqdn: string;
}

export interface ResolvedNames {
  /** The declared zone names. */
  readonly zones: ReadonlySet<string>;
  readonly dialinHost: string;
  readonly sharedHost: string | undefined;
  readonly adminHost: string | undefined;
  /** The admin URL's path, lower-case, without a trailing "/" ("" for a host of its own): never forwarded from outside. */
  readonly adminPath: string | undefined;
  readonly frontEnd: ResolvedFrontEnd | undefined;
  /** The internal web services FQDN where the spec names one: certificates.frontEnd's, else internalDns.internalWeb's. */
  readonly internalWebFqdn: string | undefined;
  /** On-premises SIP domains, in the spec's order (every list the rules build from them is sorted). */
  readonly tenants: readonly ResolvedTenant[];
  readonly tenantOf: ReadonlyMap<string, ResolvedTenant>;
}

const resolved = new WeakMap<DeploymentSpec, ResolvedNames>();

/** Every derived name of a validated spec, once per spec (the spec is immutable). */
export function resolveNames(spec: DeploymentSpec): ResolvedNames {
  const known = resolved.get(spec);
  if (known) return known;
  const pools = assignEdgePools(spec);
  const proxiedZones = new Set(spec.zones.filter((z) => "proxyLyncdiscover" in z && z.proxyLyncdiscover).map((z) => z.name));
  const tenants = spec.sipDomains
    .filter((d) => d.home === "onPremises")
    .map((d): ResolvedTenant => {
      const edgePool = pools.get(d.name)!;
      const federationPool = federationPoolOf(spec, pools, d.name);
      const proxied = proxiedZones.has(d.zone);
      return {
        spec: d,
        name: d.name,
        zone: d.zone,
        edgePool,
        federationPool,
        edgeHost: edgeHostOf(d),
        federationHost: federationHostOf(d, edgePool, federationPool),
        internalSipHost: `sip.${d.name}`,
        meetStyle: meetStyleOf(spec, d),
        meetHost: meetHost(spec, d),
        meetUrl: meetUrl(spec, d),
        lyncdiscover: `lyncdiscover.${d.name}`,
        lyncdiscoverInternal: `lyncdiscoverinternal.${d.name}`,
        lyncdiscoverProxied: proxied,
        lyncdiscoverHttps: spec.lyncdiscover === "https" && !proxied,
        lyncdiscoverHttp: spec.lyncdiscover === "http" || proxied,
      };
    });
  const frontEnd = resolveFrontEnd(spec);
  const names: ResolvedNames = {
    zones: new Set(spec.zones.map((z) => z.name)),
    dialinHost: dialinHost(spec),
    sharedHost: sharedHostName(spec),
    adminHost: adminHost(spec),
    adminPath: adminPath(spec),
    frontEnd,
    internalWebFqdn: frontEnd?.internalWebFqdn ?? (spec.internalDns ? normalizeName(spec.internalDns.internalWeb.fqdn) : undefined),
    tenants,
    tenantOf: new Map(tenants.map((t) => [t.name, t])),
  };
  resolved.set(spec, names);
  return names;
}

function resolveFrontEnd(spec: DeploymentSpec): ResolvedFrontEnd | undefined {
  const fe = spec.certificates.frontEnd;
  if (!fe) return undefined;
  const poolFqdn = normalizeName(fe.poolFqdn);
  // Topology Builder uses the pool FQDN for the internal web services unless it is overridden.
  const internalWeb = fe.internalWebFqdn ?? spec.internalDns?.internalWeb.fqdn ?? poolFqdn;
  return { pool: fe.pool, poolFqdn, servers: fe.servers.map(normalizeName), internalWebFqdn: normalizeName(internalWeb) };
}
