// A stack file whose key has no namespace (`deployment:` under config): the Pulumi engine makes it the project's key
// (`<name in Pulumi.yaml>:deployment`, pulumi/pulumi sdk/go/common/workspace, TestLoadingStackConfigWithoutNamespacing-
// TheProject), and the review reads it the same way through the one loader (components/spec/load.ts). Issue 22: the
// review refused what the program deployed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { buildPlan, namespacedConfig, parseDeploymentText, validateDeployment, DeploymentValidationError } from "../../components/model";
import { readStackInput } from "../../tools/stackFiles";
import { capture, programFromModule } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import { ROOT } from "../harness/stackExamples";
import { runProgram } from "../harness/runProgram";

const SPEC = parseDeploymentText(readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8"));
const STACK = `config:\n  deployment: ${JSON.stringify(SPEC)}\n  reverseProxyPfx: cGZ4\n  reverseProxyPfxPassword: test\n`;
let dir: string;

before(() => (dir = mkdtempSync(join(tmpdir(), "lync-namespace-"))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A project directory with Pulumi.yaml named `project` and one stack file; the stack file's path. */
function stackIn(project: string, text: string): string {
  const root = mkdtempSync(join(dir, `${project}-`));
  writeFileSync(join(root, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
  writeFileSync(join(root, "Pulumi.dev.yaml"), text);
  return join(root, "Pulumi.dev.yaml");
}

/** What the engine hands the program for this stack file: every key namespaced, every value as a string. */
const engineConfig = (text: string, project: string) => namespacedConfig((parse(text) as { config: Record<string, unknown> }).config, project);

test("deployment: without namespace in project lync: the review and the program both read lync:deployment, the same tenants", async () => {
  const review = validateDeployment(readStackInput(stackIn("lync", STACK)).input);
  assert.ok(review.ok, JSON.stringify(!review.ok && review.problems.slice(0, 3)));
  const run = await capture(programFromModule(PROJECT_PROGRAM), { config: engineConfig(STACK, "lync"), providers: [tlsMocks()] });
  assert.deepEqual(
    Object.keys(run.outputs.tenants as object).sort(),
    buildPlan(review.spec)
      .tenants.map((t) => t.name)
      .sort(),
  );
});

test("in a project of another name the key is that project's: neither the review nor the program takes it", () => {
  assert.ok(!validateDeployment(readStackInput(stackIn("other", STACK)).input).ok);
  const config = engineConfig(STACK, "other");
  assert.deepEqual(Object.keys(config).sort(), ["other:deployment", "other:reverseProxyPfx", "other:reverseProxyPfxPassword"]);
  const r = runProgram(config);
  assert.match(r.stderr, /the stack config needs lync:deployment or lync:estate/);
  assert.doesNotMatch(r.stdout, /no error/);
});

test("both spellings of one key are refused: which one would the engine take?", () => {
  const text = `config:\n  deployment: {}\n  lync:deployment: {}\n`;
  assert.throws(
    () => readStackInput(stackIn("lync", text)),
    (e: unknown) => e instanceof DeploymentValidationError && /lync:deployment is given twice/.test(e.message),
  );
});
