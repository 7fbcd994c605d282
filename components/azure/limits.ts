/**
 * Plan check for the Azure reverse proxy, run by validateDeployment (components/model/checks.ts): the gateway layout's
 * counts against Application Gateway v2's limits (AGW-LIMIT, docs/rules.md 5b, S41/S42), and the spec fields the
 * adapter needs (AGW-CONFIG). Pure: it lays the gateways out exactly as the adapter will.
 */
import type { DeploymentSpec } from "../spec/types";
import { groupBy, type Plan } from "../plan/types";
import type { PlanCheck } from "../plan/checks";
import type { Problem } from "../spec/problems";
import { HOST_NAMES_PER_LISTENER, layoutGateways, priorityBand, lyncdiscoverGatewayName, type GatewayLayout } from "./layout";

/** Application Gateway v2 limits (S41, includes/application-gateway-limits.md 2024-06-19; Standard_v2). */
export const AGW_LIMITS = {
  activeListeners: 100,
  hostNamesPerListener: HOST_NAMES_PER_LISTENER,
  rules: 400,
  sslCertificates: 100,
  backendPools: 100,
  backendSettings: 100,
  frontendPorts: 100,
  pathRulesPerUrlMap: 100,
  rewriteRuleSets: 400,
} as const;

export function azureGatewayProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const rp = spec.reverseProxy;
  if (rp.provider !== "azure") return [];
  const problems = configProblems(spec);
  for (const gw of layoutGateways(spec, plan)) problems.push(...limitProblems(plan, gw));
  return problems;
}

function configProblems(spec: DeploymentSpec): Problem[] {
  const rp = spec.reverseProxy;
  if (rp.provider !== "azure") return [];
  const web = spec.webServices;
  const problems: Problem[] = [];
  const p = (path: string, message: string) => problems.push({ path, rule: "AGW-CONFIG", message });

  if (web.publicIpv6) {
    p(
      "webServices.publicIpv6",
      "the Azure reverse proxy publishes IPv4 only: an IPv6 frontend would double every listener and rule; remove publicIpv6 (no AAAA records then) or use reverseProxy: external",
    );
  }
  // Every deployment has the HTTPS web route, so the main gateway always needs its certificate: from one source, or on
  // test stacks from the test CA (the stack's own PFX, components/tls/pfx.ts), which any explicit source overrides.
  const sources = [
    rp.keyVaultSecretId ? "keyVaultSecretId" : "",
    rp.pfxConfigKey ? "pfxConfigKey" : "",
    rp.useIssuedCertificate ? "useIssuedCertificate" : "",
  ].filter(Boolean);
  if (sources.length > 1) {
    p(
      `reverseProxy.${sources[1]}`,
      `give the listener certificate one way, not ${sources.join(" and ")}: keyVaultSecretId (production), useIssuedCertificate (the CA-issued certificate from lync:issuedCertificates) or pfxConfigKey (a PFX from the stack config)`,
    );
  } else if (sources.length === 0 && !spec.certificates.testCa) {
    p(
      "reverseProxy.keyVaultSecretId",
      "the HTTPS listeners need the reverse-proxy certificate: set keyVaultSecretId (with identityId), useIssuedCertificate (the CA's answer to the stack's CSR), or, on test stacks, certificates.testCa (or pfxConfigKey with pfxPasswordConfigKey)",
    );
  }
  if (rp.keyVaultSecretId && !rp.identityId) {
    p("reverseProxy.identityId", "keyVaultSecretId needs identityId, the user-assigned identity that may read the secret");
  }
  if (rp.pfxConfigKey && !rp.pfxPasswordConfigKey) {
    p("reverseProxy.pfxPasswordConfigKey", "pfxConfigKey needs pfxPasswordConfigKey: Application Gateway takes a PFX only with its password");
  }
  if (rp.pfxConfigKey && rp.pfxPasswordConfigKey && rp.pfxConfigKey === rp.pfxPasswordConfigKey) {
    p("reverseProxy.pfxPasswordConfigKey", "the PFX and its password need two different config keys");
  }
  const dedicated = spec.lyncdiscover === "http" && web.lyncdiscoverHttpIpv4 !== undefined && web.lyncdiscoverHttpIpv4 !== web.publicIpv4;
  if (dedicated) {
    if (!rp.lyncdiscoverPublicIpAddressId) {
      p(
        "reverseProxy.lyncdiscoverPublicIpAddressId",
        `webServices.lyncdiscoverHttpIpv4 (${web.lyncdiscoverHttpIpv4}) is served by a second, HTTP-only gateway (a v2 gateway has one public IPv4 frontend): name the public IP resource that holds that address`,
      );
    } else if (rp.lyncdiscoverPublicIpAddressId.toLowerCase() === rp.publicIpAddressId.toLowerCase()) {
      p(
        "reverseProxy.lyncdiscoverPublicIpAddressId",
        "must be another public IP resource than publicIpAddressId: the HTTP-only address must offer no HTTPS",
      );
    }
    const second = lyncdiscoverGatewayName(rp);
    if (second.length > 80)
      p(
        "reverseProxy.lyncdiscoverGatewayName",
        `the HTTP-only gateway's name ${second} is ${second.length} characters long; Azure allows 80: set lyncdiscoverGatewayName`,
      );
    if (second.toLowerCase() === rp.gatewayName.toLowerCase()) p("reverseProxy.lyncdiscoverGatewayName", "must differ from gatewayName");
  }
  return problems;
}

