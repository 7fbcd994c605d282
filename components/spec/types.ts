/**
 * The deployment spec's TypeScript types, written out as plain object types: what a user writes (`DeploymentInput`) and
 * the spec after the shape check (`RawDeployment`, defaults filled in). The public declarations (dist/*.d.ts) reach
 * these and never the validator, so a consumer's compile never loads zod's typings (a strict consumer without
 * esModuleInterop or skipLibCheck would fail on them). schema.ts holds the zod schema and checks at compile time that
 * it parses exactly `DeploymentInput` into exactly `RawDeployment`: the two cannot drift apart.
 *
 * Object types rather than interfaces: they stay assignable to Record<string, unknown>, as zod's inferred types
 * were. Field documentation lives on the zod schema (schema.ts) and in the README "Configuration"; optional fields are
 * written `?: T | undefined` in the input types (a user may pass undefined under `exactOptionalPropertyTypes`)
 * and `?: T` in the validated ones, so that a validated spec is a LyncDeployment `deployment` (DeploymentConfig, whose
 * optional enum fields the schema analyser wants plain) under that setting too. Without it, the two spellings are one
 * type to the check in schema.ts.
 */

/** Public CA profiles and their name limits (docs/rules.md 5a: the sources disagree, so a profile can be overridden). */
export const CA_NAME_LIMITS = { letsencrypt: 100, digicert: 250 } as const;

/** The three meet URL styles of S4: meet.<d> (option 1), <baseLabel>.<d>/meet (option 2), <sharedHost>/<d>/meet (option 3). */
export const MEET_STYLES = ["perDomain", "perDomainBase", "sharedHost"] as const;
export type MeetStyleName = (typeof MEET_STYLES)[number];

type ProductName = "lync2013" | "sfb2015" | "sfb2019";
type CaProfileName = "letsencrypt" | "digicert" | "custom";
type CloudflarePlanName = "free" | "pro" | "business" | "enterprise";

// ---- after the shape check (defaults filled in) ----

export type CaProfileSpec = {
  profile: CaProfileName;
  limit?: number;
  clientAuth?: boolean;
};

export type ServiceSpec = {
  fqdn: string;
  ipv4: string[];
  ipv6: string[];
};

export type EdgePoolSpec = {
  name: string;
  accessEdge: ServiceSpec;
  webConferencing: ServiceSpec;
  audioVideo: ServiceSpec;
  certificate: { ca: CaProfileSpec; includeAudioVideoName?: boolean };
};

export type AzureZoneSpec = {
  provider: "azure";
  name: string;
  resourceGroup: string;
  subscriptionId?: string;
  create: boolean;
};

export type CloudflareZoneSpec = {
  provider: "cloudflare";
  name: string;
  zoneId?: string;
  accountId?: string;
  create: boolean;
  plan: CloudflarePlanName;
  proxyLyncdiscover: boolean;
  alwaysUseHttps: boolean;
};

export type ExternalZoneSpec = {
  provider: "external";
  name: string;
};

export type ZoneSpec = AzureZoneSpec | CloudflareZoneSpec | ExternalZoneSpec;

export type WebBackendSpec = {
  address: string;
  httpPort: number;
  httpsPort: number;
};

export type WebServicesSpec = {
  externalFqdn: string;
  publicIpv4: string;
  publicIpv6?: string;
  lyncdiscoverHttpIpv4?: string;
  backend: WebBackendSpec;
  additionalPools: Array<{ name: string; externalFqdn: string; backend: WebBackendSpec }>;
  officeOnlineServer?: { fqdn: string; backendAddress: string };
  requestTimeoutSeconds: number;
};

export type SimpleUrlsSpec = {
  meet: MeetStyleName;
  sharedHost?: string;
  baseLabel?: string;
  dialinUrl: string;
  adminUrl?: string;
};

export type SipDomainSpec = {
  name: string;
  zone?: string;
  edgePool?: string;
  edgeHost?: string;
  home: "onPremises" | "online";
  federation: boolean;
  xmpp: boolean;
  meet?: MeetStyleName;
  sharedSipAddressSpace: boolean;
  publishBeforeCertificate: boolean;
};

