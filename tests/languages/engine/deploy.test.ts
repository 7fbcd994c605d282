// The examples in other languages (examples/python, examples/yaml, examples/go) deployed to the lab by the real
// engine, `up` then `destroy`: each registers, through the lync provider plugin, the same provider resources (type,
// URN, inputs) as the TypeScript program (index.ts) on the same spec. npm run test:languages; README "Other languages".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { deployedResources, labStack, stackConfig, type LabEngine } from "../../../lab/engine";
import { loadDeployment } from "../../harness/stackExamples";
import { findPython, findYamlHost } from "../../../tools/languages";
import { hasGo } from "../../../tools/toolchain";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { cli, languageEngineOrSkip, PLUGIN, registeredResources, toolOrSkip, type Checkpoint, type RegisteredResource } from "../support";

const ROOT = path.join(__dirname, "..", "..", "..");
/** Azure zones and gateway, a Cloudflare zone, the test CA: every provider the lab serves, no secret to set. */
const SPEC = loadDeployment("Pulumi.test.example.yaml");
/** The examples are new deployments: no release-0.1 aliases (they would not change what is registered anyway). */
const CONFIG = stackConfig(SPEC, { legacyNameAliases: { value: "false" } });

let typescript: Promise<RegisteredResource[]> | undefined;

/** The TypeScript program's provider resources on the same spec: deployed and destroyed once, before any language. */
function typescriptResources(engine: LabEngine): Promise<RegisteredResource[]> {
  typescript ??= (async () => {
    const stack = await labStack(engine, "typescript", CONFIG);
    await stack.up();
    const resources = registeredResources((await stack.exportStack()).deployment as Checkpoint);
    // What the languages are held to: every provider the lab serves, more than a handful of resources.
    assert.deepEqual([...new Set(resources.map((r) => r.type.split(":")[0]))].sort(), ["azure-native", "cloudflare", "tls"]);
    assert.ok(resources.length > 30, `the TypeScript program registered ${resources.length} provider resources`);
    await stack.destroy();
    await stack.workspace.removeStack("typescript");
    return resources;
  })();
  return typescript;
}

/** A fresh directory for one language's run. */
function scratch(engine: LabEngine, name: string): string {
  const dir = path.join(engine.dir, "work", name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The generated SDK of `language` in `out` (`pulumi package gen-sdk` against the executable plugin). */
function genSdk(engine: LabEngine, language: string, out: string): string {
  cli(engine, ["package", "gen-sdk", PLUGIN, "--language", language, "--out", out]);
  return path.join(out, language);
}

test("examples/python: up and destroy by the real engine, the TypeScript program's provider resources", async (t) => {
  const engine = await languageEngineOrSkip(t);
  const python = engine && toolOrSkip(t, "Python venv", findPython());
  if (!engine || !python) return;
  const expected = await typescriptResources(engine);
  const dir = scratch(engine, "python");
  // Installed as a user would (`pip install`), into a folder of this run: the SDK reads its version from its metadata.
  const site = path.join(dir, "site");
  const install = spawnSync(
    python,
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      "--target",
      site,
      genSdk(engine, "python", path.join(dir, "sdk")),
    ],
    { encoding: "utf8" },
  );
  assert.equal(install.status, 0, install.stderr);
  const configFile = path.join(dir, "config.json");
  fs.writeFileSync(configFile, JSON.stringify(CONFIG));
  const stateFile = path.join(dir, "state.json");
  const run = spawnSync(
    python,
    [path.join(__dirname, "..", "drivers", "inline.py"), path.join(ROOT, "examples", "python", "__main__.py"), dir, "python", configFile, stateFile],
    { encoding: "utf8", env: { ...process.env, ...engine.env, PYTHONPATH: site }, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /update summary: succeeded/);
  assert.deepEqual(registeredResources(JSON.parse(fs.readFileSync(stateFile, "utf8")) as Checkpoint), expected);
  assert.deepEqual(deployedResources(engine), [], "destroy left nothing in the lab's cloud");
});

test("examples/yaml: up and destroy by the real engine (pulumi-language-yaml), the TypeScript program's provider resources", async (t) => {
  const engine = await languageEngineOrSkip(t);
  const host = engine && toolOrSkip(t, "pulumi-language-yaml", findYamlHost());
  if (!engine || !host) return;
  const expected = await typescriptResources(engine);
  const dir = scratch(engine, "yaml");
  fs.copyFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  // Structured stack config, as a user's Pulumi.<stack>.yaml holds it (JSON is YAML): the program reads an object.
  const config = { "lync:deployment": SPEC, "lync:legacyNameAliases": false };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml.yaml"), JSON.stringify({ config }));
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "yaml", workDir: dir }, { pulumiCommand: engine.cli, envVars: engine.env });
  const up = await stack.up();
  assert.equal(up.summary.result, "succeeded");
  assert.deepEqual(registeredResources((await stack.exportStack()).deployment as Checkpoint), expected);
  await stack.destroy();
  assert.deepEqual(deployedResources(engine), [], "destroy left nothing in the lab's cloud");
});

test("examples/go: up and destroy by the real engine (generated Go SDK), the TypeScript program's provider resources", async (t) => {
  const engine = await languageEngineOrSkip(t);
  const go = engine && toolOrSkip(t, "Go toolchain", hasGo() ? "go" : undefined);
  if (!engine || !go) return;
  const expected = await typescriptResources(engine);
  const dir = scratch(engine, "go");
  fs.cpSync(path.join(ROOT, "examples", "go"), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}sdk`) });
  cli(engine, ["package", "gen-sdk", PLUGIN, "--language", "go", "--out", path.join(dir, "sdk")]);
  // The lab driver (lab.go) around the example's program; the CLI's build flags, so Go reuses its compiled packages.
  const driver = path.join(dir, "lync-lab");
  const build = spawnSync("go", ["build", "-tags", "lab,osusergo,grpcnotrace", "-o", driver, "."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
  });
  assert.equal(build.status, 0, build.stderr);
  const configFile = path.join(dir, "config.json");
  fs.writeFileSync(configFile, JSON.stringify(CONFIG));
  const stateFile = path.join(dir, "state.json");
  const run = spawnSync(driver, [path.join(dir, "work"), "go", configFile, stateFile], {
    encoding: "utf8",
    env: { ...process.env, ...engine.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /update summary: succeeded/);
  assert.deepEqual(registeredResources(JSON.parse(fs.readFileSync(stateFile, "utf8")) as Checkpoint), expected);
  assert.deepEqual(deployedResources(engine), [], "destroy left nothing in the lab's cloud");
});
