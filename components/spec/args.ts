/**
 * The deployment as component input: the same fields as the YAML spec (schema.ts, README "Configuration"), written as
 * plain interfaces so that they form a Pulumi package schema for other languages (`pulumi package add`). A schema
 * has no object unions, so the zone and reverse-proxy entries are one object each with a `provider` enum and the
 * fields of every provider optional; validateDeployment (run by LyncDeployment) refuses a field of another provider
 * and reports every problem at once. tests/model/args.test.ts keeps these interfaces and the schema in step.
 *
 * Values that commonly come from other resources (public addresses, zone ids, resource groups, the backend) are
 * `pulumi.Input`s: LyncDeployment plans with stand-ins and validates the real values once known (deployment/inputs.ts).
 */
import type * as pulumi from "@pulumi/pulumi";

/*
 * Enumerations as `as const` objects: a package schema needs a named type for each enum (an inline literal union has
 * none), and TypeScript programs can use the values by name (Product.Sfb2015) or as plain strings.
 */
export const Product = { Lync2013: "lync2013", Sfb2015: "sfb2015", Sfb2019: "sfb2019" } as const;
export type Product = (typeof Product)[keyof typeof Product];
export const CaProfile = { LetsEncrypt: "letsencrypt", DigiCert: "digicert", Custom: "custom" } as const;
export type CaProfile = (typeof CaProfile)[keyof typeof CaProfile];
export const ZoneProvider = { Azure: "azure", Cloudflare: "cloudflare", External: "external" } as const;
export type ZoneProvider = (typeof ZoneProvider)[keyof typeof ZoneProvider];
export const CloudflarePlan = { Free: "free", Pro: "pro", Business: "business", Enterprise: "enterprise" } as const;
export type CloudflarePlan = (typeof CloudflarePlan)[keyof typeof CloudflarePlan];
export const ReverseProxyProvider = { Azure: "azure", External: "external" } as const;
export type ReverseProxyProvider = (typeof ReverseProxyProvider)[keyof typeof ReverseProxyProvider];
export const MeetStyle = { PerDomain: "perDomain", PerDomainBase: "perDomainBase", SharedHost: "sharedHost" } as const;
export type MeetStyle = (typeof MeetStyle)[keyof typeof MeetStyle];
export const KeyAlgorithm = { Rsa: "RSA", Ecdsa: "ECDSA" } as const;
export type KeyAlgorithm = (typeof KeyAlgorithm)[keyof typeof KeyAlgorithm];
export const RsaBits = { Rsa2048: 2048, Rsa3072: 3072, Rsa4096: 4096 } as const;
export type RsaBits = (typeof RsaBits)[keyof typeof RsaBits];
export const EcdsaCurve = { P256: "P256", P384: "P384" } as const;
export type EcdsaCurve = (typeof EcdsaCurve)[keyof typeof EcdsaCurve];
export const TenantHome = { OnPremises: "onPremises", Online: "online" } as const;
export type TenantHome = (typeof TenantHome)[keyof typeof TenantHome];
export const LyncdiscoverMode = { Http: "http", Https: "https" } as const;
export type LyncdiscoverMode = (typeof LyncdiscoverMode)[keyof typeof LyncdiscoverMode];
export const InternalZones = { PinPoint: "pinPoint", SplitBrain: "splitBrain" } as const;
export type InternalZones = (typeof InternalZones)[keyof typeof InternalZones];
export const InternalDnsProvider = { AzurePrivate: "azurePrivate", External: "external" } as const;
export type InternalDnsProvider = (typeof InternalDnsProvider)[keyof typeof InternalDnsProvider];

export interface CaProfileConfig {
  /** letsencrypt: 100 names (S39); digicert: 250 (S40); custom: give `limit`. Default digicert. */
  profile?: CaProfile;
  /** Overrides the profile's name limit; required for `custom`. */
  limit?: number;
  /** Edge certificates: the order includes the Client Authentication EKU (docs/rules.md CERT-EKU). Default false. */
  clientAuth?: boolean;
}

