/**
 * `npm run plan -- --config FILE [--base FILE] [--json] [--zonefiles DIR]`: validate a deployment spec (a
 * Pulumi.<stack>.yaml or a standalone YAML/JSON file) and print its plan; with --base, print the change review from
 * the base config to this one (for pull requests). An invalid spec: every problem on stderr, nothing on stdout, exit 2.
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDeploymentText, validateDeployment, buildPlan, formatProblem, type Plan } from "../components/model";
import { planToMarkdown } from "../components/render/markdown";
import { planToJson } from "../components/render/json";
import { zoneFiles } from "../components/render/zonefile";
import { renderPlanDiff } from "../components/render/diff";

const USAGE = "usage: npm run plan -- --config FILE [--base FILE] [--json] [--zonefiles DIR]";

/** Reads and validates one spec file; exits 2 with every problem on stderr if it is invalid. */
export function loadPlan(file: string): Plan {
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
  return buildPlan(result.spec);
}

function main(): void {
  let values;
  try {
    values = parseArgs({
      options: {
        config: { type: "string" },
        base: { type: "string" },
        json: { type: "boolean", default: false },
        zonefiles: { type: "string" },
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
  const plan = loadPlan(values.config);
  if (values.zonefiles) {
    mkdirSync(values.zonefiles, { recursive: true });
    for (const [zone, text] of zoneFiles(plan)) writeFileSync(join(values.zonefiles, `${zone}.zone`), text);
  }
  if (values.base) {
    process.stdout.write(renderPlanDiff(loadPlan(values.base), plan, values.json ? "json" : "markdown"));
    return;
  }
  process.stdout.write(values.json ? planToJson(plan) : planToMarkdown(plan));
}

if (require.main === module) main();
