/**
 * lyncdiscover through Cloudflare's edge (issue 4, docs/rules.md 5d): the zone rulesets, derived from the plan. Pure.
 *
 * A proxied `lyncdiscover.<d>` is answered over HTTPS by Universal SSL (S50b) and over HTTP by the edge; both reach
 * the reverse proxy's HTTP-only listener of the `http-lyncdiscover` route (S5). Per zone with proxied hosts:
 * - http_config_settings (configuration rule): SSL mode **Flexible** for those hosts only. Full would open TLS to
 *   the origin for HTTPS visitors ("the scheme requested by the visitor", S50), and the listener speaks no TLS.
 *   Flexible means the edge -> origin leg is plain HTTP: acceptable only because the autodiscover root carries no
 *   credentials, and the firewall rule below lets nothing else through. The zone's own SSL mode is left alone.
 * - http_request_origin (origin rule, action `route`): destination port = the listener's port (all plans, S48).
 * - http_request_firewall_custom (custom rule): block every path but the autodiscover root on those hosts (S5, S35).
 * Always Use HTTPS is zone-wide and configuration rules cannot turn it off per host (S49): with it on, the edge
 * answers http://lyncdiscover.<d> with a redirect to https before any of these rules; HTTPS discovery still works,
 * HTTP discovery does not. validation warns (rule S49); the fix is to turn it off and use Single Redirects elsewhere.
 *
 * One ruleset per zone and phase (a zone has one entry-point ruleset per phase), one rule per ruleset covering
 * every proxied host of the zone: adding a tenant changes the rule's host list in place and uses no more quota.
 */
import type { Plan, PlanRoute } from "../plan/types";
import { sortedUnique } from "../spec/names";
import { stringSet } from "./expression";

export const PHASES = {
  config: "http_config_settings",
  origin: "http_request_origin",
  firewall: "http_request_firewall_custom",
} as const;
export type Phase = (typeof PHASES)[keyof typeof PHASES];
export type CloudflarePlan = "free" | "pro" | "business" | "enterprise";

/** Rules per zone entry-point ruleset: Origin and Configuration Rules 10/25/50/300 (S48, S49), WAF custom rules 5/20/100/1,000. */
export const RULE_LIMITS: Readonly<Record<Phase, Readonly<Record<CloudflarePlan, number>>>> = {
  http_config_settings: { free: 10, pro: 25, business: 50, enterprise: 300 },
  http_request_origin: { free: 10, pro: 25, business: 50, enterprise: 300 },
  http_request_firewall_custom: { free: 5, pro: 20, business: 100, enterprise: 1000 },
};

export interface EdgeRule {
  /** Stable rule id within the ruleset, so Cloudflare keeps the rule's identity across updates. */
  readonly ref: string;
  readonly description: string;
  readonly action: "set_config" | "route" | "block";
  readonly expression: string;
  readonly actionParameters?: { readonly ssl: "flexible" } | { readonly origin: { readonly port: number } };
}

export interface EdgeRuleset {
  readonly zone: string;
  readonly phase: Phase;
  readonly name: string;
  readonly description: string;
  /** SIP domains whose lyncdiscover the rules serve. */
  readonly sipDomains: readonly string[];
  readonly rules: readonly EdgeRule[];
}

/** Zone -> its proxied host names, sorted (the plan proxies only lyncdiscover.<d> of on-premises tenants). */
export function proxiedHosts(plan: Pick<Plan, "records">): Map<string, { hosts: string[]; sipDomains: string[] }> {
  const byZone = new Map<string, { hosts: string[]; sipDomains: string[] }>();
  for (const r of plan.records.filter((x) => x.proxied)) {
    const entry = byZone.get(r.zone) ?? { hosts: [], sipDomains: [] };
    entry.hosts.push(r.name);
    if (r.sipDomain) entry.sipDomains.push(r.sipDomain);
    byZone.set(r.zone, entry);
  }
  for (const e of byZone.values()) {
    e.hosts = sortedUnique(e.hosts);
    e.sipDomains = sortedUnique(e.sipDomains);
  }
  return byZone;
}

const hostMatch = (hosts: readonly string[]) => `(http.host in ${stringSet(hosts)})`;

function zoneRulesets(zone: string, hosts: string[], sipDomains: string[], route: PlanRoute): EdgeRuleset[] {
  const match = hostMatch(hosts);
  const port = route.listener.port;
  const allowed = route.paths.allow === "all" ? null : route.paths.allow;
  const ruleset = (phase: Phase, name: string, rule: EdgeRule): EdgeRuleset => ({
    zone,
    phase,
    name,
    description: `Lync: proxied lyncdiscover of ${sipDomains.join(", ")} (managed by Pulumi)`,
    sipDomains,
    rules: [rule],
  });
  const out = [
    ruleset(PHASES.config, "Lync lyncdiscover configuration rules", {
      ref: "lync_lyncdiscover_ssl_flexible",
      description: "lyncdiscover: the origin listens on HTTP only, so SSL Flexible for these hosts (S49, S50)",
      action: "set_config",
      expression: match,
      actionParameters: { ssl: "flexible" },
    }),
    ruleset(PHASES.origin, "Lync lyncdiscover origin rules", {
      ref: "lync_lyncdiscover_origin",
      description: `lyncdiscover: to the reverse proxy's HTTP listener, port ${port} (S5, S48)`,
      action: "route",
      expression: match,
      actionParameters: { origin: { port } },
    }),
  ];
  if (allowed) {
    // lower(): Lync clients send /Autodiscover/AutodiscoverService.svc/root; the route matches paths case-insensitively.
    out.push(
      ruleset(PHASES.firewall, "Lync lyncdiscover custom rules", {
        ref: "lync_lyncdiscover_paths",
        description: "lyncdiscover: only the autodiscover root is served over the proxied hosts (S5, S35)",
        action: "block",
        expression: `${match} and not (lower(http.request.uri.path) in ${stringSet(allowed)})`,
      }),
    );
  }
  return out;
}

/** Every ruleset the stack owns, sorted by zone then phase. Throws when proxied hosts have no HTTP route (a plan bug). */
export function edgeRulesets(plan: Pick<Plan, "records" | "routes">): EdgeRuleset[] {
  const zones = proxiedHosts(plan);
  if (zones.size === 0) return [];
  const route = plan.routes.find((r) => r.id === "http-lyncdiscover");
  if (!route) throw new Error("proxied lyncdiscover records but no http-lyncdiscover route in the plan");
  return [...zones.keys()].sort().flatMap((zone) => {
    const { hosts, sipDomains } = zones.get(zone)!;
    return zoneRulesets(zone, hosts, sipDomains, route);
  });
}
