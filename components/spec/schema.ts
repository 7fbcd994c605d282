/**
 * The deployment spec: the one configuration shape, read from the stack config key `lync:deployment`
 * or from a standalone YAML/JSON file. Zod checks the shape (types, enums, unknown keys, IP syntax);
 * the Lync rules on top of it live in validate.ts, so every problem of both kinds is reported in one run.
 *
 * Names are plain strings here on purpose: their Lync rules (R-DNS-12, RFC 1035 lengths) are checked in
 * validate.ts, where each error can name the rule and the SIP domain.
 */
import { z } from "zod";
import { MEET_STYLES, type DeploymentInput, type RawDeployment } from "./types";

const name = z.string().min(1);

/*
 * Free-text fields that end up in ARM ids and API paths are checked against the platform's documented formats, so
 * that nothing can be spliced into a path (e.g. a resource group "rg/providers/.../victim").
 */
/** Azure resource group names: 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.' (ASCII only here). */
const resourceGroup = z
  .string()
  .regex(/^[-\w.()]{0,89}[-\w()]$/, "an Azure resource group name: 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'");
/** Azure region names as ARM writes them. */
const location = z.string().regex(/^[a-z][a-z0-9]{1,39}$/, "an Azure region name as ARM writes it (lower-case letters and digits), e.g. westeurope");
/** Cloudflare zone and account ids: 32 hex digits (Cloudflare API: identifier, max length 32). */
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "a Cloudflare id: 32 lower-case hex digits");
/** Certificate subject text: its length and characters are the CERT-SUBJECT rule's (validation/subjectRules.ts). */
const subjectText = z.string();
const port = z.number().int().min(1).max(65535);
const ttl = z.number().int().min(60).max(86400);

const caProfile = z
  .object({
    /** letsencrypt: 100 names (S39); digicert: 250 (S40); custom: give `limit`. */
    profile: z.enum(["letsencrypt", "digicert", "custom"]).default("digicert"),
    /** Overrides the profile's limit; required for `custom`. */
    limit: z.number().int().min(1).max(1000).optional(),
    /**
     * Edge certificates: the order includes the Client Authentication EKU that edge-to-edge federation presents (mutual
     * TLS). Default false: public CAs stopped issuing it by default (docs/rules.md CERT-EKU).
     */
    clientAuth: z.boolean().optional(),
  })
  .strict();

const service = z
  .object({
    fqdn: name,
    ipv4: z.array(z.ipv4()).min(1),
    ipv6: z.array(z.ipv6()).default([]),
  })
  .strict();

/** Key of a pool: resource names are derived from it, never from its position in a list. */
const poolKey = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-', starting with a letter");

const edgePool = z
  .object({
    /** Key of the pool; SIP domains refer to it, resource names are derived from it. */
    name: poolKey,
    accessEdge: service,
    webConferencing: service,
    audioVideo: service,
    certificate: z
      .object({
        ca: caProfile.default({ profile: "digicert" }),
        /**
         * The A/V edge name on the certificate. Lync 2013 asks for it (S23), Skype for Business 2015/2019 does not (S1):
         * left out, it follows the product (plan/rules/certificates.ts).
         */
        includeAudioVideoName: z.boolean().optional(),
      })
      .strict()
      .default({ ca: { profile: "digicert" } }),
  })
  .strict();

const azureZone = z
  .object({
    provider: z.literal("azure"),
    name,
    resourceGroup,
    /**
     * The zone's subscription when it is not the default Azure provider's: an estate spreads its zones over several
     * subscriptions (250 public zones each, S44). Records and zones there go through an explicit provider per
     * subscription, which takes its credentials from the ARM_* environment (docs/provider-notes.md A.8).
     */
    subscriptionId: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        "a subscription id: a GUID, e.g. 00000000-0000-0000-0000-000000000000",
      )
      .optional(),
    /** true: the stack creates and owns the zone (test stacks); false: an existing zone, never changed by the stack. */
    create: z.boolean().default(false),
  })
  .strict();

const cloudflareZone = z
  .object({
    provider: z.literal("cloudflare"),
    name,
    /** The existing zone's id; required unless `create`. */
    zoneId: cloudflareId.optional(),
    /** The account that owns zones the stack creates. */
    accountId: cloudflareId.optional(),
    create: z.boolean().default(false),
    plan: z.enum(["free", "pro", "business", "enterprise"]).default("free"),
    /** Serve lyncdiscover.<d> through Cloudflare's proxy (Universal SSL answers HTTPS, the origin is reached over HTTP). */
    proxyLyncdiscover: z.boolean().default(false),
    /** The zone's current "Always Use HTTPS" setting, declared so that its conflict with HTTP discovery is caught. */
    alwaysUseHttps: z.boolean().default(false),
  })
  .strict();