export interface ServiceConfig {
  fqdn: string;
  ipv4: string[];
  ipv6?: string[];
}

export interface EdgePoolCertificateConfig {
  ca?: CaProfileConfig;
  /** Put the A/V edge name on the certificate. Default: true for lync2013 (S23), false for sfb2015/sfb2019 (S1). */
  includeAudioVideoName?: boolean;
}

export interface EdgePoolConfig {
  /** Key of the pool: lower-case letters, digits and '-'; SIP domains refer to it, resource names derive from it. */
  name: string;
  accessEdge: ServiceConfig;
  webConferencing: ServiceConfig;
  audioVideo: ServiceConfig;
  certificate?: EdgePoolCertificateConfig;
}

export interface ZoneConfig {
  /** Who serves the zone: azure (Azure DNS), cloudflare, or external (records only reported). */
  provider: ZoneProvider;
  name: string;
  /** azure: the zone's resource group (may come from another resource). */
  resourceGroup?: pulumi.Input<string>;
  /** azure: the zone's subscription, when it is not the Azure provider's (250 public zones per subscription). */
  subscriptionId?: string;
  /** azure, cloudflare: the stack creates and owns the zone (test stacks). Default false. */
  create?: boolean;
  /** cloudflare: the existing zone's id; required unless `create` (may come from another resource). */
  zoneId?: pulumi.Input<string>;
  /** cloudflare: the account that owns zones the stack creates. */
  accountId?: string;
  /** cloudflare: the zone's plan (rule limits). Default free. */
  plan?: CloudflarePlan;
  /** cloudflare: serve lyncdiscover.<d> through Cloudflare's proxy. Default false. */
  proxyLyncdiscover?: boolean;
  /** cloudflare: the zone's current "Always Use HTTPS" setting. Default false. */
  alwaysUseHttps?: boolean;
}

export interface WebServicesBackendConfig {
  /** The front end / director external web site, as the reverse proxy reaches it (IPv4 address or host name; may be an Input). */
  address: pulumi.Input<string>;
  /** Default 8080. */
  httpPort?: number;
  /** Default 4443. */
  httpsPort?: number;
}

export interface AdditionalWebPoolConfig {
  /** Key of the pool: lower-case letters, digits and '-'; its route's name derives from it. */
  name: string;
  /** The pool's external web services FQDN (unique: S28). */
  externalFqdn: string;
  backend: WebServicesBackendConfig;
}

export interface OfficeOnlineServerConfig {
  fqdn: string;
  backendAddress: string;
}

export interface WebServicesConfig {
  /** External web services FQDN of the front end (or director) pool. */
  externalFqdn: string;
  /** The reverse proxy's public IPv4 address (may come from another resource, e.g. a public IP's ipAddress). */
  publicIpv4: pulumi.Input<string>;
  publicIpv6?: pulumi.Input<string>;
  /** A dedicated address that serves lyncdiscover over HTTP only. */
  lyncdiscoverHttpIpv4?: pulumi.Input<string>;
  backend: WebServicesBackendConfig;
  /** Further Front End pools or a Director whose external web services the reverse proxy publishes too. */
  additionalPools?: AdditionalWebPoolConfig[];
  officeOnlineServer?: OfficeOnlineServerConfig;
  /** Default 960 (S29). */
  requestTimeoutSeconds?: number;
}

