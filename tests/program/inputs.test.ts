// Spec values that come from other resources (pulumi.Input): the public address from a public IP resource, the zones'
// resource group from a resource group, a Cloudflare zone id from a zone. The children get the real values (no stand-in
// is left in any input), and values that turn out invalid once known fail the deployment with every problem at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { LyncDeployment, type DeploymentConfig } from "../../components";
import { capture } from "../harness/capture";
import { contosoWithInputs, sources } from "../harness/inputSources";
import { loadDeployment, ROOT } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";

const SECRETS = { reverseProxyPfx: "cGZ4", reverseProxyPfxPassword: "test" };
/** Every kind of stand-in components/deployment/inputs.ts makes. */
const STAND_IN = /192\.0\.2\.|2001:db8:ffff::|lync-input-|ffffffffffffffffffffffffff/;

test("Inputs from other resources reach every child as their real values; no stand-in is left", async () => {
  const c = await capture(
    () => {
      const deployment = contosoWithInputs({ ip: "203.0.113.77", rg: "rg-dns-live", zoneId: "0123456789abcdef0123456789abcdef" });
      const d = new LyncDeployment("lync", { deployment, ...SECRETS });
      return { addresses: d.reverseProxyAddresses };
    },
    { providers: [sources, tlsMocks()] },
  );
  const children = c.resources.filter((r) => r.type !== "test:index:Source");
  assert.ok(children.length > 30);
  assert.deepEqual(
    children.filter((r) => STAND_IN.test(JSON.stringify(r.inputs))).map((r) => r.name),
    [],
  );
  const sets = children.filter((r) => r.type === "azure-native:dns:RecordSet");
  assert.ok(sets.length > 10);
  assert.deepEqual([...new Set(sets.map((r) => r.inputs.resourceGroupName))], ["rg-dns-live"]);
  // webServices.publicIpv4 is what the published web names resolve to (lyncdiscover has its own HTTP-only address here).
  const published = sets.filter((r) => JSON.stringify(r.inputs.aRecords) === JSON.stringify([{ ipv4Address: "203.0.113.77" }]));
  assert.ok(published.length >= 1, "an A record set with the address from the public IP resource");
  const cf = children.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord");
  assert.ok(cf.length > 0);
  assert.deepEqual([...new Set(cf.map((r) => r.inputs.zoneId))], ["0123456789abcdef0123456789abcdef"]);
  assert.ok((c.outputs.addresses as string[]).includes("203.0.113.77"), JSON.stringify(c.outputs.addresses));
});

test("values that are invalid once known: one DeploymentValidationError with every problem, naming the fields", () => {
  // In a child process: every child that carries such a value fails too, as unhandled rejections inside the SDK.
  const script = `
    const { capture } = require("./tests/harness/capture");
    const { contosoWithInputs, sources } = require("./tests/harness/inputSources");
    const { tlsMocks } = require("./tests/harness/tlsMocks");
    const { LyncDeployment } = require("./components");
    process.on("unhandledRejection", () => {});
    // The runtime may stop with registrations still pending (they failed): print the refusal as soon as it comes.
    capture(async () => {
      const deployment = contosoWithInputs({ ip: "10.1.2.3", rg: "rg/providers/x", zoneId: "not-hex" });
      const d = new LyncDeployment("lync", { deployment, reverseProxyPfx: "cGZ4", reverseProxyPfxPassword: "test" });
      await d.warnings.promise().then(() => console.log("no error"), (e) => console.log(e.name + ": " + e.message));
      return {};
    }, { providers: [sources, tlsMocks()] }).catch(() => {});`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
  // The SDK prefixes the shared error with the properties it failed to serialize ("error serializing property ...").
  assert.match(r.stdout, /^DeploymentValidationError: .*The Lync deployment spec has 5 problems:/, r.stdout + r.stderr);
  for (const path of [
    "zones[0].resourceGroup",
    "zones[1].resourceGroup",
    "zones[3].resourceGroup",
    "zones[2].zoneId",
    "webServices.publicIpv4 (10.1.2.3): [ADDRESS]",
  ])
    assert.ok(r.stdout.includes(path), path);
});

test("a plain spec is taken as it is: no stand-in reaches any child", async () => {
  const c = await capture(
    () => {
      new LyncDeployment("lync", { deployment: loadDeployment("Pulumi.contoso.example.yaml") as unknown as DeploymentConfig, ...SECRETS });
      return {};
    },
    { providers: [tlsMocks()] },
  );
  assert.ok(c.resources.length > 30);
  assert.deepEqual(
    c.resources.filter((r) => /lync-input-|ffffffffffffffffffffffffff/.test(JSON.stringify(r.inputs))).map((r) => r.name),
    [],
  );
});
