// Findings of the expert review (issue 13, section 4), each with the source docs/rules.md cites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf, problemsOf } from "./support";
import { runbookScript } from "../../components/render/runbook";
import { planToMarkdown } from "../../components/render/markdown";
import type { DeploymentInput, Plan } from "../../components/model";

const keyWarnings = (key: Record<string, unknown>) => {
  const input = fixture("contoso-fabrikam-default.yaml");
  return planOf({ ...input, certificates: { ...input.certificates, key } })
    .warnings.filter((w) => w.rule === "CERT-KEY")
    .map((w) => w.message);
};

test("CERT-KEY: RSA 2048 and 4096 are Microsoft's lengths; 3072 and ECDSA get a warning that says why", () => {
  assert.deepEqual(keyWarnings({ algorithm: "RSA", rsaBits: 2048 }), []);
  assert.deepEqual(keyWarnings({ algorithm: "RSA", rsaBits: 4096 }), []);
  assert.match(keyWarnings({ algorithm: "RSA", rsaBits: 3072 }).join(), /not among the key lengths Microsoft lists .* \(1024, 2048, 4096\)/);
  assert.match(keyWarnings({ algorithm: "ECDSA", ecdsaCurve: "P384" }).join(), /^ECDSA P384: .*Lync Phone Edition/);
});

test("federation: false on a Microsoft-hosted domain: advice for its Microsoft 365 tenant, not for our edge", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  const name = input.sipDomains[1].name;
  const plan = planOf({ ...input, sipDomains: input.sipDomains.map((d, i) => (i === 1 ? { name, home: "online" as const, federation: false } : d)) });
  const [w] = plan.warnings.filter((x) => x.subject === name);
  assert.equal(w.rule, "R-DNS-04");
  assert.match(w.message, /Microsoft 365 tenant/);
  assert.doesNotMatch(w.message, /partner domain discovery/);
});

test("the A/V edge name follows the product: on Lync 2013's edge certificate (S23), not on Skype for Business's (S1)", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  const av = input.edgePools[0].audioVideo.fqdn;
  const names = (product: "lync2013" | "sfb2015", flag?: boolean) =>
    planOf({
      ...input,
      product,
      edgePools: input.edgePools.map((p) => (flag === undefined ? p : { ...p, certificate: { ...p.certificate, includeAudioVideoName: flag } })),
    }).certificates.find((c) => c.kind === "edgeExternal")!.dnsNames;
  assert.ok(names("lync2013").includes(av));
  assert.ok(!names("sfb2015").includes(av));
  // The pool's flag still decides when given.
  assert.ok(!names("lync2013", false).includes(av));
  assert.ok(names("sfb2015", true).includes(av));
});

/** The default fixture with a second edge pool (edge2) that serves fabrikam.com. */
function twoPools(mutate: (s: ReturnType<typeof fixture>) => void = () => {}) {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.edgePools.push({
    name: "edge2",
    accessEdge: { fqdn: "sip2.contoso.com", ipv4: ["131.107.156.10"] },
    webConferencing: { fqdn: "webcon2.contoso.com", ipv4: ["131.107.156.20"] },
    audioVideo: { fqdn: "av2.contoso.com", ipv4: ["131.107.156.30"] },
  });
  input.sipDomains = [
    { name: "contoso.com", edgePool: "edge1" },
    { name: "fabrikam.com", edgePool: "edge2" },
  ];
  mutate(input);
  return planOf(input);
}
const names = (plan: Plan, id: string) => plan.certificates.find((c) => c.id === id)!.dnsNames;
const data = (plan: Plan, name: string, type: string) => plan.records.filter((r) => r.name === name && r.type === type).map((r) => r.data);

