/**
 * The exit codes of every command-line tool of this repository (tools/*, lab/main.ts, bench/*), and the one way they
 * end: CI tells a user's mistake (2) from a tripped gate (3) and from a crash (70), so a bug never passes for an
 * invalid config. docs/operations.md "Exit codes" lists them.
 */
export const EXIT = {
  ok: 0,
  /** A check found a failure (the lab's client checks, knot-check): the tool ran, the thing it checked is wrong. */
  checkFailed: 1,
  /** Invalid input: a spec with problems (every one on stderr), a usage error, a lab that cannot start here. */
  invalidInput: 2,
  /** A safety gate tripped (--max-changes, --fail-on-delete-first), after the review is written. */
  gate: 3,
  /** An internal error, its stack trace on stderr: EX_SOFTWARE of sysexits.h, apart from every code above. */
  internal: 70,
} as const;

/** A failure that is the user's (a bad flag value, a file that cannot be read): exit 2 with this message, no stack. */
export class InputError extends Error {}

/** node:util parseArgs refusing the command line (unknown option, missing value, stray argument): the user's. */
function isUsageError(e: unknown): boolean {
  return e instanceof Error && /^ERR_PARSE_ARGS_/.test(String((e as NodeJS.ErrnoException).code));
}

/** Ends the process on an internal error: the whole stack, so the report can be acted upon. */
export function crash(tool: string, e: unknown): never {
  const trace = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  process.stderr.write(`${tool}: internal error (exit ${EXIT.internal}):\n${trace}\n`);
  process.exit(EXIT.internal);
}

/**
 * Runs a tool's main. A number it returns is the exit code (undefined keeps process.exitCode, e.g. a gate's 3);
 * an InputError or a usage error exits 2 with its message and `usage`; anything else, thrown or rejected anywhere
 * (uncaught in a callback, too), exits 70 with its stack.
 */
export function runMain(tool: string, main: () => Promise<number | void> | number | void, usage?: string): void {
  process.on("uncaughtException", (e) => crash(tool, e));
  // A reader that stops early (`| head`) closes the pipe: not the tool's failure, and nothing is left to say.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" ? process.exit() : crash(tool, e)));
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        if (typeof code === "number") process.exitCode = code;
      },
      (e: unknown) => {
        if (!(e instanceof InputError) && !isUsageError(e)) crash(tool, e);
        process.stderr.write(`${tool}: ${(e as Error).message}\n${usage ? `${usage}\n` : ""}`);
        process.exit(EXIT.invalidInput);
      },
    );
}
