/**
 * Plan routes -> Application Gateway v2 configuration, as plain data in the azure-native input shape
 * (`network.ApplicationGatewayArgs` names). Pure: no Pulumi import, so that the layout, its stability and its limits
 * are tested without the mock runtime, and the limit check (limits.ts) runs at validation time.
 *
 * Choices (docs/rules.md 3, 3.1, 5b):
 * - SKU Standard_v2. WAF_v2 costs more for the same capacity (both bill a fixed gateway-hour plus capacity units;
 *   WAF_v2's rates are higher, see the Azure pricing page) and, with a CRS <= 3.1 rule set, lowers the 100/200/400
 *   limits to 40 (S41 footnote). Nothing here needs a WAF: the HTTP refusal below is done by routing.
 * - One public IPv4 frontend per gateway: v2 allows one public and one private IPv4 (S41). A dedicated HTTP-only
 *   lyncdiscover address (webServices.lyncdiscoverHttpIpv4) therefore gets a second gateway with no HTTPS listener:
 *   see `layoutGateways`.
 * - HTTPS: multi-site listeners on 443 with up to 5 host names each (S42), the one reverse-proxy certificate, backend
 *   settings to 4443 over HTTPS, the original Host header (pickHostNameFromBackendAddress false, no hostName
 *   override: S31, S32, S33), request timeout from the plan (960 s, S29).
 * - HTTP (lyncdiscover): multi-site listeners on 80 whose URL path map lets only the plan's allowed paths (`/` and
 *   `/autodiscover/autodiscoverservice.svc/root`, any query string, any letter case) reach the 8080 backend; everything
 *   else goes to a backend pool with no targets, so the gateway answers 502 Bad Gateway itself and nothing reaches a
 *   server. Fail-closed: the map's default is that pool, and a rewrite set brings the allowed spellings onto the one
 *   exact path rule (`pathMapFor`). Cost: no separate charge for an empty pool or a rewrite set (one of 100 pools, one of
 *   400 rewrite sets). A WAF custom rule would answer 403 instead, but needs WAF_v2 and a firewall policy.
 * - Backend certificate / SNI (docs/rules.md 5b): the v2 gateway sends the request's Host as SNI and checks the backend
 *   certificate against it. The plan's `sniName` (the external web FQDN) cannot be sent on live traffic here: the
 *   backend-settings fields `sniName`/`validateSni` are not in network API 2024-05-01, the version the pinned
 *   @pulumi/azure-native 3.28.0 (the newest on npm) speaks, and the provider rejects unknown keys. What we do:
 *   the custom probe uses `sniName` as its host (probe SNI = probe host, ssl-overview "For probe traffic"), and the
 *   front end's root CA is a trusted root certificate. Live requests for meet.<d>, dialin.<p>, lyncdiscover.<d>
 *   (https mode) therefore need those names on the front end's *external web services* certificate, which is what
 *   Microsoft's certificate table asks for anyway (docs/rules.md 2.3: "WebServicesExternal: external web FQDN + Dialin +
 *   Meet per SIP domain or wildcard"; mobility adds lyncdiscover.<d>).
 */
import { createHash } from "node:crypto";
import { isIP, isIPv4 } from "node:net";
import type { DeploymentSpec, AzureReverseProxySpec } from "../spec/schema";
import type { Plan, PlanRoute } from "../plan/types";
import { compareText } from "../spec/names";
import { gatewayIds, subscriptionOf, type GatewayIds, type SubResourceKind } from "./ids";

/** Host names per multi-site listener (S41, S42). */
export const HOST_NAMES_PER_LISTENER = 5;

/**
 * Rule priorities (v2: unique, 1..20000, S42) by route: `base + heap index` of the listener's hash shard (1 for the
 * whole set, 2 and 3 for its halves, 4..7 for their halves ...). A listener's priority depends on nothing but its own
 * shard, so adding a tenant never moves another rule. The bands do not overlap; `maxDepth` keeps each inside its band.
 * Host names never overlap between listeners (no wildcards), so the order between bands does not matter.
 */
