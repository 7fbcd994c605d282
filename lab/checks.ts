/**
 * The client checks, one set per SIP domain, run against the lab with real client stacks (clients.ts). Expectations
 * (which domains, their home, the meet URL, http/https discovery) come from the plan; everything observed comes
 * from the lab's DNS and servers, i.e. from the captured resources.
 */
import type { Plan, PlanTenant } from "../components/plan/types";
import { isWithin } from "../components/spec/names";
import { ONLINE } from "../components/plan/rules/dns";
import type { LabClient } from "./clients";
import { AUTODISCOVER_JSON, AUTODISCOVER_ROOT, AUTODISCOVER_XML } from "./standIns";

export type CheckName = "desktop" | "federation" | "mobile" | "meet" | "exposure" | "online";
export type Status = "pass" | "fail" | "skip";

export interface CheckResult {
  readonly domain: string;
  readonly check: CheckName;
  readonly status: Status;
  readonly reason: string;
}

class CheckFailure extends Error {}
const fail = (message: string): never => {
  throw new CheckFailure(message);
};
const why = (e: unknown) => ((e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}` : (e as Error).message);

/**
 * Paths that carry credentials or tokens and must not be reachable over HTTP (docs/rules.md 3.1), in lower and mixed
 * case as clients spell them (Microsoft writes /Autodiscover/AutodiscoverService.svc/...): a proxy that refuses by
 * lower-case patterns and forwards the rest fails on the mixed-case ones when its path matching is case-sensitive.
 */
export const HTTP_FORBIDDEN_PATHS = [
  "/ucwa/",
  "/Ucwa/",
  "/WebTicket/WebTicketService.svc",
  `${AUTODISCOVER_ROOT}/oauth/user`,
  "/Autodiscover/AutodiscoverService.svc/root/oauth/user",
  "/Mcx/",
  "/meet/",
  "/abs/",
];

async function srvToEdge(client: LabClient, d: string, owner: string, port: number, rule: string): Promise<string> {
  const srv = await client.resolver.resolveSrv(owner).catch((e) => fail(`${owner} SRV: ${why(e)}`));
  if (srv.length === 0) fail(`${owner} has no SRV record`);
  const reasons: string[] = [];
  for (const s of srv) {
    const target = s.name.toLowerCase();
    if (target === d || !isWithin(target, d)) fail(`${owner} targets ${target}, outside ${d} (${rule})`);
    if (s.port !== port) fail(`${owner} targets port ${s.port}, expected ${port}`);
    const tlsResult = await client.tlsConnect(target, port).catch((e) => ({ authorized: false, error: `${target}: ${why(e)}` }));
    if (!tlsResult.authorized) fail(`TLS ${target}:${port}: ${tlsResult.error}`);
    reasons.push(`${owner} -> ${target}:${port}, TLS valid`);
  }
  return reasons.join("; ");
}

/** Other spellings of the HTTP discovery request: Microsoft's mobile example asks for "/" (S5), and Microsoft writes the root in mixed case. */
/** Next hops of a JSON Root answer: `_links` other than self, as [token, href]. */
function jsonLinks(body: string): Array<[string, string]> {
  try {
    const links = (JSON.parse(body) as { _links?: Record<string, { href?: string }> })._links ?? {};
    return Object.entries(links)
      .filter(([k]) => k !== "self")
      .map(([k, v]) => [k.toLowerCase(), String(v.href)]);
  } catch {
    return [];
  }
}

/** Next hops of an XML Root answer: its `<Link token="..." href="..."/>` elements, as [token, href]. */
function xmlLinks(body: string): Array<[string, string]> {
  if (!/<AutodiscoverResponse\b[\s\S]*<Root>[\s\S]*<\/Root>/.test(body)) return [];
  return [...body.matchAll(/<Link\s+token="([^"]+)"\s+href="([^"]+)"/g)].map((m) => [m[1].toLowerCase(), m[2].replace(/&amp;/g, "&")]);
}

export const HTTP_DISCOVERY_SPELLINGS = ["/", "/Autodiscover/AutodiscoverService.svc/root"];

async function httpRoot(client: LabClient, d: string, scheme: "http" | "https", path = AUTODISCOVER_ROOT, accept?: string) {
  const url = `${scheme}://lyncdiscover.${d}${path}?sipuri=user@${d}`;
  const r = await client.get(url, accept).catch((e) => fail(why(e)));
  if (r.status !== 200 || !r.backend) fail(`${url} answered ${r.status}${r.backend ? "" : " from the proxy"}: ${r.body.slice(0, 120)}`);
  return r;
}

