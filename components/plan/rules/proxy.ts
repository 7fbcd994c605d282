/**
 * Reverse-proxy routes (docs/rules.md section 3). HTTPS 443 -> external web site 4443 for every published
 * web name, original Host header, 960 s timeout (S29, S31, S32). Plain HTTP only for lyncdiscover and only for the
 * autodiscover root: section 3.1 derives the minimal set ("/" and the Root resource); the MS-OCDISCWS Root answers
 * over HTTP with a single Redirect to the HTTPS next hop (S35). Everything below the Root (the User and OAuth
 * resources) carries tokens and so is refused over HTTP, although the documented TMG rule publishes "/*" (S5).
 */
import type { DeploymentSpec } from "../../spec/schema";
import type { PlanRoute } from "../types";
import { compareText, sortedUnique } from "../../spec/names";
import { canonicalIpv6, isLyncdiscoverProxied, lyncdiscoverAddresses } from "./dns";
import { dialinHost, meetHost, sharedHostName } from "./simpleUrls";

/**
 * The autodiscover root (MS-OCDISCWS Root resource), also the front end's monitoring URL: GET without Accept answers
 * 200 (docs/rules.md 4, S2); over HTTP the root answers 200 too (S35).
 */
export const AUTODISCOVER_ROOT = "/autodiscover/autodiscoverservice.svc/root";

/** The only paths served over HTTP, matched case-insensitively, any query string (e.g. ?sipuri=). */
export const HTTP_AUTODISCOVER_PATHS = ["/", AUTODISCOVER_ROOT] as const;

export function planRoutes(spec: DeploymentSpec): PlanRoute[] {
  const web = spec.webServices;
  const onPremises = spec.sipDomains.filter((d) => d.home === "onPremises");
  const publicAddresses = [web.publicIpv4, ...(web.publicIpv6 ? [canonicalIpv6(web.publicIpv6)] : [])];
  const shared = sharedHostName(spec);
  const httpsHosts = [
    web.externalFqdn,
    dialinHost(spec),
    ...(shared ? [shared] : []),
    ...onPremises.flatMap((d) => meetHost(spec, d) ?? []),
    ...(spec.lyncdiscover === "https" ? onPremises.filter((d) => !isLyncdiscoverProxied(spec, d)).map((d) => `lyncdiscover.${d.name}`) : []),
  ];
  const routes: PlanRoute[] = [
    {
      id: "https-web",
      rule: "S31",
      listener: { protocol: "https", port: 443, addresses: publicAddresses, hostNames: sortedUnique(httpsHosts), certificate: "reverse-proxy" },
      backend: {
        protocol: "https",
        address: web.backend.address,
        port: web.backend.httpsPort,
        hostHeader: "original",
        requestTimeoutSeconds: web.requestTimeoutSeconds,
        // The front end's external web certificate carries the external web FQDN, not meet.<d> (docs/rules.md 5b).
        sniName: web.externalFqdn,
      },
      paths: { allow: "all" },
    },
  ];
  // S28: every further pool's external web services, on its own name, to its own web site.
  for (const pool of [...web.additionalPools].sort((a, b) => compareText(a.name, b.name))) {
    routes.push({
      id: `https-pool-${pool.name}`,
      rule: "S28",
      listener: { protocol: "https", port: 443, addresses: publicAddresses, hostNames: [pool.externalFqdn], certificate: "reverse-proxy" },
      backend: {
        protocol: "https",
        address: pool.backend.address,
        port: pool.backend.httpsPort,
        hostHeader: "original",
        requestTimeoutSeconds: web.requestTimeoutSeconds,
        sniName: pool.externalFqdn,
      },
      paths: { allow: "all" },
    });
  }
  if (web.officeOnlineServer) {
    routes.push({
      id: "https-office-online",
      rule: "S9",
      listener: { protocol: "https", port: 443, addresses: publicAddresses, hostNames: [web.officeOnlineServer.fqdn], certificate: "reverse-proxy" },
      backend: {
        protocol: "https",
        address: web.officeOnlineServer.backendAddress,
        port: 443,
        hostHeader: "original",
        requestTimeoutSeconds: web.requestTimeoutSeconds,
        sniName: null,
      },
      paths: { allow: "all" },
    });
  }
  // Port 80 only for lyncdiscover: in http mode for every on-premises tenant, in https mode for tenants whose
  // lyncdiscover is proxied by Cloudflare (its edge terminates TLS and reaches the origin over HTTP).
  const httpHosts = onPremises.filter((d) => spec.lyncdiscover === "http" || isLyncdiscoverProxied(spec, d)).map((d) => `lyncdiscover.${d.name}`);
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
