/**
 * `node --import tsx tests/engine/inChild.ts <lab dir> <stack> <up|preview>` (the stack's config as JSON in
 * LAB_STACK_CONFIG): `pulumi up` or `preview` of a lab stack in a process of its own (support.ts inChild). For an `up` the engine is expected to stop: the inline program's registrations it cuts
 * off then reject ("Resource monitor is terminating") in this process, not in the test runner's. Prints the error,
 * exits 1 when it failed, 0 when it succeeded.
 */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { findPulumi } from "../../tools/toolchain";
import { labEngine, labStack, pulumiCommand } from "../../lab/engine";

async function main(): Promise<number> {
  const [dir, name, operation] = process.argv.slice(2);
  const cli = findPulumi();
  if (!cli) throw new Error("no Pulumi CLI");
  const engine = labEngine(await pulumiCommand(cli), dir);
  const stack = await labStack(engine, name, JSON.parse(process.env.LAB_STACK_CONFIG ?? "{}") as ConfigMap);
  try {
    await (operation === "preview" ? stack.preview() : stack.up());
    return 0;
  } catch (e) {
    process.stdout.write(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

void main().then((code) => process.exit(code));
