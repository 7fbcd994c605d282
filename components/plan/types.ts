/**
 * The plan's data types: everything the deployment needs, as buildPlan (build.ts) derives it from a validated spec.
 * Every list is sorted and de-duplicated, so the plan is identical for any order of the input lists. The rules
 * (rules/*) import these types and build.ts imports the rules: no cycle between them.
 */
import type { DeploymentSpec } from "../spec/types";
import { compareText } from "../spec/names";

export type RecordType = "A" | "AAAA" | "CNAME" | "SRV";

export interface PlanRecord {
  readonly zone: string;
  /** Owner FQDN, lower-case, no trailing dot. */
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  /** Canonical RDATA as in a zone file; names inside it end with a dot, e.g. `0 0 443 sip.contoso.com.` */
  readonly data: string;
  /** Rule id from docs/rules.md that demands this record. */
  readonly rule: string;
  /** The SIP domain (tenant) that owns the record; null for shared records (edge, web services, dial-in). */
  readonly sipDomain: string | null;
  /** Served through Cloudflare's proxy (only lyncdiscover, only in zones that ask for it). */
  readonly proxied: boolean;
  /** SRV records: the RDATA's fields (target without the trailing dot), so that no adapter parses `data`. */
  readonly srv?: SrvFields;
}

export interface SrvFields {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  /** Host name, lower-case, no trailing dot. */
  readonly target: string;
}

/**
 * The certificates the plan asks for: one per edge pool (external edge) and one for the reverse proxy (public CA), and
 * the Front End pool's when certificates.frontEnd declares it (internal CA).
 */
export const CertificateKind = { EdgeExternal: "edgeExternal", ReverseProxy: "reverseProxy", FrontEnd: "frontEnd" } as const;
export type CertificateKind = (typeof CertificateKind)[keyof typeof CertificateKind];

export interface PlanCertificate {
  /** `edge-<pool>`, `reverse-proxy` or `front-end-<pool>`. */
  readonly id: string;
  readonly kind: CertificateKind;
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
  /** What the CA must issue (docs/rules.md CERT-EKU). */
  readonly issuance: CertificateIssuance;
}

export type ExtendedKeyUsage = "serverAuth" | "clientAuth";

export interface CertificateIssuance {
  /**
   * serverAuth on every server certificate (S8, required); clientAuth too on an edge that federates, which presents
   * this certificate as the client of mutual TLS to partners' edges and to Microsoft 365: a precaution, since Microsoft
   * requires it only for public IM with AOL (S19, S55; docs/rules.md CERT-EKU).
   */
  readonly extendedKeyUsages: readonly ExtendedKeyUsage[];
  /** S8: every server certificate carries a CRL distribution point. */
  readonly crlDistributionPoint: true;
  /** One key on every server of the pool (S1, S23) or every gateway instance: the stack's key, exported as a PFX. */
  readonly exportableKey: true;
  /** Whether the CA profile issues every usage above (a CERT-EKU warning says what to do when not). */
  readonly caIssuesAll: boolean;
}

export interface PlanRoute {
  /** `https-pool-<name>`: the external web services of webServices.additionalPools[name]. */
  readonly id: "https-web" | "https-office-online" | "http-lyncdiscover" | `https-pool-${string}`;
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
    /** SNI / expected name of the backend certificate, when it differs from the Host header (docs/rules.md 5b). */
    readonly sniName: string | null;
  };
  /**
   * `all`: every path, except `deny` (each path and everything below it, in any letter case: the internal-only admin
   * URL on a published host, S4 option 3); otherwise only these paths (any query string, case-insensitive).
   */
  readonly paths: { readonly allow: "all"; readonly deny?: readonly string[] } | { readonly allow: readonly string[]; readonly otherwise: "refuse" };
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
  /** The tenant's meet style (S4 options 1-3): its own or the deployment's; null when homed online. */
  readonly meetStyle: DeploymentSpec["simpleUrls"]["meet"] | null;
  /** Hybrid split domain: users on our pools and on Microsoft's share the SIP domain (R-DNS-11). */
  readonly sharedSipAddressSpace: boolean;
  /**
   * S17: HTTP discovery sends this tenant's desktop clients to the external web services outside its own domain, so
   * they may ask whether to trust that server unless the domain is pre-trusted (TrustModelData).
   */
  readonly trustPrompt: boolean;
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