export type AzureReverseProxySpec = {
  provider: "azure";
  resourceGroup: string;
  location: string;
  gatewayName: string;
  subnetId: string;
  publicIpAddressId: string;
  lyncdiscoverPublicIpAddressId?: string;
  lyncdiscoverGatewayName?: string;
  lyncdiscoverCapacity: number;
  keyVaultSecretId?: string;
  identityId?: string;
  pfxConfigKey?: string;
  pfxPasswordConfigKey?: string;
  useIssuedCertificate: boolean;
  trustedRootCertificate?: string;
  capacity: number;
};

export type ReverseProxySpec = AzureReverseProxySpec | { provider: "external" };

export type FrontEndCertificateSpec = {
  pool: string;
  poolFqdn: string;
  servers: string[];
  internalWebFqdn?: string;
  ca: CaProfileSpec;
};

export type CertificatesSpec = {
  key: { algorithm: "RSA" | "ECDSA"; rsaBits: 2048 | 3072 | 4096; ecdsaCurve: "P256" | "P384"; rotation: string };
  subject: {
    organization?: string;
    organizationalUnit?: string;
    locality?: string;
    province?: string;
    country?: string;
  };
  reverseProxy: { ca: CaProfileSpec; wildcard: boolean };
  frontEnd?: FrontEndCertificateSpec;
  testCa: boolean;
  inService?: Record<string, string[]>;
};

export type InternalDnsProviderSpec = { provider: "azurePrivate"; resourceGroup: string; virtualNetworkIds: string[] } | { provider: "external" };

export type InternalDnsSpec = {
  frontEnd: { ipv4: string[] };
  internalWeb: { fqdn: string; ipv4: string[] };
  zones: "pinPoint" | "splitBrain";
  provider: InternalDnsProviderSpec;
};

/** The spec after the shape check: defaults filled in, names not yet normalised. */
export type RawDeployment = {
  product: ProductName;
  infrastructureDomain: string;
  dns: { ttl: number; srvPriority: number; srvWeight: number };
  zones: ZoneSpec[];
  edgePools: EdgePoolSpec[];
  federationRoute?: string;
  webServices: WebServicesSpec;
  reverseProxy: ReverseProxySpec;
  simpleUrls: SimpleUrlsSpec;
  lyncdiscover: "http" | "https";
  certificates: CertificatesSpec;
  sipDomains: SipDomainSpec[];
  internalDns?: InternalDnsSpec;
  lifecycle: { protect: boolean };
};

/**
 * The validated, normalised spec: every name lower-case without trailing dot, every SIP domain with its
 * zone and edge pool resolved. Only validateDeployment() produces it.
 */
export type DeploymentSpec = Omit<RawDeployment, "sipDomains"> & {
  readonly sipDomains: Array<SipDomainSpec & { zone: string; edgeHost: string }>;
  readonly __validated: true;
};

// ---- what the user writes (a field with a default may be left out) ----

export type CaProfileInput = {
  profile?: CaProfileName | undefined;
  limit?: number | undefined;
  clientAuth?: boolean | undefined;
};

export type ServiceInput = {
  fqdn: string;
  ipv4: string[];
  ipv6?: string[] | undefined;
};

export type EdgePoolInput = {
  name: string;
  accessEdge: ServiceInput;
  webConferencing: ServiceInput;
  audioVideo: ServiceInput;
  certificate?: { ca?: CaProfileInput | undefined; includeAudioVideoName?: boolean | undefined } | undefined;
};

export type ZoneInput =
  | { provider: "azure"; name: string; resourceGroup: string; subscriptionId?: string | undefined; create?: boolean | undefined }
  | {
      provider: "cloudflare";
      name: string;
      zoneId?: string | undefined;
      accountId?: string | undefined;
      create?: boolean | undefined;
      plan?: CloudflarePlanName | undefined;
      proxyLyncdiscover?: boolean | undefined;
      alwaysUseHttps?: boolean | undefined;
    }
  | ExternalZoneSpec;

