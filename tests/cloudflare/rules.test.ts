// Cloudflare rulesets for proxied lyncdiscover under mocks (issue 4, docs/rules.md 5d, S5, S46-S50).
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureDeployment, threeTenants, ofType, byName, planOf, RULESET } from "./fixtures";
import { edgeRulesets } from "../../components/cloudflare/edgeRules";

const HOSTS = (d: string) => `(http.host in {"lyncdiscover.${d}"})`;

/** The three rulesets of one proxied zone with one on-premises tenant, as the provider receives them. */
function zoneRulesets(d: string, zoneId: string) {
  const description = `Lync: proxied lyncdiscover of ${d} (managed by Pulumi)`;
  return [
    [
      `lync-${d}/http_config_settings`,
      {
        description,
        kind: "zone",
        name: "Lync lyncdiscover configuration rules",
        phase: "http_config_settings",
        zoneId,
        rules: [
          {
            action: "set_config",
            actionParameters: { ssl: "flexible" },
            enabled: true,
            expression: HOSTS(d),
            ref: "lync_lyncdiscover_ssl_flexible",
            description: "lyncdiscover: the origin listens on HTTP only, so SSL Flexible for these hosts (S49, S50)",
          },
        ],
      },
    ],
    [
      `lync-${d}/http_request_firewall_custom`,
      {
        description,
        kind: "zone",
        name: "Lync lyncdiscover custom rules",
        phase: "http_request_firewall_custom",
        zoneId,
        rules: [
          {
            action: "block",
            enabled: true,
            ref: "lync_lyncdiscover_paths",
            expression: `${HOSTS(d)} and not (lower(http.request.uri.path) in {"/" "/autodiscover/autodiscoverservice.svc/root"})`,
            description: "lyncdiscover: only the autodiscover root is served over the proxied hosts (S5, S35)",
          },
        ],
      },
    ],
    [
      `lync-${d}/http_request_origin`,
      {
        description,
        kind: "zone",
        name: "Lync lyncdiscover origin rules",
        phase: "http_request_origin",
        zoneId,
        rules: [
          {
            action: "route",
            actionParameters: { origin: { port: 80 } },
            enabled: true,
            expression: HOSTS(d),
            ref: "lync_lyncdiscover_origin",
            description: "lyncdiscover: to the reverse proxy's HTTP listener, port 80 (S5, S48)",
          },
        ],
      },
    ],
  ];
}

test("three tenants: exactly three rulesets per proxied zone (config: SSL Flexible, origin: port 80, custom: block all but the root), none for the DNS-only zone", async () => {
  const { resources } = await captureDeployment(threeTenants());
  const actual = ofType(resources, RULESET).map((r) => [r.name, r.inputs]);
  assert.deepEqual(actual, [...zoneRulesets("contoso.com", "zid-contoso.com"), ...zoneRulesets("fabrikam.com", "fab0fab0fab0fab0fab0fab0fab0fab0")]);
});

test("rulesets hang off the deployment, are deleted before replacement, and are one per zone and phase", async () => {
  const { resources } = await captureDeployment(threeTenants());
  const deployment = byName(resources, "lync:index:Deployment", "lync").urn;
  const rulesets = ofType(resources, RULESET);
  for (const r of rulesets) {
    assert.equal(r.parent, deployment, r.name);
    assert.equal(r.options.deleteBeforeReplace, true, r.name);
  }
  const keys = rulesets.map((r) => `${r.inputs.zoneId as string} ${r.inputs.phase as string}`);
  assert.equal(new Set(keys).size, keys.length);
});

test("the origin rule takes its port from the http-lyncdiscover route (the reverse proxy's HTTP listener)", () => {
  const plan = planOf(threeTenants());
  const routes = plan.routes.map((r) => (r.id === "http-lyncdiscover" ? { ...r, listener: { ...r.listener, port: 8081 } } : r));
  const origin = edgeRulesets({ ...plan, routes }).filter((rs) => rs.phase === "http_request_origin");
  assert.deepEqual(
    origin.map((rs) => [rs.zone, rs.rules[0].actionParameters]),
    [
      ["contoso.com", { origin: { port: 8081 } }],
      ["fabrikam.com", { origin: { port: 8081 } }],
    ],
  );
  assert.throws(() => edgeRulesets({ ...plan, routes: plan.routes.filter((r) => r.id !== "http-lyncdiscover") }), /no http-lyncdiscover route/);
});

test("no proxied zone, no ruleset: proxyLyncdiscover off everywhere registers none", async () => {
  const input = threeTenants() as { zones: Array<{ proxyLyncdiscover?: boolean }> };
  for (const z of input.zones) z.proxyLyncdiscover = false;
  const { resources } = await captureDeployment(input);
  assert.deepEqual(ofType(resources, RULESET), []);
});
