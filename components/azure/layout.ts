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
import { isIP, isIPv4 } from "node:net";
import type { DeploymentSpec, AzureReverseProxySpec } from "../spec/types";
import type { Plan, PlanRoute } from "../plan/types";
import { AUTODISCOVER_ROOT } from "../plan/rules/proxy";
import { compareText } from "../spec/names";
import { gatewayIds, subscriptionOf, type SubResourceKind } from "./ids";
import type { CertificateSource, GatewayArgs, GatewayLayout, ListenerLayout, Ref } from "./gatewayArgs";
import { heapIndex, listenerName, priorityBand, shardHostNames, type Shard } from "./listenerShards";
import { REFUSE_POOL, allowedRewriteRuleSet, deniedPathMap, deniedRewriteRuleSet, pathMapFor } from "./httpPaths";

// The layout's parts, for the adapter, the limit checks and the tests: one import site.
export * from "./gatewayArgs";
export * from "./listenerShards";
export * from "./httpPaths";
export { AUTODISCOVER_ROOT };

export const FRONTEND_NAME = "public-ipv4";
export const GATEWAY_IP_CONFIGURATION_NAME = "gateway-subnet";
export const TRUSTED_ROOT_NAME = "backend-root";
/** TLS 1.2+ (the predefined policy API versions from 2023-02-01 default to; named so that it cannot drift). */
export const SSL_POLICY = { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" } as const;
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

/**
 * The listeners of a route: host-name shards (listenerShards.ts) where the address is shared, and on the dedicated
 * HTTP-only lyncdiscover gateway one basic listener without host names. That gateway's address serves nothing but the
 * autodiscover root (the path map is the same fail-closed one), so a host-name match adds no protection there; without
 * it, adding a tenant changes no gateway at all (no minutes-long whole-gateway PUT per tenant), and the 100-listener
 * limit no longer caps the number of SIP domains (docs/rules.md 5b).
 */
function listenerShards(role: GatewayLayout["role"], route: PlanRoute): readonly Shard[] {
  return role === "lyncdiscover-http" ? [{ prefix: "", hostNames: [] }] : shardHostNames(route.listener.hostNames);
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

    const band = priorityBand(route.id);
    for (const shard of listenerShards(role, route)) {
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
      if (route.paths.allow === "all" && route.paths.deny) {
        // The admin path on a published host (S4 option 3): every path forwarded but that one, in any case.
        rewriteSets.set(route.id, deniedRewriteRuleSet(route.id, route.paths.deny));
        const [pool, refuse] = [ref("backendAddressPool", route.id), ref("backendAddressPool", REFUSE_POOL)];
        pathMaps.push({
          name: ln,
          ...deniedPathMap(route.paths.deny, pool, refuse, ref("backendHttpSettings", route.id), ref("rewriteRuleSet", route.id)),
        });
        rules.push({ name: ln, ruleType: "PathBasedRouting", priority, httpListener: ref("httpListener", ln), urlPathMap: ref("urlPathMap", ln) });
      } else if (route.paths.allow === "all") {
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
