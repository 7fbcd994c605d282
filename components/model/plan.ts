/**
 * The plan: everything the deployment needs, derived from a validated spec by pure functions (no Pulumi).
 * Every list is sorted and de-duplicated, so the plan is identical for any order of the input lists.
 */
import type { DeploymentSpec } from "./spec";
import { compareText } from "./names";
import { assignEdgePools } from "./rules/edgePools";
import { planRecords } from "./rules/dns";
import { planCertificates } from "./rules/certificates";
import { planRoutes } from "./rules/proxy";
import { planSimpleUrls } from "./rules/simpleUrls";
import { planWarnings } from "./rules/warnings";

export type RecordType = "A" | "AAAA" | "CNAME" | "SRV";

export interface PlanRecord {
  readonly zone: string;
  /** Owner FQDN, lower-case, no trailing dot. */
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  /** Canonical RDATA as in a zone file; names inside it end with a dot, e.g. `0 0 443 sip.contoso.com.` */
  readonly data: string;
  /** Rule id from lync-rules.md that demands this record. */
  readonly rule: string;
  /** The SIP domain (tenant) that owns the record; null for shared records (edge, web services, dial-in). */
  readonly sipDomain: string | null;
  /** Served through Cloudflare's proxy (only lyncdiscover, only in zones that ask for it). */
  readonly proxied: boolean;
}

export interface PlanCertificate {
  /** `edge-<pool>` or `reverse-proxy`. */
  readonly id: string;
  readonly kind: "edgeExternal" | "reverseProxy";
  readonly edgePool: string | null;
  readonly subject: { readonly commonName: string } & DeploymentSpec["certificates"]["subject"];
  /** Sorted, de-duplicated; includes the common name (TLS ignores the CN when SANs exist, S21). */
  readonly dnsNames: readonly string[];
  readonly caProfile: string;
  readonly limit: number;
  /** Key settings: a change here (e.g. rotation) means a new key, not only a new request. */
  readonly key: { readonly algorithm: "RSA" | "ECDSA"; readonly size: string; readonly rotation: string };
  /** Which tenant put each name on the certificate (null: shared). */
  readonly nameOwners: Readonly<Record<string, string | null>>;
}

export interface PlanRoute {
  readonly id: "https-web" | "https-office-online" | "http-lyncdiscover";
  readonly rule: string;
  readonly listener: {
    readonly protocol: "http" | "https";
    readonly port: number;
    /** Public addresses the listener answers on. */
    readonly addresses: readonly string[];
    readonly hostNames: readonly string[];
    /** Certificate id served on the listener (https only). */
    readonly certificate: string | null;
  };
  readonly backend: {
    readonly protocol: "http" | "https";
    readonly address: string;
    readonly port: number;
    /** The original Host header is forwarded unchanged (S31, S32). */
    readonly hostHeader: "original";
    readonly requestTimeoutSeconds: number;
    /** SNI / expected name of the backend certificate, when it differs from the Host header (lync-rules 5b). */
    readonly sniName: string | null;
  };
  /** `all`: every path; otherwise only these paths (any query string, case-insensitive) reach the backend. */
  readonly paths: { readonly allow: "all" } | { readonly allow: readonly string[]; readonly otherwise: "refuse" };
}

export interface PlanTenant {
  readonly name: string;
  readonly zone: string;
  readonly zoneProvider: "azure" | "cloudflare" | "external";
  readonly home: "onPremises" | "online";
  readonly edgePool: string | null;
  readonly federation: boolean;
  readonly xmpp: boolean;
  readonly meetUrl: string | null;
  /** Owner names of the tenant's records. */
  readonly fqdns: readonly string[];
  /** Certificate id -> the names this tenant puts on it. */
  readonly certificateNames: Readonly<Record<string, readonly string[]>>;
}

export interface PlanSimpleUrl {
  readonly kind: "meet" | "dialin" | "admin";
  readonly url: string;
  readonly sipDomain: string | null;
  /** The admin URL is internal only and never published (row 10). */
  readonly published: boolean;
}

export interface PlanWarning {
  readonly rule: string;
  readonly subject?: string;
  readonly message: string;
}

export interface PlanZone {
  readonly name: string;
  readonly provider: "azure" | "cloudflare" | "external";
}

export interface Plan {
  readonly infrastructureDomain: string;
  readonly product: DeploymentSpec["product"];
  readonly lyncdiscover: DeploymentSpec["lyncdiscover"];
  readonly meetStyle: DeploymentSpec["simpleUrls"]["meet"];
  readonly zones: readonly PlanZone[];
  readonly tenants: readonly PlanTenant[];
  readonly records: readonly PlanRecord[];
  readonly certificates: readonly PlanCertificate[];
  readonly routes: readonly PlanRoute[];
  readonly simpleUrls: readonly PlanSimpleUrl[];
  readonly warnings: readonly PlanWarning[];
}

export function compareRecords(a: PlanRecord, b: PlanRecord): number {
  return (
    compareText(a.zone, b.zone) || compareText(a.name, b.name) || compareText(a.type, b.type) || compareText(a.data, b.data)
  );
}

/**
 * spec -> plan. Call only with a spec from validateDeployment(): it relies on resolved zones and edge pools and
 * on the absence of conflicts that validation reports.
 */
export function buildPlan(spec: DeploymentSpec): Plan {
  const pools = assignEdgePools(spec);
  const simpleUrls = planSimpleUrls(spec);
  const records = planRecords(spec, pools).merged;
  const certificates = planCertificates(spec, pools);
  const routes = planRoutes(spec);
  const zoneProvider = new Map(spec.zones.map((z) => [z.name, z.provider]));

  const tenants: PlanTenant[] = [...spec.sipDomains]
    .sort((a, b) => compareText(a.name, b.name))
    .map((d) => {
      const certificateNames: Record<string, string[]> = {};
      for (const c of certificates) {
        const names = c.dnsNames.filter((n) => c.nameOwners[n] === d.name);
        if (names.length > 0) certificateNames[c.id] = names;
      }
      return {
        name: d.name,
        zone: d.zone,
        zoneProvider: zoneProvider.get(d.zone)!,
        home: d.home,
        edgePool: d.home === "onPremises" ? pools.get(d.name)! : null,
        federation: d.federation,
        xmpp: d.xmpp,
        meetUrl: simpleUrls.find((u) => u.kind === "meet" && u.sipDomain === d.name)?.url ?? null,
        fqdns: [...new Set(records.filter((r) => r.sipDomain === d.name).map((r) => r.name))].sort(compareText),
        certificateNames,
      };
    });

  const plan = {
    infrastructureDomain: spec.infrastructureDomain,
    product: spec.product,
    lyncdiscover: spec.lyncdiscover,
    meetStyle: spec.simpleUrls.meet,
    zones: spec.zones.map((z) => ({ name: z.name, provider: z.provider })).sort((a, b) => compareText(a.name, b.name)),
    tenants,
    records,
    certificates,
    routes,
    simpleUrls,
    warnings: [] as PlanWarning[],
  };
  return { ...plan, warnings: planWarnings(spec, plan) };
}
