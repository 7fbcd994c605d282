/**
 * Names in the spec: every host name checked against Lync's rules (R-DNS-12) and RFC 1035, and the normalisation
 * the rules and the plan work on (lower-case, no trailing dot).
 */
import { isIP } from "node:net";
import type { RawDeployment } from "../spec/types";
import type { Problem } from "../spec/problems";
import { hostNameProblem, normalizeName } from "../spec/names";

/** Every host name of the spec with its path, for R-DNS-12 / RFC 1035. */
type NamedHost = { path: string; name: string; subject?: string; /** numeric: must be a valid IP address */ address?: true };

function namedHosts(raw: RawDeployment): NamedHost[] {
  const out: NamedHost[] = [{ path: "infrastructureDomain", name: raw.infrastructureDomain }];
  raw.zones.forEach((z, i) => out.push({ path: `zones[${i}].name`, name: z.name }));
  raw.edgePools.forEach((p, i) => {
    for (const s of ["accessEdge", "webConferencing", "audioVideo"] as const) {
      out.push({ path: `edgePools[${i}].${s}.fqdn`, name: p[s].fqdn });
    }
  });
  const web = raw.webServices;
  /** A backend address: a host name, or something numeric that must be a valid IP address. */
  const backend = (path: string, address: string) => {
    if (!isIp(address)) out.push({ path, name: address });
    else if (!isIP(address)) out.push({ path, name: address, address: true });
  };
  out.push({ path: "webServices.externalFqdn", name: web.externalFqdn });
  backend("webServices.backend.address", web.backend.address);
  web.additionalPools.forEach((p, i) => {
    out.push({ path: `webServices.additionalPools[${i}].externalFqdn`, name: p.externalFqdn });
    backend(`webServices.additionalPools[${i}].backend.address`, p.backend.address);
  });
  if (web.officeOnlineServer) {
    out.push({ path: "webServices.officeOnlineServer.fqdn", name: web.officeOnlineServer.fqdn });
    backend("webServices.officeOnlineServer.backendAddress", web.officeOnlineServer.backendAddress);
  }
  if (raw.simpleUrls.sharedHost) out.push({ path: "simpleUrls.sharedHost", name: raw.simpleUrls.sharedHost });
  const fe = raw.certificates.frontEnd;
  if (fe) {
    out.push({ path: "certificates.frontEnd.poolFqdn", name: fe.poolFqdn });
    fe.servers.forEach((name, i) => out.push({ path: `certificates.frontEnd.servers[${i}]`, name }));
    if (fe.internalWebFqdn) out.push({ path: "certificates.frontEnd.internalWebFqdn", name: fe.internalWebFqdn });
  }
  raw.sipDomains.forEach((d, i) => {
    out.push({ path: `sipDomains[${i}].name`, name: d.name, subject: d.name });
    if (d.zone) out.push({ path: `sipDomains[${i}].zone`, name: d.zone, subject: d.name });
    if (d.edgeHost) out.push({ path: `sipDomains[${i}].edgeHost`, name: d.edgeHost, subject: d.name });
  });
  return out;
}

/** Addresses that look numeric are IP addresses (checked as such); anything else is a host name. */
export const isIp = (s: string) => /^[0-9.]+$/.test(s) || s.includes(":");

export function nameProblems(raw: RawDeployment): Problem[] {
  const problems: Problem[] = [];
  for (const h of namedHosts(raw)) {
    if (h.address) {
      problems.push({ path: h.path, rule: "SCHEMA", message: `"${h.name}" is neither a valid IP address nor a host name` });
      continue;
    }
    const p = hostNameProblem(h.name);
    if (p) problems.push({ path: h.path, subject: h.subject, ...p });
  }
  const duplicates = (items: Array<{ path: string; key: string; subject?: string }>, what: string) => {
    const first = new Map<string, string>();
    for (const item of items) {
      const seen = first.get(item.key);
      if (seen)
        problems.push({
          path: item.path,
          subject: item.subject,
          rule: "UNIQUE",
          message: `${what} ${item.key} is declared twice (first at ${seen})`,
        });
      else first.set(item.key, item.path);
    }
  };
  duplicates(
    raw.sipDomains.map((d, i) => ({ path: `sipDomains[${i}].name`, key: normalizeName(d.name), subject: d.name })),
    "SIP domain",
  );
  duplicates(
    raw.zones.map((z, i) => ({ path: `zones[${i}].name`, key: normalizeName(z.name) })),
    "zone",
  );
  duplicates(
    raw.edgePools.map((p, i) => ({ path: `edgePools[${i}].name`, key: p.name })),
    "edge pool",
  );
  duplicates(
    raw.webServices.additionalPools.map((p, i) => ({ path: `webServices.additionalPools[${i}].name`, key: p.name })),
    "web pool",
  );
  // S28 / 2.3: each pool's external web services FQDN is its own ("must be unique from any other Director or Director
  // pool as well as any Front End pool").
  duplicates(
    [raw.webServices, ...raw.webServices.additionalPools].map((p, i) => ({
      path: i === 0 ? "webServices.externalFqdn" : `webServices.additionalPools[${i - 1}].externalFqdn`,
      key: normalizeName(p.externalFqdn),
    })),
    "external web services FQDN",
  );
  return problems;
}

/** Lower-case every name and drop trailing dots: the form the rules and the plan use. */
export function normalize(raw: RawDeployment): RawDeployment {
  const n = normalizeName;
  const svc = (s: RawDeployment["edgePools"][number]["accessEdge"]) => ({ ...s, fqdn: n(s.fqdn) });
  const web = raw.webServices;
  return {
    ...raw,
    infrastructureDomain: n(raw.infrastructureDomain),
    zones: raw.zones.map((z) => ({ ...z, name: n(z.name) })),
    edgePools: raw.edgePools.map((p) => ({
      ...p,
      accessEdge: svc(p.accessEdge),
      webConferencing: svc(p.webConferencing),
      audioVideo: svc(p.audioVideo),
    })),
    webServices: {
      ...web,
      externalFqdn: n(web.externalFqdn),
      additionalPools: web.additionalPools.map((p) => ({ ...p, externalFqdn: n(p.externalFqdn) })),
      officeOnlineServer: web.officeOnlineServer && { ...web.officeOnlineServer, fqdn: n(web.officeOnlineServer.fqdn) },
    },
    simpleUrls: { ...raw.simpleUrls, sharedHost: raw.simpleUrls.sharedHost && n(raw.simpleUrls.sharedHost) },
    sipDomains: raw.sipDomains.map((d) => ({
      ...d,
      name: n(d.name),
      zone: d.zone && n(d.zone),
      edgeHost: d.edgeHost && n(d.edgeHost),
    })),
  };
}
