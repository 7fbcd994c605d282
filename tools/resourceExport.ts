/**
 * `tsx tools/resourceExport.ts [--examples] --out FILE.json`: what every stack of the project directory registers, run
 * by this checkout's own program under the mock runtime (tools/review.ts captureStack), with the mocks' state, as
 * JSON. `npm run stacks` runs it in a worktree of the base revision, with the base's code and dependencies, when a
 * change touches more than stack files (tools/baseSide.ts): the base side of the review is then what the base's code
 * deploys, not the head's code with the base's config. Keep the format stable: a head reads what older bases wrote,
 * and a base without this file (or with another format) makes every stack affected.
 * Exit codes (tools/exit.ts): 2 an invalid stack (every problem on stderr) or usage; 70 an internal error.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { exportState } from "../tests/harness/mockState";
import { RESOURCE_EXPORT_FORMAT, type ResourceExport, type StackExport } from "./resourceFormat";
import { load } from "./plan";
import { captureStack } from "./review";
import { stackFiles } from "./stackFiles";
import { InputError, runMain } from "./exit";

const USAGE = "usage: tsx tools/resourceExport.ts [--examples] --out FILE.json";

/** Every stack of `dir`'s stack files, one at a time (the mock runtime is global to the process). */
export async function exportResources(examples: boolean): Promise<ResourceExport> {
  const stacks: Record<string, StackExport> = {};
  for (const { stack, config } of stackFiles(".", examples)) {
    const side = load(config);
    const { resources, state } = await captureStack(side, side.shard);
    stacks[stack] = { resources, state: await exportState(state) };
  }
  return { format: RESOURCE_EXPORT_FORMAT, stacks };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { examples: { type: "boolean", default: false }, out: { type: "string" } } });
  if (!values.out) throw new InputError("--out FILE.json is required");
  writeFileSync(values.out, JSON.stringify(await exportResources(values.examples)));
}

if (require.main === module) runMain("resourceExport", main, USAGE);