export const PRIORITY_BANDS: Readonly<Record<PlanRoute["id"], { readonly base: number; readonly maxDepth: number }>> = {
  "https-web": { base: 0, maxDepth: 12 }, // 1 .. 8191
  "https-office-online": { base: 9000, maxDepth: 9 }, // 9001 .. 10023
  "http-lyncdiscover": { base: 10100, maxDepth: 12 }, // 10101 .. 18291
};

// ---------------------------------------------------------------------------------------------------------------
// Sharding host names over listeners

export interface Shard {
  /** Hash-bit prefix shared by the shard's names ("" = every name). */
  readonly prefix: string;
  /** Sorted. */
  readonly hostNames: readonly string[];
}

function digest(name: string): Buffer {
  return createHash("sha256").update(name.toLowerCase()).digest();
}

const bitAt = (d: Buffer, i: number) => (d[i >> 3] >> (7 - (i & 7))) & 1;

/**
 * Splits host names into shards of at most `perShard` names, by a binary trie over SHA-256 of each name: a node
 * holding more than `perShard` names is split on its next hash bit, otherwise it is one shard (empty nodes give no
 * shard). A shard is a function of the names below its own trie node only, so adding a name changes exactly one
 * existing shard (it gains the name, or it splits into its two halves) and leaves every other shard, its name and
 * its priority as it was; removing a name is the mirror image.
 *
 * Why not "never change an existing listener at all": no function of the set alone can promise that under a
 * per-listener cap. If adding never moved a name, each name's listener would be fixed by the name alone, and six
 * names fixed to one listener break the cap. One touched listener per added name is the minimum.
 */
export function shardHostNames(hostNames: readonly string[], perShard = HOST_NAMES_PER_LISTENER): Shard[] {
  const items = [...new Set(hostNames.map((h) => h.toLowerCase()))].map((name) => ({ name, d: digest(name) }));
  const shards: Shard[] = [];
  const visit = (group: typeof items, prefix: string) => {
    if (group.length === 0) return;
    if (group.length <= perShard) {
      shards.push({ prefix, hostNames: group.map((x) => x.name).sort(compareText) });
      return;
    }
    if (prefix.length >= 256) throw new Error(`host names share a 256-bit hash prefix: ${group.map((x) => x.name).join(", ")}`);
    const i = prefix.length;
    visit(
      group.filter((x) => bitAt(x.d, i) === 0),
      `${prefix}0`,
    );
    visit(
      group.filter((x) => bitAt(x.d, i) === 1),
      `${prefix}1`,
    );
  };
  visit(items, "");
  return shards.sort((a, b) => compareText(a.prefix, b.prefix));
}

/** 1 for "", 2/3 for "0"/"1", 4..7 for "00".."11": unique per prefix. */
export function heapIndex(prefix: string): number {
  return parseInt(`1${prefix}`, 2);
}

