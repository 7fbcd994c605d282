/**
 * The Lync rules that need only the normalised spec: each SIP domain's zone and edge host resolved, zones, edge pools
 * and simple URLs checked.
 */
import type { DeploymentSpec, RawDeployment } from "../spec/types";
import type { Problem } from "../spec/problems";
import { ancestorsBelow, isWithin, zoneOf } from "../spec/names";
import { simpleUrlProblems } from "../plan/rules/simpleUrls";
import { dialinHost, edgeHostOf, meetHost, meetStyleOf, meetUrl, sharedHostName } from "../plan/names";
import { isIp } from "./specNames";
import { X509Certificate } from "node:crypto";

/** Each SIP domain's zone (explicit or the longest containing zone) and edge host. */
export function resolveDomains(spec: RawDeployment): { sipDomains: DeploymentSpec["sipDomains"]; problems: Problem[] } {
  const problems: Problem[] = [];
  const zones = new Set(spec.zones.map((z) => z.name));
  const sipDomains = spec.sipDomains.map((d, i) => {
    const path = `sipDomains[${i}]`;
    let zone = d.zone;
    if (zone !== undefined && !zones.has(zone)) {
      problems.push({ path: `${path}.zone`, subject: d.name, rule: "ZONE", message: `zone ${zone} is not declared in zones` });
    } else if (zone !== undefined && !isWithin(d.name, zone)) {
      problems.push({ path: `${path}.zone`, subject: d.name, rule: "ZONE", message: `${d.name} does not lie inside its zone ${zone}` });
    }
    const deepest = zoneOf(d.name, zones);
    if (zone !== undefined && deepest !== undefined && zone !== deepest && isWithin(d.name, zone)) {
      problems.push({
        path: `${path}.zone`,
        subject: d.name,
        rule: "ZONE",
        message: `zone ${deepest} is declared and contains ${d.name}: records in ${zone} would be hidden by its delegation`,
      });
    }
    zone ??= deepest;
    if (zone === undefined) {
      problems.push({ path: `${path}.name`, subject: d.name, rule: "ZONE", message: `${d.name} lies outside every declared zone` });
    }
    return { ...d, zone: zone ?? "", edgeHost: edgeHostOf(d) };
  });
  return { sipDomains, problems };
}

