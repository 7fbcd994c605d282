/**
 * Generated deployments for the benchmark: N SIP domains of a hoster, each tenant in its own DNS zone (as hosters run
 * them), with mixed providers by tenant number i: 60 % Azure DNS, 30 % Cloudflare (Free), 10 % homed online
 * (R-DNS-11, zone on Azure). Tenant i is always the same domain, so `generateDeployment(n + 1)` is
 * `generateDeployment(n)` plus one tenant: the "add one tenant" scenario.
 *
 * Certificates stay within limits by sizing edge pools, not by raising a CA limit: every pool keeps the DigiCert
 * profile (250 names, docs/rules.md 5a / S40) and serves about TENANTS_PER_POOL on-premises tenants; rendezvous hashing
 * (components/model/rules/edgePools.ts) spreads them, and the tests check that no pool exceeds its limit.
 * Addresses are from the documentation ranges (RFC 5737).
 */
import { createHash } from "node:crypto";
import type { DeploymentInput } from "../components/model";

export type Provider = "azure" | "cloudflare";

/** The four publishing modes of the issue: lyncdiscover over http/https x meet per domain (S4 option 1) / shared host (option 3). */
export interface Mode {
  readonly lyncdiscover: "http" | "https";
  readonly meet: "perDomain" | "sharedHost";
}
export const DEFAULT_MODE: Mode = { lyncdiscover: "http", meet: "sharedHost" };
export const MODES: readonly Mode[] = [
  DEFAULT_MODE,
  { lyncdiscover: "http", meet: "perDomain" },
  { lyncdiscover: "https", meet: "sharedHost" },
  { lyncdiscover: "https", meet: "perDomain" },
];
export const modeName = (m: Mode) => `${m.lyncdiscover} lyncdiscover, meet ${m.meet}`;

export const INFRASTRUCTURE_DOMAIN = "hoster.example";
/** On-premises tenants per edge pool the generator aims at: 250 (DigiCert) minus 2 shared names, with room for hashing skew. */
export const TENANTS_PER_POOL = 200;

export interface TenantShape {
  readonly name: string;
  readonly provider: Provider;
  readonly home: "onPremises" | "online";
}

/** Tenant number i (0-based): its domain, its zone's provider and where it is homed. */
export function tenant(i: number): TenantShape {
  const slot = i % 10;
  return {
    name: `tenant${String(i).padStart(4, "0")}.example`,
    provider: slot >= 6 && slot <= 8 ? "cloudflare" : "azure",
    home: slot === 9 ? "online" : "onPremises",
  };
}

/** Edge pools for N tenants: enough that each serves about TENANTS_PER_POOL on-premises tenants. */
export function poolsFor(n: number): number {
  return Math.max(1, Math.ceil((n * 0.9) / TENANTS_PER_POOL));
}

/** A stable 32-hex-digit Cloudflare zone id for a zone name. */
function zoneId(name: string): string {
  return createHash("md5").update(name).digest("hex");
}

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const NETWORK = `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network`;
const AZURE_REVERSE_PROXY = {
  provider: "azure" as const,
  resourceGroup: "rg-rp",
  location: "westeurope",
  gatewayName: "agw-lync",
  subnetId: `${NETWORK}/virtualNetworks/vnet-lync/subnets/agw`,
  publicIpAddressId: `${NETWORK}/publicIPAddresses/pip-web`,
  lyncdiscoverPublicIpAddressId: `${NETWORK}/publicIPAddresses/pip-lyncdiscover`,
  keyVaultSecretId: "https://kv-lync.vault.azure.net/secrets/reverse-proxy",
  identityId: `${SUBSCRIPTION}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agw-lync`,
};

export interface GenerateOptions {
  readonly mode?: Mode;
  /**
   * external (default): someone else's reverse proxy, routes only reported; so 1,000 domains fit one stack.
   * azure: Application Gateway v2 pair (main + HTTP-only lyncdiscover gateway), whose listener limit (docs/rules.md 5b)
   * caps the domains of one stack.
   */
  readonly reverseProxy?: "external" | "azure";
  /** Default: poolsFor(n). Give the pool count of N when generating N + 1, so that only a tenant is added. */
  readonly pools?: number;
  /**
   * Spread the Azure zones over subscriptions, this many each in tenant order (Azure DNS: 250 public zones per
   * subscription by default, docs/rules.md 5c); default: every zone in the provider's own subscription.
   */
  readonly zonesPerSubscription?: number;
}

/** A stable subscription id for subscription number k. */
export function subscriptionId(k: number): string {
  return `00000000-0000-0000-0000-${String(k + 1).padStart(12, "0")}`;
}

export function generateDeployment(n: number, options: GenerateOptions = {}): DeploymentInput {
  const mode = options.mode ?? DEFAULT_MODE;
  const pools = options.pools ?? poolsFor(n);
  const p = INFRASTRUCTURE_DOMAIN;
  const tenants = Array.from({ length: n }, (_, i) => tenant(i));
  let azureZones = 0;
  const subscription = () => {
    const k = azureZones++;
    return options.zonesPerSubscription ? { subscriptionId: subscriptionId(Math.floor(k / options.zonesPerSubscription)) } : {};
  };
  return {
    product: "sfb2015",
    infrastructureDomain: p,
    zones: [
      { provider: "azure", name: p, resourceGroup: "rg-dns" },
      ...tenants.map((t) =>
        t.provider === "azure"
          ? { provider: "azure" as const, name: t.name, resourceGroup: "rg-dns", ...subscription() }
          : { provider: "cloudflare" as const, name: t.name, zoneId: zoneId(t.name), plan: "free" as const },
      ),
    ],
    edgePools: Array.from({ length: pools }, (_, k) => ({
      name: `edge${k + 1}`,
      accessEdge: { fqdn: `access${k + 1}.${p}`, ipv4: [`198.51.100.${10 + k}`] },
      webConferencing: { fqdn: `webcon${k + 1}.${p}`, ipv4: [`198.51.100.${60 + k}`] },
      audioVideo: { fqdn: `av${k + 1}.${p}`, ipv4: [`198.51.100.${110 + k}`] },
      certificate: { ca: { profile: "digicert" as const } },
    })),
    webServices: {
      externalFqdn: `webext.${p}`,
      publicIpv4: "203.0.113.10",
      lyncdiscoverHttpIpv4: "203.0.113.11",
      backend: { address: "10.0.1.10" },
    },
    reverseProxy: options.reverseProxy === "azure" ? AZURE_REVERSE_PROXY : { provider: "external" },
    simpleUrls: {
      meet: mode.meet,
      ...(mode.meet === "sharedHost" ? { sharedHost: `meet.${p}` } : {}),
      dialinUrl: `https://dialin.${p}`,
    },
    lyncdiscover: mode.lyncdiscover,
    certificates: {
      // ECDSA only to keep the mock's key generation (lab/tlsMocks.ts makes real keys) from adding RSA's
      // 50-500 ms random noise to both sides; the key type changes nothing else the bench measures.
      key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
      subject: { organization: "Hoster Ltd", country: "DE" },
      reverseProxy: { ca: { profile: "digicert" } },
    },
    sipDomains: tenants.map((t) => (t.home === "online" ? { name: t.name, home: "online" as const } : { name: t.name })),
  };
}
