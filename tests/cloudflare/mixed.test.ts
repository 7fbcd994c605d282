// A deployment mixing Azure and Cloudflare zones (issue 4): the shipped example, litwareinc.com proxied on Cloudflare.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDeploymentText } from "../../components/model";
import { captureDeployment, planOf, ofType, DNS_RECORD, RULESET } from "./fixtures";

const AZURE_RECORD_SET = "azure-native:dns:RecordSet";

function example() {
  const input = parseDeploymentText(readFileSync(join(__dirname, "../../Pulumi.contoso.example.yaml"), "utf8")) as {
    zones: Array<Record<string, unknown>>;
  };
  const cf = input.zones.find((z) => z.provider === "cloudflare")!;
  assert.equal(cf.name, "litwareinc.com");
  cf.proxyLyncdiscover = true;
  // An external zone too: its records are only reported, neither adapter may touch them.
  const adatum = input.zones.findIndex((z) => z.name === "adatum.com");
  input.zones[adatum] = { provider: "external", name: "adatum.com" };
  return input;
}

test("mixed Azure + Cloudflare: each plan record goes to its zone's provider, Cloudflare resources only in the Cloudflare zone", async () => {
  const input = example();
  const plan = planOf(input);
  const { resources } = await captureDeployment(input);

  const provider = new Map(plan.zones.map((z) => [z.name, z.provider]));
  const cfPlan = plan.records.filter((r) => provider.get(r.zone) === "cloudflare");
  const azPlan = plan.records.filter((r) => provider.get(r.zone) === "azure");
  assert.ok(cfPlan.length > 0 && azPlan.length > 0 && plan.records.some((r) => provider.get(r.zone) === "external"));

  // Cloudflare: one DnsRecord per plan record, all in litwareinc.com's zone id; the Azure and external zones get none.
  const records = ofType(resources, DNS_RECORD);
  assert.deepEqual(
    records.map((r) => `${r.inputs.name as string} ${r.inputs.type as string} ${r.inputs.zoneId as string}`).sort(),
    cfPlan.map((r) => `${r.name} ${r.type} 023e105f4ecef8ad9ca31a8372d0c353`).sort(),
  );
  assert.deepEqual(
    records
      .filter((r) => r.inputs.proxied === true)
      .map((r) => `${r.inputs.name as string} ${r.inputs.type as string} ${r.inputs.content as string} ttl ${r.inputs.ttl as number}`),
    ["lyncdiscover.litwareinc.com A 203.0.113.11 ttl 1"], // the dedicated HTTP-only address of the example
  );

  // Azure: the other adapter answers for the Azure zones (one record set per zone, name and type), never Cloudflare.
  const sets = ofType(resources, AZURE_RECORD_SET);
  assert.equal(sets.length, new Set(azPlan.map((r) => `${r.zone}|${r.name}|${r.type}`)).size);
  assert.ok(
    sets.every((s) => /^lync-(contoso|fabrikam)\.com\//.test(s.name)),
    sets.map((s) => s.name).join(", "),
  );

  // The rulesets: only for the Cloudflare zone, its proxied host only.
  const rulesets = ofType(resources, RULESET);
  assert.deepEqual(
    rulesets.map((r) => [r.name, r.inputs.zoneId]),
    [
      ["lync-litwareinc.com/http_config_settings", "023e105f4ecef8ad9ca31a8372d0c353"],
      ["lync-litwareinc.com/http_request_firewall_custom", "023e105f4ecef8ad9ca31a8372d0c353"],
      ["lync-litwareinc.com/http_request_origin", "023e105f4ecef8ad9ca31a8372d0c353"],
    ],
  );
  for (const r of rulesets)
    assert.match((r.inputs.rules as Array<{ expression: string }>)[0].expression, /^\(http\.host in \{"lyncdiscover\.litwareinc\.com"\}\)/);
});
