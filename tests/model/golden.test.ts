/**
 * Golden cases: Microsoft's own contoso.com / fabrikam.com example (S1, S3, S22, S28; see the fixture headers).
 * The expected tables are written out by hand from docs/rules.md sections 0-3, not captured from the model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf, recordRows, type RecordRow } from "./support";

const TTL = 3600; // the spec's default TTL (the fixtures set none)
const RP = "131.107.155.1"; // reverse proxy public IP (S3)

/** Rows every variant shares: edge pool (rows 4-6), external web services (row 11), dial-in (row 9), OOS (row 12). */
const sharedRows: RecordRow[] = [
  ["contoso.com", "av.contoso.com", "A", TTL, "131.107.155.30", "S1"],
  ["contoso.com", "av.contoso.com", "A", TTL, "131.107.155.31", "S1"],
  ["contoso.com", "dialin.contoso.com", "A", TTL, RP, "S4"],
  ["contoso.com", "officewebapps01.contoso.com", "A", TTL, RP, "S9"],
  // sip.contoso.com is both the access edge pool FQDN (row 4) and contoso.com's own sip.<d> (row 3): one record set.
  ["contoso.com", "sip.contoso.com", "A", TTL, "131.107.155.10", "S1"],
  ["contoso.com", "sip.contoso.com", "A", TTL, "131.107.155.11", "S1"],
  ["contoso.com", "webcon.contoso.com", "A", TTL, "131.107.155.20", "S1"],
  ["contoso.com", "webcon.contoso.com", "A", TTL, "131.107.155.21", "S1"],
  ["contoso.com", "webext.contoso.com", "A", TTL, RP, "S3"],
];

/** Rows 1-3 and 7 per SIP domain: SRV 443/5061 to sip.<d> in the same domain (R-DNS-01..05), lyncdiscover.<d> A. */
function tenantRows(d: string, lyncdiscoverIp: string): RecordRow[] {
  const rows: RecordRow[] = [
    [d, `_sip._tls.${d}`, "SRV", TTL, `0 0 443 sip.${d}.`, "R-DNS-03"],
    [d, `_sipfederationtls._tcp.${d}`, "SRV", TTL, `0 0 5061 sip.${d}.`, "R-DNS-04"],
    [d, `lyncdiscover.${d}`, "A", TTL, lyncdiscoverIp, "R-DNS-07"],
  ];
  if (d !== "contoso.com") {
    rows.push([d, `sip.${d}`, "A", TTL, "131.107.155.10", "R-DNS-05"], [d, `sip.${d}`, "A", TTL, "131.107.155.11", "R-DNS-05"]);
  }
  return rows;
}

/** Sorted as the plan sorts: zone, name, type, data (byte order: '_' before letters). */
const sorted = (rows: RecordRow[]) =>
  [...rows].sort((a, b) => (a[0] + "|" + a[1] + "|" + a[2] + "|" + a[4] < b[0] + "|" + b[1] + "|" + b[2] + "|" + b[4] ? -1 : 1));

// S1 / S22 edge table: SN sip.contoso.com; SAN sip.contoso.com, webcon.contoso.com, sip.fabrikam.com (no av: S1 over S23).
const EDGE = { id: "edge-edge1", subject: "sip.contoso.com", dnsNames: ["sip.contoso.com", "sip.fabrikam.com", "webcon.contoso.com"], limit: 250 };

const certs = (plan: ReturnType<typeof planOf>) =>
  plan.certificates.map((c) => ({ id: c.id, subject: c.subject.commonName, dnsNames: c.dnsNames, limit: c.limit }));

test("S1/S3/S28 option 1 + HTTPS lyncdiscover: exact records (zone, name, type, ttl, data, rule)", () => {
  const plan = planOf(fixture("contoso-fabrikam-option1.yaml"));
  const expected = sorted([
    ...sharedRows,
    ...tenantRows("contoso.com", RP),
    ...tenantRows("fabrikam.com", RP),
    // S4 option 1: one meet.<d> per SIP domain, on the reverse proxy.
    ["contoso.com", "meet.contoso.com", "A", TTL, RP, "S4"],
    ["fabrikam.com", "meet.fabrikam.com", "A", TTL, RP, "S4"],
  ]);
  assert.deepEqual(recordRows(plan.records), expected);
  assert.ok(plan.records.every((r) => !r.proxied));
  // Who owns what: the shared edge name stays shared, fabrikam's sip host belongs to fabrikam.
  assert.equal(plan.records.find((r) => r.name === "sip.contoso.com")!.sipDomain, null);
  assert.equal(plan.records.find((r) => r.name === "sip.fabrikam.com")!.sipDomain, "fabrikam.com");
});

