/**
 * validateDeployment: the only way to a DeploymentSpec. Shape (zod), then the Lync rules, then the checks that need
 * the derived plan (record conflicts, certificate and platform limits). Every problem is collected; nothing stops at
 * the first one. When the shape is broken, list items with shape errors are set aside so that the rule checks still
 * run on the rest (a config with ten mistakes gets ten reports).
 */
import { isIP } from "node:net";
import type { $ZodIssue } from "zod/v4/core";
import { deploymentSchema, type DeploymentSpec, type RawDeployment } from "../spec/schema";
import { type Problem, pathOf } from "../spec/problems";
import { ancestorsBelow, hostNameProblem, isWithin, normalizeName, zoneOf } from "../spec/names";
import { simpleUrlProblems, meetUrl, sharedHostName, dialinHost } from "../plan/rules/simpleUrls";
import { edgeHostOf } from "../plan/rules/dns";
import { buildPlan } from "../plan/build";
import { planChecks } from "./planChecks";

export type ValidationResult =
  | { readonly ok: true; readonly spec: DeploymentSpec; readonly problems: readonly [] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export function validateDeployment(input: unknown): ValidationResult {
  const problems: Problem[] = [];
  const parsed = deploymentSchema.safeParse(input);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => schemaProblem(i, input)));
    const salvaged = salvage(input, parsed.error.issues);
    if (salvaged === undefined || !deploymentSchema.safeParse(salvaged.value).success) return { ok: false, problems };
    // The rule checks run on the salvaged copy, where dropped list items shift the indexes: map them back.
    // Problems about a stand-in (a missing field filled in to go on) are the shape error's echo: left out.
    const rest = validateDeployment(salvaged.value)
      .problems.filter(
        (p) => !salvaged.standIns.some((at) => p.path === at || p.path.startsWith(`${at}.`)) && !`${p.subject} ${p.message}`.includes(STAND_IN_HOST),
      )
      .map((p) => ({
        ...p,
        path: salvaged.restore(p.path),
        message: salvaged.restore(p.message),
      }));
    return { ok: false, problems: [...problems, ...rest] };
  }
  const raw = parsed.data;
  problems.push(...nameProblems(raw));
  const spec = normalize(raw);
  const resolution = resolveDomains(spec);
  problems.push(...resolution.problems, ...ruleProblems(spec));
  // The plan needs well-formed names, parsable simple URLs and every referenced zone and edge pool (an unknown
  // pool or an unparsable URL would make buildPlan throw instead of reporting).
  const blocking = new Set(["R-DNS-12", "RFC1035", "EDGE-POOL"]);
  const urlsParse = [spec.simpleUrls.dialinUrl, spec.simpleUrls.adminUrl].every((u) => u === undefined || URL.canParse(u));
  if (resolution.problems.length === 0 && urlsParse && !problems.some((p) => blocking.has(p.rule))) {
    const resolved = { ...spec, sipDomains: resolution.sipDomains, __validated: true as const };
    const plan = buildPlan(resolved);
    for (const check of planChecks) problems.push(...check(resolved, plan));
    if (problems.length === 0) return { ok: true, spec: resolved, problems: [] };
  }
  return { ok: false, problems };
}

/** A SIP domain's name for a problem at `path`, if the path lies inside sipDomains[i]. */
function subjectAt(input: unknown, path: ReadonlyArray<PropertyKey>): string | undefined {
  if (path[0] !== "sipDomains" || typeof path[1] !== "number") return undefined;
  const item = (input as { sipDomains?: Array<{ name?: unknown }> }).sipDomains?.[path[1]];
  return typeof item?.name === "string" ? item.name : undefined;
}

function schemaProblem(issue: $ZodIssue, input: unknown): Problem {
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const missing = issue.code === "invalid_type" && /received undefined$/.test(issue.message);
  const message =
    keys.length > 0
      ? `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`
      : missing && issue.code === "invalid_type"
        ? `required (${issue.expected}) but missing`
        : issue.message;
  return { path: pathOf(issue.path), rule: "SCHEMA", subject: subjectAt(input, issue.path), message };
}

/**
 * A copy of the input without the parts the shape check rejected: unknown keys are dropped, a bad scalar gets a valid
 * stand-in where one is obvious, any other error drops the list item that holds it. Undefined when none of these
 * applies (nothing sensible remains). The stand-ins never reach a plan: the result is invalid anyway.
 */
