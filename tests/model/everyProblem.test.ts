// "Every problem in one run" where one problem used to hide another (issue 22): an address shared by the edge and the
// reverse proxy hid an edge host on the tenant's autodiscover or meet name (the plan's record conflict compares data,
// and the data were equal), and one shape error in reverseProxy hid every rule error elsewhere (the salvaged copy
// still failed the shape check, so no rule ran).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, problemsOf } from "./support";

const option1 = () => fixture("contoso-fabrikam-option1.yaml");
const rulesOf = (input: unknown) => problemsOf(input).map((p) => `${p.path} [${p.rule}]`);

for (const [name, host] of [
  ["autodiscover", "lyncdiscover.fabrikam.com"],
  ["meet", "meet.fabrikam.com"],
] as const) {
  test(`an edge host on the tenant's ${name} name is reported beside an edge address equal to the reverse proxy's`, () => {
    const input = option1();
    input.sipDomains[1].edgeHost = host;
    input.edgePools[0].accessEdge.ipv4 = [input.webServices.publicIpv4];
    assert.deepEqual(rulesOf(input), ["sipDomains[1].edgeHost [DNS-CONFLICT]", "edgePools[0].accessEdge.ipv4[0] [ADDRESS]"]);
    assert.match(problemsOf(input)[0].message, new RegExp(`^SRV target ${host.replace(/\./g, "\\.")} is also the tenant's ${name}`));
  });
}

test("a shape error in reverseProxy does not hide the rule errors of the other sections", () => {
  const input = option1();
  input.reverseProxy = { provider: "azure", resourceGroup: "rg-lync" } as never;
  input.sipDomains[1].edgeHost = "sip.contoso.com";
  input.simpleUrls.sharedHost = "lync.contoso.com";
  assert.deepEqual(rulesOf(input), [
    "reverseProxy.location [SCHEMA]",
    "reverseProxy.gatewayName [SCHEMA]",
    "reverseProxy.subnetId [SCHEMA]",
    "reverseProxy.publicIpAddressId [SCHEMA]",
    "sipDomains[1].edgeHost [R-DNS-01]",
    "simpleUrls.sharedHost [S4]",
    "sipDomains[1] [R-DNS-01]",
    "sipDomains[1] [R-DNS-01]",
  ]);
});

test("an unknown reverse-proxy provider is set aside too; the other sections' rules still run", () => {
  const input = option1();
  input.reverseProxy = { provider: "nginx" } as never;
  input.sipDomains.push({ name: "fabrikam.com" });
  assert.deepEqual(rulesOf(input), ["reverseProxy.provider [SCHEMA]", "sipDomains[2].name [UNIQUE]", "sipDomains[2].name [S4]"]);
});
