// Every action a workflow uses is checked against that action's own action.yml at the major the workflow pins
// (vendored unchanged in tests/workflows/actions/<owner>/<name>/<major>.action.yml, each with the tag and commit it
// was read at): every input passed exists (a misspelled one fails here, where GitHub would only warn and ignore it),
// every required input is passed, and the action runs on node24.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { actionSteps, type Step } from "./load";

interface ActionYml {
  inputs?: Record<string, { required?: boolean; default?: unknown } | null>;
  runs: { using: string };
}

const FIXTURES = join(__dirname, "actions");

function actionYml(action: string, major: string): { yml: ActionYml; header: string } {
  const file = join(FIXTURES, ...action.toLowerCase().split("/"), `${major}.action.yml`);
  assert.ok(existsSync(file), `no vendored action.yml for ${action}@${major}: add ${file} from the action's repository at tag ${major}`);
  const text = readFileSync(file, "utf8");
  return { yml: parse(text) as ActionYml, header: text.split("\n", 1)[0] };
}

/** What is wrong with a step's `with:` against the action's inputs. */
export function inputProblems(step: Step, yml: ActionYml): string[] {
  const inputs = yml.inputs ?? {};
  const given = Object.keys(step.with ?? {});
  const unknown = given.filter((k) => !(k in inputs)).map((k) => `unknown input ${k} (the action has: ${Object.keys(inputs).join(", ")})`);
  const missing = Object.entries(inputs)
    .filter(([k, spec]) => spec?.required === true && spec.default === undefined && !given.includes(k))
    .map(([k]) => `required input ${k} not given`);
  return [...unknown, ...missing];
}

test("every input passed to an action exists in its action.yml at the pinned major, and it runs on node24", () => {
  const steps = actionSteps();
  assert.ok(steps.length > 20, `${steps.length} action steps`);
  for (const { where, step, action, ref } of steps) {
    const { yml, header } = actionYml(action, ref);
    assert.match(header, new RegExp(`^# ${action.replace("/", "\\/")}@${ref} action\\.yml, vendored unchanged`, "i"), `${where}: fixture header`);
    assert.equal(yml.runs.using, "node24", `${where}: ${step.uses}`);
    assert.deepEqual(inputProblems(step, yml), [], `${where}: ${step.uses}`);
  }
});

test("the check catches a misspelled input and a missing required one", () => {
  const { yml } = actionYml("pulumi/actions", "v7");
  assert.deepEqual(inputProblems({ uses: "pulumi/actions@v7", with: { "pulumi-version": "3.248.0" } }, yml), []);
  const [problem] = inputProblems({ uses: "pulumi/actions@v7", with: { pulumi_version: "3.248.0" } }, yml);
  assert.match(problem, /^unknown input pulumi_version \(the action has: command, stack-name, pulumi-version,/);
  const strict: ActionYml = { inputs: { script: { required: true } }, runs: { using: "node24" } };
  assert.deepEqual(inputProblems({ uses: "x/y@v1" }, strict), ["required input script not given"]);
});