/** One line: `[rule] subject: message` (stack outputs, reviews, the CLI's gate). */
export function formatWarning(w: PlanWarning, subject: (s: string) => string = (s) => s): string {
  return `[${w.rule}]${w.subject ? ` ${subject(w.subject)}:` : ""} ${w.message}`;
}

export interface PlanZone {
  readonly name: string;
  readonly provider: "azure" | "cloudflare" | "external";
}

/** The internal view (plan/rules/internalDns.ts): its own zones and records, never merged with the external ones. */
export interface InternalDnsPlan {
  readonly provider: "azurePrivate" | "external";
  readonly zoneStyle: "pinPoint" | "splitBrain";
  /** Sorted, one per zone that holds a record. */
  readonly zones: readonly string[];
  readonly records: readonly PlanRecord[];
}

export interface Plan {
  readonly infrastructureDomain: string;
  readonly product: DeploymentSpec["product"];
  readonly lyncdiscover: DeploymentSpec["lyncdiscover"];
  /** The edge pool that carries all federation (FED-ROUTE); null: each pool federates for its own SIP domains. */
  readonly federationRoute: string | null;
  readonly meetStyle: DeploymentSpec["simpleUrls"]["meet"];
  readonly zones: readonly PlanZone[];
  readonly tenants: readonly PlanTenant[];
  readonly records: readonly PlanRecord[];
  readonly certificates: readonly PlanCertificate[];
  readonly routes: readonly PlanRoute[];
  readonly simpleUrls: readonly PlanSimpleUrl[];
  /** The internal web services FQDN where the spec names it (certificates.frontEnd, internalDns): the manual internal Autodiscover URL. */
  readonly internalWebFqdn: string | null;
  /** Internal DNS, when the spec asks for it. */
  readonly internal: InternalDnsPlan | null;
  readonly warnings: readonly PlanWarning[];
  /** ONBOARD-ORDER (plan/onboarding.ts): what the certificates in service carry, and the tenants held back. */
  readonly onboarding: PlanOnboarding;
}

/** The plan as the rule families derive it, before plan/onboarding.ts holds back what no certificate in service carries. */
export type UngatedPlan = Omit<Plan, "onboarding">;

/** Where the names of a certificate in service are known from (docs/rules.md ONBOARD-ORDER). */
export type InServiceSource = "issued" | "declared" | "testCa";

export interface InServiceCertificate {
  readonly source: InServiceSource;
  /** The names it carries; null: every name of the current request (the stack's test CA signs each request at once). */
  readonly names: readonly string[] | null;
}

export interface WaitingTenant {
  readonly sipDomain: string;
  /** pending: its records are held back; early: published anyway (sipDomains[].publishBeforeCertificate). */
  readonly state: "pending" | "early";
  /** Certificate id -> the tenant's names that the certificate in service lacks (sorted). */
  readonly missing: Readonly<Record<string, readonly string[]>>;
  /** Owner names of the records held back (pending) or published without their certificate (early), sorted. */
  readonly records: readonly string[];
}

export interface PlanOnboarding {
  /** Certificate id -> what the certificate in service carries; an id that is absent is not known (not gated). */
  readonly inService: Readonly<Record<string, InServiceCertificate>>;
  /** Tenants whose names a certificate in service lacks, by name. */
  readonly waiting: readonly WaitingTenant[];
}

/** An SRV record's fields; throws for a record of another type (a bug in the caller, not in the input). */
export function srvOf(r: Pick<PlanRecord, "name" | "type" | "srv">): SrvFields {
  if (r.srv === undefined) throw new Error(`${r.name} ${r.type}: not an SRV record`);
  return r.srv;
}

export function compareRecords(a: PlanRecord, b: PlanRecord): number {
  return compareText(a.zone, b.zone) || compareText(a.name, b.name) || compareText(a.type, b.type) || compareText(a.data, b.data);
}

/** Groups items by a key, keeping their order: one pass instead of a filter per key. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
