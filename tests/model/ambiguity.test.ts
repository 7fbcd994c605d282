// Inputs that validate shape-wise but would make DNS or routing ambiguous: each must be a clear problem, and ownership
// must never depend on input order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf, problemsOf } from "./support";

const base = () => fixture("contoso-fabrikam-default.yaml");

test("DNS-CONFLICT: an edgeHost equal to lyncdiscover.<d> is reported once, on the edge host (not again by the plan)", () => {
  const input = base();
  input.sipDomains[1].edgeHost = "lyncdiscover.fabrikam.com";
  assert.deepEqual(problemsOf(input), [
    {
      path: "sipDomains[1].edgeHost",
      subject: "fabrikam.com",
      rule: "DNS-CONFLICT",
      message:
        "SRV target lyncdiscover.fabrikam.com is also the tenant's autodiscover name (R-DNS-07), which points at the reverse proxy: the edge host needs a name of its own",
    },
  ]);
});

test("UNIQUE: Office Online Server on the dial-in host would give two port-443 routes the same host name", () => {
  const input = base();
  input.webServices.officeOnlineServer = { fqdn: "dialin.contoso.com", backendAddress: "10.0.1.20" };
  assert.deepEqual(
    problemsOf(input).filter((p) => p.rule === "UNIQUE"),
    [
      {
        path: "webServices",
        subject: "dialin.contoso.com",
        rule: "UNIQUE",
        message: "dialin.contoso.com is published on port 443 by both https-web and https-office-online: give each web service its own name",
      },
    ],
  );
});

test("SCHEMA: a numeric backend address must be a valid IP address (10.0.0.300 is not, nor is it a host name)", () => {
  const input = base();
  input.webServices.backend.address = "10.0.0.300";
  assert.deepEqual(problemsOf(input), [
    { path: "webServices.backend.address", rule: "SCHEMA", message: '"10.0.0.300" is neither a valid IP address nor a host name' },
  ]);
});

test("records go to the most specific declared zone: sip.eu.fabrikam.com lives in eu.fabrikam.com, not behind its delegation", () => {
  const input = base();
  input.zones.push({ provider: "azure", name: "eu.fabrikam.com", resourceGroup: "rg-dns" });
  input.sipDomains[1].edgeHost = "sip.eu.fabrikam.com";
  const plan = planOf(input);
  const sip = plan.records.filter((r) => r.name === "sip.eu.fabrikam.com");
  assert.ok(sip.length > 0 && sip.every((r) => r.zone === "eu.fabrikam.com"));
  assert.ok(plan.records.filter((r) => r.name === "_sip._tls.fabrikam.com").every((r) => r.zone === "fabrikam.com"));
});

test("ZONE: an explicit zone above a more specific declared zone is refused", () => {
  const input = base();
  input.zones.push({ provider: "azure", name: "eu.fabrikam.com", resourceGroup: "rg-dns" });
  input.sipDomains.push({ name: "eu.fabrikam.com", zone: "fabrikam.com" });
  assert.deepEqual(
    problemsOf(input).filter((p) => p.rule === "ZONE"),
    [
      {
        path: "sipDomains[2].zone",
        subject: "eu.fabrikam.com",
        rule: "ZONE",
        message: "zone eu.fabrikam.com is declared and contains eu.fabrikam.com: records in fabrikam.com would be hidden by its delegation",
      },
    ],
  );
});

test("R-DNS-01: an edgeHost inside another (deeper) SIP domain is refused, whatever the order", () => {
  for (const order of [0, 1]) {
    const input = base();
    const domains = [{ name: "sales.fabrikam.com" }, { name: "fabrikam.com", edgeHost: "sip.sales.fabrikam.com" }];
    input.sipDomains = [input.sipDomains[0], ...(order ? domains.reverse() : domains)];
    const problems = problemsOf(input).filter((p) => p.rule === "R-DNS-01");
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0].message, /SRV target sip\.sales\.fabrikam\.com lies inside the other SIP domain sales\.fabrikam\.com/);
  }
});

test("missing required names do not hide the other problems: stand-ins keep the rule checks running, their echoes are left out", () => {
  const input = base();
  delete (input.simpleUrls as Partial<typeof input.simpleUrls>).dialinUrl;
  delete (input.webServices as Partial<typeof input.webServices>).externalFqdn;
  input.sipDomains.push({ name: "bücher.de" }, { name: "x.contoso.com", edgePool: "nope" });
  assert.deepEqual(
    problemsOf(input).map((p) => `${p.path} [${p.rule}] ${p.message.slice(0, 40)}`),
    [
      "webServices.externalFqdn [SCHEMA] required (string) but missing",
      "simpleUrls.dialinUrl [SCHEMA] required (string) but missing",
      'sipDomains[2].name [R-DNS-12] "bücher.de" contains non-ASCII character',
      "sipDomains[2].name [ZONE] bücher.de lies outside every declared zo",
      'sipDomains[3].edgePool [EDGE-POOL] edge pool "nope" is not declared in edge',
    ],
  );
});

