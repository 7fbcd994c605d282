// Adding a tenant must not disturb the others (ARCHITECTURE "Stable identity"): four tenants vs three on Cloudflare.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CapturedResource } from "../harness/capture";
import { captureDeployment, threeTenants, DNS_RECORD, RULESET } from "./fixtures";

const cloudflare = (resources: readonly CapturedResource[]) =>
  new Map(resources.filter((r) => r.type.startsWith("cloudflare:")).map((r) => [r.urn, r]));

/** sales.fabrikam.com: a fourth on-premises tenant in the proxied zone fabrikam.com (shares its rulesets). */
function fourTenants() {
  const input = threeTenants() as { sipDomains: unknown[] };
  input.sipDomains.splice(1, 0, { name: "sales.fabrikam.com" }); // not appended: list order must not matter either
  return input;
}

test("four tenants vs three: every existing record keeps its URN and inputs; rules change in place (same URN)", async () => {
  const before = cloudflare((await captureDeployment(threeTenants())).resources);
  const after = cloudflare((await captureDeployment(fourTenants())).resources);

  const changed: string[] = [];
  for (const [urn, r] of before) {
    const now = after.get(urn);
    assert.ok(now, `${r.type} ${r.name} disappeared (renamed or deleted)`);
    assert.deepEqual(now.options, r.options, r.name);
    try {
      assert.deepEqual(now.inputs, r.inputs);
    } catch {
      changed.push(`${r.type.split(":").pop()} ${r.name}`);
    }
  }
  // Only fabrikam.com's rules change, in place: the new host joins the host set.
  assert.deepEqual(changed.sort(), [
    "Ruleset lync-fabrikam.com/http_config_settings",
    "Ruleset lync-fabrikam.com/http_request_firewall_custom",
    "Ruleset lync-fabrikam.com/http_request_origin",
  ]);
  for (const urn of [...before.keys()].filter((u) => after.get(u)!.type === RULESET && u.includes("lync-fabrikam.com/"))) {
    const rule = (after.get(urn)!.inputs.rules as Array<{ expression: string }>)[0];
    assert.match(rule.expression, /^\(http\.host in \{"lyncdiscover\.fabrikam\.com" "lyncdiscover\.sales\.fabrikam\.com"\}\)/);
  }

  // What is new: the fourth tenant's own records, nothing else.
  const added = [...after.values()].filter((r) => !before.has(r.urn));
  assert.ok(
    added.every((r) => r.type === DNS_RECORD && String(r.inputs.name).endsWith("sales.fabrikam.com")),
    added.map((r) => r.name).join(", "),
  );
  assert.deepEqual(added.map((r) => r.name).sort(), [
    "lync-fabrikam.com/_sip._tls.sales/SRV/0/0/443/sip.sales.fabrikam.com",
    "lync-fabrikam.com/_sipfederationtls._tcp.sales/SRV/0/0/5061/sip.sales.fabrikam.com",
    "lync-fabrikam.com/lyncdiscover.sales/A/203.0.113.10",
    "lync-fabrikam.com/lyncdiscover.sales/AAAA/2001-db8--10",
    "lync-fabrikam.com/meet.sales/A/203.0.113.10",
    "lync-fabrikam.com/meet.sales/AAAA/2001-db8--10",
    "lync-fabrikam.com/sip.sales/A/198.51.100.10",
    "lync-fabrikam.com/sip.sales/A/198.51.100.11",
  ]);
});

test("the order of the SIP domain list changes nothing", async () => {
  const reversed = threeTenants() as { sipDomains: unknown[] };
  reversed.sipDomains.reverse();
  const a = (await captureDeployment(threeTenants())).resources.filter((r) => r.type.startsWith("cloudflare:"));
  const b = (await captureDeployment(reversed)).resources.filter((r) => r.type.startsWith("cloudflare:"));
  assert.deepEqual(
    b.map((r) => [r.urn, r.inputs]),
    a.map((r) => [r.urn, r.inputs]),
  );
});
