// The floor the bench compares the library against registers the same provider resources as the library: same type,
// logical name and inputs (secrets still secret), taken from a capture of the real program. Mock runtime, 10 domains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { canonical, statefulProviders } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import { capture, type CapturedResource } from "../harness/capture";
import { floorModuleProgram, floorProgram, floorResources, libraryProgram } from "../../bench/programs";
import { generateDeployment } from "../../bench/generate";

const key = (r: CapturedResource) => `${r.type} ${r.name} ${canonical(r.inputs)} dbr=${r.options.deleteBeforeReplace}`;

test("floor replay = the library's provider resources (type, name, inputs incl. secrets, deleteBeforeReplace)", async () => {
  // statefulProviders: the replayed key gets the same outputs as in the library run, so the CSR inputs match too.
  const providers = statefulProviders([tlsMocks()]);
  const library = await capture(libraryProgram(), { config: { "lync:deployment": generateDeployment(10) }, providers });
  const replay = floorResources(library.resources);
  const types = new Set(replay.map((r) => r.type));
  assert.deepEqual([...types].sort(), [
    "azure-native:dns:RecordSet",
    "cloudflare:index/dnsRecord:DnsRecord",
    "tls:index/certRequest:CertRequest",
    "tls:index/privateKey:PrivateKey",
  ]);
  // The CSR's key arrives as a secret write-only input: the replay must keep it secret.
  const csr = replay.find((r) => r.type === "tls:index/certRequest:CertRequest")!;
  assert.ok(typeof csr.inputs.privateKeyPemWo === "object" && "secret" in (csr.inputs.privateKeyPemWo as object));

  const floor = await capture(floorProgram(replay, "sdk"), { providers });
  const custom = (rs: readonly CapturedResource[]) =>
    rs
      .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
      .map(key)
      .sort();
  assert.equal(custom(floor.resources).length, replay.length);
  assert.deepEqual(custom(floor.resources), custom(library.resources));
  // No components in the floor: only the stack besides the provider resources.
  assert.deepEqual(
    floor.resources.filter((r) => !r.custom).map((r) => r.type),
    ["pulumi:pulumi:Stack"],
  );
});

test("the components floor: the same provider resources under the library's component tree (same URNs, no aliases)", async () => {
  const providers = statefulProviders([tlsMocks()]);
  const library = await capture(libraryProgram(), {
    config: { "lync:deployment": generateDeployment(10), "lync:legacyNameAliases": false },
    providers,
  });
  const floor = await capture(floorProgram(floorResources(library.resources), "components"), { providers });
  const urns = (rs: readonly CapturedResource[]) =>
    rs
      .filter((r) => r.type !== "pulumi:pulumi:Stack")
      .map((r) => r.urn)
      .sort();
  assert.deepEqual(urns(floor.resources), urns(library.resources));
  // No alias of the library's (0.1 names, owners, other types): only the SDK classes' own type aliases.
  for (const r of floor.resources) {
    for (const a of r.options.aliases as Array<{ spec?: { name?: string; parenturn?: string } }>) {
      assert.ok(!a.spec?.name && (!a.spec?.parenturn || a.spec.parenturn === r.parent), `${r.name}: ${JSON.stringify(a)}`);
    }
  }
});

test("zones in several subscriptions: the floor registers the same explicit providers and uses each where the library does", async () => {
  const providers = statefulProviders([tlsMocks()]);
  const spec = generateDeployment(12, { zonesPerSubscription: 3 });
  const library = await capture(libraryProgram(), { config: { "lync:deployment": spec }, providers });
  const floor = await capture(floorProgram(floorResources(library.resources), "sdk"), { providers });
  // Each custom resource with the logical name of its explicit provider ("default" for the package's default one).
  const withProvider = (rs: readonly CapturedResource[]) => {
    const names = new Map(rs.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r.name]));
    const providerOf = (ref: string) => names.get(ref.slice(0, ref.lastIndexOf("::"))) ?? "default";
    return rs
      .filter((r) => r.custom && !r.name.startsWith("default"))
      .map((r) => `${key(r)} provider=${r.type.startsWith("pulumi:providers:") ? "-" : providerOf(r.options.provider)}`)
      .sort();
  };
  const explicit = library.resources.filter((r) => r.type === "pulumi:providers:azure-native" && !r.name.startsWith("default"));
  assert.ok(explicit.length >= 2, `the spec reaches several subscriptions (${explicit.length} providers)`);
  assert.deepEqual(withProvider(floor.resources), withProvider(library.resources));
});

test("the floor as a program module registers what the floor program does (the engine bench loads it so)", async (t) => {
  const providers = statefulProviders([tlsMocks()]);
  const library = await capture(libraryProgram(), { config: { "lync:deployment": generateDeployment(5) }, providers });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lync-floor-")), "floor.json");
  t.after(() => rmSync(path.dirname(file), { recursive: true, force: true }));
  const replay = floorResources(library.resources);
  writeFileSync(file, JSON.stringify(replay));
  for (const style of ["sdk", "components"] as const) {
    const closure = await capture(floorProgram(replay, style), { providers });
    const module = await capture(floorModuleProgram(file, style), { providers });
    const urnAndKey = (r: CapturedResource) => `${r.urn} ${key(r)}`;
    assert.deepEqual(module.resources.map(urnAndKey), closure.resources.map(urnAndKey), style);
    // Not two empty runs: every replayed resource, and the stack, is there.
    assert.ok(module.resources.length > replay.length, `${style}: ${module.resources.length} resources`);
  }
});