/** The Lync rules that need only the normalised spec. */
export function ruleProblems(spec: RawDeployment): Problem[] {
  const problems: Problem[] = [];
  const zones = new Set(spec.zones.map((z) => z.name));
  const pools = new Set(spec.edgePools.map((p) => p.name));
  const sipNames = new Set(spec.sipDomains.map((d) => d.name));

  // Shared names must be published somewhere: in a declared zone (an `external` zone is fine).
  const shared: Array<[string, string]> = [
    ["webServices.externalFqdn", spec.webServices.externalFqdn],
    ...spec.webServices.additionalPools.map((p, i): [string, string] => [`webServices.additionalPools[${i}].externalFqdn`, p.externalFqdn]),
    ...spec.edgePools.flatMap((p, i) =>
      (["accessEdge", "webConferencing", "audioVideo"] as const).map((s): [string, string] => [`edgePools[${i}].${s}.fqdn`, p[s].fqdn]),
    ),
  ];
  if (spec.webServices.officeOnlineServer) shared.push(["webServices.officeOnlineServer.fqdn", spec.webServices.officeOnlineServer.fqdn]);
  const shost = sharedHostName(spec);
  if (shost) shared.push(["simpleUrls.sharedHost", shost]);
  try {
    shared.push(["simpleUrls.dialinUrl", dialinHost(spec)]);
  } catch {
    // reported with the simple-URL rules below
  }
  for (const [path, name] of shared) {
    if (zoneOf(name, zones) === undefined) {
      problems.push({ path, subject: name, rule: "ZONE", message: `${name} lies outside every declared zone, so its record cannot be published` });
    }
  }

  spec.sipDomains.forEach((d, i) => {
    const path = `sipDomains[${i}]`;
    if (d.home === "online") {
      for (const key of ["edgePool", "edgeHost"] as const) {
        if (d[key] !== undefined) {
          problems.push({
            path: `${path}.${key}`,
            subject: d.name,
            rule: "R-DNS-11",
            message: `${key} does not apply: the domain is homed online and uses Microsoft's edge`,
          });
        }
      }
      if (d.xmpp)
        problems.push({ path: `${path}.xmpp`, subject: d.name, rule: "R-DNS-11", message: "XMPP records do not apply to a domain homed online" });
      if (d.meet !== undefined)
        problems.push({
          path: `${path}.meet`,
          subject: d.name,
          rule: "R-DNS-11",
          message: "meet does not apply: Microsoft hosts this domain's meetings",
        });
      if (d.sharedSipAddressSpace) {
        problems.push({
          path: `${path}.home`,
          subject: d.name,
          rule: "HYBRID",
          message:
            "a split domain (sharedSipAddressSpace) keeps all its external Skype for Business records on premises (S11): declare it home: onPremises",
        });
      }
      return;
    }
    if (d.sharedSipAddressSpace && !d.federation) {
      problems.push({
        path: `${path}.federation`,
        subject: d.name,
        rule: "HYBRID",
        message: "a split domain (sharedSipAddressSpace) reaches its online users through federation: _sipfederationtls._tcp is required (S11)",
      });
    }
    if (d.edgePool !== undefined && !pools.has(d.edgePool)) {
      problems.push({
        path: `${path}.edgePool`,
        subject: d.name,
        rule: "EDGE-POOL",
        message: `edge pool "${d.edgePool}" is not declared in edgePools`,
      });
    }
    const edgeHost = edgeHostOf(d);
    if (edgeHost === d.name || !isWithin(edgeHost, d.name)) {
      problems.push({
        path: `${path}.edgeHost`,
        subject: d.name,
        rule: "R-DNS-01",
        message: `SRV target ${edgeHost} must be a host inside the SIP domain ${d.name} (R-DNS-01/R-DNS-02: clients and federation partners reject a target in another domain)`,
      });
    } else {
      // Inside a deeper SIP domain, the name would belong to that tenant's namespace (and its records and certificate).
      const deeper = ancestorsBelow(edgeHost, d.name).find((n) => sipNames.has(n));
      if (deeper) {
        problems.push({
          path: `${path}.edgeHost`,
          subject: d.name,
          rule: "R-DNS-01",
          message: `SRV target ${edgeHost} lies inside the other SIP domain ${deeper}`,
        });
      }
    }
    // The edge host is an A record to the access edge; the tenant's autodiscover and meet names point at the reverse
    // proxy. Named here, not only through the plan's record conflict, which an address shared by both hides.
    const ownWebNames: Array<[string | undefined, string]> = [
      [`lyncdiscover.${d.name}`, "the tenant's autodiscover name (R-DNS-07)"],
      [meetHost(spec, d), "the tenant's meet host (S4)"],
    ];
    for (const [web, what] of ownWebNames) {
      if (web !== undefined && edgeHost === web) {
        problems.push({
          path: `${path}.edgeHost`,
          subject: d.name,
          rule: "DNS-CONFLICT",
          message: `SRV target ${edgeHost} is also ${what}, which points at the reverse proxy: the edge host needs a name of its own`,
        });
      }
    }
    // FED-ROUTE: with a federation route, sipfed.<d> is the name the route's edge answers federation for; as the
    // domain's own edge host it would send partners to the domain's pool, which does not federate.
    if (spec.federationRoute !== undefined && d.edgeHost !== undefined && edgeHost === `sipfed.${d.name}`) {
      problems.push({
        path: `${path}.edgeHost`,
        subject: d.name,
        rule: "FED-ROUTE",
        message: `${edgeHost} is the federation host on the federation route's edge (federationRoute ${spec.federationRoute}): choose another edge host`,
      });
    }
    if (d.xmpp && spec.product === "sfb2019") {
      problems.push({
        path: `${path}.xmpp`,
        subject: d.name,
        rule: "R-DNS-09",
        message: "XMPP federation is not supported in Skype for Business Server 2019",
      });
    }
  });

  if (spec.federationRoute !== undefined && !pools.has(spec.federationRoute)) {
    problems.push({
      path: "federationRoute",
      subject: spec.federationRoute,
      rule: "EDGE-POOL",
      message: `edge pool "${spec.federationRoute}" is not declared in edgePools`,
    });
  }

  // The dedicated HTTP-only address must really be another address: on the proxy's (or an edge's) address,
  // https://lyncdiscover.<d> would meet a certificate without that name (R-DNS-08, S5).
  const http = spec.webServices.lyncdiscoverHttpIpv4;
  const taken = new Map<string, string>([[spec.webServices.publicIpv4, "webServices.publicIpv4"]]);
  spec.edgePools.forEach((p, i) =>
    (["accessEdge", "webConferencing", "audioVideo"] as const).forEach((s) => p[s].ipv4.forEach((ip) => taken.set(ip, `edgePools[${i}].${s}`))),
  );
  if (http !== undefined && taken.has(http)) {
    problems.push({
      path: "webServices.lyncdiscoverHttpIpv4",
      rule: "R-DNS-08",
      message: `${http} is also ${taken.get(http)}: the HTTP-only lyncdiscover address must offer no HTTPS, so it must be an address of its own`,
    });
  }

  // Each edge service name belongs to one pool: two pools with one name would merge their addresses into one record.
  const edgeNames = new Map<string, string>();
  spec.edgePools.forEach((p, i) =>
    (["accessEdge", "webConferencing", "audioVideo"] as const).forEach((s) => {
      const path = `edgePools[${i}].${s}.fqdn`;
      const first = edgeNames.get(p[s].fqdn);
      if (first) problems.push({ path, subject: p[s].fqdn, rule: "UNIQUE", message: `edge name ${p[s].fqdn} is declared twice (first at ${first})` });
      else edgeNames.set(p[s].fqdn, path);
    }),
  );

  // S4: simple URLs. The deployment's meet style is the default; each on-premises tenant may pick another.
  const s = spec.simpleUrls;
  // The styles in use are those of the on-premises tenants (the deployment's default counts only through them): a
  // setting is needed exactly when one uses its style, and refused otherwise, because the plan publishes a shared host
  // whenever it is set (a record, a certificate name and a route to the front end for nobody's meetings).
  const styles = new Set(spec.sipDomains.filter((d) => d.home === "onPremises").map((d) => meetStyleOf(spec, d)));
  const styleSettings = [
    ["sharedHost", "sharedHost", "the one host of every meet URL", " (the plan would publish it: a record, a certificate name and a route)"],
    ["baseLabel", "perDomainBase", "the first label of each SIP domain's simple-URL host, e.g. lync", ""],
  ] as const;
  for (const [key, style, what, unused] of styleSettings) {
    if (styles.has(style) && !s[key]) {
      problems.push({ path: `simpleUrls.${key}`, rule: "S4", message: `meet: ${style} needs simpleUrls.${key}, ${what}` });
    }
    if (!styles.has(style) && s[key]) {
      problems.push({
        path: `simpleUrls.${key}`,
        rule: "S4",
        message: `${key} is only used with meet: ${style}, which no on-premises SIP domain uses: remove it${unused}`,
      });
    }
  }
  const urls: Array<{ url: string; path: string; subject?: string; derivedHost?: boolean }> = [{ url: s.dialinUrl, path: "simpleUrls.dialinUrl" }];
  if (s.adminUrl) urls.push({ url: s.adminUrl, path: "simpleUrls.adminUrl" });
  spec.sipDomains.forEach((d, i) => {
    const style = meetStyleOf(spec, d);
    const settingMissing = styleSettings.some(([key, needs]) => needs === style && !s[key]);
    if (d.home === "onPremises" && !settingMissing) {
      urls.push({
        url: meetUrl(spec, d),
        path: d.meet === undefined ? `sipDomains[${i}].name` : `sipDomains[${i}].meet`,
        subject: d.name,
        derivedHost: style !== "sharedHost",
      });
    }
  });
  // S4: no simple URL on a pool's FQDN, as far as the spec names one (a backend given by host name).
  const web = spec.webServices;
  const poolFqdns = new Set(
    [web.backend.address, ...web.additionalPools.map((p) => p.backend.address)].map((a) => a.toLowerCase()).filter((a) => !isIp(a)),
  );
  for (const p of simpleUrlProblems(urls, sipNames, poolFqdns)) problems.push({ ...p, rule: "S4" });
  // A simple URL on a tenant's autodiscover name: HTTP discovery and the web page would fight over one name (and in
  // a proxied Cloudflare zone the proxying would silently stop).
  const discoverNames = new Set(spec.sipDomains.map((d) => `lyncdiscover.${d.name}`));
  const hosts: Array<[string, string | undefined]> = [
    ["simpleUrls.dialinUrl", URL.canParse(s.dialinUrl) ? new URL(s.dialinUrl).hostname.toLowerCase() : undefined],
    ["simpleUrls.sharedHost", s.sharedHost],
    ...web.additionalPools.map((p, i): [string, string] => [`webServices.additionalPools[${i}].externalFqdn`, p.externalFqdn]),
    ...spec.sipDomains.map((d, i): [string, string | undefined] => [
      `sipDomains[${i}].meet`,
      d.home === "onPremises" ? meetHost(spec, d) : undefined,
    ]),
  ];
  for (const [path, host] of hosts) {
    if (host !== undefined && discoverNames.has(host)) {
      problems.push({
        path,
        subject: host,
        rule: "S4",
        message: `${host} is a tenant's autodiscover name (R-DNS-07): simple URLs and web services need hosts of their own`,
      });
    }
  }

  // Zones.
  spec.zones.forEach((z, i) => {
    if (z.provider === "cloudflare") {
      if (!z.create && !z.zoneId)
        problems.push({ path: `zones[${i}].zoneId`, subject: z.name, rule: "SCHEMA", message: "an existing Cloudflare zone needs its zoneId" });
      if (z.create && !z.accountId)
        problems.push({
          path: `zones[${i}].accountId`,
          subject: z.name,
          rule: "SCHEMA",
          message: "a Cloudflare zone the stack creates needs the accountId",
        });
    }
  });
  // The gateway's trusted root must be a certificate (PEM or base64 DER): ARM would take any string and fail later.
  const rp = spec.reverseProxy;
  if (rp.provider === "azure" && rp.trustedRootCertificate !== undefined && !isCertificate(rp.trustedRootCertificate)) {
    problems.push({
      path: "reverseProxy.trustedRootCertificate",
      rule: "AGW-CONFIG",
      message: "is not an X.509 certificate: give the front end's root CA as PEM or as base64 DER",
    });
  }
  if (spec.certificates.reverseProxy.ca.clientAuth !== undefined) {
    problems.push({
      path: "certificates.reverseProxy.ca.clientAuth",
      rule: "CERT-EKU",
      message: "applies to edge certificates only: the reverse proxy never presents its certificate as a TLS client",
    });
  }
  if (spec.certificates.reverseProxy.ca.profile === "custom" && spec.certificates.reverseProxy.ca.limit === undefined) {
    problems.push({ path: "certificates.reverseProxy.ca.limit", rule: "CERT-LIMIT", message: "a custom CA profile needs its name limit" });
  }
  spec.edgePools.forEach((p, i) => {
    if (p.certificate.ca.profile === "custom" && p.certificate.ca.limit === undefined) {
      problems.push({ path: `edgePools[${i}].certificate.ca.limit`, rule: "CERT-LIMIT", message: "a custom CA profile needs its name limit" });
    }
  });
  return problems;
}

/** True when the text is a certificate as PEM, or as the base64 of its DER. */
function isCertificate(text: string): boolean {
  try {
    new X509Certificate(text.includes("-----BEGIN") ? text : Buffer.from(text.replace(/\s+/g, ""), "base64"));
    return true;
  } catch {
    return false;
  }
}
