// Two Deployment instances in one program that would manage the same cloud object (an Azure record set, a Cloudflare
// record or ruleset, an Application Gateway) are refused with the names of both, before the second registers
// anything; instances that share nothing but names (another resource group, another shard) still live side by side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  LyncDeployment,
  DeploymentValidationError,
  parseDeploymentText,
  validateDeployment,
  type DeploymentInput,
  type DeploymentSpec,
} from "../../components";
import { capture } from "../harness/capture";
import { loadDeployment, ROOT } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";

const SECRETS = { reverseProxyPfx: "cGZ4", reverseProxyPfxPassword: "test" };

function validated(input: DeploymentInput): DeploymentSpec {
  const r = validateDeployment(input);
  assert.ok(r.ok, r.ok ? "" : JSON.stringify(r.problems));
  return r.spec;
}

/** The contoso example in other containers: its zones in another resource group, another gateway, another zone id. */
function elsewhere(input: DeploymentInput): DeploymentInput {
  const d = structuredClone(input);
  d.zones = d.zones.map((z) =>
    z.provider === "azure" ? { ...z, resourceGroup: `${z.resourceGroup}-west` } : z.provider === "cloudflare" ? { ...z, zoneId: "f".repeat(32) } : z,
  );
  if (d.reverseProxy?.provider === "azure") d.reverseProxy = { ...d.reverseProxy, gatewayName: `${d.reverseProxy.gatewayName}-west` };
  return d;
}

/** Runs `build` under mocks; returns what registered and the error the program caught, if any. */
async function run(build: () => void) {
  let refused: unknown;
  const c = await capture(
    () => {
      try {
        build();
      } catch (e) {
        refused = e;
      }
      return {};
    },
    { providers: [tlsMocks()] },
  );
  return { names: c.resources.map((r) => r.name), refused };
}

test("two instances of one spec: the second is refused naming both, per zone and gateway, and registers nothing", async () => {
  const spec = validated(loadDeployment("Pulumi.contoso.example.yaml"));
  const { names, refused } = await run(() => {
    new LyncDeployment("east", { deployment: spec, ...SECRETS });
    new LyncDeployment("west", { deployment: spec, ...SECRETS });
  });
  assert.ok(refused instanceof DeploymentValidationError, String(refused));
  assert.ok(names.some((n) => n.startsWith("east-")));
  assert.deepEqual(
    names.filter((n) => n === "west" || n.startsWith("west-")),
    [],
    "nothing of the second deployment registered",
  );
  const problems = refused.problems;
  assert.ok(problems.every((p) => p.rule === "DEPLOYMENT-OVERLAP" && p.subject === "west"));
  assert.ok(problems.every((p) => p.message.includes(`Deployment "west" and Deployment "east"`)));
  const about = (text: string) => problems.filter((p) => p.message.includes(text)).length;
  // One problem per container: the three Azure zones, the Cloudflare zone, the gateways' resource group.
  for (const zone of ["contoso.com", "fabrikam.com", "adatum.com"]) assert.equal(about(`Azure DNS zone ${zone} (resource group rg-dns)`), 1, zone);
  assert.equal(about("Cloudflare zone litwareinc.com (023e105f4ecef8ad9ca31a8372d0c353)"), 1);
  assert.equal(about(`Application Gateway ${spec.reverseProxy.provider === "azure" ? spec.reverseProxy.gatewayName : "?"}`), 1);
  assert.equal(problems.length, 5, problems.map((p) => p.message).join("\n"));
  assert.match(problems.find((p) => p.message.includes("zone contoso.com"))!.message, /sip\.contoso\.com/);
});

test("one shared object is enough: a spec whose only overlap is the gateway is refused, naming the gateway", async () => {
  const east = loadDeployment("Pulumi.contoso.example.yaml");
  const west = elsewhere(east);
  if (west.reverseProxy?.provider === "azure" && east.reverseProxy?.provider === "azure")
    west.reverseProxy.gatewayName = east.reverseProxy.gatewayName;
  const { refused } = await run(() => {
    new LyncDeployment("east", { deployment: validated(east), ...SECRETS });
    new LyncDeployment("west", { deployment: validated(west), ...SECRETS });
  });
  assert.ok(refused instanceof DeploymentValidationError, String(refused));
  assert.deepEqual(
    refused.problems.map((p) => p.message.split(":")[0]),
    [`Deployment "west" and Deployment "east" in this program would both manage Azure resource group rg-lync-agw`],
  );
});

test("Azure Private DNS counts too: public parts elsewhere, the same private zones, refused naming the private zones", async () => {
  const east = loadDeployment("Pulumi.internal.example.yaml");
  const { refused } = await run(() => {
    new LyncDeployment("east", { deployment: validated(east), ...SECRETS });
    new LyncDeployment("west", { deployment: validated(elsewhere(east)), ...SECRETS });
  });
  assert.ok(refused instanceof DeploymentValidationError, String(refused));
  assert.ok(refused.problems.length > 0);
  for (const p of refused.problems) assert.match(p.message, /would both manage Azure Private DNS zone \S+ \(resource group rg-dns-internal\): /);
});

test("the same spec in other resource groups, another gateway and another Cloudflare zone: both deployments register", async () => {
  const east = loadDeployment("Pulumi.contoso.example.yaml");
  const { names, refused } = await run(() => {
    new LyncDeployment("east", { deployment: validated(east), ...SECRETS });
    new LyncDeployment("west", { deployment: validated(elsewhere(east)), ...SECRETS });
  });
  assert.equal(refused, undefined);
  assert.equal(names.filter((n) => n.startsWith("east-")).length, names.filter((n) => n.startsWith("west-")).length);
});

test("the shards of one estate in one program share nothing: infra and both edge pools register side by side", async () => {
  const estate = validated(parseDeploymentText(readFileSync(path.join(ROOT, "estate.example.yaml"), "utf8")) as DeploymentInput);
  const { names, refused } = await run(() => {
    for (const shard of ["infra", "edge-eu", "edge-us"]) new LyncDeployment(shard, { deployment: estate, shard, ...SECRETS });
  });
  assert.equal(refused, undefined);
  for (const shard of ["infra", "edge-eu", "edge-us"])
    assert.ok(
      names.some((n) => n.startsWith(`${shard}-`)),
      shard,
    );
});

test("claims last one program run: the same spec in the next run of the process registers again", async () => {
  const spec = validated(loadDeployment("Pulumi.contoso.example.yaml"));
  for (let i = 0; i < 2; i++) {
    const { refused } = await run(() => new LyncDeployment("east", { deployment: spec, ...SECRETS }));
    assert.equal(refused, undefined, `run ${i}`);
  }
});