test("XMPP names on the edge certificate: the XMPP domain on both (S55), and xmpp.<d> too on SfB 2015 (S1), never *.<d>", () => {
  const xmppNames = (product: "lync2013" | "sfb2015") => {
    const input = fixture("contoso-fabrikam-default.yaml");
    input.product = product;
    input.sipDomains = [{ name: "contoso.com" }, { name: "fabrikam.com", xmpp: true }];
    const plan = planOf(input);
    return names(plan, "edge-edge1").filter((n) => n.includes("fabrikam") && n !== "sip.fabrikam.com");
  };
  assert.deepEqual(xmppNames("lync2013"), ["fabrikam.com"]);
  // Issue 21: Microsoft's tables ask for the XMPP domain itself as well; the edge takes no wildcard.
  assert.deepEqual(xmppNames("sfb2015"), ["fabrikam.com", "xmpp.fabrikam.com"]);
});

test("FED-ROUTE: with a federation route, a domain on another pool federates through sipfed.<d> on the route's edge", () => {
  const plan = twoPools((s) => {
    s.federationRoute = "edge1";
    s.sipDomains[1].xmpp = true;
  });
  // Clients still sign in through their own pool ...
  assert.deepEqual(data(plan, "_sip._tls.fabrikam.com", "SRV"), ["0 0 443 sip.fabrikam.com."]);
  assert.deepEqual(data(plan, "sip.fabrikam.com", "A"), ["131.107.156.10"]);
  // ... federation partners (and XMPP) reach the pool that federates, under a name inside the domain (R-DNS-02).
  assert.deepEqual(data(plan, "_sipfederationtls._tcp.fabrikam.com", "SRV"), ["0 0 5061 sipfed.fabrikam.com."]);
  assert.deepEqual(data(plan, "sipfed.fabrikam.com", "A"), ["131.107.155.10", "131.107.155.11"]);
  assert.deepEqual(data(plan, "xmpp.fabrikam.com", "A"), ["131.107.155.10", "131.107.155.11"]);
  assert.deepEqual(names(plan, "edge-edge1"), ["fabrikam.com", "sip.contoso.com", "sipfed.fabrikam.com", "webcon.contoso.com", "xmpp.fabrikam.com"]);
  assert.deepEqual(names(plan, "edge-edge2"), ["sip.fabrikam.com", "sip2.contoso.com", "webcon2.contoso.com"]);
  // The pool that federates needs client authentication; the other one does not.
  assert.deepEqual(
    plan.certificates.map((c) => [c.id, c.issuance.extendedKeyUsages]),
    [
      ["edge-edge1", ["serverAuth", "clientAuth"]],
      ["edge-edge2", ["serverAuth"]],
      ["reverse-proxy", ["serverAuth"]],
    ],
  );
  // The topology must route federation so: the runbook says where (Topology Builder holds the route).
  assert.match(
    runbookScript(plan),
    /^ {2}# Federation route \(docs\/rules\.md FED-ROUTE\): the plan's federation records point at edge pool edge1\. In Topology$/m,
  );
  assert.deepEqual(
    plan.warnings.filter((w) => w.rule === "FED-ROUTE"),
    [],
  );
  // Without a route, each pool federates for its own domains (a federation route per site), and a warning says what
  // the topology must then look like.
  const perSite = twoPools();
  assert.deepEqual(data(perSite, "_sipfederationtls._tcp.fabrikam.com", "SRV"), ["0 0 5061 sip.fabrikam.com."]);
  assert.deepEqual(data(perSite, "sipfed.fabrikam.com", "A"), []);
  assert.match(
    perSite.warnings.find((w) => w.rule === "FED-ROUTE")!.message,
    /^edge pools edge1, edge2 each federate for their own SIP domains: each must be the federation route of its own site/,
  );
  assert.doesNotMatch(runbookScript(perSite), /Federation route/);
});