/**
 * How lyncdiscover.<d> must answer: over HTTP where the plan publishes it on port 80 (http mode, or Cloudflare-proxied
 * towards the HTTP-only listener), over HTTPS in https mode (S5, S27).
 */
export function discoverySchemes(t: PlanTenant, plan: Plan): Array<"http" | "https"> {
  const host = `lyncdiscover.${t.name}`;
  const http = plan.routes.some((r) => r.listener.protocol === "http" && r.listener.hostNames.includes(host));
  return [...(http ? (["http"] as const) : []), ...(plan.lyncdiscover === "https" ? (["https"] as const) : [])];
}

const checks: Record<Exclude<CheckName, "online">, (c: LabClient, t: PlanTenant, plan: Plan) => Promise<string>> = {
  // R-DNS-06: lyncdiscover first, then _sip._tls; R-DNS-01/03: the SRV target lies inside the domain; S1: edge TLS.
  async desktop(client, t, plan) {
    let discover = "lyncdiscover unusable";
    for (const scheme of discoverySchemes(t, plan)) {
      const ok = await httpRoot(client, t.name, scheme).then(
        () => true,
        (e) => ((discover = `lyncdiscover unusable (${(e as Error).message})`), false),
      );
      if (ok) {
        discover = `lyncdiscover answers over ${scheme}`;
        break;
      }
    }
    const fallback = discover.startsWith("lyncdiscover answers") ? "" : ", falling back";
    return `${discover}${fallback}; ${await srvToEdge(client, t.name, `_sip._tls.${t.name}`, 443, "R-DNS-01")}`;
  },
  // R-DNS-02/04: federation partners find the edge through _sipfederationtls._tcp and verify its name on 5061.
  async federation(client, t) {
    if (!t.federation) return "federation off for this domain: no record expected";
    return srvToEdge(client, t.name, `_sipfederationtls._tcp.${t.name}`, 5061, "R-DNS-02");
  },
  // S5, S35: HTTP root -> 200 with only https:// next hops -> HTTPS on the external web name; https mode: HTTPS too.
  async mobile(client, t, plan) {
    const schemes = discoverySchemes(t, plan);
    if (schemes.length === 0) fail(`the plan publishes lyncdiscover.${t.name} neither over HTTP nor over HTTPS`);
    const reasons: string[] = [];
    if (schemes.includes("http")) {
      for (const path of HTTP_DISCOVERY_SPELLINGS) await httpRoot(client, t.name, "http", path);
      // MS-OCDISCWS clients name their representation in Accept: desktop clients XML, mobile and UCWA clients JSON.
      for (const [format, accept] of [
        ["XML", `${AUTODISCOVER_XML};v=1`],
        ["JSON", `${AUTODISCOVER_JSON};v=1`],
      ] as const) {
        const root = await httpRoot(client, t.name, "http", AUTODISCOVER_ROOT, accept);
        const hops = format === "XML" ? xmlLinks(root.body) : jsonLinks(root.body);
        if (hops.length === 0) fail(`the HTTP root answer (${format}) has no next hop: ${root.body.slice(0, 80)}`);
        const plain = hops.filter(([, href]) => !href.startsWith("https://"));
        if (plain.length > 0) fail(`next hops not over HTTPS (${format}): ${plain.map(([k, v]) => `${k}=${v}`).join(", ")}`);
        const next = (hops.find(([k]) => k === "redirect") ?? hops[0])[1];
        const r = await client.get(next, accept).catch((e) => fail(`next hop ${next}: ${why(e)}`));
        if (r.status !== 200 || !r.backend) fail(`next hop ${next} answered ${r.status}`);
        reasons.push(`HTTP root (${format}) -> ${new URL(next).hostname} over HTTPS, certificate valid`);
      }
    }
    if (schemes.includes("https")) {
      await httpRoot(client, t.name, "https");
      reasons.push(`https://lyncdiscover.${t.name} 200, certificate valid`);
    }
    return reasons.join("; ");
  },
  // S4: the meet URL resolves and its certificate is valid.
  async meet(client, t) {
    if (!t.meetUrl) return fail("the plan has no meet URL for this domain");
    const r = await client.get(t.meetUrl).catch((e) => fail(`${t.meetUrl}: ${why(e)}`));
    if (r.status !== 200 || !r.backend) fail(`${t.meetUrl} answered ${r.status}`);
    return `${t.meetUrl} 200, certificate valid`;
  },
  // Section 3.1: over HTTP only the autodiscover root on lyncdiscover hosts; nothing else answers on port 80.
  async exposure(client, t, plan) {
    const reached: string[] = [];
    const probe = async (url: string) => {
      const r = await client.get(url).catch(() => undefined);
      if (r?.backend) reached.push(`${url} -> ${r.status}`);
    };
    for (const p of HTTP_FORBIDDEN_PATHS) await probe(`http://lyncdiscover.${t.name}${p}`);
    // The tenant's own names and every name published over HTTPS (external web, dial-in, meet hosts).
    const others = new Set(t.fqdns.filter((n) => !n.startsWith("_") && n !== `lyncdiscover.${t.name}`));
    for (const r of plan.routes.filter((x) => x.listener.protocol === "https")) r.listener.hostNames.forEach((h) => others.add(h));
    for (const host of others) await probe(`http://${host}/`);
    if (reached.length > 0) fail(`reached a backend over HTTP: ${reached.join(", ")}`);
    return `${HTTP_FORBIDDEN_PATHS.length} token paths refused on lyncdiscover.${t.name}; port 80 closed on ${others.size} other names`;
  },
};