function limitProblems(plan: Plan, gw: GatewayLayout): Problem[] {
  const problems: Problem[] = [];
  const a = gw.args;
  const where = `gateway ${gw.name}`;
  const perRoute = (items: ReadonlyArray<{ route: string }>) => {
    const counts = new Map<string, number>();
    for (const x of items) counts.set(x.route, (counts.get(x.route) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${r}: ${n}`).join(", ");
  };
  const fixes = () =>
    [
      plan.tenants.some((t) => t.meetStyle === "perDomain" || t.meetStyle === "perDomainBase")
        ? "use one shared meet host (simpleUrls.meet: sharedHost, S4 option 3)"
        : undefined,
      plan.lyncdiscover === "https" ? "publish lyncdiscover over HTTP (lyncdiscover: http, S5)" : undefined,
      gw.role === "main" && gw.routes.includes("http-lyncdiscover") && plan.lyncdiscover === "http"
        ? "give lyncdiscover its own address (webServices.lyncdiscoverHttpIpv4): its port-80 listeners move to a second gateway"
        : undefined,
      "split the SIP domains over two deployments, each with its own gateway",
    ]
      .filter(Boolean)
      .join(", or ");
  const over = (count: number, limit: number, what: string, detail = "", fix = "") => {
    if (count > limit) {
      problems.push({
        path: "reverseProxy",
        rule: "AGW-LIMIT",
        subject: gw.name,
        message: `${where} needs ${count} ${what}${detail ? ` (${detail})` : ""}; Application Gateway v2 allows ${limit} (docs/rules.md 5b, S41)${fix ? `: ${fix}` : ""}`,
      });
    }
  };
  over(gw.listeners.length, AGW_LIMITS.activeListeners, "active listeners", perRoute(gw.listeners), fixes());
  over(a.requestRoutingRules.length, AGW_LIMITS.rules, "request routing rules", "", fixes());
  over(a.sslCertificates.length, AGW_LIMITS.sslCertificates, "SSL certificates");
  over(a.backendAddressPools.length, AGW_LIMITS.backendPools, "backend pools");
  over(a.backendHttpSettingsCollection.length, AGW_LIMITS.backendSettings, "backend settings");
  over(a.frontendPorts.length, AGW_LIMITS.frontendPorts, "frontend ports");
  over(a.rewriteRuleSets.length, AGW_LIMITS.rewriteRuleSets, "rewrite rule sets");
  for (const l of a.httpListeners) {
    over(l.hostNames.length, AGW_LIMITS.hostNamesPerListener, `host names on listener ${l.name}`);
  }
  for (const m of a.urlPathMaps) {
    const n = m.pathRules.reduce((sum, r) => sum + r.paths.length, 0);
    over(n, AGW_LIMITS.pathRulesPerUrlMap, `path rules in URL path map ${m.name}`);
  }
  for (const l of gw.listeners.filter((x) => x.outOfBand)) {
    const band = priorityBand(l.route);
    problems.push({
      path: "reverseProxy",
      rule: "AGW-LIMIT",
      subject: gw.name,
      message: `${where}: listener ${l.name} (${l.hostNames.join(", ")}) sits ${l.prefix.length} hash levels deep; rule priorities (1..20000, S42) of route ${l.route} allow ${band.maxDepth}. Six or more host names share a ${band.maxDepth}-bit hash prefix: rename one of them (e.g. its meet host) or split the deployment`,
    });
  }
  const priorities = new Map<number, string>();
  for (const r of a.requestRoutingRules) {
    const seen = priorities.get(r.priority);
    if (seen || r.priority < 1 || r.priority > 20000) {
      problems.push({
        path: "reverseProxy",
        rule: "AGW-LIMIT",
        subject: gw.name,
        message: `${where}: rule ${r.name} has priority ${r.priority}${seen ? `, already used by ${seen}` : ""}; priorities are unique in 1..20000 (S42)`,
      });
    }
    priorities.set(r.priority, r.name);
  }
  return problems;
}

/** Azure DNS limits (S44): record sets per zone, records per record set. */
export const AZURE_DNS_LIMITS = { recordSetsPerZone: 10000, recordsPerRecordSet: 20 } as const;

/** AZ-DNS-LIMIT: the record sets of each Azure zone, and the records of each set, within Azure DNS's limits. */
export function azureDnsLimitProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const recordsOf = groupBy(plan.records, (r) => r.zone);
  spec.zones.forEach((z, i) => {
    if (z.provider !== "azure") return;
    const sets = new Map<string, number>();
    for (const r of recordsOf.get(z.name) ?? []) sets.set(`${r.name}|${r.type}`, (sets.get(`${r.name}|${r.type}`) ?? 0) + 1);
    if (sets.size > AZURE_DNS_LIMITS.recordSetsPerZone) {
      problems.push({
        path: `zones[${i}]`,
        subject: z.name,
        rule: "AZ-DNS-LIMIT",
        message: `needs ${sets.size} record sets; Azure DNS allows ${AZURE_DNS_LIMITS.recordSetsPerZone} per zone (S44)`,
      });
    }
    for (const [key, count] of sets) {
      if (count > AZURE_DNS_LIMITS.recordsPerRecordSet) {
        problems.push({
          path: `zones[${i}]`,
          subject: key.replace("|", " "),
          rule: "AZ-DNS-LIMIT",
          message: `needs ${count} records in one record set; Azure DNS allows ${AZURE_DNS_LIMITS.recordsPerRecordSet} (S44)`,
        });
      }
    }
  });
  return problems;
}

/** Azure's contribution to validateDeployment (validation/registry.ts). */
export const azureChecks: readonly PlanCheck[] = [azureDnsLimitProblems, azureGatewayProblems];