test("S4 per tenant: a domain may use option 2 (its own base host) in a shared-host deployment; records, names and routes follow", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.simpleUrls.baseLabel = "sfb";
  input.sipDomains = [{ name: "contoso.com" }, { name: "fabrikam.com", meet: "perDomainBase" }];
  input.internalDns = { frontEnd: { ipv4: ["192.168.21.10"] }, internalWeb: { fqdn: "webint.contoso.com", ipv4: ["192.168.21.120"] } };
  const plan = planOf(input);
  assert.deepEqual(
    plan.tenants.map((t) => [t.name, t.meetStyle, t.meetUrl]),
    [
      ["contoso.com", "sharedHost", "https://sfb2015.contoso.com/contoso.com/meet"],
      ["fabrikam.com", "perDomainBase", "https://sfb.fabrikam.com/meet"],
    ],
  );
  assert.deepEqual(data(plan, "sfb.fabrikam.com", "A"), ["131.107.155.1"]);
  assert.equal(plan.certificates.find((c) => c.id === "reverse-proxy")!.nameOwners["sfb.fabrikam.com"], "fabrikam.com");
  assert.ok(plan.routes.find((r) => r.id === "https-web")!.listener.hostNames.includes("sfb.fabrikam.com"));
  assert.deepEqual(
    plan.internal!.records.filter((r) => r.name === "sfb.fabrikam.com").map((r) => [r.zone, r.data]),
    [["sfb.fabrikam.com", "192.168.21.120"]],
  );
});

test("reverse-proxy wildcard: *.<parent> replaces two or more simple-URL and lyncdiscover names; web services names stay", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.lyncdiscover = "https";
  input.certificates = { reverseProxy: { wildcard: true } };
  input.zones.push({ provider: "azure", name: "litwareinc.com", resourceGroup: "rg-dns" });
  input.sipDomains = [{ name: "contoso.com" }, { name: "fabrikam.com", meet: "perDomain" }, { name: "litwareinc.com" }];
  const plan = planOf(input);
  const rp = plan.certificates.find((c) => c.id === "reverse-proxy")!;
  // contoso.com: dialin, the shared meet host and lyncdiscover; fabrikam.com: meet and lyncdiscover. litwareinc.com has
  // one name (lyncdiscover) and keeps it: a wildcard for its whole domain would replace nothing. The external web FQDN
  // (the subject) and Office Online Server are no simple URLs (S24).
  assert.deepEqual(rp.dnsNames, [
    "*.contoso.com",
    "*.fabrikam.com",
    "lyncdiscover.litwareinc.com",
    "officewebapps01.contoso.com",
    "webext.contoso.com",
  ]);
  assert.equal(rp.subject.commonName, "webext.contoso.com");
  assert.deepEqual(rp.nameOwners["*.contoso.com"], null);
  assert.deepEqual(rp.nameOwners["*.fabrikam.com"], "fabrikam.com");
  assert.ok(!names(plan, "edge-edge1").some((n) => n.includes("*")));
});

test("CERT-EKU: the plan says what the CA must issue, and warns where the CA profile cannot issue client authentication", () => {
  type Ca = NonNullable<NonNullable<DeploymentInput["edgePools"][number]["certificate"]>["ca"]>;
  const ekuWarnings = (ca: Ca, federation = true) => {
    const input = fixture("contoso-fabrikam-default.yaml");
    input.edgePools[0].certificate = { ca };
    input.sipDomains = input.sipDomains.map((d) => ({ ...d, federation }));
    const plan = planOf(input);
    return plan.warnings.filter((w) => w.rule === "CERT-EKU").map((w) => `${w.subject}: ${w.message.slice(0, 40)}`);
  };
  const warned = ["edge-edge1: this edge federates, and federation is m"];
  assert.deepEqual(ekuWarnings({ profile: "digicert" }), warned);
  assert.deepEqual(ekuWarnings({ profile: "letsencrypt" }), warned);
  assert.deepEqual(ekuWarnings({ profile: "digicert", clientAuth: true }), []);
  assert.deepEqual(ekuWarnings({ profile: "custom", limit: 100 }), warned, "a custom CA too, unless the spec says its order has the EKU");
  assert.deepEqual(ekuWarnings({ profile: "custom", limit: 100, clientAuth: true }), []);
  assert.deepEqual(ekuWarnings({ profile: "digicert" }, false), [], "an edge that federates nothing needs no client EKU");
  // The review asks for Server Authentication as required and words Client Authentication as the precaution it is.
  const review = planToMarkdown(planOf(fixture("contoso-fabrikam-default.yaml")));
  assert.match(
    review,
    /The CA must issue: EKU Server Authentication; Client Authentication too where the CA still issues it \(a precaution: [^)]*Microsoft requires it only for public IM with AOL\); a CRL distribution point/,
  );
  assert.doesNotMatch(review, /EKU Server Authentication and Client Authentication/);
  const edge = planOf(fixture("contoso-fabrikam-default.yaml")).certificates[0];
  assert.deepEqual(edge.issuance, {
    extendedKeyUsages: ["serverAuth", "clientAuth"],
    crlDistributionPoint: true,
    exportableKey: true,
    caIssuesAll: false,
  });
});