export interface ReverseProxyConfig {
  /** azure: Application Gateway v2; external: someone else runs it, its routes are only reported. Default external. */
  provider: ReverseProxyProvider;
  /** azure: resource group of the gateway(s). */
  resourceGroup?: pulumi.Input<string>;
  /** azure: region of the gateway(s). */
  location?: string;
  /** azure: fixed gateway name. */
  gatewayName?: string;
  /** azure: ARM id of the Application Gateway subnet. */
  subnetId?: string;
  /** azure: existing static public IPv4 resource whose address is webServices.publicIpv4. */
  publicIpAddressId?: pulumi.Input<string>;
  /** azure: existing public IPv4 resource whose address is webServices.lyncdiscoverHttpIpv4. */
  lyncdiscoverPublicIpAddressId?: pulumi.Input<string>;
  /** azure: name of the HTTP-only gateway; default `<gatewayName>-http`. */
  lyncdiscoverGatewayName?: string;
  /** azure: instances of the HTTP-only gateway. Default 1. */
  lyncdiscoverCapacity?: number;
  /** azure, production: Key Vault secret id of the reverse-proxy PFX; needs identityId. */
  keyVaultSecretId?: string;
  /** azure: user-assigned identity that may read keyVaultSecretId. */
  identityId?: string;
  /**
   * azure, test stacks: the PFX comes in as LyncDeployment's `reverseProxyPfx` input; this names the stack config
   * key the program (index.ts) reads it from. Needs pfxPasswordConfigKey.
   */
  pfxConfigKey?: string;
  /** azure, test stacks: the stack config key of the PFX's password (input `reverseProxyPfxPassword`). */
  pfxPasswordConfigKey?: string;
  /**
   * azure: the gateway takes the stack's own reverse-proxy certificate as a PFX, the CA-issued one (input
   * `issuedCertificates`); test stacks (certificates.testCa) do so without it. Default false.
   */
  useIssuedCertificate?: boolean;
  /** azure: root CA (base64 DER or PEM) of the front end's internal certificate. */
  trustedRootCertificate?: string;
  /** azure: instances of the main gateway. Default 2. */
  capacity?: number;
}

export interface SimpleUrlsConfig {
  /** perDomain: https://meet.<d>; perDomainBase: https://<baseLabel>.<d>/meet; sharedHost: https://<sharedHost>/<d>/meet. Default sharedHost. */
  meet?: MeetStyle;
  sharedHost?: string;
  /** perDomainBase: the first label of each SIP domain's simple-URL host, e.g. `lync`. */
  baseLabel?: string;
  /** The one dial-in URL of the deployment, e.g. https://dialin.contoso.com */
  dialinUrl: string;
  /** Internal only, never published. */
  adminUrl?: string;
}

export interface CertificateKeyConfig {
  /** Default RSA. */
  algorithm?: KeyAlgorithm;
  /** Default 2048. */
  rsaBits?: RsaBits;
  /** Default P256. */
  ecdsaCurve?: EcdsaCurve;
  /** Change to rotate every key on the next update; SAN changes never do. Default "1". */
  rotation?: string;
}

export interface CertificateSubjectConfig {
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  province?: string;
  /** Two letters. */
  country?: string;
}

export interface ReverseProxyCertificateConfig {
  ca?: CaProfileConfig;
  /** `*.<parent>` for simple-URL and lyncdiscover names where two or more share the parent (S28, S24); never on the edge. Default false. */
  wildcard?: boolean;
}

/** The Front End pool's certificate from the internal CA (docs/rules.md 2.3): request `front-end-<pool>`. */
export interface FrontEndCertificateConfig {
  /** Key of the pool (a-z, 0-9, -): the certificate id is `front-end-<pool>`. */
  pool: string;
  /** The pool FQDN: subject and first name (S8). */
  poolFqdn: string;
  /** The servers' FQDNs, each a name of the certificate (S8). Default none. */
  servers?: string[];
  /** Internal web services FQDN. Default internalDns.internalWeb.fqdn, else the pool FQDN. */
  internalWebFqdn?: string;
  /** The internal CA. Default custom, without a name limit. */
  ca?: CaProfileConfig;
}

