/**
 * Reverse-proxy routes (docs/rules.md section 3). HTTPS 443 -> external web site 4443 for every published
 * web name, original Host header, 960 s timeout (S29, S31, S32). Plain HTTP only for lyncdiscover and only for the
 * autodiscover root: section 3.1 derives the minimal set ("/" and the Root resource); the MS-OCDISCWS Root answers
 * over HTTP with a single Redirect to the HTTPS next hop (S35). Everything below the Root (the User and OAuth
 * resources) carries tokens and so is refused over HTTP, although the documented TMG rule publishes "/*" (S5).
 */
import type { DeploymentSpec } from "../../spec/types";
import type { PlanRoute } from "../types";
import { compareText, sortedUnique } from "../../spec/names";
import { canonicalIpv6, lyncdiscoverAddresses } from "./dns";
import type { ResolvedNames } from "../names";

/**
 * The autodiscover root (MS-OCDISCWS Root resource), also the front end's monitoring URL: GET without Accept answers
 * 200 (docs/rules.md 4, S2); over HTTP the root answers 200 too (S35).
 */
export const AUTODISCOVER_ROOT = "/autodiscover/autodiscoverservice.svc/root";

/** The only paths served over HTTP, matched case-insensitively, any query string (e.g. ?sipuri=). */
export const HTTP_AUTODISCOVER_PATHS = ["/", AUTODISCOVER_ROOT] as const;

/**
 * S4 option 3 puts the internal-only admin URL on the shared simple-URL host (`https://<host>/Admin`), which the
 * reverse proxy publishes: the route then forwards every path but the admin path and what lies below it (row 10:
 * internal only). An admin URL that is a whole published host is refused by validation (proxyChecks.ts).
 */
function withAdminDenied(route: PlanRoute, names: ResolvedNames): PlanRoute {
  const { adminHost, adminPath } = names;
  if (!adminHost || !adminPath || !route.listener.hostNames.includes(adminHost)) return route;
  return { ...route, paths: { allow: "all", deny: [adminPath] } };
}

export function planRoutes(spec: DeploymentSpec, names: ResolvedNames): PlanRoute[] {
  const web = spec.webServices;
  const publicAddresses = [web.publicIpv4, ...(web.publicIpv6 ? [canonicalIpv6(web.publicIpv6)] : [])];
  const httpsHosts = [
    web.externalFqdn,
    names.dialinHost,
    ...(names.sharedHost ? [names.sharedHost] : []),
    ...names.tenants.flatMap((t) => t.meetHost ?? []),
    ...names.tenants.filter((t) => t.lyncdiscoverHttps).map((t) => t.lyncdiscover),
  ];
  /** An HTTPS route on 443 with the reverse-proxy certificate, every path to one backend (original Host, S31, S32). */
  const https = (
    id: PlanRoute["id"],
    rule: string,
    hostNames: readonly string[],
    address: string,
    port: number,
    sniName: string | null,
  ): PlanRoute => ({
    id,
    rule,
    listener: { protocol: "https", port: 443, addresses: publicAddresses, hostNames, certificate: "reverse-proxy" },
    backend: { protocol: "https", address, port, hostHeader: "original", requestTimeoutSeconds: web.requestTimeoutSeconds, sniName },
    paths: { allow: "all" },
  });
  // The front end's external web certificate carries the external web FQDN, not meet.<d> (docs/rules.md 5b).
  const routes = [
    withAdminDenied(https("https-web", "S31", sortedUnique(httpsHosts), web.backend.address, web.backend.httpsPort, web.externalFqdn), names),
  ];
  // S28: every further pool's external web services, on its own name, to its own web site.
  for (const pool of [...web.additionalPools].sort((a, b) => compareText(a.name, b.name))) {
    routes.push(https(`https-pool-${pool.name}`, "S28", [pool.externalFqdn], pool.backend.address, pool.backend.httpsPort, pool.externalFqdn));
  }
  const oos = web.officeOnlineServer;
  if (oos) routes.push(https("https-office-online", "S9", [oos.fqdn], oos.backendAddress, 443, null));
  // Port 80 only for lyncdiscover: in http mode for every on-premises tenant, in https mode for tenants whose
  // lyncdiscover is proxied by Cloudflare (its edge terminates TLS and reaches the origin over HTTP).
  const httpHosts = names.tenants.filter((t) => t.lyncdiscoverHttp).map((t) => t.lyncdiscover);
  if (httpHosts.length > 0) {
    const discover = lyncdiscoverAddresses(spec);
    routes.push({
      id: "http-lyncdiscover",
      rule: "S5",
      listener: {
        protocol: "http",
        port: 80,
        addresses: [...discover.ipv4, ...discover.ipv6.map(canonicalIpv6)],
        hostNames: sortedUnique(httpHosts),
        certificate: null,
      },
      backend: {
        protocol: "http",
        address: web.backend.address,
        port: web.backend.httpPort,
        hostHeader: "original",
        requestTimeoutSeconds: web.requestTimeoutSeconds,
        sniName: null,
      },
      paths: { allow: [...HTTP_AUTODISCOVER_PATHS], otherwise: "refuse" },
    });
  }
  return routes;
}