const externalZone = z
  .object({
    provider: z.literal("external"),
    name,
  })
  .strict();

const zone = z.discriminatedUnion("provider", [azureZone, cloudflareZone, externalZone]);

/** A pool's external web site as the reverse proxy reaches it. */
const webBackend = z
  .object({
    /** Address of the front end / director external web site, as the reverse proxy reaches it. */
    address: z.union([z.ipv4(), name]),
    httpPort: port.default(8080),
    httpsPort: port.default(4443),
  })
  .strict();

const webServices = z
  .object({
    /** External web services FQDN of the front end (or director) pool, published by the reverse proxy (row 11). */
    externalFqdn: name,
    /** The reverse proxy's public address, target of every published web name. */
    publicIpv4: z.ipv4(),
    publicIpv6: z.ipv6().optional(),
    /**
     * A dedicated address that serves lyncdiscover over HTTP only and offers no HTTPS at all (the seed's advice):
     * a client trying https://lyncdiscover.<d> there fails to connect instead of meeting a certificate without its name.
     */
    lyncdiscoverHttpIpv4: z.ipv4().optional(),
    backend: webBackend,
    /**
     * Further pools whose external web services the reverse proxy publishes beside externalFqdn (S28: the external web
     * FQDNs of the Front End pools and of the Director): each gets a record, a name on the reverse-proxy certificate
     * and a route to its own backend. externalFqdn stays the one that serves the simple URLs and lyncdiscover (the
     * Director, where there is one).
     */
    additionalPools: z.array(z.object({ name: poolKey, externalFqdn: name, backend: webBackend }).strict()).default([]),
    officeOnlineServer: z
      .object({ fqdn: name, backendAddress: z.union([z.ipv4(), name]) })
      .strict()
      .optional(),
    /** S29: 960 s so that push notifications (900 s in Office 365) survive. */
    requestTimeoutSeconds: z.number().int().min(200).max(86400).default(960),
  })
  .strict();

const simpleUrls = z
  .object({
    /**
     * The deployment's meet URL style (S4); a SIP domain may choose another (`sipDomains[].meet`, "agree it with the
     * customer"). `perDomain`: https://meet.<d> (option 1); `perDomainBase`: https://<baseLabel>.<d>/meet (option 2);
     * `sharedHost`: https://<sharedHost>/<d>/meet (option 3).
     */
    meet: z.enum(MEET_STYLES).default("sharedHost"),
    /** Host of every meet URL under `sharedHost`, in the infrastructure domain. */
    sharedHost: name.optional(),
    /** First label of each SIP domain's own simple-URL host under `perDomainBase`, e.g. `lync` for https://lync.<d>/meet. */
    baseLabel: z
      .string()
      .regex(/^[a-z0-9]{1,63}$/i, "one DNS label of letters and digits (S4: simple URLs allow only a-z, A-Z, 0-9 and '.')")
      .optional(),
    /** The one dial-in URL of the deployment, e.g. https://dialin.contoso.com */
    dialinUrl: z.string().min(1),
    /** Optional admin URL: internal only, never published (row 10). */
    adminUrl: z.string().min(1).optional(),
  })
  .strict();

const sipDomain = z
  .object({
    name,
    /** The DNS zone that holds its records; default: the longest declared zone that contains the domain. */
    zone: name.optional(),
    /** Edge pool of an on-premises domain; default: the only pool, or a stable automatic choice. */
    edgePool: z.string().min(1).optional(),
    /**
     * Host name the SRV records target and the edge certificate carries for this domain; default sip.<d>.
     * It must lie inside the SIP domain (R-DNS-01/02).
     */
    edgeHost: name.optional(),
    /** onPremises: users on our pools, federating through our edge; online: Microsoft-hosted (R-DNS-11). */
    home: z.enum(["onPremises", "online"]).default("onPremises"),
    /** Publish _sipfederationtls._tcp (R-DNS-04). Off only where a tenant must not be discoverable. */
    federation: z.boolean().default(true),
    /** XMPP federation records (R-DNS-09); Lync 2013 and SfB 2015 only. */
    xmpp: z.boolean().default(false),
    /** This domain's meet URL style when it differs from simpleUrls.meet (S4: agree it with the customer). */
    meet: z.enum(MEET_STYLES).optional(),
    /**
     * Hybrid: the domain's users are split between our pools and Microsoft's (shared SIP address space, R-DNS-11). Its
     * external records must point on premises, so it must be `home: onPremises` and federate (HYBRID).
     */
    sharedSipAddressSpace: z.boolean().default(false),
    /**
     * Publish the domain's records before the certificates in service carry its names (ONBOARD-ORDER): its clients
     * and partners meet a certificate without their name until the CA's answer is installed. Warned.
     */
    publishBeforeCertificate: z.boolean().default(false),
  })
  .strict();

