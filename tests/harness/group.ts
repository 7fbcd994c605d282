/**
 * Runs `*.test.ts` files of one test directory in this process, each file as a suite of its own (so its hooks, its
 * `before` and `afterEach`, stay its own). `npm test` runs a process per directory (tests/groups/) rather than per
 * file: every process loads tsx, the SDK and the library again, 2 to 4 s of CPU, which was a fifth of npm test's CPU.
 * A file still runs alone with `node --import tsx --test tests/<dir>/<file>.test.ts`.
 *
 * tests/engine is split in three processes (tests/engine/*.group.ts, each naming its files, balanced by how long
 * they run): one would be the slowest process of the run, and CI's other Node versions leave the engine tests out.
 * tests/cli keeps a process per file: its time is in the tools it starts, not in loading. A file that changes what
 * its whole process holds (an environment variable, a handler) needs a process of its own, as tests/loopback has.
 * tests/workflows/testGroups.test.ts checks that every test file runs exactly once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe } from "node:test";

/** The files of `tests/<dir>` whose names end in `suffix` (the test files by default), sorted. */
export function testFiles(dir: string, suffix = ".test.ts"): string[] {
  const full = path.join(__dirname, "..", dir);
  return fs
    .readdirSync(full)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(full, f));
}

/** The test file `tests/<dir>/<name>.test.ts`. */
export function testFile(dir: string, name: string): string {
  return path.join(__dirname, "..", dir, `${name}.test.ts`);
}

/**
 * Registers the tests of every file of `tests/<dir>`, or of the files `names` (testFile), each under a suite named by
 * its path.
 */
export function testDirectory(dir: string, names?: readonly string[]): void {
  const files = names?.map((n) => testFile(dir, n)) ?? testFiles(dir);
  for (const file of files) {
    describe(`${dir}/${path.basename(file)}`, () => {
      // A synchronous require: the suite's tests register while its callback runs (an import() would register later).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    });
  }
}