function salvage(
  input: unknown,
  issues: readonly $ZodIssue[],
): { value: unknown; restore: (text: string) => string; standIns: string[] } | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const copy = structuredClone(input) as Record<string, unknown>;
  const standIns: string[] = [];
  const drop = new Map<unknown[], { at: string; indexes: Set<number> }>();
  for (const issue of issues) {
    let node: unknown = copy;
    let dropAt: { list: unknown[]; index: number; at: string } | undefined;
    for (const [depth, key] of issue.path.entries()) {
      if (Array.isArray(node) && typeof key === "number") dropAt ??= { list: node, index: key, at: pathOf(issue.path.slice(0, depth)) };
      node = (node as Record<PropertyKey, unknown> | undefined)?.[key as string];
    }
    const stand = standIn(issue);
    if (issue.code === "unrecognized_keys" && typeof node === "object" && node !== null) {
      for (const k of issue.keys) delete (node as Record<string, unknown>)[k];
    } else if (stand.ok && issue.path.length > 0) {
      // A bad scalar: a valid stand-in lets the rule checks run on the rest of the document.
      let parent: unknown = copy;
      for (const key of issue.path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown>)[key as string];
      (parent as Record<PropertyKey, unknown>)[issue.path[issue.path.length - 1] as string] = stand.value;
      standIns.push(pathOf(issue.path));
    } else if (dropAt) {
      const entry = drop.get(dropAt.list) ?? { at: dropAt.at, indexes: new Set<number>() };
      drop.set(dropAt.list, entry);
      entry.indexes.add(dropAt.index);
    } else {
      return undefined;
    }
  }
  // Salvaged index -> the user's index, per list that lost items (e.g. `sipDomains[1]` -> `sipDomains[2]`).
  const kept = new Map<string, number[]>();
  for (const [list, { at, indexes }] of drop) {
    kept.set(
      at,
      list.map((_, i) => i).filter((i) => !indexes.has(i)),
    );
    for (const i of [...indexes].sort((a, b) => b - a)) list.splice(i, 1);
  }
  const restore = (text: string) =>
    text.replace(/(?<![\w.\]])([A-Za-z]+)\[(\d+)\]/g, (m, at: string, i: string) => (kept.has(at) ? `${at}[${kept.get(at)![Number(i)]}]` : m));
  return { value: copy, restore, standIns };
}

/** Host of the stand-ins for missing or mistyped names (RFC 6761's .invalid never resolves). */
const STAND_IN_HOST = "stand-in.invalid";

/** A valid value in place of a rejected scalar (documentation addresses, the nearest bound, the first choice). */
function standIn(issue: $ZodIssue): { ok: true; value: unknown } | { ok: false } {
  if (issue.code === "invalid_type" && issue.expected === "string") {
    const key = String(issue.path[issue.path.length - 1] ?? "");
    return { ok: true, value: /Url$/.test(key) ? `https://${STAND_IN_HOST}/${key}` : `${key.toLowerCase() || "name"}.${STAND_IN_HOST}` };
  }
  if (issue.code === "invalid_type" && issue.expected === "boolean") return { ok: true, value: false };
  if (issue.code === "invalid_format" && issue.format === "ipv4") return { ok: true, value: "192.0.2.1" };
  if (issue.code === "invalid_format" && issue.format === "ipv6") return { ok: true, value: "2001:db8::1" };
  if (issue.code === "too_small" && issue.origin === "number") return { ok: true, value: Number(issue.minimum) };
  if (issue.code === "too_big" && issue.origin === "number") return { ok: true, value: Number(issue.maximum) };
  if (issue.code === "invalid_value" && issue.values.length > 0) return { ok: true, value: issue.values[0] };
  return { ok: false };
}

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
const isIp = (s: string) => /^[0-9.]+$/.test(s) || s.includes(":");

function nameProblems(raw: RawDeployment): Problem[] {
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
function normalize(raw: RawDeployment): RawDeployment {
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

/** Each SIP domain's zone (explicit or the longest containing zone) and edge host. */
function resolveDomains(spec: RawDeployment): { sipDomains: DeploymentSpec["sipDomains"]; problems: Problem[] } {
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
function ruleProblems(spec: RawDeployment): Problem[] {
  const problems: Problem[] = [];
  const zones = new Set(spec.zones.map((z) => z.name));
  const pools = new Set(spec.edgePools.map((p) => p.name));
  const sipNames = new Set(spec.sipDomains.map((d) => d.name));

  // Shared names must be published somewhere: in a declared zone (an `external` zone is fine).
  const shared: Array<[string, string]> = [
    ["webServices.externalFqdn", spec.webServices.externalFqdn],
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
      return;
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
    if (d.xmpp && spec.product === "sfb2019") {
      problems.push({
        path: `${path}.xmpp`,
        subject: d.name,
        rule: "R-DNS-09",
        message: "XMPP federation is not supported in Skype for Business Server 2019",
      });
    }
  });

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

  // S4: simple URLs.
  const s = spec.simpleUrls;
  if (s.meet === "sharedHost" && !s.sharedHost) {
    problems.push({
      path: "simpleUrls.sharedHost",
      rule: "S4",
      message: "meet: sharedHost needs simpleUrls.sharedHost, the one host of every meet URL",
    });
  }
  if (s.meet === "perDomain" && s.sharedHost) {
    problems.push({ path: "simpleUrls.sharedHost", rule: "S4", message: "sharedHost is only used with meet: sharedHost" });
  }
  const urls: Array<{ url: string; path: string; subject?: string }> = [{ url: s.dialinUrl, path: "simpleUrls.dialinUrl" }];
  if (s.adminUrl) urls.push({ url: s.adminUrl, path: "simpleUrls.adminUrl" });
  if (s.meet === "perDomain" || s.sharedHost) {
    spec.sipDomains.forEach((d, i) => {
      if (d.home === "onPremises") urls.push({ url: meetUrl(spec, d.name), path: `sipDomains[${i}].name`, subject: d.name });
    });
  }
  const backend = spec.webServices.backend.address.toLowerCase();
  const poolFqdns = new Set(isIp(backend) ? [] : [backend]);
  for (const p of simpleUrlProblems(urls, sipNames, poolFqdns)) problems.push({ ...p, rule: "S4" });

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
