/**
 * `npm run plan -- --config FILE [--base FILE [--max-changes N] [--fail-on-delete-first]] [--json] [--zonefiles DIR]`:
 * validate a deployment spec (a Pulumi.<stack>.yaml or a standalone YAML/JSON file) and print its plan; with --base,
 * print the change review from the base config to this one (for pull requests): the plan diff in Lync words and every
 * provider resource `pulumi up` would create, update, replace or delete (tools/review.ts).
 * Exit codes: 2 an invalid spec or usage (every problem on stderr, nothing on stdout); 3 a safety gate tripped (more
 * than N resource changes, or a delete-first replacement), after the review is printed, as octoDNS's thresholds do.
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDeploymentText, validateDeployment, buildPlan, formatProblem, formatWarning, type Plan } from "../components/model";
import { planToMarkdown } from "../components/render/markdown";
import { planToJson } from "../components/render/json";
import { zoneFiles } from "../components/render/zonefile";
import { liveDeleteWarnings, renderDiff } from "../components/render/diff";
import { diffPlans } from "../components/plan/diff";
import type { DeploymentSpec } from "../components/spec/schema";
import { providerChanges } from "./review";

const USAGE = "usage: npm run plan -- --config FILE [--base FILE [--max-changes N] [--fail-on-delete-first]] [--json] [--zonefiles DIR]";

interface Loaded {
  readonly input: unknown;
  readonly spec: DeploymentSpec;
  readonly plan: Plan;
}

/** Reads and validates one spec file; exits 2 with every problem on stderr if it is invalid. */
export function loadPlan(file: string): Plan {
  return load(file).plan;
}

function load(file: string): Loaded {
  let input: unknown;
  try {
    input = parseDeploymentText(readFileSync(file, "utf8"));
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const result = validateDeployment(input);
  if (!result.ok) {
    process.stderr.write(`${file}: ${result.problems.length} problem(s)\n${result.problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}\n`);
    process.exit(2);
  }
  return { input, spec: result.spec, plan: buildPlan(result.spec) };
}

async function main(): Promise<void> {
  let values;
  try {
    values = parseArgs({
      options: {
        config: { type: "string" },
        base: { type: "string" },
        json: { type: "boolean", default: false },
        zonefiles: { type: "string" },
        "max-changes": { type: "string" },
        "fail-on-delete-first": { type: "boolean", default: false },
      },
    }).values;
  } catch (e) {
    // A usage error (unknown option, missing value) is the user's, like an invalid spec: exit 2, no stack trace.
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (!values.config) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const maxChanges = values["max-changes"] === undefined ? undefined : Number(values["max-changes"]);
  if (maxChanges !== undefined && !(Number.isInteger(maxChanges) && maxChanges >= 0)) {
    process.stderr.write(`--max-changes wants a whole number >= 0, not ${values["max-changes"]}\n${USAGE}\n`);
    process.exit(2);
  }
  if ((maxChanges !== undefined || values["fail-on-delete-first"]) && !values.base) {
    process.stderr.write(`--max-changes and --fail-on-delete-first go with --base\n${USAGE}\n`);
    process.exit(2);
  }
  const head = load(values.config);
  const plan = head.plan;
  if (values.zonefiles) {
    mkdirSync(values.zonefiles, { recursive: true });
    for (const [zone, text] of zoneFiles(plan)) writeFileSync(join(values.zonefiles, `${zone}.zone`), text);
  }
  if (values.base) {
    const base = load(values.base);
    const resources = await providerChanges(base, head);
    const diff = diffPlans(base.plan, plan);
    process.stdout.write(renderDiff(diff, values.json ? "json" : "markdown", resources));
    const gates = [
      ...(maxChanges !== undefined && resources.length > maxChanges
        ? [`${resources.length} resource changes, more than --max-changes ${maxChanges}`]
        : []),
      ...(values["fail-on-delete-first"] && resources.some((c) => c.deleteFirst)
        ? [`${resources.filter((c) => c.deleteFirst).length} delete-first replacement(s) (--fail-on-delete-first)`]
        : []),
      // A live record deleted outright is as destructive as a delete-first replacement.
      ...(values["fail-on-delete-first"] ? liveDeleteWarnings(diff, resources).map((w) => formatWarning(w)) : []),
    ];
    if (gates.length > 0) {
      process.stderr.write(`safety gate: ${gates.join("; ")}\n`);
      process.exitCode = 3;
    }
    return;
  }
  process.stdout.write(values.json ? planToJson(plan) : planToMarkdown(plan));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`plan: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