/** R-DNS-11 (S13): Microsoft's names, and nothing of ours answers for the domain. */
async function online(client: LabClient, t: PlanTenant): Promise<string> {
  const d = t.name;
  const expectSrv = async (owner: string, target: string, port: number) => {
    const srv = await client.resolver.resolveSrv(owner).catch((e) => fail(`${owner}: ${why(e)}`));
    if (srv.length !== 1 || srv[0].name.toLowerCase() !== target || srv[0].port !== port) {
      fail(`${owner} -> ${srv.map((s) => `${s.name}:${s.port}`).join(", ")}, expected ${target}:${port}`);
    }
  };
  const expectCname = async (owner: string, target: string) => {
    const c = await client.resolver.resolveCname(owner).catch((e) => fail(`${owner} CNAME: ${why(e)}`));
    if (c.map((x) => x.toLowerCase()).join() !== target) fail(`${owner} CNAME ${c.join()}, expected ${target}`);
    const ours = await client.resolve4(owner).catch(() => [] as string[]);
    if (ours.length > 0) fail(`${owner} resolves to a lab address ${ours.join()}: served by our side`);
  };
  await expectSrv(`_sip._tls.${d}`, ONLINE.sipdir, 443);
  if (t.federation) await expectSrv(`_sipfederationtls._tcp.${d}`, ONLINE.sipfed, 5061);
  await expectCname(`sip.${d}`, ONLINE.sipdir);
  await expectCname(`lyncdiscover.${d}`, ONLINE.webdir);
  return "SRV and CNAMEs point at *.online.lync.com; nothing of ours answers";
}

export const ON_PREMISES_CHECKS: readonly Exclude<CheckName, "online">[] = ["desktop", "federation", "mobile", "meet", "exposure"];

async function run(domain: string, check: CheckName, fn: () => Promise<string>): Promise<CheckResult> {
  try {
    return { domain, check, status: "pass", reason: await fn() };
  } catch (e) {
    if (e instanceof CheckFailure) return { domain, check, status: "fail", reason: e.message };
    return { domain, check, status: "fail", reason: `lab error: ${(e as Error).stack ?? String(e)}` };
  }
}

export async function checkTenant(client: LabClient, t: PlanTenant, plan: Plan): Promise<CheckResult[]> {
  const names: CheckName[] = t.home === "online" ? ["online"] : [...ON_PREMISES_CHECKS];
  if (t.zoneProvider === "external") {
    return names.map((check) => ({
      domain: t.name,
      check,
      status: "skip" as const,
      reason: `zone ${t.zone} is external: its records are published outside this stack`,
    }));
  }
  const out: CheckResult[] = [];
  for (const check of names) {
    out.push(await run(t.name, check, () => (check === "online" ? online(client, t) : checks[check](client, t, plan))));
  }
  return out;
}
