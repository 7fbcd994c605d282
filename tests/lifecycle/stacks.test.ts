// The production and test stack examples: what they declare, and the engine options (protect, retainOnDelete) on the
// resources the program registers for them (lab/capture.ts under mocks).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { capture, programFromModule, type CapturedResource } from "../harness/capture";
import { loadDeployment, withoutAzure } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { buildPlan, validateDeployment, type DeploymentInput } from "../../components/model";
import { LONG_LIVED_TYPES } from "../../components/deployment/protect";

const KEY = "tls:index/privateKey:PrivateKey";
/** The secret config keys Pulumi.test.example.yaml names for the gateway's PFX (set with `pulumi config set --secret`). */
const TEST_SECRETS = { "lync:reverseProxyPfx": "cGZ4", "lync:reverseProxyPfxPassword": "test" };
const run = async (deployment: unknown): Promise<CapturedResource[]> =>
  (await capture(programFromModule(PROJECT_PROGRAM), { config: { "lync:deployment": deployment, ...TEST_SECRETS }, providers: [tlsMocks()] }))
    .resources;
const custom = (rs: CapturedResource[]) => rs.filter((r) => r.custom);

test("production example: existing zones referenced, no test CA, protection on", () => {
  const d = loadDeployment("Pulumi.prod.example.yaml");
  const r = validateDeployment(d);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  assert.equal(r.spec.lifecycle.protect, true);
  assert.equal(r.spec.certificates.testCa, false);
  for (const z of r.spec.zones) assert.ok(z.provider === "external" || !z.create, `${z.name} is referenced, not created`);
  assert.ok(r.spec.zones.some((z) => z.provider === "cloudflare" && z.zoneId));
});

test("test example: every zone created under the test parent zone, test CA on, nothing protected", () => {
  const d = loadDeployment("Pulumi.test.example.yaml");
  const r = validateDeployment(d);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  assert.equal(r.spec.lifecycle.protect, false);
  assert.equal(r.spec.certificates.testCa, true);
  const parent = "lab.contoso.net"; // the test parent zone, outside the stack, that delegates to the created zones
  for (const zone of r.spec.zones) {
    assert.ok(zone.provider !== "external" && zone.create, `${zone.name} is a zone the stack creates`);
    assert.ok(zone.name.endsWith(`.${parent}`), `${zone.name} is under ${parent}`);
  }
  // Every record, the shared names' included, lands in one of those zones.
  assert.ok(buildPlan(r.spec).records.every((rec) => r.spec.zones.some((z) => z.name === rec.zone)));
});

function stackOptions(label: string, variant: (d: DeploymentInput) => DeploymentInput) {
  describe(`engine options (${label})`, () => {
    test("production: keys (and gateways, created zones) protected; records and CSRs not; nothing retained", async () => {
      const rs = custom(await run(variant(loadDeployment("Pulumi.prod.example.yaml"))));
      const keys = rs.filter((r) => r.type === KEY);
      assert.ok(keys.length >= 2);
      for (const r of rs) {
        assert.equal(r.options.protect, LONG_LIVED_TYPES.has(r.type), `${r.type} ${r.name}`);
        assert.equal(r.options.retainOnDelete, false, `${r.type} ${r.name}`);
      }
      assert.ok(
        rs.some((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && !r.options.protect),
        "records stay deletable",
      );
      assert.ok(!rs.some((r) => r.type === "cloudflare:index/zone:Zone" || r.type === "azure-native:dns:Zone"), "no zone is created");
      if (rs.some((r) => r.type.startsWith("azure-native:"))) {
        assert.ok(
          rs.some((r) => r.type === "azure-native:network:ApplicationGateway" && r.options.protect),
          "the gateway is protected",
        );
        assert.ok(
          rs.some((r) => r.type === "azure-native:dns:RecordSet" && !r.options.protect),
          "record sets stay deletable",
        );
      }
    });

    test("test: nothing protected or retained, zones and the test CA belong to the stack", async () => {
      const rs = custom(await run(variant(loadDeployment("Pulumi.test.example.yaml"))));
      for (const r of rs) assert.deepEqual([r.options.protect, r.options.retainOnDelete], [false, false], `${r.type} ${r.name}`);
      assert.ok(
        rs.some((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert"),
        "the test CA",
      );
      assert.ok(
        rs.some((r) => r.type === "tls:index/locallySignedCert:LocallySignedCert"),
        "certificates from it",
      );
      assert.ok(
        rs.some((r) => r.type === "cloudflare:index/zone:Zone"),
        "the Cloudflare test zone is created",
      );
      if (rs.some((r) => r.type.startsWith("azure-native:"))) {
        assert.ok(
          rs.some((r) => r.type === "azure-native:dns:Zone"),
          "the Azure test zones are created",
        );
        assert.ok(rs.some((r) => r.type === "azure-native:network:ApplicationGateway"));
      }
    });
  });
}

stackOptions("Azure parts external", withoutAzure);
stackOptions("full examples with Azure", (d) => d);