test("HYBRID: a split domain is planned on premises, and the runbook makes Microsoft 365 a hosting provider that shares it", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.sipDomains = [{ name: "contoso.com" }, { name: "fabrikam.com", sharedSipAddressSpace: true }];
  const plan = planOf(input);
  const fabrikam = plan.tenants.find((t) => t.name === "fabrikam.com")!;
  assert.deepEqual([fabrikam.home, fabrikam.sharedSipAddressSpace], ["onPremises", true]);
  // S11: every external record of the split domain points on premises: exactly the records of an on-premises domain,
  // and none of the Microsoft-hosted ones it would have when homed online.
  const onPremises = planOf(fixture("contoso-fabrikam-default.yaml"));
  const rows = (p: Plan) => p.records.filter((r) => r.sipDomain === "fabrikam.com").map((r) => `${r.name} ${r.type} ${r.data}`);
  assert.deepEqual(rows(plan), rows(onPremises));
  assert.deepEqual(data(plan, "_sipfederationtls._tcp.fabrikam.com", "SRV"), ["0 0 5061 sip.fabrikam.com."]);
  const script = runbookScript(plan);
  assert.match(script, /^ {2}# Split domains \(shared SIP address space with Microsoft 365\): fabrikam\.com\.$/m);
  // Microsoft's hybrid steps (S10): federation by DNS SRV, then the hosting provider with its six settings, new or repaired.
  const settings =
    "-Enabled \\$true -EnabledSharedAddressSpace \\$true -HostsOCSUsers \\$true -VerificationLevel UseSourceVerification -IsLocal \\$false -AutodiscoverUrl 'https://webdir\\.online\\.lync\\.com/Autodiscover/AutodiscoverService\\.svc/root'";
  assert.match(
    script,
    /^ {4}Set-CsAccessEdgeConfiguration -AllowOutsideUsers \$true -AllowFederatedUsers \$true -EnablePartnerDiscovery \$true -UseDnsSrvRouting$/m,
  );
  assert.match(script, new RegExp(`^ {4}New-CsHostingProvider -Identity 'Office365' -ProxyFqdn 'sipfed\\.online\\.lync\\.com' ${settings}$`, "m"));
  assert.match(script, new RegExp(`^ {4}Set-CsHostingProvider -Identity \\$provider\\.Identity ${settings}$`, "m"));
  assert.doesNotMatch(runbookScript(onPremises), /HostingProvider|AccessEdgeConfiguration/);
});