test("S22/S28 option 1 + HTTPS lyncdiscover: exact edge and reverse-proxy SAN lists", () => {
  const plan = planOf(fixture("contoso-fabrikam-option1.yaml"));
  assert.deepEqual(certs(plan), [
    EDGE,
    {
      id: "reverse-proxy",
      subject: "webext.contoso.com",
      // S28 minus webdirext.contoso.com (no Director in this spec), plus S6/S27's lyncdiscover.<d> for every SIP domain.
      dnsNames: [
        "dialin.contoso.com",
        "lyncdiscover.contoso.com",
        "lyncdiscover.fabrikam.com",
        "meet.contoso.com",
        "meet.fabrikam.com",
        "officewebapps01.contoso.com",
        "webext.contoso.com",
      ],
      limit: 250,
    },
  ]);
  // Federation is mutual TLS, and DigiCert no longer issues the Client Authentication EKU by default (CERT-EKU);
  // nothing says what the certificates in service carry, so onboarding is not gated (ONBOARD-ORDER says so once).
  assert.deepEqual(
    plan.warnings.map((w) => [w.rule, w.subject]),
    [
      ["CERT-EKU", "edge-edge1"],
      ["ONBOARD-ORDER", undefined],
    ],
  );
  assert.deepEqual(
    plan.certificates.map((c) => [c.id, c.issuance.extendedKeyUsages]),
    [
      ["edge-edge1", ["serverAuth", "clientAuth"]],
      ["reverse-proxy", ["serverAuth"]],
    ],
  );
});

test("S31/S29 option 1 + HTTPS lyncdiscover: every web name on 443 -> 4443, original Host, 960 s; no port 80", () => {
  const plan = planOf(fixture("contoso-fabrikam-option1.yaml"));
  assert.deepEqual(plan.routes, [
    {
      id: "https-web",
      rule: "S31",
      listener: {
        protocol: "https",
        port: 443,
        addresses: [RP],
        hostNames: [
          "dialin.contoso.com",
          "lyncdiscover.contoso.com",
          "lyncdiscover.fabrikam.com",
          "meet.contoso.com",
          "meet.fabrikam.com",
          "webext.contoso.com",
        ],
        certificate: "reverse-proxy",
      },
      backend: {
        protocol: "https",
        address: "192.168.21.120",
        port: 4443,
        hostHeader: "original",
        requestTimeoutSeconds: 960,
        sniName: "webext.contoso.com",
      },
      paths: { allow: "all" },
    },
    {
      id: "https-office-online",
      rule: "S9",
      listener: { protocol: "https", port: 443, addresses: [RP], hostNames: ["officewebapps01.contoso.com"], certificate: "reverse-proxy" },
      backend: { protocol: "https", address: "192.168.1.5", port: 443, hostHeader: "original", requestTimeoutSeconds: 960, sniName: null },
      paths: { allow: "all" },
    },
  ]);
});

test("default mode (HTTP lyncdiscover, S4 option 3 shared host): exact records", () => {
  const plan = planOf(fixture("contoso-fabrikam-default.yaml"));
  const expected = sorted([
    ...sharedRows,
    ...tenantRows("contoso.com", RP),
    ...tenantRows("fabrikam.com", RP),
    // Option 3: one host for every meet URL, written SfB2015 in the config, lower-case in DNS.
    ["contoso.com", "sfb2015.contoso.com", "A", TTL, RP, "S4"],
  ]);
  assert.deepEqual(recordRows(plan.records), expected);
  assert.deepEqual(
    plan.simpleUrls.map((u) => [u.kind, u.url, u.published]),
    [
      ["dialin", "https://dialin.contoso.com", true],
      ["meet", "https://sfb2015.contoso.com/contoso.com/meet", true],
      ["meet", "https://sfb2015.contoso.com/fabrikam.com/meet", true],
    ],
  );
});

test("default mode: no lyncdiscover and no meet.<d> on the reverse-proxy certificate (S5: port 80 needs no certificate change)", () => {
  const plan = planOf(fixture("contoso-fabrikam-default.yaml"));
  assert.deepEqual(certs(plan), [
    EDGE,
    {
      id: "reverse-proxy",
      subject: "webext.contoso.com",
      dnsNames: ["dialin.contoso.com", "officewebapps01.contoso.com", "sfb2015.contoso.com", "webext.contoso.com"],
      limit: 250,
    },
  ]);
});