export interface CertificatesConfig {
  key?: CertificateKeyConfig;
  subject?: CertificateSubjectConfig;
  reverseProxy?: ReverseProxyCertificateConfig;
  /** The Front End pool's certificate request (internal CA); left out, none. */
  frontEnd?: FrontEndCertificateConfig;
  /** Test stacks only: a stack-owned CA signs every request. Default false. */
  testCa?: boolean;
  /** Certificate id -> the names the certificate in service carries (ONBOARD-ORDER), where it is installed elsewhere. */
  inService?: Record<string, string[]>;
}

export interface DnsSettingsConfig {
  /** Default 3600. */
  ttl?: number;
  /** Default 0. */
  srvPriority?: number;
  /** Default 0. */
  srvWeight?: number;
}

export interface TenantConfig {
  name: string;
  /** The zone that holds its records; default the longest declared zone that contains the domain. */
  zone?: string;
  /** Edge pool of an on-premises domain; default the only pool, or a stable automatic choice. */
  edgePool?: string;
  /** Host the SRV records target and the edge certificate carries; default sip.<d>. */
  edgeHost?: string;
  /** onPremises or online (Microsoft-hosted). Default onPremises. */
  home?: TenantHome;
  /** Publish _sipfederationtls._tcp. Default true. */
  federation?: boolean;
  /** XMPP federation records (Lync 2013, SfB 2015). Default false. */
  xmpp?: boolean;
  /** This domain's meet URL style, when it differs from simpleUrls.meet. */
  meet?: MeetStyle;
  /** Hybrid split domain (shared SIP address space): must be onPremises and federate. Default false. */
  sharedSipAddressSpace?: boolean;
  /** Publish before the certificates in service carry the domain's names (ONBOARD-ORDER; warned). Default false. */
  publishBeforeCertificate?: boolean;
}

export interface InternalAddressesConfig {
  ipv4: string[];
}

export interface InternalWebConfig {
  /** The internal web services FQDN of the Front End pool. */
  fqdn: string;
  /** Its load-balanced address(es). */
  ipv4: string[];
}

export interface InternalDnsProviderConfig {
  /** azurePrivate: Azure Private DNS; external: zone files and a Windows DNS Server script. Default external. */
  provider: InternalDnsProvider;
  /** azurePrivate: the resource group of the private zones. */
  resourceGroup?: string;
  /** azurePrivate: the virtual networks linked to every private zone. */
  virtualNetworkIds?: string[];
}

export interface InternalDnsConfig {
  /** The Front End pool (or Director) internal clients register with: sip.<d> inside. */
  frontEnd: InternalAddressesConfig;
  internalWeb: InternalWebConfig;
  /** pinPoint: one internal zone per name (default); splitBrain: internal zones named like the external ones. */
  zones?: InternalZones;
  provider?: InternalDnsProviderConfig;
}

export interface LifecycleConfig {
  /** Protect the long-lived resources (keys, created zones, gateways). Default false. */
  protect?: boolean;
}

/** The whole deployment: README "Configuration" describes every field. */
export interface DeploymentConfig {
  /** Default sfb2015. */
  product?: Product;
  /** The infrastructure domain: home of the shared names (edge, web services, dial-in). */
  infrastructureDomain: string;
  dns?: DnsSettingsConfig;
  zones: ZoneConfig[];
  edgePools: EdgePoolConfig[];
  /** The edge pool that carries all federation (global federation route); default: each pool federates for its own domains. */
  federationRoute?: string;
  webServices: WebServicesConfig;
  reverseProxy?: ReverseProxyConfig;
  simpleUrls: SimpleUrlsConfig;
  /** http: lyncdiscover on port 80 only, no certificate names; https: on the reverse-proxy certificate. Default http. */
  lyncdiscover?: LyncdiscoverMode;
  certificates?: CertificatesConfig;
  sipDomains: TenantConfig[];
  /** Internal DNS for the on-premises SIP domains. Default: none. */
  internalDns?: InternalDnsConfig;
  lifecycle?: LifecycleConfig;
}
