// `npm test` runs every test file exactly once: the files of tests/cli and tests/loopback each in a process of its own,
// tests/engine's in the three processes its *.group.ts files name, every other directory's files together in one
// process per directory (tests/groups/, tests/harness/group.ts). A new directory without its group file, a group naming
// the wrong directory or an engine test in no group would drop tests silently; this fails instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { testFile, testFiles } from "../harness/group";

const ROOT = path.join(__dirname, "..", "..");
const TESTS = path.join(ROOT, "tests");

/** The files a `tests/<dir>/*<suffix>` pattern names (the only kind of pattern the test command uses). */
function expand(pattern: string): string[] {
  const m = /^tests\/([^/*]+)\/\*([^/*]+)$/.exec(pattern);
  assert.ok(m, `unexpected pattern ${pattern} in the test command`);
  return testFiles(m[1], m[2]);
}

/** The test files a file given to `node --test` runs: a group file's directory or the files it names, or the file. */
function runs(file: string): string[] {
  if (path.dirname(file) !== path.join(TESTS, "groups") && !file.endsWith(".group.ts")) return [file];
  const group = /testDirectory\("([^"]+)"(?:, \[([^\]]*)\])?\)/.exec(fs.readFileSync(file, "utf8"));
  assert.ok(group, `${file} names no directory`);
  const [, dir, names] = group;
  if (names === undefined) return testFiles(dir);
  return [...names.matchAll(/"([^"]+)"/g)].map((n) => testFile(dir, n[1]));
}

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const patterns = scripts.test.split(/\s+/).filter((w) => w.startsWith("tests/"));

test("the test command runs every tests/<dir>/*.test.ts exactly once", () => {
  assert.ok(patterns.length > 0, scripts.test);
  const run = patterns.flatMap(expand).flatMap(runs).sort();
  const every = fs
    .readdirSync(TESTS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => expand(`tests/${d.name}/*.test.ts`))
    .sort();
  assert.deepEqual(run, every);
});

test("CI's runs on Node 22 and 24 take the same files but tests/engine and the type check", () => {
  const line = fs
    .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
    .split("\n")
    .find((l) => l.includes('"node@${version}"'));
  assert.ok(line, ".ci/run runs the tests on other Node versions");
  const ci = line.split(/\s+/).filter((w) => w.startsWith("tests/"));
  const elsewhere = ["tests/engine/*.group.ts", "tests/typecheck/*.test.ts"];
  assert.deepEqual(
    ci,
    patterns.filter((p) => !elsewhere.includes(p)),
  );
});
