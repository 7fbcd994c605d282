// Shards (issue 14): the shipped example estate (estate.example.yaml) as one stack and as its three shard stacks, under
// the mock runtime with the real program (index.ts): what each stack registers, that together they register exactly
// the single stack's resources, and that adding a tenant changes exactly one pool stack.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { capture, programFromModule, type Capture, type CapturedResource } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import { ROOT } from "../harness/stackExamples";
import { parseDeploymentText, validateDeployment, buildPlan, shardProblems, shardNames, type DeploymentInput } from "../../components/model";
import { estateChanges } from "../../tools/review";

const ESTATE = () => parseDeploymentText(readFileSync(join(ROOT, "estate.example.yaml"), "utf8")) as DeploymentInput;
const SHARDS = ["infra", "edge-eu", "edge-us"];
const NORTHWIND_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";

const run = (config: Record<string, unknown>) => capture(programFromModule(PROJECT_PROGRAM), { config, providers: [tlsMocks()] });

/** The new tenant of the "add a tenant" case: an Azure zone of its own, on edge pool edge-eu. */
function withTenant(estate: DeploymentInput): DeploymentInput {
  return {
    ...estate,
    zones: [...estate.zones, { provider: "azure", name: "tailspintoys.com", resourceGroup: "rg-dns" }],
    sipDomains: [...estate.sipDomains, { name: "tailspintoys.com", edgePool: "edge-eu" }],
  };
}

/**
 * What the engine compares for a resource: type, name, parent, inputs and options (provider by its URN). Each run makes
 * new keys (the mocks generate real ones), so the key a CSR is signed with is compared by where it is, not by value.
 */
function comparable(r: CapturedResource) {
  const inputs = "privateKeyPemWo" in r.inputs ? { ...r.inputs, privateKeyPemWo: "(the key)", privateKeyPemWoVersion: "(its hash)" } : r.inputs;
  return { urn: r.urn, parent: r.parent, inputs, options: { ...r.options, dependencies: [...r.options.dependencies].sort() } };
}

