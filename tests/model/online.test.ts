/**
 * A SIP domain homed in Office 365 (R-DNS-11, S13): Microsoft's targets and SRV values, nothing on our edge, our
 * certificates or our reverse proxy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf, problemsOf, recordRows } from "./support";

/** The golden two-domain deployment plus adatum.com, homed online, in a zone someone else runs. */
function withOnline(extra: Record<string, unknown> = {}) {
  const spec = fixture("contoso-fabrikam-option1.yaml");
  spec.zones.push({ provider: "external", name: "adatum.com" });
  spec.sipDomains.push({ name: "adatum.com", home: "online", ...extra });
  return spec;
}

test("R-DNS-11: online domain gets 100 1 443 sipdir, 100 1 5061 sipfed, CNAMEs sip -> sipdir and lyncdiscover -> webdir", () => {
  const spec = withOnline();
  // Our own SRV values must not leak into Microsoft's records.
  spec.dns = { ttl: 3600, srvPriority: 10, srvWeight: 20 };
  const plan = planOf(spec);
  assert.deepEqual(recordRows(plan.records.filter((r) => r.sipDomain === "adatum.com")), [
    ["adatum.com", "_sip._tls.adatum.com", "SRV", 3600, "100 1 443 sipdir.online.lync.com.", "R-DNS-11"],
    ["adatum.com", "_sipfederationtls._tcp.adatum.com", "SRV", 3600, "100 1 5061 sipfed.online.lync.com.", "R-DNS-11"],
    ["adatum.com", "lyncdiscover.adatum.com", "CNAME", 3600, "webdir.online.lync.com.", "R-DNS-11"],
    ["adatum.com", "sip.adatum.com", "CNAME", 3600, "sipdir.online.lync.com.", "R-DNS-11"],
  ]);
  assert.equal(plan.records.find((r) => r.name === "_sip._tls.fabrikam.com")!.data, "10 20 443 sip.fabrikam.com.");
});

test("R-DNS-11: an online domain adds no name to our certificates, routes or simple URLs and no record elsewhere", () => {
  const without = planOf(fixture("contoso-fabrikam-option1.yaml"));
  const plan = planOf(withOnline());
  assert.deepEqual(
    plan.records.filter((r) => r.zone !== "adatum.com"),
    without.records,
  );
  assert.deepEqual(plan.certificates, without.certificates);
  assert.deepEqual(plan.routes, without.routes);
  assert.deepEqual(plan.simpleUrls, without.simpleUrls);
  const tenant = plan.tenants.find((t) => t.name === "adatum.com")!;
  assert.deepEqual(
    {
      home: tenant.home,
      edgePool: tenant.edgePool,
      meetUrl: tenant.meetUrl,
      certificateNames: tenant.certificateNames,
      zoneProvider: tenant.zoneProvider,
    },
    { home: "online", edgePool: null, meetUrl: null, certificateNames: {}, zoneProvider: "external" },
  );
});

test("R-DNS-11 + HTTP lyncdiscover: the online domain is not on the port-80 listener (Microsoft serves webdir)", () => {
  const spec = withOnline();
  spec.lyncdiscover = "http";
  const plan = planOf(spec);
  assert.deepEqual(plan.routes.find((r) => r.id === "http-lyncdiscover")!.listener.hostNames, [
    "lyncdiscover.contoso.com",
    "lyncdiscover.fabrikam.com",
  ]);
});

test("R-DNS-04: federation off drops only the federation SRV and warns", () => {
  const plan = planOf(withOnline({ federation: false }));
  assert.deepEqual(
    plan.records.filter((r) => r.sipDomain === "adatum.com").map((r) => r.name),
    ["_sip._tls.adatum.com", "lyncdiscover.adatum.com", "sip.adatum.com"],
  );
  assert.deepEqual(
    plan.warnings.filter((w) => w.subject === "adatum.com").map((w) => w.rule),
    ["R-DNS-04"],
  );
});

test("R-DNS-11: edgePool, edgeHost and xmpp are refused on an online domain", () => {
  assert.deepEqual(problemsOf(withOnline({ edgePool: "edge1", edgeHost: "sip.adatum.com", xmpp: true })), [
    {
      path: "sipDomains[2].edgePool",
      subject: "adatum.com",
      rule: "R-DNS-11",
      message: "edgePool does not apply: the domain is homed online and uses Microsoft's edge",
    },
    {
      path: "sipDomains[2].edgeHost",
      subject: "adatum.com",
      rule: "R-DNS-11",
      message: "edgeHost does not apply: the domain is homed online and uses Microsoft's edge",
    },
    { path: "sipDomains[2].xmpp", subject: "adatum.com", rule: "R-DNS-11", message: "XMPP records do not apply to a domain homed online" },
  ]);
});
