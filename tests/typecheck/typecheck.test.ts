// The type check of the whole repository (library, tools, lab, bench, tests: tsconfig.json) as a test file of its own,
// so that `npm test` runs it beside the other files instead of before them (tsx, which runs the tests, only strips
// types). A type error fails this test with tsc's report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

test("tsc -p tsconfig.json finds no type error", () => {
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: path.join(__dirname, "..", ".."),
    encoding: "utf8",
  });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});