/** An ARM resource id: /subscriptions/<guid>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>... */
const armId = z
  .string()
  .regex(
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{0,89}[-\w()]\/providers\/[A-Za-z0-9.]+\/[A-Za-z0-9]+\/[-\w.()]+(\/[A-Za-z0-9]+\/[-\w.()]+)*$/i,
    "an ARM resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/...",
  );

/** Application Gateway names: 1-80 characters, letters, digits, '_', '.', '-' (Azure naming rules for Microsoft.Network). */
const gatewayName = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/,
    "1-80 letters, digits, '_', '.' or '-', starting with a letter or digit, ending with a letter, digit or '_'",
  );

/**
 * Azure Application Gateway v2 (Standard_v2) as the reverse proxy (components/azure/gateway.ts, layout.ts). Plan
 * routes become listeners, rules, pools and settings of one gateway; with webServices.lyncdiscoverHttpIpv4 (lyncdiscover:
 * http) a second, HTTP-only gateway serves that address, because a v2 gateway has only one public IPv4 frontend.
 */
const azureReverseProxy = z
  .object({
    provider: z.literal("azure"),
    /** Resource group of the gateway(s). */
    resourceGroup,
    /** Azure region of the gateway(s); the subnet and the public IPs must be in the same region. */
    location,
    /** Fixed gateway name: every sub-resource id is built from it (docs/provider-notes.md 3.8); changing it replaces the gateway. */
    gatewayName,
    /**
     * ARM id of the subnet dedicated to Application Gateway (v2 gateways may share it). The gateway's subscription is
     * taken from this id: a gateway lives in the subscription of its virtual network.
     */
    subnetId: z
      .string()
      .regex(
        /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
        "a subnet id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
      ),
    /**
     * Existing Standard-SKU static public IPv4 resource whose address is webServices.publicIpv4. Required: the DNS
     * records point at that address, so the address must exist before (and outlive) the gateway.
     */
    publicIpAddressId: armId,
    /**
     * Existing public IPv4 resource whose address is webServices.lyncdiscoverHttpIpv4; required when that address is
     * set with lyncdiscover: http. It becomes the only frontend of a second gateway that has no HTTPS listener at all.
     */
    lyncdiscoverPublicIpAddressId: armId.optional(),
    /** Name of that second, HTTP-only gateway; default `<gatewayName>-http`. */
    lyncdiscoverGatewayName: gatewayName.optional(),
    /** Instances of the HTTP-only gateway (it only answers the autodiscover root over port 80). */
    lyncdiscoverCapacity: z.number().int().min(1).max(125).default(1),
    /**
     * Production: Key Vault secret id of the reverse-proxy certificate (PFX), e.g.
     * https://<vault>.vault.azure.net/secrets/<name> (versionless, so that a renewed certificate is picked up). Needs
     * identityId. At most one of keyVaultSecretId, pfxConfigKey and useIssuedCertificate.
     */
    keyVaultSecretId: z
      .string()
      .regex(
        /^https:\/\/[a-z][a-z0-9-]{1,22}[a-z0-9]\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net|microsoftazure\.de)\/secrets\/[A-Za-z0-9-]{1,127}(\/[0-9a-f]{32})?\/?$/i,
        "a Key Vault secret id: https://<vault>.vault.azure.net/secrets/<name>[/<version>] (or the sovereign clouds' vault hosts)",
      )
      .optional(),
    /** ARM id of the user-assigned managed identity that may read keyVaultSecretId (Key Vault: get secret). */
    identityId: armId.optional(),
    /**
     * Test stacks: the stack config key (namespace `lync`, set with `pulumi config set --secret`) holding the base64
     * PFX of the reverse-proxy certificate, instead of Key Vault. Needs pfxPasswordConfigKey.
     */
    pfxConfigKey: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "a config key name (without the `lync:` namespace)")
      .optional(),
    /** The secret stack config key holding that PFX's password (Application Gateway needs one with `data`). */
    pfxPasswordConfigKey: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "a config key name (without the `lync:` namespace)")
      .optional(),
    /**
     * The gateway takes the stack's own reverse-proxy certificate as a PFX: the CA-issued one (stack config
     * `lync:issuedCertificates`, LyncDeployment's `issuedCertificates`), instead of Key Vault or pfxConfigKey. A test
     * stack (certificates.testCa) does so without this setting, with the test CA's certificate until an issued one is given.
     */
    useIssuedCertificate: z.boolean().default(false),
    /**
     * Root CA (base64 DER or PEM) of the front end's internal certificate: the gateway trusts the backend's
     * certificate through it (v2: trusted root certificates). Omit when the backend certificates chain to a public CA.
     */
    trustedRootCertificate: z.string().min(1).optional(),
    /** Instances of the main gateway (fixed capacity; v2 SKU). */
    capacity: z.number().int().min(1).max(125).default(2),
  })
  .strict();

