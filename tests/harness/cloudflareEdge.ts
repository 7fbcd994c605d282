/**
 * What Cloudflare's edge does for proxied hosts, read from the captured cloudflare resources (provider v6 names):
 * proxied DnsRecords (host -> origin address, zoneId), Rulesets in phase http_request_firewall_custom (action
 * block) and http_request_origin (action route: origin.port, origin.host, hostHeader), and the SSL mode (a Ruleset in
 * phase http_config_settings with actionParameters.ssl, or a ZoneSetting `ssl`). Without one the lab assumes
 * "full": Cloudflare reaches the origin with the visitor's scheme (S50).
 */
import { plain, TYPES, ofType, type LabResource } from "./resources";
import { evaluate, type CfRequest } from "./cfExpression";
import { normalizeName } from "../../components/spec/names";

export interface CfDecision {
  /** Why the edge answers itself (blocked), or undefined when it goes to the origin. */
  readonly blockedBy?: string;
  readonly origin?: { readonly address: string; readonly port: number; readonly protocol: "http" | "https"; readonly hostHeader: string };
}

/** The action parameters the lab understands (SSL mode, origin override, host header). */
interface CfActionParameters {
  readonly ssl?: string;
  readonly origin?: { readonly host?: string; readonly port?: number };
  readonly hostHeader?: string;
}

/** A rule of a Ruleset's `rules` input (provider v6 names), the fields the lab reads. */
interface CfRuleInput {
  readonly expression: string;
  readonly action: string;
  readonly actionParameters?: CfActionParameters;
  readonly ref?: string;
  readonly description?: string;
  readonly enabled?: boolean;
}

interface CfRule {
  readonly expression: string;
  readonly action: string;
  readonly params: CfActionParameters;
  readonly source: string;
  readonly enabled: boolean;
}

export interface CloudflareEdge {
  /** Proxied host names -> origin address (the record's content). */
  readonly origins: ReadonlyMap<string, { address: string; zoneId: string }>;
  decide(req: CfRequest): CfDecision;
}

function rulesOf(resources: readonly LabResource[], zoneId: string, phase: string): CfRule[] {
  return ofType(resources, TYPES.cloudflareRuleset)
    .filter((r) => plain(r.inputs.zoneId) === zoneId && plain(r.inputs.phase) === phase)
    .flatMap((r) =>
      (plain<CfRuleInput[] | undefined>(r.inputs.rules) ?? []).map((x, n) => ({
        expression: String(x.expression),
        action: String(x.action),
        params: x.actionParameters ?? {},
        source: `${r.name} rule ${x.ref ?? x.description ?? n}`,
        enabled: x.enabled !== false,
      })),
    );
}

export function cloudflareEdge(resources: readonly LabResource[]): CloudflareEdge {
  const origins = new Map<string, { address: string; zoneId: string }>();
  for (const r of ofType(resources, TYPES.cloudflareRecord)) {
    const type = String(plain(r.inputs.type)).toUpperCase();
    if (plain(r.inputs.proxied) === true && type === "A") {
      origins.set(normalizeName(String(plain(r.inputs.name))), { address: String(plain(r.inputs.content)), zoneId: String(plain(r.inputs.zoneId)) });
    }
  }
  const sslSetting = (zoneId: string, req: CfRequest): string => {
    let mode = "full";
    const zs = ofType(resources, TYPES.cloudflareZoneSetting).find((r) => plain(r.inputs.zoneId) === zoneId && plain(r.inputs.settingId) === "ssl");
    if (zs) mode = String(plain(zs.inputs.value));
    for (const rule of rulesOf(resources, zoneId, "http_config_settings")) {
      if (rule.enabled && rule.params.ssl && evaluate(rule.expression, req)) mode = String(rule.params.ssl);
    }
    return mode;
  };
  return {
    origins,
    decide(req) {
      const o = origins.get(req.host.toLowerCase());
      if (!o) return { blockedBy: "host not proxied" };
      for (const rule of rulesOf(resources, o.zoneId, "http_request_firewall_custom")) {
        if (rule.enabled && rule.action === "block" && evaluate(rule.expression, req)) return { blockedBy: rule.source };
      }
      const mode = sslSetting(o.zoneId, req);
      const protocol = req.https && mode !== "flexible" ? "https" : "http";
      let port = protocol === "https" ? 443 : 80;
      let address = o.address;
      let hostHeader = req.host;
      // Origin rules: every matching rule applies, a later one overrides an earlier one (S48).
      for (const rule of rulesOf(resources, o.zoneId, "http_request_origin")) {
        if (!rule.enabled || rule.action !== "route" || !evaluate(rule.expression, req)) continue;
        if (rule.params.origin?.port) port = Number(rule.params.origin.port);
        if (rule.params.origin?.host) address = String(rule.params.origin.host);
        if (rule.params.hostHeader) hostHeader = String(rule.params.hostHeader);
      }
      return { origin: { address, port, protocol, hostHeader } };
    },
  };
}