describe("the example estate, one stack and three shard stacks", () => {
  let whole: Capture;
  const shards = new Map<string, Capture>();
  before(async () => {
    whole = await run({ "lync:deployment": ESTATE() });
    for (const shard of SHARDS) shards.set(shard, await run({ "lync:deployment": ESTATE(), "lync:shard": shard }));
  });

  test("the shards are infra and the edge pools", () => {
    const result = validateDeployment(ESTATE());
    assert.ok(result.ok);
    assert.deepEqual(shardNames(result.spec), SHARDS);
  });

  test("the union of the shards' resources is the single stack's: same URNs, inputs and engine options", () => {
    const union = new Map<string, ReturnType<typeof comparable>>();
    for (const [shard, c] of shards) {
      for (const r of c.resources) {
        const seen = union.get(r.urn);
        // The deployment component and the providers exist in every stack that needs them: identical each time.
        if (seen) assert.deepEqual(comparable(r), seen, `${shard}: ${r.urn} differs between stacks`);
        else union.set(r.urn, comparable(r));
      }
    }
    assert.deepEqual([...union.keys()].sort(), whole.resources.map((r) => r.urn).sort());
    for (const r of whole.resources) assert.deepEqual(union.get(r.urn), comparable(r), r.urn);
    // Only the component and the providers are in more than one stack.
    const repeated = SHARDS.flatMap((s) => shards.get(s)!.resources.map((r) => r.type)).length - union.size;
    const shared = whole.resources.filter((r) => r.type === "lync:index:Deployment" || r.type.startsWith("pulumi:providers:"));
    assert.ok(repeated <= shared.length * (SHARDS.length - 1), `${repeated} repeated registrations`);
  });

  test("each stack registers its slice: tenants by edge pool, the shared parts in infra", () => {
    const tenantsOf = (c: Capture) => c.resources.filter((r) => r.type === "lync:index:SipDomain").map((r) => r.name);
    const typesOf = (c: Capture) => [...new Set(c.resources.map((r) => r.type))].sort();
    assert.deepEqual(tenantsOf(shards.get("infra")!), ["lync-adatum.com"]);
    assert.deepEqual(tenantsOf(shards.get("edge-eu")!), ["lync-contoso.com", "lync-fabrikam.com"]);
    assert.deepEqual(tenantsOf(shards.get("edge-us")!), ["lync-litwareinc.com", "lync-northwindtraders.com"]);
    const gateways = (c: Capture) => c.resources.filter((r) => r.type === "azure-native:network:ApplicationGateway").map((r) => r.name);
    assert.deepEqual(gateways(shards.get("infra")!), ["lync-agw-lync", "lync-agw-lync-http"]);
    for (const pool of ["edge-eu", "edge-us"]) {
      const c = shards.get(pool)!;
      assert.deepEqual(gateways(c), []);
      assert.ok(!typesOf(c).includes("cloudflare:index/ruleset:Ruleset"), `${pool} holds no Cloudflare entry point`);
      const csrs = c.resources.filter((r) => r.type === "tls:index/certRequest:CertRequest").map((r) => r.name);
      assert.deepEqual(csrs, [`lync-edge-${pool}-csr`]);
      assert.deepEqual(Object.keys(c.outputs.certificates as object), [`edge-${pool}`]);
    }
    assert.deepEqual(Object.keys(shards.get("infra")!.outputs.certificates as object), ["reverse-proxy"]);
    // The proxied lyncdiscover of litwareinc.com: its record is edge-us's, the zone's entry-point ruleset infra's.
    assert.ok(typesOf(shards.get("infra")!).includes("cloudflare:index/ruleset:Ruleset"));
    // Internal zones: contoso.com holds shared names, so infra creates it; contoso.com's tenant records in it are
    // edge-eu's, which refers to the zone by name. fabrikam.com's internal zone is fabrikam.com's own: edge-eu's.
    const privateZones = (c: Capture) =>
      c.resources.filter((r) => r.type === "azure-native:privatedns:PrivateZone").map((r) => r.inputs.privateZoneName);
    assert.deepEqual(privateZones(shards.get("infra")!), ["contoso.com"]);
    assert.deepEqual(privateZones(shards.get("edge-eu")!), ["fabrikam.com"]);
    assert.deepEqual(privateZones(shards.get("edge-us")!).sort(), ["litwareinc.com", "northwindtraders.com"]);
    const internalSets = shards.get("edge-eu")!.resources.filter((r) => r.type === "azure-native:privatedns:PrivateRecordSet");
    assert.ok(internalSets.some((r) => r.inputs.privateZoneName === "contoso.com" && r.inputs.relativeRecordSetName === "lyncdiscoverinternal"));
  });

  test("a zone's own subscription: its records go through one explicit provider for that subscription", () => {
    const c = shards.get("edge-us")!;
    const providers = c.resources.filter((r) => r.type === "pulumi:providers:azure-native");
    assert.deepEqual(
      providers.map((p) => [p.name, p.inputs.subscriptionId]),
      [[`lync-azure-native-${NORTHWIND_SUBSCRIPTION}`, NORTHWIND_SUBSCRIPTION]],
    );
    const ref = `${providers[0].urn}::${providers[0].name}-id`;
    const sets = c.resources.filter((r) => r.type === "azure-native:dns:RecordSet");
    const northwind = sets.filter((r) => r.inputs.zoneName === "northwindtraders.com");
    assert.equal(northwind.length, 4);
    for (const r of northwind) assert.equal(r.options.provider, ref, r.name);
    for (const r of sets.filter((x) => x.inputs.zoneName !== "northwindtraders.com")) assert.equal(r.options.provider, "", r.name);
    // Stacks without such a zone hold no such provider.
    assert.equal(shards.get("edge-eu")!.resources.filter((r) => r.type.startsWith("pulumi:providers:azure-native")).length, 0);
  });

  test("a stack that names its estate file (lync:estate) registers what the inline spec gives", async () => {
    const fromFile = await run({ "lync:estate": "estate.example.yaml", "lync:shard": "edge-us" });
    assert.deepEqual(fromFile.resources.map(comparable), shards.get("edge-us")!.resources.map(comparable));
    // No aliases to 0.1 names unless the stack asks for them (index.ts, LyncDeploymentArgs.legacyNameAliases).
    const legacy = await run({ "lync:estate": "estate.example.yaml", "lync:shard": "edge-us", "lync:legacyNameAliases": true });
    const aliases = (c: Capture) => c.resources.flatMap((r) => r.options.aliases as Array<{ spec?: { name?: string } }>);
    assert.ok(aliases(legacy).some((a) => a.spec?.name === "northwindtraders.com/sip/A"));
    assert.ok(!aliases(fromFile).some((a) => a.spec?.name === "northwindtraders.com/sip/A"));
  });
});