test("S28: further pools' external web services (Front End pools beside a Director): a record, a certificate name and a route each", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  input.webServices.externalFqdn = "webdirext.contoso.com"; // the Director: simple URLs and lyncdiscover go there
  input.webServices.additionalPools = [
    { name: "pool-b", externalFqdn: "webext-b.contoso.com", backend: { address: "192.168.22.120" } },
    { name: "pool-a", externalFqdn: "WebExt-A.contoso.com.", backend: { address: "pool-a-web.contoso.local", httpsPort: 4444 } },
  ];
  const plan = planOf(input);
  assert.deepEqual(data(plan, "webext-a.contoso.com", "A"), ["131.107.155.1"]);
  assert.deepEqual(
    names(plan, "reverse-proxy").filter((n) => n.startsWith("web")),
    ["webdirext.contoso.com", "webext-a.contoso.com", "webext-b.contoso.com"],
  );
  assert.deepEqual(
    plan.routes
      .filter((r) => r.id.startsWith("https-pool-"))
      .map((r) => [r.id, r.listener.hostNames, `${r.backend.address}:${r.backend.port}`, r.backend.sniName]),
    [
      ["https-pool-pool-a", ["webext-a.contoso.com"], "pool-a-web.contoso.local:4444", "webext-a.contoso.com"],
      ["https-pool-pool-b", ["webext-b.contoso.com"], "192.168.22.120:4443", "webext-b.contoso.com"],
    ],
  );
  // The simple URLs stay with the first one.
  assert.ok(!plan.routes.find((r) => r.id === "https-web")!.listener.hostNames.some((h) => h.startsWith("webext-")));
  // Each FQDN and each key once (2.3: a Director's external web FQDN differs from every Front End pool's).
  input.webServices.additionalPools.push({ name: "pool-a", externalFqdn: "webdirext.contoso.com", backend: { address: "192.168.23.1" } });
  assert.deepEqual(
    problemsOf(input).map((p) => `${p.path} ${p.rule}: ${p.message}`),
    [
      "webServices.additionalPools[2].name UNIQUE: web pool pool-a is declared twice (first at webServices.additionalPools[1].name)",
      "webServices.additionalPools[2].externalFqdn UNIQUE: external web services FQDN webdirext.contoso.com is declared twice (first at webServices.externalFqdn)",
      // and its consequence for the reverse proxy
      "webServices UNIQUE: webdirext.contoso.com is published on port 443 by both https-web and https-pool-pool-a: give each web service its own name",
    ],
  );
});

test("S4: a hyphenated SIP domain with per-domain meet is valid with a warning; operator-named hosts keep the strict rule", () => {
  const input = fixture("contoso-fabrikam-option1.yaml");
  input.zones.push({ provider: "azure", name: "north-wind.com", resourceGroup: "rg-dns" });
  input.sipDomains.push({ name: "north-wind.com" });
  const plan = planOf(input);
  assert.equal(plan.tenants.find((t) => t.name === "north-wind.com")!.meetUrl, "https://meet.north-wind.com");
  const warnings = plan.warnings.filter((w) => w.rule === "S4");
  assert.deepEqual(
    warnings.map((w) => w.subject),
    ["north-wind.com"],
  );
  assert.match(warnings[0].message, /might not work as expected/);
  // Option 2 too: <baseLabel>.<d> is derived from the domain.
  const base = fixture("contoso-fabrikam-option1.yaml");
  base.simpleUrls.baseLabel = "lync";
  base.zones.push({ provider: "azure", name: "north-wind.com", resourceGroup: "rg-dns" });
  base.sipDomains.push({ name: "north-wind.com", meet: "perDomainBase" });
  assert.ok(planOf(base).warnings.some((w) => w.rule === "S4" && w.subject === "north-wind.com"));
});

test("IPv6 listeners and backends print in brackets before the port ([2001:db8::100]:443), IPv4 as it is", () => {
  const input = fixture("contoso-fabrikam-option1.yaml");
  input.webServices.publicIpv6 = "2001:db8::100";
  input.webServices.backend = { address: "2001:db8:1::10" };
  const md = planToMarkdown(planOf(input));
  assert.match(md, /\| https-web \| HTTPS 131\.107\.155\.1:443, \[2001:db8::100\]:443 \(cert reverse-proxy\) \|/);
  assert.match(md, /https:\/\/\[2001:db8:1::10\]:4443, original Host/);
  assert.doesNotMatch(md, /2001:db8::100:443/);
});