test("AZ-DNS-LIMIT: more than 250 Azure zones in one subscription is a warning (raisable quota), 250 is not", () => {
  const SUB = "22222222-2222-2222-2222-222222222222";
  const withZones = (n: number, inSub = 0) => {
    const input = base();
    for (let i = 0; i < n - 2; i++) {
      const subscription = i < inSub ? { subscriptionId: SUB } : {};
      input.zones.push({ provider: "azure", name: `t${i}.example`, resourceGroup: "rg-dns", ...subscription });
      input.sipDomains.push({ name: `t${i}.example`, home: "online" }); // online: no edge certificate name
    }
    return planOf(input).warnings.filter((w) => w.rule === "AZ-DNS-LIMIT");
  };
  assert.deepEqual(withZones(250), []);
  assert.deepEqual(
    withZones(251).map((w) => w.message),
    [
      "251 Azure DNS zones in the Azure provider's subscription: a subscription holds 250 public zones unless Azure support raises the quota (S44); spread them with zones[].subscriptionId",
    ],
  );
  // Counted per subscription: 400 zones over two subscriptions fit, 600 do not in either.
  assert.deepEqual(withZones(400, 200), []);
  assert.deepEqual(
    withZones(600, 300).map((w) => [w.subject ?? "", w.message.split(":")[0]]),
    [
      ["", "300 Azure DNS zones in the Azure provider's subscription"],
      [SUB, "300 Azure DNS zones in this subscription"],
    ],
  );
});

test("RFC1035: names the rules derive are length-checked too (a 244-character SIP domain yields a 267-character SRV name)", () => {
  const input = base();
  const long = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(48)}.fabrikam.com`; // 244 characters
  input.sipDomains.push({ name: long });
  const problems = problemsOf(input).filter((p) => p.rule === "RFC1035");
  assert.deepEqual(
    problems.map((p) => [p.path, p.message.replace(/ [a-z_.]{40}\.\.\./, " <name>...")]),
    [
      ["sipDomains[2].name", "the derived SRV record name <name>... is 254 characters long; a DNS name has at most 253"], // _sip._tls
      ["sipDomains[2].name", "the derived SRV record name <name>... is 267 characters long; a DNS name has at most 253"], // _sipfederationtls._tcp
      ["sipDomains[2].name", "the derived A record name <name>... is 257 characters long; a DNS name has at most 253"], // lyncdiscover
    ],
  );
});

test("R-DNS-08: the HTTP-only lyncdiscover address must be an address of its own (not the proxy's, not an edge's)", () => {
  for (const [address, other] of [
    ["131.107.155.1", "webServices.publicIpv4"],
    ["131.107.155.20", "edgePools[0].webConferencing"],
  ]) {
    const input = base();
    input.webServices.lyncdiscoverHttpIpv4 = address;
    assert.deepEqual(
      problemsOf(input).filter((p) => p.rule === "R-DNS-08"),
      [
        {
          path: "webServices.lyncdiscoverHttpIpv4",
          rule: "R-DNS-08",
          message: `${address} is also ${other}: the HTTP-only lyncdiscover address must offer no HTTPS, so it must be an address of its own`,
        },
      ],
    );
  }
});

test("UNIQUE: two edge pools cannot declare one edge name (their addresses would merge into one record)", () => {
  const input = base();
  input.edgePools.push({
    name: "edge2",
    accessEdge: { fqdn: "access2.contoso.com", ipv4: ["198.51.100.40"] },
    webConferencing: { fqdn: "webcon.contoso.com", ipv4: ["198.51.100.41"] },
    audioVideo: { fqdn: "av2.contoso.com", ipv4: ["198.51.100.42"] },
  });
  assert.deepEqual(
    problemsOf(input).filter((p) => p.rule === "UNIQUE"),
    [
      {
        path: "edgePools[1].webConferencing.fqdn",
        subject: "webcon.contoso.com",
        rule: "UNIQUE",
        message: "edge name webcon.contoso.com is declared twice (first at edgePools[0].webConferencing.fqdn)",
      },
    ],
  );
});

test("S4: a simple URL must not use the pool FQDN (the front end's web site, when the backend is named)", () => {
  const input = base();
  input.webServices.backend.address = "pool01.contoso.com";
  input.simpleUrls.dialinUrl = "https://pool01.contoso.com/dialin";
  assert.deepEqual(
    problemsOf(input)
      .filter((p) => p.rule === "S4")
      .map((p) => [p.path, p.message]),
    [["simpleUrls.dialinUrl", "simple URL https://pool01.contoso.com/dialin must not contain the pool FQDN pool01.contoso.com"]],
  );
});
