// Fuzz (issue 22): whatever text or value comes in, the loader, validation, the plan and every renderer either answer
// or report the documented problem list (a DeploymentValidationError, or validateDeployment's problems): never
// another exception. Seeded and bounded, so that a failure is repeatable and the file runs in seconds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import {
  buildPlan,
  DeploymentValidationError,
  parseDeploymentText,
  readStackSettings,
  validateDeployment,
  type Plan,
  type Problem,
} from "../../components/model";
import { planToMarkdown } from "../../components/render/markdown";
import { planToJson } from "../../components/render/json";
import { zoneFiles } from "../../components/render/zonefile";
import { windowsDnsScript } from "../../components/render/windowsDns";
import { runbookForChange, runbookScript } from "../../components/render/runbook";
import { renderDiff } from "../../components/render/diff";
import { diffPlans } from "../../components/plan/diff";

const SEED = 22;
const ROOT = join(__dirname, "..", "..");
const EXAMPLES = ["Pulumi.contoso.example.yaml", "Pulumi.internal.example.yaml", "Pulumi.test.example.yaml", "estate.example.yaml"].map((f) =>
  parseDeploymentText(readFileSync(join(ROOT, f), "utf8")),
);
const BASE_PLAN = planOf(EXAMPLES[0])!;

/** The documented answer to bad input: a problem with a path, a rule id and a message. */
function assertProblems(problems: readonly Problem[]): void {
  assert.ok(problems.length > 0);
  for (const p of problems) {
    assert.equal(typeof p.path, "string");
    assert.match(p.rule, /^[A-Z0-9-]+$/);
    assert.equal(typeof p.message, "string");
  }
}

/** The loader either reads the text or throws the documented error. */
function load(read: () => unknown): void {
  try {
    read();
  } catch (e) {
    assert.ok(e instanceof DeploymentValidationError, `not the documented error: ${String(e)}`);
    assertProblems(e.problems);
  }
}

function planOf(input: unknown): Plan | undefined {
  const result = validateDeployment(input);
  if (!result.ok) {
    assertProblems(result.problems);
    return undefined;
  }
  return buildPlan(result.spec);
}

/** Every renderer on a valid plan, and the review of the change from the base example to it. */
function renderAll(plan: Plan): void {
  assert.equal(typeof planToMarkdown(plan), "string");
  assert.doesNotThrow(() => JSON.parse(planToJson(plan)));
  for (const view of ["external", "internal"] as const) for (const text of zoneFiles(plan, view).values()) assert.equal(typeof text, "string");
  const windows = windowsDnsScript(plan);
  assert.ok(windows === null || typeof windows === "string");
  assert.equal(typeof runbookScript(plan), "string");
  assert.equal(typeof runbookForChange(BASE_PLAN, plan), "string");
  const diff = diffPlans(BASE_PLAN, plan);
  assert.equal(typeof renderDiff(diff, "markdown"), "string");
  assert.doesNotThrow(() => JSON.parse(renderDiff(diff, "json")));
}

/** Every path to a value in a document, so that a mutation can land anywhere. */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== "object" || value === null) return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => paths(v, [...at, k]))];
}

function setAt(doc: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string | number, unknown>;
    if (typeof node !== "object" || node === null) return doc; // an earlier edit replaced this part
  }
  node[path[path.length - 1]] = value;
  return copy;
}

/** Values that have broken parsers: edge numbers, odd text (controls, bidi, surrogates, names), empty containers. */
const nasty = fc.oneof(
  fc.constantFrom(
    "",
    "a",
    "contoso.com",
    "x.contoso.com",
    "lyncdiscover.contoso.com",
    "meet.fabrikam.com",
    "sharedHost",
    "perDomain",
    "perDomainBase",
    "online",
    "azure",
    "cloudflare",
    "external",
    "https://dialin.contoso.com",
    "\u202e",
    "\ud800",
    "\u0085",
    "a\u0000b",
    "ü.com",
    "x".repeat(300),
    "10.0.0.1",
    "203.0.113.99",
    "::1",
    0,
    -1,
    65536,
    1e308,
    true,
    false,
    null,
    {},
    [],
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

const mutated = fc
  .integer({ min: 0, max: EXAMPLES.length - 1 })
  .chain((i) => {
    const all = paths(EXAMPLES[i]);
    return fc.tuple(fc.constant(EXAMPLES[i]), fc.array(fc.tuple(fc.constantFrom(...all), nasty), { minLength: 0, maxLength: 3 }));
  })
  .map(([doc, edits]) => edits.reduce((d, [path, value]) => setAt(d, path, value), doc));

test("validation, the plan and every renderer on mutated examples: an answer or the problem list, never an exception", () => {
  fc.assert(
    fc.property(mutated, (input) => {
      const plan = planOf(input);
      if (plan) renderAll(plan);
    }),
    { seed: SEED, numRuns: 150 },
  );
});

test("validation on arbitrary values: the problem list, never an exception", () => {
  fc.assert(
    fc.property(fc.anything({ maxDepth: 4 }), (input) => void planOf(input)),
    { seed: SEED, numRuns: 300 },
  );
});

test("the loader on arbitrary and on damaged YAML text: a value or the documented error, never another exception", () => {
  const text = readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8");
  const damaged = fc
    .tuple(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 12 }))
    .map(([at, cut, insert]) => `${text.slice(0, at)}${insert}${text.slice(at + cut)}`);
  const yamlish = fc.stringMatching(/^[ \-?:[\]{},#&*!|>'"%@`a-z0-9\n]{0,80}$/);
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish, damaged), (source) => {
      load(() => planOf(parseDeploymentText(source)));
      load(() => readStackSettings(source));
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test("the loader on mutated examples written back as YAML: the same answers as the values themselves", () => {
  fc.assert(
    fc.property(mutated, (input) => {
      load(() => {
        const plan = planOf(parseDeploymentText(stringify({ config: { "lync:deployment": input } })));
        if (plan) renderAll(plan);
      });
    }),
    { seed: SEED, numRuns: 60 },
  );
});