/** `https-web` for the whole set, `https-web-h01` for the shard of names whose hash starts with bits 0, 1. */
export function listenerName(routeId: string, prefix: string): string {
  return prefix === "" ? routeId : `${routeId}-h${prefix}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The gateway configuration, in azure-native input names

export interface Ref {
  readonly id: string;
}

export interface GatewayArgs {
  readonly applicationGatewayName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly sku: { readonly name: "Standard_v2"; readonly tier: "Standard_v2"; readonly capacity: number };
  readonly enableHttp2: boolean;
  readonly sslPolicy: { readonly policyType: "Predefined"; readonly policyName: string };
  readonly identity?: { readonly type: "UserAssigned"; readonly userAssignedIdentities: readonly string[] };
  readonly gatewayIPConfigurations: ReadonlyArray<{ readonly name: string; readonly subnet: Ref }>;
  readonly frontendIPConfigurations: ReadonlyArray<{ readonly name: string; readonly publicIPAddress: Ref }>;
  readonly frontendPorts: ReadonlyArray<{ readonly name: string; readonly port: number }>;
  /** Key Vault entries are complete; stack-config entries get `data` and `password` (secrets) from the adapter. */
  readonly sslCertificates: ReadonlyArray<{ readonly name: string; readonly keyVaultSecretId?: string }>;
  readonly trustedRootCertificates: ReadonlyArray<{ readonly name: string; readonly data: string }>;
  readonly backendAddressPools: ReadonlyArray<{
    readonly name: string;
    readonly backendAddresses: ReadonlyArray<{ readonly ipAddress?: string; readonly fqdn?: string }>;
  }>;
  readonly backendHttpSettingsCollection: ReadonlyArray<{
    readonly name: string;
    readonly port: number;
    readonly protocol: "Http" | "Https";
    readonly cookieBasedAffinity: "Disabled";
    readonly requestTimeout: number;
    readonly pickHostNameFromBackendAddress: false;
    readonly probe: Ref;
    readonly trustedRootCertificates?: readonly Ref[];
  }>;
  readonly probes: ReadonlyArray<{
    readonly name: string;
    readonly protocol: "Http" | "Https";
    readonly host: string;
    readonly path: string;
    readonly interval: number;
    readonly timeout: number;
    readonly unhealthyThreshold: number;
    readonly pickHostNameFromBackendHttpSettings: false;
    readonly match: { readonly statusCodes: readonly string[] };
  }>;
  readonly httpListeners: ReadonlyArray<{
    readonly name: string;
    readonly frontendIPConfiguration: Ref;
    readonly frontendPort: Ref;
    readonly protocol: "Http" | "Https";
    readonly hostNames: readonly string[];
    readonly sslCertificate?: Ref;
  }>;
  readonly rewriteRuleSets: ReadonlyArray<{
    readonly name: string;
    readonly rewriteRules: ReadonlyArray<{
      readonly name: string;
      readonly ruleSequence: number;
      readonly conditions: ReadonlyArray<{
        readonly variable: "var_uri_path";
        readonly pattern: string;
        readonly ignoreCase: boolean;
        readonly negate: boolean;
      }>;
      readonly actionSet: { readonly urlConfiguration: { readonly modifiedPath: string; readonly reroute: boolean } };
    }>;
  }>;
  readonly urlPathMaps: ReadonlyArray<{
    readonly name: string;
    readonly defaultBackendAddressPool: Ref;
    readonly defaultBackendHttpSettings: Ref;
    readonly defaultRewriteRuleSet?: Ref;
    readonly pathRules: ReadonlyArray<{
      readonly name: string;
      readonly paths: readonly string[];
      readonly backendAddressPool: Ref;
      readonly backendHttpSettings: Ref;
    }>;
  }>;
  readonly requestRoutingRules: ReadonlyArray<{
    readonly name: string;
    readonly ruleType: "Basic" | "PathBasedRouting";
    readonly priority: number;
    readonly httpListener: Ref;
    readonly backendAddressPool?: Ref;
    readonly backendHttpSettings?: Ref;
    readonly urlPathMap?: Ref;
  }>;
}

/**
 * Where the listener certificate comes from (never a plain input): Key Vault, or a PFX and its password given to
 * LyncDeployment as secret inputs (test stacks; the program reads them from the stack config keys the spec names).
 */
export type CertificateSource =
  | { readonly kind: "keyVault"; readonly secretId: string; readonly identityId: string }
  | { readonly kind: "pfxInput"; readonly pfxKey: string; readonly passwordKey: string };

export interface ListenerLayout {
  readonly route: PlanRoute["id"];
  readonly name: string;
  readonly prefix: string;
  readonly hostNames: readonly string[];
  readonly priority: number;
  /** The shard is deeper than the route's priority band allows (reported by limits.ts). */
  readonly outOfBand: boolean;
}

export interface GatewayLayout {
  /** `main`: every route on webServices.publicIpv4; `lyncdiscover-http`: port 80 only, on lyncdiscoverHttpIpv4. */
  readonly role: "main" | "lyncdiscover-http";
  /** Azure name (applicationGatewayName); also the Pulumi logical name. */
  readonly name: string;
  readonly publicIpv4: string;
  readonly routes: readonly PlanRoute["id"][];
  readonly ids: GatewayIds;
  readonly listeners: readonly ListenerLayout[];
  readonly args: GatewayArgs;
  /** Null when the gateway has no HTTPS listener, or when the spec names no source (validation reports it). */
  readonly certificate: CertificateSource | null;
}

export const FRONTEND_NAME = "public-ipv4";
export const GATEWAY_IP_CONFIGURATION_NAME = "gateway-subnet";
/** The backend pool without targets: what the HTTP path maps send every path but the autodiscover root to (502). */
export const REFUSE_POOL = "refuse";
export const TRUSTED_ROOT_NAME = "backend-root";
export const ALLOWED_PATH_RULE = "allowed";
/** TLS 1.2+ (the predefined policy API versions from 2023-02-01 default to; named so that it cannot drift). */
export const SSL_POLICY = { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" } as const;
/** The front end's monitoring URL: GET without Accept answers 200 (docs/rules.md 4, S2); over HTTP the root answers 200 too (S35). */
export const AUTODISCOVER_ROOT = "/autodiscover/autodiscoverservice.svc/root";
/** Office Online Server's discovery document. */
export const OFFICE_ONLINE_PROBE_PATH = "/hosting/discovery";

export function lyncdiscoverGatewayName(rp: AzureReverseProxySpec): string {
  return rp.lyncdiscoverGatewayName ?? `${rp.gatewayName}-http`;
}

export function certificateSource(rp: AzureReverseProxySpec): CertificateSource | null {
  if (rp.keyVaultSecretId && rp.identityId && !rp.pfxConfigKey) return { kind: "keyVault", secretId: rp.keyVaultSecretId, identityId: rp.identityId };
  if (rp.pfxConfigKey && rp.pfxPasswordConfigKey && !rp.keyVaultSecretId)
    return { kind: "pfxInput", pfxKey: rp.pfxConfigKey, passwordKey: rp.pfxPasswordConfigKey };
  return null;
}

/** Base64 of the DER certificate, as `trustedRootCertificates[].data` wants it: PEM armour and whitespace removed. */
export function certificateData(pemOrBase64: string): string {
  return pemOrBase64.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

const byName = <T extends { name: string }>(xs: T[]): T[] => xs.sort((a, b) => compareText(a.name, b.name));

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

/** Which gateway serves a route: the one whose public IPv4 the route's listener answers on. */
function gatewayRole(spec: DeploymentSpec, route: PlanRoute): GatewayLayout["role"] {
  const web = spec.webServices;
  const v4 = route.listener.addresses.filter((a) => isIPv4(a));
  if (v4.includes(web.publicIpv4)) return "main";
  if (web.lyncdiscoverHttpIpv4 && v4.includes(web.lyncdiscoverHttpIpv4)) return "lyncdiscover-http";
  throw new Error(`route ${route.id} answers on ${route.listener.addresses.join(", ")}, which no gateway serves`);
}

/**
 * Every Application Gateway the deployment needs (spec.reverseProxy.provider must be azure): the main gateway, and
 * the HTTP-only one when webServices.lyncdiscoverHttpIpv4 moves lyncdiscover to its own address.
 *
 * The HTTP-only address (S5, seed): a v2 gateway has one public IPv4 frontend, and on a frontend with any HTTPS
 * listener a client that tries https://lyncdiscover.<d> completes a TLS handshake and gets a certificate without its
 * name. App Gateway v2 answers an SNI that matches no listener with "the certificate of the first HTTPS listener
 * according to the order specified by the request routing rules" (ssl-overview, "SNI differences in the v1 and v2
 * SKU"; `requireServerNameIndication` changes that only on v1), and the request behind it matches no listener. So the
 * dedicated address is the frontend of a second small gateway (capacity `lyncdiscoverCapacity`, default 1) with a
 * port-80 listener only: nothing listens on 443 there, the HTTPS attempt gets no TLS handshake at all, and the client
 * falls back to its parallel HTTP attempt. Cost: a second gateway's fixed hourly charge plus its (small) capacity
 * units. Without lyncdiscoverHttpIpv4 port 80 is served by the main gateway, and the plan warns (R-DNS-08).
 */
export function layoutGateways(spec: DeploymentSpec, plan: Pick<Plan, "routes">): GatewayLayout[] {
  const rp = spec.reverseProxy;
  if (rp.provider !== "azure") throw new Error("layoutGateways needs reverseProxy.provider: azure");
  const groups = new Map<GatewayLayout["role"], PlanRoute[]>();
  for (const route of plan.routes) {
    const role = gatewayRole(spec, route);
    groups.set(role, [...(groups.get(role) ?? []), route]);
  }
  const out: GatewayLayout[] = [];
  const main = groups.get("main");
  if (main) out.push(layoutGateway(spec, rp, "main", rp.gatewayName, spec.webServices.publicIpv4, rp.publicIpAddressId, rp.capacity, main));
  const http = groups.get("lyncdiscover-http");
  if (http) {
    out.push(
      layoutGateway(
        spec,
        rp,
        "lyncdiscover-http",
        lyncdiscoverGatewayName(rp),
        spec.webServices.lyncdiscoverHttpIpv4!,
        rp.lyncdiscoverPublicIpAddressId ?? "",
        rp.lyncdiscoverCapacity,
        http,
      ),
    );
  }
  return out;
}

function layoutGateway(
  spec: DeploymentSpec,
  rp: AzureReverseProxySpec,
  role: GatewayLayout["role"],
  name: string,
  publicIpv4: string,
  publicIpAddressId: string,
  capacity: number,
  routes: readonly PlanRoute[],
): GatewayLayout {
  const ids = gatewayIds(subscriptionOf(rp.subnetId), rp.resourceGroup, name);
  const ref = (kind: SubResourceKind, n: string): Ref => ({ id: ids.of(kind, n) });
  const hasHttps = routes.some((r) => r.listener.protocol === "https");
  const hasHttpsBackend = routes.some((r) => r.backend.protocol === "https");
  const certificate = hasHttps ? certificateSource(rp) : null;
  const trustedRoot = rp.trustedRootCertificate && hasHttpsBackend ? rp.trustedRootCertificate : undefined;

  const proto = (p: "http" | "https") => (p === "https" ? "Https" : "Http");
  const ports = [...new Set(routes.map((r) => r.listener.port))].sort((a, b) => a - b);
  const certificates = [...new Set(routes.map((r) => r.listener.certificate).filter((c): c is string => c !== null))].sort(compareText);

  const pools: Array<GatewayArgs["backendAddressPools"][number]> = [];
  const settings: Array<GatewayArgs["backendHttpSettingsCollection"][number]> = [];
  const probes: Array<GatewayArgs["probes"][number]> = [];
  const listeners: Array<GatewayArgs["httpListeners"][number]> = [];
  const pathMaps: Array<GatewayArgs["urlPathMaps"][number]> = [];
  const rules: Array<GatewayArgs["requestRoutingRules"][number]> = [];
  const listenerLayouts: ListenerLayout[] = [];
  const rewriteSets = new Map<string, GatewayArgs["rewriteRuleSets"][number]>();

  for (const route of routes) {
    const b = route.backend;
    pools.push({ name: route.id, backendAddresses: [isIP(b.address) !== 0 ? { ipAddress: b.address } : { fqdn: b.address }] });
    const office = route.id === "https-office-online";
    probes.push({
      name: route.id,
      protocol: proto(b.protocol),
      // The probe's host is its SNI: the backend certificate's name (docs/rules.md 5b), else a name the backend serves.
      host: b.sniName ?? (office ? route.listener.hostNames[0] : spec.webServices.externalFqdn),
      path: office ? OFFICE_ONLINE_PROBE_PATH : AUTODISCOVER_ROOT,
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      pickHostNameFromBackendHttpSettings: false,
      match: { statusCodes: ["200-399"] },
    });
    settings.push({
      name: route.id,
      port: b.port,
      protocol: proto(b.protocol),
      cookieBasedAffinity: "Disabled",
      requestTimeout: b.requestTimeoutSeconds,
      // Keep the client's Host header (S31, S32; without it meet and dial-in break, S33).
      pickHostNameFromBackendAddress: false,
      probe: ref("probe", route.id),
      ...(b.protocol === "https" && trustedRoot ? { trustedRootCertificates: [ref("trustedRootCertificate", TRUSTED_ROOT_NAME)] } : {}),
    });

    const band = PRIORITY_BANDS[route.id];
    for (const shard of shardHostNames(route.listener.hostNames)) {
      const ln = listenerName(route.id, shard.prefix);
      const priority = band.base + heapIndex(shard.prefix);
      listenerLayouts.push({
        route: route.id,
        name: ln,
        prefix: shard.prefix,
        hostNames: shard.hostNames,
        priority,
        outOfBand: shard.prefix.length > band.maxDepth,
      });
      listeners.push({
        name: ln,
        frontendIPConfiguration: ref("frontendIPConfiguration", FRONTEND_NAME),
        frontendPort: ref("frontendPort", `port-${route.listener.port}`),
        protocol: proto(route.listener.protocol),
        hostNames: [...shard.hostNames],
        ...(route.listener.certificate ? { sslCertificate: ref("sslCertificate", route.listener.certificate) } : {}),
      });
      if (route.paths.allow === "all") {
        rules.push({
          name: ln,
          ruleType: "Basic",
          priority,
          httpListener: ref("httpListener", ln),
          backendAddressPool: ref("backendAddressPool", route.id),
          backendHttpSettings: ref("backendHttpSettings", route.id),
        });
      } else {
        // One rewrite set per route, shared by the path maps of its listeners.
        rewriteSets.set(route.id, allowedRewriteRuleSet(route.id, route.paths.allow));
        const [pool, refuse] = [ref("backendAddressPool", route.id), ref("backendAddressPool", REFUSE_POOL)];
        pathMaps.push({
          name: ln,
          ...pathMapFor(route.paths.allow, pool, refuse, ref("backendHttpSettings", route.id), ref("rewriteRuleSet", route.id)),
        });
        rules.push({ name: ln, ruleType: "PathBasedRouting", priority, httpListener: ref("httpListener", ln), urlPathMap: ref("urlPathMap", ln) });
      }
    }
  }
  if (rewriteSets.size > 0) pools.push({ name: REFUSE_POOL, backendAddresses: [] });

  const args: GatewayArgs = {
    applicationGatewayName: name,
    resourceGroupName: rp.resourceGroup,
    location: rp.location,
    sku: { name: "Standard_v2", tier: "Standard_v2", capacity },
    // HTTP/2 off: Lync clients speak HTTP/1.1, and NTLM (S32) is bound to one connection.
    enableHttp2: false,
    sslPolicy: SSL_POLICY,
    ...(certificate?.kind === "keyVault" ? { identity: { type: "UserAssigned" as const, userAssignedIdentities: [certificate.identityId] } } : {}),
    gatewayIPConfigurations: [{ name: GATEWAY_IP_CONFIGURATION_NAME, subnet: { id: rp.subnetId } }],
    frontendIPConfigurations: [{ name: FRONTEND_NAME, publicIPAddress: { id: publicIpAddressId } }],
    frontendPorts: ports.map((p) => ({ name: `port-${p}`, port: p })),
    sslCertificates: certificates.map((c) => (certificate?.kind === "keyVault" ? { name: c, keyVaultSecretId: certificate.secretId } : { name: c })),
    trustedRootCertificates: trustedRoot ? [{ name: TRUSTED_ROOT_NAME, data: certificateData(trustedRoot) }] : [],
    backendAddressPools: byName(pools),
    backendHttpSettingsCollection: byName(settings),
    probes: byName(probes),
    httpListeners: byName(listeners),
    rewriteRuleSets: byName([...rewriteSets.values()]),
    urlPathMaps: byName(pathMaps),
    requestRoutingRules: byName(rules),
  };
  return {
    role,
    name,
    publicIpv4,
    routes: routes.map((r) => r.id),
    ids,
    listeners: listenerLayouts.sort((a, b) => compareText(a.name, b.name)),
    args,
    certificate,
  };
}