const reverseProxy = z.discriminatedUnion("provider", [
  azureReverseProxy,
  /** Someone else runs the reverse proxy; its routes are only reported. */
  z.object({ provider: z.literal("external") }).strict(),
]);

const certificates = z
  .object({
    key: z
      .object({
        /** Lync accepts RSA 1024/2048/4096 (S8); 2048 and above; ECDSA only where every client supports it. */
        algorithm: z.enum(["RSA", "ECDSA"]).default("RSA"),
        rsaBits: z.literal([2048, 3072, 4096]).default(2048),
        ecdsaCurve: z.enum(["P256", "P384"]).default("P256"),
        /**
         * Change this value to rotate every key on the next `pulumi up`; SAN changes never do. It is part of each
         * key's logical name (components/tls/keys.ts), hence the short URN-safe form; YAML numbers are accepted.
         */
        rotation: z
          .union([z.string(), z.number().int().min(0)])
          .transform(String)
          .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "1-32 letters, digits, '.', '_' or '-'"))
          .default("1"),
      })
      .strict()
      .default({ algorithm: "RSA", rsaBits: 2048, ecdsaCurve: "P256", rotation: "1" }),
    subject: z
      .object({
        organization: subjectText.optional(),
        organizationalUnit: subjectText.optional(),
        locality: subjectText.optional(),
        province: subjectText.optional(),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, "two upper-case letters (ISO 3166-1 alpha-2), e.g. DE")
          .optional(),
      })
      .strict()
      .default({}),
    reverseProxy: z
      .object({
        ca: caProfile.default({ profile: "digicert" }),
        /**
         * Summarise the simple-URL and lyncdiscover names as `*.<parent>` where two or more share the parent (S28: it
         * "replaces both meet and dialin"; S24: wildcards only for those, never on the edge). The web services names
         * and the subject stay names of their own (no wildcard subject, S24).
         */
        wildcard: z.boolean().default(false),
      })
      .strict()
      .default({ ca: { profile: "digicert" }, wildcard: false }),
    /**
     * The Front End pool's (or Director's) certificate from the internal CA (docs/rules.md 2.3): one request keyed by the
     * pool, to assign as Default, WebServicesInternal and WebServicesExternal on every server of the pool.
     */
    frontEnd: z
      .object({
        /** Key of the pool: the certificate id is `front-end-<pool>`. */
        pool: poolKey,
        /** The pool FQDN: subject and first name (S8). */
        poolFqdn: name,
        /** The servers' FQDNs, each a name of the certificate (S8: "server FQDN"). */
        servers: z.array(name).default([]),
        /** Internal web services FQDN; default internalDns.internalWeb.fqdn, else the pool FQDN (Topology Builder's default). */
        internalWebFqdn: name.optional(),
        /** The internal CA: no public name limit unless given (custom with `limit`). */
        ca: caProfile.default({ profile: "custom" }),
      })
      .strict()
      .optional(),
    /** Test stacks only: a stack-owned CA signs every request, so the stack yields usable certificates. */
    testCa: z.boolean().default(false),
    /**
     * Certificate id (`edge-<pool>`, `reverse-proxy`) -> the names the certificate in service carries, where
     * certificates are installed outside this stack (ONBOARD-ORDER). A tenant whose names are not there yet is pending.
     */
    inService: z.record(z.string().min(1), z.array(name)).optional(),
  })
  .strict()
  .default({
    key: { algorithm: "RSA", rsaBits: 2048, ecdsaCurve: "P256", rotation: "1" },
    subject: {},
    reverseProxy: { ca: { profile: "digicert" }, wildcard: false },
    testCa: false,
  });

