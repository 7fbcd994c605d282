/**
 * `npm run pulumi -- ARGS`: runs the Pulumi CLI this project pins (tools/toolchain.ts): the one on PATH when it is
 * recent enough, else the pinned CLI built once from Go modules. `npm run pulumi -- version` also says which and where.
 * Exit code: the CLI's own; 2 when no CLI can be had (one line why).
 */
import { spawnSync } from "node:child_process";
import { ensurePulumi } from "./toolchain";

function main(args: readonly string[]): number {
  const cli = ensurePulumi();
  if ("missing" in cli) {
    console.error(`pulumi: ${cli.missing} (install Go 1.25 or later, or the Pulumi CLI)`);
    return 2;
  }
  if (args[0] === "version") console.log(`pulumi v${cli.version} (${cli.source}: ${cli.command})`);
  const run = spawnSync(cli.command, args, { stdio: "inherit" });
  return run.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