export type WebBackendInput = {
  address: string;
  httpPort?: number | undefined;
  httpsPort?: number | undefined;
};

export type WebServicesInput = {
  externalFqdn: string;
  publicIpv4: string;
  publicIpv6?: string | undefined;
  lyncdiscoverHttpIpv4?: string | undefined;
  backend: WebBackendInput;
  additionalPools?: Array<{ name: string; externalFqdn: string; backend: WebBackendInput }> | undefined;
  officeOnlineServer?: { fqdn: string; backendAddress: string } | undefined;
  requestTimeoutSeconds?: number | undefined;
};

export type SimpleUrlsInput = {
  meet?: MeetStyleName | undefined;
  sharedHost?: string | undefined;
  baseLabel?: string | undefined;
  dialinUrl: string;
  adminUrl?: string | undefined;
};

export type SipDomainInput = {
  name: string;
  zone?: string | undefined;
  edgePool?: string | undefined;
  edgeHost?: string | undefined;
  home?: "onPremises" | "online" | undefined;
  federation?: boolean | undefined;
  xmpp?: boolean | undefined;
  meet?: MeetStyleName | undefined;
  sharedSipAddressSpace?: boolean | undefined;
  publishBeforeCertificate?: boolean | undefined;
};

export type AzureReverseProxyInput = {
  provider: "azure";
  resourceGroup: string;
  location: string;
  gatewayName: string;
  subnetId: string;
  publicIpAddressId: string;
  lyncdiscoverPublicIpAddressId?: string | undefined;
  lyncdiscoverGatewayName?: string | undefined;
  lyncdiscoverCapacity?: number | undefined;
  keyVaultSecretId?: string | undefined;
  identityId?: string | undefined;
  pfxConfigKey?: string | undefined;
  pfxPasswordConfigKey?: string | undefined;
  useIssuedCertificate?: boolean | undefined;
  trustedRootCertificate?: string | undefined;
  capacity?: number | undefined;
};

export type CertificatesInput = {
  key?:
    | {
        algorithm?: "RSA" | "ECDSA" | undefined;
        rsaBits?: 2048 | 3072 | 4096 | undefined;
        ecdsaCurve?: "P256" | "P384" | undefined;
        /** YAML numbers are accepted and read as text. */
        rotation?: string | number | undefined;
      }
    | undefined;
  subject?:
    | {
        organization?: string | undefined;
        organizationalUnit?: string | undefined;
        locality?: string | undefined;
        province?: string | undefined;
        country?: string | undefined;
      }
    | undefined;
  reverseProxy?: { ca?: CaProfileInput | undefined; wildcard?: boolean | undefined } | undefined;
  frontEnd?:
    | {
        pool: string;
        poolFqdn: string;
        servers?: string[] | undefined;
        internalWebFqdn?: string | undefined;
        ca?: CaProfileInput | undefined;
      }
    | undefined;
  testCa?: boolean | undefined;
  inService?: Record<string, string[]> | undefined;
};

export type InternalDnsInput = {
  frontEnd: { ipv4: string[] };
  internalWeb: { fqdn: string; ipv4: string[] };
  zones?: "pinPoint" | "splitBrain" | undefined;
  provider?: InternalDnsProviderSpec | undefined;
};

/** What the user writes: the stack config `lync:deployment` or a deployment file (README "Configuration"). */
export type DeploymentInput = {
  product?: ProductName | undefined;
  infrastructureDomain: string;
  dns?: { ttl?: number | undefined; srvPriority?: number | undefined; srvWeight?: number | undefined } | undefined;
  zones: ZoneInput[];
  edgePools: EdgePoolInput[];
  federationRoute?: string | undefined;
  webServices: WebServicesInput;
  reverseProxy?: AzureReverseProxyInput | { provider: "external" } | undefined;
  simpleUrls: SimpleUrlsInput;
  lyncdiscover?: "http" | "https" | undefined;
  certificates?: CertificatesInput | undefined;
  sipDomains: SipDomainInput[];
  internalDns?: InternalDnsInput | undefined;
  lifecycle?: { protect?: boolean | undefined } | undefined;
};
