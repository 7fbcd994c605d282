/**
 * Names in the spec: every host name checked against Lync's rules (R-DNS-12) and RFC 1035, and the normalisation
 * the rules and the plan work on (lower-case, no trailing dot).
 */
import { isIP } from "node:net";
import type { RawDeployment } from "../spec/schema";
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
  out.push({ path: "webServices.externalFqdn", name: web.externalFqdn });
  if (!isIp(web.backend.address)) out.push({ path: "webServices.backend.address", name: web.backend.address });
  else if (!isIP(web.backend.address)) out.push({ path: "webServices.backend.address", name: web.backend.address, address: true });
  if (web.officeOnlineServer) {
    out.push({ path: "webServices.officeOnlineServer.fqdn", name: web.officeOnlineServer.fqdn });
    if (!isIp(web.officeOnlineServer.backendAddress)) {
      out.push({ path: "webServices.officeOnlineServer.backendAddress", name: web.officeOnlineServer.backendAddress });
    } else if (!isIP(web.officeOnlineServer.backendAddress)) {
      out.push({ path: "webServices.officeOnlineServer.backendAddress", name: web.officeOnlineServer.backendAddress, address: true });
    }
  }
  if (raw.simpleUrls.sharedHost) out.push({ path: "simpleUrls.sharedHost", name: raw.simpleUrls.sharedHost });
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
