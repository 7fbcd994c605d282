/**
 * Every validation error, one at a time, on the golden deployment (contoso-fabrikam-option1.yaml: sipDomains[0] is
 * contoso.com, sipDomains[1] fabrikam.com). Each case asserts the complete problem list: path, subject, rule and
 * message, including the consequences one mistake has elsewhere; a bad SIP domain name is reported once, not again
 * through its meet URL.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, problemsOf } from "./support";
import type { DeploymentInput, Problem } from "../../components/model";

type Spec = DeploymentInput;
const LABEL64 = "a".repeat(64);
const NAME255 = `${"a".repeat(60)}.`.repeat(4) + "contoso.com"; // 4 * 61 + 11 = 255 characters

const cases: Array<{ name: string; mutate: (s: Spec) => void; problems: Problem[] }> = [
  // --- Names (R-DNS-12, RFC 1035) ---
  {
    name: "R-DNS-12: underscore in a host label",
    mutate: (s) => s.sipDomains.push({ name: "bad_name.contoso.com" }),
    problems: [
      {
        path: "sipDomains[2].name",
        subject: "bad_name.contoso.com",
        rule: "R-DNS-12",
        message: `"bad_name.contoso.com" has the label "bad_name": only A-Z, a-z, 0-9 and inner '-' are allowed`,
      },
    ],
  },
  {
    name: "R-DNS-12: leading hyphen in a label",
    mutate: (s) => (s.webServices.externalFqdn = "-webext.contoso.com"),
    problems: [
      {
        path: "webServices.externalFqdn",
        rule: "R-DNS-12",
        message: `"-webext.contoso.com" has the label "-webext": only A-Z, a-z, 0-9 and inner '-' are allowed`,
      },
    ],
  },
  {
    name: "R-DNS-12: empty label",
    mutate: (s) => (s.edgePools[0].webConferencing.fqdn = "webcon..contoso.com"),
    problems: [{ path: "edgePools[0].webConferencing.fqdn", rule: "R-DNS-12", message: `"webcon..contoso.com" has an empty label` }],
  },
  {
    name: "R-DNS-12: a short name is not an FQDN",
    mutate: (s) => s.sipDomains.push({ name: "contoso" }),
    problems: [
      { path: "sipDomains[2].name", subject: "contoso", rule: "R-DNS-12", message: `"contoso" is not a fully qualified domain name` },
      { path: "sipDomains[2].name", subject: "contoso", rule: "ZONE", message: "contoso lies outside every declared zone" },
    ],
  },
  {
    name: "RFC1035: a name longer than 253 characters",
    mutate: (s) => s.sipDomains.push({ name: NAME255 }),
    problems: [
      { path: "sipDomains[2].name", subject: NAME255, rule: "RFC1035", message: `"${NAME255}" is 255 characters long; a DNS name has at most 253` },
    ],
  },
  {
    name: "RFC1035: a label longer than 63 characters",
    mutate: (s) => (s.sipDomains[1].edgeHost = `${LABEL64}.fabrikam.com`),
    problems: [
      {
        path: "sipDomains[1].edgeHost",
        subject: "fabrikam.com",
        rule: "RFC1035",
        message: `"${LABEL64}.fabrikam.com" has a label of 64 characters; at most 63 are allowed`,
      },
    ],
  },
  {
    name: "R-DNS-12: Unicode (IDN) SIP domain",
    mutate: (s) => s.sipDomains.push({ name: "müller.contoso.com" }),
    problems: [
      {
        path: "sipDomains[2].name",
        subject: "müller.contoso.com",
        rule: "R-DNS-12",
        message: `"müller.contoso.com" contains non-ASCII characters: Lync does not support internationalised domain names`,
      },
    ],
  },
  {
    name: "R-DNS-12: punycode (IDN in ASCII form) zone",
    mutate: (s) => s.zones.push({ provider: "external", name: "xn--bcher-kva.example" }),
    problems: [
      {
        path: "zones[2].name",
        rule: "R-DNS-12",
        message: `"xn--bcher-kva.example" is an IDN (punycode label "xn--bcher-kva"): Lync does not support internationalised domain names`,
      },
    ],
  },
  // --- Duplicates: case- and trailing-dot-insensitive ---
  {
    name: "UNIQUE: SIP domain declared twice (other case, trailing dot)",
    mutate: (s) => s.sipDomains.push({ name: "Fabrikam.COM." }),
    problems: [
      {
        path: "sipDomains[2].name",
        subject: "Fabrikam.COM.",
        rule: "UNIQUE",
        message: "SIP domain fabrikam.com is declared twice (first at sipDomains[1].name)",
      },
      {
        path: "sipDomains[2].name",
        subject: "fabrikam.com",
        rule: "S4",
        message: "simple URL https://meet.fabrikam.com is not unique (also at sipDomains[1].name)",
      },
    ],
  },
  {
    name: "UNIQUE: zone declared twice",
    mutate: (s) => s.zones.push({ provider: "external", name: "CONTOSO.com." }),
    problems: [{ path: "zones[2].name", rule: "UNIQUE", message: "zone contoso.com is declared twice (first at zones[0].name)" }],
  },
  {
    name: "UNIQUE: edge pool declared twice",
    mutate: (s) => s.edgePools.push(structuredClone(s.edgePools[0])),
    problems: [
      { path: "edgePools[1].name", rule: "UNIQUE", message: "edge pool edge1 is declared twice (first at edgePools[0].name)" },
      // A clone repeats the edge names too: each would merge two pools' addresses into one record.
      ...(["accessEdge", "webConferencing", "audioVideo"] as const).map((svc) => {
        const fqdn = { accessEdge: "sip.contoso.com", webConferencing: "webcon.contoso.com", audioVideo: "av.contoso.com" }[svc];
        return {
          path: `edgePools[1].${svc}.fqdn`,
          subject: fqdn,
          rule: "UNIQUE",
          message: `edge name ${fqdn} is declared twice (first at edgePools[0].${svc}.fqdn)`,
        };
      }),
      // ... and the addresses: two pools cannot both listen on 443 of one address (ADDRESS).
      ...(
        [
          ["accessEdge", ["131.107.155.10", "131.107.155.11"]],
          ["webConferencing", ["131.107.155.20", "131.107.155.21"]],
          ["audioVideo", ["131.107.155.30", "131.107.155.31"]],
        ] as const
      ).flatMap(([svc, ips]) =>
        ips.map((ip, j) => ({
          path: `edgePools[1].${svc}.ipv4[${j}]`,
          subject: ip,
          rule: "ADDRESS",
          message: `${ip} is also an address of edge pool edge1: two pools cannot share an address (both listen on 443)`,
        })),
      ),
    ],
  },
  // --- Addresses published in public DNS (ADDRESS) ---
  ...(
    [
      ["a private address", "10.1.2.3"],
      ["a loopback address", "127.0.0.2"],
      ["the unspecified address", "0.0.0.0"],
      ["a link-local address", "169.254.1.1"],
      ["a shared (CGNAT) address", "100.64.0.1"],
    ] as const
  ).map(([what, ip]) => ({
    name: `ADDRESS: ${what} as an access edge address`,
    mutate: (s: Spec) => (s.edgePools[0].accessEdge.ipv4[1] = ip),
    problems: [
      {
        path: "edgePools[0].accessEdge.ipv4[1]",
        subject: ip,
        rule: "ADDRESS",
        message: `${ip} is published in public DNS but is not reachable from the Internet (private, loopback, link-local, shared, multicast or reserved)`,
      },
    ],
  })),
  {
    name: "ADDRESS: an IPv4-mapped IPv6 address for the reverse proxy",
    mutate: (s) => (s.webServices.publicIpv6 = "::ffff:131.107.155.1"),
    problems: [
      {
        path: "webServices.publicIpv6",
        subject: "::ffff:131.107.155.1",
        rule: "ADDRESS",
        message: "::ffff:131.107.155.1 is published in public DNS but is an IPv4-mapped IPv6 address (publish the IPv4 address as an A record)",
      },
    ],
  },
  {
    name: "ADDRESS: the access edge on the reverse proxy's address (both need 443)",
    mutate: (s) => (s.edgePools[0].accessEdge.ipv4[1] = "131.107.155.1"),
    problems: [
      {
        path: "edgePools[0].accessEdge.ipv4[1]",
        subject: "131.107.155.1",
        rule: "ADDRESS",
        message:
          "131.107.155.1 is also webServices.publicIpv4: the edge's accessEdge and the reverse proxy both listen on TCP 443, so they need addresses of their own",
      },
    ],
  },
  {
    // A path there is refused by the route instead (tests/azure/adminPath.test.ts); the whole host cannot be.
    name: "S4: the admin URL as the whole external web FQDN, which the reverse proxy publishes",
    mutate: (s) => (s.simpleUrls.adminUrl = "https://webext.contoso.com"),
    problems: [
      {
        path: "simpleUrls.adminUrl",
        subject: "webext.contoso.com",
        rule: "S4",
        message:
          "the admin URL must stay internal, but webext.contoso.com is published by the reverse proxy (https-web, every path forwarded): give it a host of its own that is not published, or a path on it that the route refuses (https://webext.contoso.com/Admin, S4 option 3)",
      },
    ],
  },
  {
    name: "S4: the dial-in URL on a tenant's autodiscover name",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://lyncdiscover.fabrikam.com"),
    problems: [
      {
        path: "simpleUrls.dialinUrl",
        subject: "lyncdiscover.fabrikam.com",
        rule: "S4",
        message: "lyncdiscover.fabrikam.com is a tenant's autodiscover name (R-DNS-07): simple URLs and web services need hosts of their own",
      },
    ],
  },
  // --- Zones ---
  {
    name: "ZONE: SIP domain outside every declared zone",
    mutate: (s) => s.sipDomains.push({ name: "litwareinc.com" }),
    problems: [{ path: "sipDomains[2].name", subject: "litwareinc.com", rule: "ZONE", message: "litwareinc.com lies outside every declared zone" }],
  },
  {
    name: "ZONE: explicit zone that does not contain the domain",
    mutate: (s) => (s.sipDomains[1].zone = "contoso.com"),
    problems: [
      { path: "sipDomains[1].zone", subject: "fabrikam.com", rule: "ZONE", message: "fabrikam.com does not lie inside its zone contoso.com" },
    ],
  },
  {
    name: "ZONE: explicit zone that is not declared",
    mutate: (s) => (s.sipDomains[1].zone = "litwareinc.com"),
    problems: [{ path: "sipDomains[1].zone", subject: "fabrikam.com", rule: "ZONE", message: "zone litwareinc.com is not declared in zones" }],
  },
  {
    name: "ZONE: a shared name (dial-in) outside every zone",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://dialin.litwareinc.com"),
    problems: [
      {
        path: "simpleUrls.dialinUrl",
        subject: "dialin.litwareinc.com",
        rule: "ZONE",
        message: "dialin.litwareinc.com lies outside every declared zone, so its record cannot be published",
      },
    ],
  },
  // --- SRV target in the SIP domain (R-DNS-01/02) ---
  {
    name: "R-DNS-01: edgeHost in another domain (spec check, then both SRV records in the plan check)",
    mutate: (s) => (s.sipDomains[1].edgeHost = "sip.contoso.com"),
    problems: [
      {
        path: "sipDomains[1].edgeHost",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message:
          "SRV target sip.contoso.com must be a host inside the SIP domain fabrikam.com (R-DNS-01/R-DNS-02: clients and federation partners reject a target in another domain)",
      },
      {
        path: "sipDomains[1]",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message: "_sip._tls.fabrikam.com targets sip.contoso.com, outside the SIP domain fabrikam.com",
      },
      {
        path: "sipDomains[1]",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message: "_sipfederationtls._tcp.fabrikam.com targets sip.contoso.com, outside the SIP domain fabrikam.com",
      },
    ],
  },
  {
    name: "R-DNS-01: edgeHost equal to the bare SIP domain",
    mutate: (s) => (s.sipDomains[1].edgeHost = "Fabrikam.com"),
    problems: [
      {
        path: "sipDomains[1].edgeHost",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message:
          "SRV target fabrikam.com must be a host inside the SIP domain fabrikam.com (R-DNS-01/R-DNS-02: clients and federation partners reject a target in another domain)",
      },
      {
        path: "sipDomains[1]",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message: "_sip._tls.fabrikam.com targets fabrikam.com, outside the SIP domain fabrikam.com",
      },
      {
        path: "sipDomains[1]",
        subject: "fabrikam.com",
        rule: "R-DNS-01",
        message: "_sipfederationtls._tcp.fabrikam.com targets fabrikam.com, outside the SIP domain fabrikam.com",
      },
    ],
  },
  // --- Simple URLs (S4) ---
  {
    name: "S4: simple URL not unique",
    mutate: (s) => (s.simpleUrls.adminUrl = "https://DIALIN.contoso.com/"),
    problems: [
      { path: "simpleUrls.dialinUrl", rule: "S4", message: "simple URL https://dialin.contoso.com is not unique (also at simpleUrls.adminUrl)" },
      // The admin URL is internal only; on the dial-in host the reverse proxy would publish it.
      {
        path: "simpleUrls.adminUrl",
        subject: "dialin.contoso.com",
        rule: "S4",
        message:
          "the admin URL must stay internal, but dialin.contoso.com is published by the reverse proxy (https-web, every path forwarded): give it a host of its own that is not published, or a path on it that the route refuses (https://dialin.contoso.com/Admin, S4 option 3)",
      },
    ],
  },
  {
    name: "S4: simple URL is a prefix of another",
    mutate: (s) => (s.simpleUrls = { meet: "sharedHost", sharedHost: "lync.contoso.com", dialinUrl: "https://lync.contoso.com/contoso.com" }),
    problems: [
      {
        path: "sipDomains[0].name",
        subject: "contoso.com",
        rule: "S4",
        message:
          "simple URL https://lync.contoso.com/contoso.com/meet has the simple URL https://lync.contoso.com/contoso.com (simpleUrls.dialinUrl) as a prefix",
      },
    ],
  },
  {
    name: "S4: simple URL on the bare SIP domain",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://fabrikam.com/dialin"),
    problems: [
      {
        path: "simpleUrls.dialinUrl",
        rule: "S4",
        message: "simple URL https://fabrikam.com/dialin must use its own host, not the bare SIP domain fabrikam.com",
      },
    ],
  },
  {
    name: "S4: http:// simple URL",
    mutate: (s) => (s.simpleUrls.adminUrl = "http://admin.contoso.com"),
    problems: [{ path: "simpleUrls.adminUrl", rule: "S4", message: "simple URL http://admin.contoso.com must start with https://" }],
  },
  {
    name: "S4: simple URL with a port",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://dialin.contoso.com:8443"),
    problems: [{ path: "simpleUrls.dialinUrl", rule: "S4", message: "simple URL https://dialin.contoso.com:8443 must not name a port" }],
  },
  {
    name: "S4: hyphen in a simple URL host (allowed by R-DNS-12, not by S4)",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://dial-in.contoso.com"),
    problems: [
      {
        path: "simpleUrls.dialinUrl",
        rule: "S4",
        message: `simple URL https://dial-in.contoso.com host "dial-in.contoso.com" may contain only a-z, A-Z, 0-9 and '.'`,
      },
    ],
  },
  {
    name: "S4: a dial-in URL that does not parse is reported, not thrown",
    mutate: (s) => (s.simpleUrls.dialinUrl = "dialin contoso"),
    problems: [{ path: "simpleUrls.dialinUrl", rule: "S4", message: `"dialin contoso" is not a URL` }],
  },
  {
    name: "S4: shared meet host missing",
    mutate: (s) => (s.simpleUrls.meet = "sharedHost"),
    problems: [
      { path: "simpleUrls.sharedHost", rule: "S4", message: "meet: sharedHost needs simpleUrls.sharedHost, the one host of every meet URL" },
    ],
  },
  {
    name: "S4: the character rule covers the whole URL: a path segment with a hyphen",
    mutate: (s) => (s.simpleUrls.dialinUrl = "https://dialin.contoso.com/dial-in"),
    problems: [
      {
        path: "simpleUrls.dialinUrl",
        rule: "S4",
        message: `simple URL https://dialin.contoso.com/dial-in path segment "dial-in" may contain only a-z, A-Z, 0-9 and '.'`,
      },
    ],
  },
  {
    name: "S4: option-3 path segments drop the hyphens of a SIP domain; two domains that differ only there collide",
    mutate: (s) => {
      s.simpleUrls.sharedHost = "lync.contoso.com";
      s.sipDomains.push({ name: "northwind.contoso.com", meet: "sharedHost" }, { name: "north-wind.contoso.com", meet: "sharedHost" });
    },
    problems: [
      {
        path: "sipDomains[3].meet",
        subject: "north-wind.contoso.com",
        rule: "S4",
        message: "simple URL https://lync.contoso.com/northwind.contoso.com/meet is not unique (also at sipDomains[2].meet)",
      },
    ],
  },
  {
    name: "S4: option 2 needs its base label; a shared host that no SIP domain uses is refused (it would be published)",
    mutate: (s) => {
      s.sipDomains[1].meet = "perDomainBase";
      s.simpleUrls.sharedHost = "lync.contoso.com";
    },
    problems: [
      {
        path: "simpleUrls.sharedHost",
        rule: "S4",
        message:
          "sharedHost is only used with meet: sharedHost, which no on-premises SIP domain uses: remove it (the plan would publish it: a record, a certificate name and a route)",
      },
      {
        path: "simpleUrls.baseLabel",
        rule: "S4",
        message: "meet: perDomainBase needs simpleUrls.baseLabel, the first label of each SIP domain's simple-URL host, e.g. lync",
      },
    ],
  },
  {
    name: "S4: sharedHost with meet: perDomain is refused (regression of issue 22: its A record, certificate name and route)",
    mutate: (s) => (s.simpleUrls.sharedHost = "lync.contoso.com"),
    problems: [
      {
        path: "simpleUrls.sharedHost",
        rule: "S4",
        message:
          "sharedHost is only used with meet: sharedHost, which no on-premises SIP domain uses: remove it (the plan would publish it: a record, a certificate name and a route)",
      },
    ],
  },
  {
    name: "S4: the default meet: sharedHost counts only through the tenants: every on-premises tenant overrides it",
    mutate: (s) => {
      s.simpleUrls = { meet: "sharedHost", sharedHost: "lync.contoso.com", dialinUrl: "https://dialin.contoso.com" };
      for (const d of s.sipDomains) d.meet = "perDomain";
      s.sipDomains.push({ name: "online.contoso.com", home: "online" });
    },
    problems: [
      {
        path: "simpleUrls.sharedHost",
        rule: "S4",
        message:
          "sharedHost is only used with meet: sharedHost, which no on-premises SIP domain uses: remove it (the plan would publish it: a record, a certificate name and a route)",
      },
    ],
  },
  {
    name: "S4: an unused baseLabel is refused like an unused sharedHost",
    mutate: (s) => (s.simpleUrls.baseLabel = "lync"),
    problems: [
      {
        path: "simpleUrls.baseLabel",
        rule: "S4",
        message: "baseLabel is only used with meet: perDomainBase, which no on-premises SIP domain uses: remove it",
      },
    ],
  },
  {
    name: "S4: a tenant's option-2 host may not be its autodiscover name",
    mutate: (s) => {
      s.sipDomains[1].meet = "perDomainBase";
      s.simpleUrls.baseLabel = "lyncdiscover";
    },
    problems: [
      {
        path: "sipDomains[1].meet",
        subject: "lyncdiscover.fabrikam.com",
        rule: "S4",
        message: "lyncdiscover.fabrikam.com is a tenant's autodiscover name (R-DNS-07): simple URLs and web services need hosts of their own",
      },
    ],
  },
  // --- Hybrid and federation ---
  {
    name: "HYBRID: a split domain homed online, and one that does not federate",
    mutate: (s) => {
      s.sipDomains[0] = { name: "contoso.com", sharedSipAddressSpace: true, federation: false };
      s.sipDomains[1] = { name: "fabrikam.com", home: "online", sharedSipAddressSpace: true };
    },
    problems: [
      {
        path: "sipDomains[0].federation",
        subject: "contoso.com",
        rule: "HYBRID",
        message: "a split domain (sharedSipAddressSpace) reaches its online users through federation: _sipfederationtls._tcp is required (S11)",
      },
      {
        path: "sipDomains[1].home",
        subject: "fabrikam.com",
        rule: "HYBRID",
        message:
          "a split domain (sharedSipAddressSpace) keeps all its external Skype for Business records on premises (S11): declare it home: onPremises",
      },
    ],
  },
  {
    name: "EDGE-POOL: the federation route must be a declared edge pool",
    mutate: (s) => (s.federationRoute = "edge9"),
    problems: [{ path: "federationRoute", subject: "edge9", rule: "EDGE-POOL", message: `edge pool "edge9" is not declared in edgePools` }],
  },
  {
    name: "FED-ROUTE: with a federation route, sipfed.<d> cannot be a domain's own edge host",
    mutate: (s) => {
      s.federationRoute = "edge1";
      s.sipDomains[1].edgeHost = "sipfed.fabrikam.com";
    },
    problems: [
      {
        path: "sipDomains[1].edgeHost",
        subject: "fabrikam.com",
        rule: "FED-ROUTE",
        message: "sipfed.fabrikam.com is the federation host on the federation route's edge (federationRoute edge1): choose another edge host",
      },
    ],
  },
  {
    name: "R-DNS-07: a further pool's external web FQDN may not be a tenant's autodiscover name",
    mutate: (s) =>
      (s.webServices.additionalPools = [{ name: "pool-b", externalFqdn: "lyncdiscover.fabrikam.com", backend: { address: "10.0.2.1" } }]),
    problems: [
      {
        path: "webServices.additionalPools[0].externalFqdn",
        subject: "lyncdiscover.fabrikam.com",
        rule: "S4",
        message: "lyncdiscover.fabrikam.com is a tenant's autodiscover name (R-DNS-07): simple URLs and web services need hosts of their own",
      },
      {
        // this deployment publishes lyncdiscover over HTTPS too: the same name on two routes
        path: "webServices",
        subject: "lyncdiscover.fabrikam.com",
        rule: "UNIQUE",
        message: "lyncdiscover.fabrikam.com is published on port 443 by both https-web and https-pool-pool-b: give each web service its own name",
      },
    ],
  },
  {
    name: "CERT-EKU: client authentication is an edge certificate's setting, not the reverse proxy's",
    mutate: (s) => (s.certificates = { reverseProxy: { ca: { profile: "digicert", clientAuth: true } } }),
    problems: [
      {
        path: "certificates.reverseProxy.ca.clientAuth",
        rule: "CERT-EKU",
        message: "applies to edge certificates only: the reverse proxy never presents its certificate as a TLS client",
      },
    ],
  },
  // --- Certificates over their CA limit ---
  {
    name: "CERT-LIMIT: reverse-proxy certificate over a custom limit names its count and the fixes",
    mutate: (s) => (s.certificates = { reverseProxy: { ca: { profile: "custom", limit: 5 } } }),
    problems: [
      {
        path: "certificates.reverseProxy.ca",
        subject: "reverse-proxy",
        rule: "CERT-LIMIT",
        message:
          "certificate reverse-proxy needs 7 names (2 tenants) but the custom profile allows 5: use one shared meet host (simpleUrls.meet: sharedHost, S4 option 3), or publish lyncdiscover over HTTP (lyncdiscover: http, S5), or choose a CA profile with a higher limit",
      },
    ],
  },
  {
    name: "CERT-LIMIT: edge certificate over its limit proposes another edge pool",
    mutate: (s) => (s.edgePools[0].certificate = { ca: { profile: "custom", limit: 2 } }),
    problems: [
      {
        path: "edgePools[0].certificate.ca",
        subject: "edge-edge1",
        rule: "CERT-LIMIT",
        message:
          "certificate edge-edge1 needs 3 names (1 tenant) but the custom profile allows 2: add another edge pool (edgePools) and move domains to it with sipDomains[].edgePool, or choose a CA profile with a higher limit",
      },
    ],
  },
  {
    name: "CERT-LIMIT: Let's Encrypt's 100 names with 49 domains under option 1 + HTTPS lyncdiscover",
    mutate: (s) => {
      s.certificates = { reverseProxy: { ca: { profile: "letsencrypt" } } };
      for (let i = 0; i < 47; i++) s.sipDomains.push({ name: `t${i}.contoso.com` });
    },
    problems: [
      {
        path: "certificates.reverseProxy.ca",
        subject: "reverse-proxy",
        rule: "CERT-LIMIT",
        message:
          "certificate reverse-proxy needs 101 names (49 tenants) but the letsencrypt profile allows 100: use one shared meet host (simpleUrls.meet: sharedHost, S4 option 3), or publish lyncdiscover over HTTP (lyncdiscover: http, S5), or choose a CA profile with a higher limit",
      },
    ],
  },
  {
    name: "CERT-LIMIT: custom profile without its limit",
    mutate: (s) => (s.certificates = { reverseProxy: { ca: { profile: "custom" } } }),
    problems: [{ path: "certificates.reverseProxy.ca.limit", rule: "CERT-LIMIT", message: "a custom CA profile needs its name limit" }],
  },
  // --- Shape (SCHEMA) ---
  {
    name: "SCHEMA: empty SIP domain list",
    mutate: (s) => (s.sipDomains = []),
    problems: [{ path: "sipDomains", rule: "SCHEMA", message: "Too small: expected array to have >=1 items" }],
  },
  {
    name: "SCHEMA: bad IPv4 address",
    mutate: (s) => s.edgePools[0].accessEdge.ipv4.push("131.107.155.300"),
    problems: [{ path: "edgePools[0].accessEdge.ipv4[2]", rule: "SCHEMA", message: "Invalid IPv4 address" }],
  },
  {
    name: "SCHEMA: bad IPv6 address",
    mutate: (s) => (s.webServices.publicIpv6 = "2001:db8::g"),
    problems: [{ path: "webServices.publicIpv6", rule: "SCHEMA", message: "Invalid IPv6 address" }],
  },
  {
    name: "SCHEMA: port above 65535",
    mutate: (s) => (s.webServices.backend.httpsPort = 70000),
    problems: [{ path: "webServices.backend.httpsPort", rule: "SCHEMA", message: "Too big: expected number to be <=65535" }],
  },
  {
    name: "SCHEMA: port 0",
    mutate: (s) => (s.webServices.backend.httpPort = 0),
    problems: [{ path: "webServices.backend.httpPort", rule: "SCHEMA", message: "Too small: expected number to be >=1" }],
  },
  {
    name: "SCHEMA: unknown key in a SIP domain names the domain",
    mutate: (s) => ((s.sipDomains[0] as Record<string, unknown>).federaton = false),
    problems: [{ path: "sipDomains[0]", subject: "contoso.com", rule: "SCHEMA", message: `unknown key "federaton"` }],
  },
  {
    name: "SCHEMA: unknown top-level key",
    mutate: (s) => ((s as Record<string, unknown>).sipDomain = []),
    problems: [{ path: "", rule: "SCHEMA", message: `unknown key "sipDomain"` }],
  },
  // --- Product and references ---
  {
    name: "R-DNS-09: XMPP on Skype for Business Server 2019",
    mutate: (s) => {
      s.product = "sfb2019";
      s.sipDomains[1].xmpp = true;
    },
    problems: [
      {
        path: "sipDomains[1].xmpp",
        subject: "fabrikam.com",
        rule: "R-DNS-09",
        message: "XMPP federation is not supported in Skype for Business Server 2019",
      },
    ],
  },
  {
    name: "EDGE-POOL: unknown edge pool is reported, not thrown",
    mutate: (s) => (s.sipDomains[1].edgePool = "edge9"),
    problems: [
      { path: "sipDomains[1].edgePool", subject: "fabrikam.com", rule: "EDGE-POOL", message: `edge pool "edge9" is not declared in edgePools` },
    ],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const spec = fixture("contoso-fabrikam-option1.yaml");
    c.mutate(spec);
    assert.deepEqual(problemsOf(spec), c.problems);
  });
}

test("the unmodified golden deployment is valid (every case above fails only because of its mutation)", () => {
  assert.deepEqual(problemsOf(fixture("contoso-fabrikam-option1.yaml")), []);
});

test("a shape error that drops a list item does not shift the paths of later problems", () => {
  const spec = fixture("contoso-fabrikam-option1.yaml");
  (spec.sipDomains as unknown[]).unshift({ name: "a.contoso.com", federation: "yes" }); // dropped before the rule checks
  spec.sipDomains[2].edgePool = "edge9"; // fabrikam.com, now at index 2
  assert.deepEqual(problemsOf(spec), [
    { path: "sipDomains[0].federation", subject: "a.contoso.com", rule: "SCHEMA", message: "Invalid input: expected boolean, received string" },
    { path: "sipDomains[2].edgePool", subject: "fabrikam.com", rule: "EDGE-POOL", message: `edge pool "edge9" is not declared in edgePools` },
  ]);
});

test("not an object at all: one SCHEMA problem for the whole document", () => {
  for (const input of [null, 42, "contoso.com", []]) {
    const problems = problemsOf(input);
    assert.equal(problems.length, 1);
    assert.deepEqual({ path: problems[0].path, rule: problems[0].rule }, { path: "", rule: "SCHEMA" });
  }
});
