// The lync provider as an executable plugin (plugin/pulumi-resource-lync) under the real CLI: `pulumi package
// get-schema` serves docs/schema.json, `gen-sdk` makes Python and Go SDKs that keep the secrets secret, and `pulumi
// package add` from a consumer directory generates the SDK and records the package. README "Other languages".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { SCHEMA_FILE } from "../../../tools/schema";
import { cli, languageEngineOrSkip, PLUGIN } from "../support";

const ROOT = path.join(__dirname, "..", "..", "..");

interface Schema {
  readonly name: string;
  readonly version: string;
  readonly resources: Record<string, { inputProperties?: Record<string, { secret?: boolean }>; properties?: Record<string, { secret?: boolean }> }>;
  readonly types: Record<string, unknown>;
}

/** What get-schema must carry over: the CLI re-serializes the schema (its own key order, defaults filled in). */
function contract(schema: Schema) {
  const props = (p: Record<string, { secret?: boolean }> = {}) =>
    Object.entries(p)
      .map(([k, v]) => `${k}${v.secret ? " (secret)" : ""}`)
      .sort();
  return {
    name: schema.name,
    version: schema.version,
    resources: Object.fromEntries(
      Object.entries(schema.resources).map(([k, r]) => [k, { inputs: props(r.inputProperties), outputs: props(r.properties) }]),
    ),
    types: Object.keys(schema.types).sort(),
  };
}

test("pulumi package get-schema of the executable plugin serves docs/schema.json", async (t) => {
  const engine = await languageEngineOrSkip(t);
  if (!engine) return;
  const served = contract(JSON.parse(cli(engine, ["package", "get-schema", PLUGIN])) as Schema);
  assert.deepEqual(served, contract(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema));
  assert.ok(served.resources["lync:index:Deployment"].inputs.includes("reverseProxyPfx (secret)"));
  assert.deepEqual(served.resources["lync:index:SipDomain"].outputs, ["fqdns"]);
});

test("pulumi package gen-sdk: Python and Go SDKs with both components, the PFX inputs and certificatePfx secret", async (t) => {
  const engine = await languageEngineOrSkip(t);
  if (!engine) return;
  const out = path.join(engine.dir, "sdk");
  cli(engine, ["package", "gen-sdk", PLUGIN, "--language", "python", "--out", out]);
  cli(engine, ["package", "gen-sdk", PLUGIN, "--language", "go", "--out", out]);
  const read = (...p: string[]) => fs.readFileSync(path.join(out, ...p), "utf8");
  const python = read("python", "pulumi_lync", "deployment.py");
  assert.match(python, /class Deployment\(pulumi\.ComponentResource\)/);
  assert.match(
    python,
    /__props__\.__dict__\["reverse_proxy_pfx"\] = None if reverse_proxy_pfx is None else pulumi\.Output\.secret\(reverse_proxy_pfx\)/,
  );
  assert.match(python, /secret_opts = pulumi\.ResourceOptions\(additional_secret_outputs=\[[^\]]*"certificatePfx"/);
  assert.match(read("python", "pulumi_lync", "sip_domain.py"), /class SipDomain\(pulumi\.ComponentResource\)/);
  const go = read("go", "lync", "deployment.go");
  assert.match(go, /args\.ReverseProxyPfx = pulumi\.ToSecret\(args\.ReverseProxyPfx\)/);
  assert.match(go, /secrets := pulumi\.AdditionalSecretOutputs\(\[\]string\{\s*"certificatePfx",/);
  // A module of its own (meta.supportPack), which examples/go/go.mod requires and replaces with where it was generated.
  assert.match(read("go", "go.mod"), /^module example\.com\/pulumi-lync\/sdk\/go$/m);
  assert.match(read("go", "lync", "sipDomain.go"), /type SipDomain struct/);
});

/** What `pulumi package add` leaves in a consumer directory of each example's language: the SDK it generated. */
const ADDED_SDK: Record<string, string[]> = {
  yaml: ["sdks", "lync", "lync-0.4.0.yaml"],
  python: ["sdks", "lync", "pulumi_lync", "deployment.py"],
  go: ["sdks", "lync", "lync", "deployment.go"],
};

test("pulumi package add from a consumer directory generates the SDK; linking is the language host's", async (t) => {
  const engine = await languageEngineOrSkip(t);
  if (!engine) return;
  for (const [language, sdkFile] of Object.entries(ADDED_SDK)) {
    const dir = path.join(engine.dir, "consumer", language);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ["Pulumi.yaml", "go.mod", "go.sum"]) {
      const from = path.join(ROOT, "examples", language, file);
      if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
    }
    const run = spawnSync(engine.cli.command, ["package", "add", PLUGIN, "--non-interactive"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...engine.env },
    });
    const output = `${run.stdout}${run.stderr}`;
    assert.match(output, /Successfully generated an SDK for the lync package/, `${language}: ${output}`);
    assert.ok(fs.existsSync(path.join(dir, ...sdkFile)), `${language}: ${sdkFile.join("/")}`);
    // Then the CLI asks the language host to link the SDK into the project. pulumi-language-yaml v1.25.0 and the
    // codegen plugins (toolchain/codegen) answer that they do not implement Link; a host that does records the package.
    if (run.status === 0) assert.match(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), /packages:\s*\n\s*lync:/, language);
    else assert.match(output, /error: linking package: method Link not implemented/, `${language}: ${output}`);
  }
});
