// construct() is what a C#, Python, Go or YAML program reaches through `pulumi package add`: under mocks, for the
// shipped example, it must register exactly the resources the TypeScript program (index.ts) registers.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { capture, programFromModule, type CapturedResource, type MockProvider } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { LyncProvider } from "../../components/lyncProvider";

const PFX = "cGZ4";
const PASSWORD = "test";
const SECRETS = { "lync:reverseProxyPfx": PFX, "lync:reverseProxyPfxPassword": PASSWORD };

/** Fixed tls outputs, so that both runs see the same key material (the real tls mocks make a new key per run). */
const fixedTls: MockProvider = (args: MockResourceArgs) => {
  const inputs = args.inputs as Record<string, unknown>;
  if (args.type === "tls:index/privateKey:PrivateKey") {
    return { id: `${args.name}-id`, state: { ...inputs, publicKeyPem: `PUBLIC ${args.name}`, privateKeyPem: `PRIVATE ${args.name}` } };
  }
  if (args.type === "tls:index/certRequest:CertRequest") return { id: `${args.name}-id`, state: { ...inputs, certRequestPem: `CSR ${args.name}` } };
  return undefined;
};

const comparable = (resources: readonly CapturedResource[]) =>
  resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({ ...r, options: { ...r.options, dependencies: [...r.options.dependencies].sort() } }));

test("construct() for the shipped example registers the same resources (types, names, inputs, options) as the program", async () => {
  const deployment = loadDeployment("Pulumi.contoso.example.yaml");
  const program = await capture(programFromModule(PROJECT_PROGRAM), {
    config: { "lync:deployment": deployment, ...SECRETS },
    providers: [fixedTls],
  });
  const provider = new LyncProvider();
  let constructed: { urn: unknown; state: Record<string, unknown> } | undefined;
  const viaProvider = await capture(
    async () => {
      // The inputs as another language sends them: the deployment as plain data, the PFX as strings.
      constructed = await provider.construct(
        "lync",
        "lync:index:Deployment",
        { deployment, reverseProxyPfx: PFX, reverseProxyPfxPassword: PASSWORD, registerWithoutStackTraces: true },
        {},
      );
      return {};
    },
    { providers: [fixedTls] },
  );
  const expected = comparable(program.resources);
  assert.ok(expected.length > 30, `the example registers ${expected.length} resources`);
  assert.deepEqual(comparable(viaProvider.resources), expected);
  // The state returned to the caller holds exactly the outputs the schema declares (tests/provider/schema.test.ts).
  const schema = JSON.parse(await provider.getSchema()) as { resources: Record<string, { properties: Record<string, unknown> }> };
  assert.deepEqual(Object.keys(constructed!.state).sort(), Object.keys(schema.resources["lync:index:Deployment"].properties).sort());
  assert.equal(Object.keys(constructed!.state).length, 8);
});

test("construct() refuses a SipDomain on its own and an unknown type, naming what to create instead", async () => {
  const provider = new LyncProvider();
  await assert.rejects(provider.construct("t", "lync:index:SipDomain", {}, {}), /registered by its Deployment; create a lync:index:Deployment/);
  await assert.rejects(provider.construct("t", "lync:index:Nope", {}, {}), /unknown resource type lync:index:Nope/);
});
