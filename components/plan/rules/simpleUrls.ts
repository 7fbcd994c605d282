/**
 * Simple URLs (docs/rules.md section 4, S4): a meet URL per SIP domain, one dial-in URL, an optional admin URL.
 * Option 1 puts every SIP domain's meet URL on its own host (meet.<d>, one certificate name each); option 2 on a base
 * host of the domain (<baseLabel>.<d>/meet, one name each); option 3 puts them all as paths on one shared host (one
 * certificate name for every tenant). The deployment picks a default, each SIP domain may pick another.
 */
import type { DeploymentSpec } from "../../spec/types";
import type { PlanSimpleUrl } from "../types";
import { compareText } from "../../spec/names";
import type { ResolvedNames } from "../names";

/** Simple URLs in canonical form (lower-case host, no trailing slash). */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname.toLowerCase()}${u.pathname === "/" ? "" : u.pathname.replace(/\/$/, "")}`;
}

export function planSimpleUrls(spec: DeploymentSpec, names: ResolvedNames): PlanSimpleUrl[] {
  const urls: PlanSimpleUrl[] = names.tenants.map((t) => ({ kind: "meet" as const, url: t.meetUrl, sipDomain: t.name, published: true }));
  urls.push({ kind: "dialin", url: canonicalUrl(spec.simpleUrls.dialinUrl), sipDomain: null, published: true });
  if (spec.simpleUrls.adminUrl) {
    urls.push({ kind: "admin", url: canonicalUrl(spec.simpleUrls.adminUrl), sipDomain: null, published: false });
  }
  return urls.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.url, b.url));
}

/**
 * Problems of one set of simple URLs by S4: https only, no port, only a-z, A-Z, 0-9 and '.' in the whole URL (host and
 * every path segment, as S4 states the rule), unique, none a prefix of another, and not on a bare SIP domain.
 */
/** S4: "Simple URLs can contain only alphanumeric characters (a-z, A-Z, 0-9) and the period (.)". */
const SIMPLE_URL_TEXT = /^[a-z0-9.]+$/i;
/** A host derived from a SIP domain: S4's characters and the hyphens the domain's DNS name may hold (R-DNS-12). */
const DERIVED_HOST_TEXT = /^[a-z0-9.-]+$/i;

export function simpleUrlProblems(
  /**
   * `derivedHost`: the host is derived from a SIP domain (meet.<d>, <baseLabel>.<d>), so a hyphen of the domain is
   * allowed there (a warning, plan/rules/warnings.ts): DNS host names may hold hyphens (R-DNS-12), and S4's character
   * sentence ends "might not work as expected", not "must not"; a host the operator names keeps the strict rule.
   */
  urls: ReadonlyArray<{ url: string; path: string; subject?: string; derivedHost?: boolean }>,
  sipDomains: ReadonlySet<string>,
  /** Pool FQDNs known to the spec (the front end / director web site when named): a simple URL may not use one (S4). */
  poolFqdns: ReadonlySet<string> = new Set(),
): Array<{ path: string; subject?: string; message: string }> {
  const problems: Array<{ path: string; subject?: string; message: string }> = [];
  const valid: Array<{ canonical: string; path: string; subject?: string }> = [];
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u.url);
    } catch {
      problems.push({ path: u.path, subject: u.subject, message: `"${u.url}" is not a URL` });
      continue;
    }
    const issues: string[] = [];
    if (parsed.protocol !== "https:") issues.push("must start with https://");
    if (parsed.port !== "") issues.push("must not name a port");
    if (parsed.search !== "" || parsed.hash !== "" || parsed.username !== "") issues.push("must not carry a query, fragment or user");
    if (!(u.derivedHost ? DERIVED_HOST_TEXT : SIMPLE_URL_TEXT).test(parsed.hostname))
      issues.push(`host "${parsed.hostname}" may contain only a-z, A-Z, 0-9 and '.'`);
    const segments = parsed.pathname.split("/").filter((x) => x !== "" && !SIMPLE_URL_TEXT.test(x));
    if (segments.length > 0)
      issues.push(`path segment ${segments.map((x) => `"${decodeURIComponent(x)}"`).join(", ")} may contain only a-z, A-Z, 0-9 and '.'`);
    if (sipDomains.has(parsed.hostname.toLowerCase())) issues.push(`must use its own host, not the bare SIP domain ${parsed.hostname}`);
    if (poolFqdns.has(parsed.hostname.toLowerCase())) issues.push(`must not contain the pool FQDN ${parsed.hostname}`);
    if (issues.length > 0) {
      problems.push({ path: u.path, subject: u.subject, message: `simple URL ${u.url} ${issues.join("; ")}` });
      continue;
    }
    valid.push({ canonical: canonicalUrl(u.url), path: u.path, subject: u.subject });
  }
  // By canonical URL, so that uniqueness and prefixes are looked up, not compared pairwise (one meet URL per tenant).
  const byUrl = new Map<string, typeof valid>();
  for (const v of valid) byUrl.set(v.canonical, [...(byUrl.get(v.canonical) ?? []), v]);
  for (const b of valid) {
    for (const a of byUrl.get(b.canonical)!) {
      if (a.path < b.path)
        problems.push({ path: b.path, subject: b.subject, message: `simple URL ${b.canonical} is not unique (also at ${a.path})` });
    }
    // Every proper prefix of b that ends before a '/' of its path.
    const pathStart = b.canonical.indexOf("/", "https://".length);
    for (let slash = pathStart; slash >= 0; slash = b.canonical.indexOf("/", slash + 1)) {
      for (const a of byUrl.get(b.canonical.slice(0, slash)) ?? []) {
        problems.push({
          path: b.path,
          subject: b.subject,
          message: `simple URL ${b.canonical} has the simple URL ${a.canonical} (${a.path}) as a prefix`,
        });
      }
    }
  }
  return problems;
}
