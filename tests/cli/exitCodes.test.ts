// Exit codes of every command-line tool (tools/exit.ts): a crash exits 70 with its stack trace, never 2, the code of
// invalid input, so that CI cannot take a bug for a bad config; invalid input still exits 2 with one line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { EXIT } from "../../tools/exit";

const ROOT = join(__dirname, "../..");
const TOOLS = ["tools/plan.ts", "tools/stacks.ts", "tools/reviewStack.ts", "tools/knot-check.ts", "lab/main.ts", "bench/review.ts"];

const run = (tool: string, args: readonly string[], preload: readonly string[] = []) =>
  spawnSync(process.execPath, ["--import", "tsx", ...preload.flatMap((p) => ["--import", p]), tool, ...args], { cwd: ROOT, encoding: "utf8" });

test("the exit codes are distinct: 0 fine, 1 a failed check, 2 invalid input, 3 a gate, 70 an internal error", () => {
  assert.deepEqual(EXIT, { ok: 0, checkFailed: 1, invalidInput: 2, gate: 3, internal: 70 });
});

for (const tool of TOOLS) {
  test(`${tool}: an internal error exits ${EXIT.internal} with its stack trace on stderr`, () => {
    const r = run(tool, ["--config", "Pulumi.contoso.example.yaml"], ["./tests/cli/crashOnParseArgs.ts"]);
    assert.equal(r.status, EXIT.internal, r.stderr);
    assert.match(r.stderr, /internal error \(exit 70\):\nTypeError: injected: a bug in the tool\n\s+at /);
  });
}

test("invalid input exits 2 with one line and no stack trace, in every tool", () => {
  const cases: Array<[string, string[]]> = [
    ["tools/plan.ts", ["--config", "no/such/file.yaml"]],
    ["tools/plan.ts", ["--config", "Pulumi.contoso.example.yaml", "--base", "Pulumi.contoso.example.yaml", "--max-changes", "0x10"]],
    ["tools/stacks.ts", ["--all", "--review", "x.md"]],
    ["tools/reviewStack.ts", ["--base-ref", "HEAD", "--pr", "1e1"]],
    ["lab/main.ts", ["--state", "s.json"]],
    ["bench/review.ts", ["--sizes", "ten"]],
  ];
  for (const [tool, args] of cases) {
    const r = run(tool, args);
    assert.equal(r.status, EXIT.invalidInput, `${tool} ${args.join(" ")}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${tool} ${args.join(" ")}`);
  }
});