describe("adding a tenant to the estate", () => {
  test("changes exactly one pool stack (change simulation per shard), whether unchanged shards are skipped or simulated", async () => {
    const base = validateDeployment(ESTATE());
    const head = validateDeployment(withTenant(ESTATE()));
    assert.ok(base.ok && head.ok);
    const b = { input: ESTATE(), spec: base.spec };
    const h = { input: withTenant(ESTATE()), spec: head.spec };
    for (const skipUnchanged of [true, false]) {
      const simulated: string[] = [];
      const { shards, changes } = await estateChanges(b, h, { skipUnchanged, onSimulate: (s) => simulated.push(s) });
      // Skipping: only the pool whose inputs changed runs (the gateways' layout is the same with the new tenant).
      assert.deepEqual(simulated, skipUnchanged ? ["edge-eu"] : SHARDS);
      assert.deepEqual(shards, SHARDS);
      assert.deepEqual([...new Set(changes.map((c) => c.shard))], ["edge-eu"], `skipUnchanged: ${skipUnchanged}`);
      assert.deepEqual(changes.map((c) => `${c.kind} ${c.name}`).sort(), [
        // Its internal view: its own split-brain zone, linked to the network, and its internal records.
        "create lync-internal/tailspintoys.com",
        "create lync-internal/tailspintoys.com/_sipinternaltls._tcp/SRV",
        "create lync-internal/tailspintoys.com/link/vnet-lync-98d30071",
        // The split-brain copy of the public lyncdiscover name (docs/rules.md INTERNAL-DNS).
        "create lync-internal/tailspintoys.com/lyncdiscover/A",
        "create lync-internal/tailspintoys.com/lyncdiscoverinternal/A",
        "create lync-internal/tailspintoys.com/sip/A",
        "create lync-tailspintoys.com",
        "create lync-tailspintoys.com/_sip._tls/SRV",
        "create lync-tailspintoys.com/_sipfederationtls._tcp/SRV",
        "create lync-tailspintoys.com/lyncdiscover/A",
        "create lync-tailspintoys.com/sip/A",
        // The edge certificate gains sip.tailspintoys.com: a new request for the same key.
        "replace lync-edge-edge-eu-csr",
      ]);
    }
    assert.deepEqual(buildPlan(head.spec).tenants.find((t) => t.name === "tailspintoys.com")?.edgePool, "edge-eu");
  });

  test("a new edge pool is a new stack, a removed one a stack whose every resource goes", async () => {
    const estate = ESTATE();
    const smaller: DeploymentInput = {
      ...estate,
      edgePools: estate.edgePools.filter((p) => p.name !== "edge-us"),
      zones: estate.zones.filter((z) => !["litwareinc.com", "northwindtraders.com"].includes(z.name)),
      sipDomains: estate.sipDomains.filter((d) => d.edgePool !== "edge-us"),
    };
    const [a, b] = [validateDeployment(smaller), validateDeployment(estate)];
    assert.ok(a.ok && b.ok, JSON.stringify(a.problems));
    const grow = await estateChanges({ input: smaller, spec: a.spec }, { input: estate, spec: b.spec });
    assert.deepEqual(grow.shards, SHARDS);
    const created = grow.changes.filter((c) => c.shard === "edge-us");
    assert.ok(created.length > 0 && created.every((c) => c.kind === "create"));
    const shrink = await estateChanges({ input: estate, spec: b.spec }, { input: smaller, spec: a.spec });
    const deleted = shrink.changes.filter((c) => c.shard === "edge-us");
    assert.deepEqual(
      deleted.map((c) => c.kind),
      created.map(() => "delete"),
    );
  });
});

describe("SHARD: what a split estate needs", () => {
  const spec = (input: DeploymentInput) => {
    const r = validateDeployment(input);
    assert.ok(r.ok, JSON.stringify(r.problems));
    return r.spec;
  };
  const rows = (input: DeploymentInput, shard: string | undefined) => shardProblems(spec(input), shard).map((p) => [p.path, p.rule, p.subject ?? ""]);

  test("one stack: nothing to check; a known shard: nothing wrong with the example", () => {
    assert.deepEqual(rows(ESTATE(), undefined), []);
    for (const s of SHARDS) assert.deepEqual(rows(ESTATE(), s), []);
  });

  test("an unknown shard, a pool named infra, a test CA and a Cloudflare zone the stack creates: all reported at once", () => {
    const estate = ESTATE();
    const broken: DeploymentInput = {
      ...estate,
      edgePools: estate.edgePools.map((p) => (p.name === "edge-us" ? { ...p, name: "infra" } : p)),
      sipDomains: estate.sipDomains.map((d) => (d.edgePool === "edge-us" ? { ...d, edgePool: "infra" } : d)),
      zones: estate.zones.map((z) =>
        z.provider === "cloudflare" ? { provider: "cloudflare", name: z.name, create: true, accountId: "0123456789abcdef0123456789abcdef" } : z,
      ),
      certificates: { ...estate.certificates, testCa: true },
    };
    assert.deepEqual(rows(broken, "edge-ap"), [
      ["shard", "SHARD", "edge-ap"],
      ["edgePools[1].name", "SHARD", "infra"],
      ["certificates.testCa", "SHARD", ""],
      ["zones[2].create", "SHARD", "litwareinc.com"],
    ]);
    const [unknown] = shardProblems(spec(broken), "edge-ap");
    assert.match(unknown.message, /the estate's shards are infra, edge-eu, infra/);
  });

  test("the program refuses an unknown shard before it registers anything", () => {
    // In a child process: the program's throw also surfaces as an unhandled rejection inside the SDK.
    const script = `
      const { capture, programFromModule } = require("./tests/harness/capture");
      process.on("unhandledRejection", () => {});
      capture(programFromModule(require("path").resolve("index.ts")), {
        config: { "lync:estate": "estate.example.yaml", "lync:shard": "edge-ap" },
        providers: [(args) => { console.log("registered " + args.type); return undefined; }],
      }).then(() => console.log("no error"), (e) => console.error(e.message));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    assert.match(r.stderr, /lync:shard \(edge-ap\): \[SHARD\] no such shard; the estate's shards are infra, edge-eu, edge-us/);
    assert.deepEqual(
      r.stdout.split("\n").filter((l) => l.startsWith("registered ") && l !== "registered pulumi:pulumi:Stack"),
      [],
    );
    assert.doesNotMatch(r.stdout, /no error/);
  });
});
