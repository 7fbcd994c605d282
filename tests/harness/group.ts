/**
 * Runs every `*.test.ts` of one test directory in this process, each file as a suite of its own (so its hooks, its
 * `before` and `afterEach`, stay its own). `npm test` runs a process per directory (tests/groups/) rather than per
 * file: every process loads tsx, the SDK and the library again, 2 to 4 s of CPU, which was a fifth of npm test's CPU.
 * A file still runs alone with `node --import tsx --test tests/<dir>/<file>.test.ts`.
 *
 * Not grouped (a process per file, as the test command lists them): tests/engine and tests/cli, whose time is in the
 * engine and the tools they start, not in loading, and which run longest (one group would be the slowest process);
 * tests/lab, whose singleLoopback test forces a loopback layout on its whole process and runs the lab's files again
 * under it. A file that changes what its process holds (an environment variable, a handler) belongs there too.
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

/** Registers the tests of every file of `tests/<dir>`, each under a suite named by its path. */
export function testDirectory(dir: string): void {
  for (const file of testFiles(dir)) {
    describe(`${dir}/${path.basename(file)}`, () => {
      // A synchronous require: the suite's tests register while its callback runs (an import() would register later).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    });
  }
}