/**
 * Internal DNS (docs/rules.md rows 8-10, 15, 17, 19, 20): what internal clients resolve. `splitBrain`: an internal zone
 * named like each external zone (the company serves the whole SIP domain inside too); `pinPoint`: one internal zone per
 * name (the company does not host the SIP domain internally: S2's pin-point zones).
 */
const internalDns = z
  .object({
    /** The Front End pool (or Director) internal clients register with: `sip.<d>` resolves to it inside (row 17). */
    frontEnd: z.object({ ipv4: z.array(z.ipv4()).min(1) }).strict(),
    /** Internal web services (row 20), load balanced: lyncdiscoverinternal.<d> and the internal simple URLs resolve to it. */
    internalWeb: z.object({ fqdn: name, ipv4: z.array(z.ipv4()).min(1) }).strict(),
    zones: z.enum(["pinPoint", "splitBrain"]).default("pinPoint"),
    /** azurePrivate: Azure Private DNS zones linked to the servers' virtual networks; external: zone files and a Windows DNS script. */
    provider: z
      .discriminatedUnion("provider", [
        z
          .object({
            provider: z.literal("azurePrivate"),
            resourceGroup,
            /** Virtual networks whose resolvers answer the servers and clients (one link per zone and network). */
            virtualNetworkIds: z.array(armId).min(1),
          })
          .strict(),
        z.object({ provider: z.literal("external") }).strict(),
      ])
      .default({ provider: "external" }),
  })
  .strict();

export const deploymentSchema = z
  .object({
    /** lync2013 | sfb2015 | sfb2019: decides what is supported (XMPP ends with SfB 2019, R-DNS-09). */
    product: z.enum(["lync2013", "sfb2015", "sfb2019"]).default("sfb2015"),
    /** The infrastructure domain <p>: home of the shared names (edge, web services, dial-in). */
    infrastructureDomain: name,
    dns: z
      .object({
        ttl: ttl.default(3600),
        /** S2 uses 0 0 for our own SRV records; Office 365 values (100 1) are used for online domains (S13). */
        srvPriority: z.number().int().min(0).max(65535).default(0),
        srvWeight: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ ttl: 3600, srvPriority: 0, srvWeight: 0 }),
    zones: z.array(zone).min(1),
    edgePools: z.array(edgePool).min(1),
    /**
     * The edge pool that carries all federation (a global federation route). Left out: each edge pool federates for its
     * own SIP domains (a federation route per site). SIP domains on other pools publish their federation SRV record
     * to sipfed.<d> on this pool (FED-ROUTE).
     */
    federationRoute: z.string().min(1).optional(),
    webServices,
    reverseProxy: reverseProxy.default({ provider: "external" }),
    simpleUrls,
    /** http: lyncdiscover on port 80 only, no certificate names (S5); https: lyncdiscover.<d> on the reverse-proxy certificate. */
    lyncdiscover: z.enum(["http", "https"]).default("http"),
    certificates,
    sipDomains: z.array(sipDomain).min(1),
    /** Internal DNS for the on-premises SIP domains; left out: only the external records are declared. */
    internalDns: internalDns.optional(),
    /**
     * What `pulumi destroy` may remove. `protect: true` (production) marks the long-lived resources (private keys,
     * zones and gateways the stack creates, public IPs) as protected, so deleting or replacing them fails until
     * someone unprotects them on purpose; records and CSRs stay unprotected, so tenants can still come and go.
     * `false` (default; test stacks): nothing protected or retained, `pulumi destroy` leaves nothing behind.
     */
    lifecycle: z
      .object({ protect: z.boolean().default(false) })
      .strict()
      .default({ protect: false }),
  })
  .strict();

/** true when A and B are the same type, optional and `undefined` members included (not mere mutual assignability). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/*
 * The public interfaces (types.ts) are what zod infers, exactly: a field added, dropped, made optional or given a
 * default on one side and not on the other fails `tsc` here. They are written out so that dist/*.d.ts need no zod.
 */
const inputAgrees: Same<z.input<typeof deploymentSchema>, DeploymentInput> = true;
const outputAgrees: Same<z.output<typeof deploymentSchema>, RawDeployment> = true;
void inputAgrees;
void outputAgrees;