test("default mode: port 80 reaches only the autodiscover root of lyncdiscover.<d> (S5, docs/rules.md 3.1)", () => {
  const plan = planOf(fixture("contoso-fabrikam-default.yaml"));
  assert.deepEqual(
    plan.routes.map((r) => [r.id, r.listener.protocol, r.listener.port, r.listener.hostNames, r.backend.protocol, r.backend.port, r.paths]),
    [
      ["https-web", "https", 443, ["dialin.contoso.com", "sfb2015.contoso.com", "webext.contoso.com"], "https", 4443, { allow: "all" }],
      ["https-office-online", "https", 443, ["officewebapps01.contoso.com"], "https", 443, { allow: "all" }],
      [
        "http-lyncdiscover",
        "http",
        80,
        ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"],
        "http",
        8080,
        { allow: ["/", "/autodiscover/autodiscoverservice.svc/root"], otherwise: "refuse" },
      ],
    ],
  );
  const http = plan.routes.find((r) => r.id === "http-lyncdiscover")!;
  assert.equal(http.listener.certificate, null);
  assert.deepEqual(http.listener.addresses, [RP]);
  assert.equal(http.backend.hostHeader, "original");
  // S6 "supported, but we do not recommend it"; R-DNS-08: lyncdiscover shares the HTTPS address; S17: fabrikam.com
  // reaches webext.contoso.com outside its own domain; CERT-EKU: the federating edge's CA profile lacks clientAuth;
  // ONBOARD-ORDER: no certificate in service is known, so onboarding is not gated.
  assert.deepEqual(
    plan.warnings.map((w) => w.rule),
    ["S6", "R-DNS-08", "S17", "CERT-EKU", "ONBOARD-ORDER"],
  );
});

test("default mode with a dedicated HTTP-only address: lyncdiscover.<d> and the port-80 listener move there", () => {
  const spec = fixture("contoso-fabrikam-default.yaml");
  spec.webServices.lyncdiscoverHttpIpv4 = "131.107.155.2";
  spec.webServices.publicIpv6 = "2001:DB8:0:0:0:0:0:10";
  const plan = planOf(spec);
  for (const d of ["contoso.com", "fabrikam.com"]) {
    // No AAAA beside it: the proxy's IPv6 address also answers HTTPS.
    assert.deepEqual(recordRows(plan.records.filter((r) => r.name === `lyncdiscover.${d}`)), [
      [d, `lyncdiscover.${d}`, "A", TTL, "131.107.155.2", "R-DNS-07"],
    ]);
  }
  assert.deepEqual(plan.routes.find((r) => r.id === "http-lyncdiscover")!.listener.addresses, ["131.107.155.2"]);
  // AAAA data in canonical RFC 5952 form.
  assert.deepEqual(recordRows(plan.records.filter((r) => r.name === "webext.contoso.com")), [
    ["contoso.com", "webext.contoso.com", "A", TTL, RP, "S3"],
    ["contoso.com", "webext.contoso.com", "AAAA", TTL, "2001:db8::10", "S3"],
  ]);
  assert.ok(!plan.warnings.some((w) => w.rule === "R-DNS-08"));
});

test("XMPP on SfB 2015 (R-DNS-09, rows 13-14): SRV 5269 to xmpp.<d>, its A records, <d> and xmpp.<d> on the edge certificate", () => {
  const spec = fixture("contoso-fabrikam-option1.yaml");
  spec.sipDomains[1].xmpp = true;
  const plan = planOf(spec);
  assert.deepEqual(recordRows(plan.records.filter((r) => r.name.includes("xmpp"))), [
    ["fabrikam.com", "_xmpp-server._tcp.fabrikam.com", "SRV", TTL, "0 0 5269 xmpp.fabrikam.com.", "R-DNS-09"],
    ["fabrikam.com", "xmpp.fabrikam.com", "A", TTL, "131.107.155.10", "R-DNS-09"],
    ["fabrikam.com", "xmpp.fabrikam.com", "A", TTL, "131.107.155.11", "R-DNS-09"],
  ]);
  // The XMPP domain itself (S55) besides xmpp.<d> (S1), as docs/rules.md 2.1 lists them (issue 21).
  assert.deepEqual(plan.certificates.find((c) => c.id === "edge-edge1")!.dnsNames, [
    "fabrikam.com",
    "sip.contoso.com",
    "sip.fabrikam.com",
    "webcon.contoso.com",
    "xmpp.fabrikam.com",
  ]);
});
