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

/** An input refused with its own report (a spec's every problem, under the file's name): exit 2, the report as it is. */
export class RefusedInput extends Error {}

/** node:util parseArgs refusing the command line (unknown option, missing value, stray argument): the user's. */
function isUsageError(e: unknown): boolean {
  return e instanceof Error && /^ERR_PARSE_ARGS_/.test(String((e as NodeJS.ErrnoException).code));
}

/** What a tool writes: to the process's streams, or (tests) to strings. */
export interface ToolOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: ToolOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/**
 * A tool's main: its command-line arguments and where to write, its exit code returned (undefined keeps
 * process.exitCode, for a main that sets it).
 */
export type ToolMain = (args: string[], output: ToolOutput) => Promise<number | void> | number | void;

/** The report of an internal error: the whole stack, so that it can be acted upon. */
function crashReport(tool: string, e: unknown): string {
  const trace = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `${tool}: internal error (exit ${EXIT.internal}):\n${trace}\n`;
}

/** Ends the process on an internal error, with its stack. */
export function crash(tool: string, e: unknown): never {
  process.stderr.write(crashReport(tool, e));
  process.exit(EXIT.internal);
}

/**
 * Runs a tool's main to its exit code: a number it returns; an InputError or a usage error is 2 with its message and
 * `usage`, a RefusedInput 2 with its report; anything else 70 with its stack. runMain ends the process with it; the
 * CLI tests call this in their own process, where they do not test the process itself.
 */
export async function runTool(tool: string, main: ToolMain, args: string[], output: ToolOutput, usage?: string): Promise<number | undefined> {
  try {
    const code = await main(args, output);
    return typeof code === "number" ? code : undefined;
  } catch (e) {
    if (e instanceof RefusedInput) output.stderr(`${e.message}\n`);
    else if (e instanceof InputError || isUsageError(e)) output.stderr(`${tool}: ${(e as Error).message}\n${usage ? `${usage}\n` : ""}`);
    else {
      output.stderr(crashReport(tool, e));
      return EXIT.internal;
    }
    return EXIT.invalidInput;
  }
}

/**
 * Runs a tool's main as the process (runTool): exits at once on 2 and 70; any other code becomes the exit code once
 * the process is done. Anything thrown or rejected elsewhere (uncaught in a callback, too) exits 70 with its stack.
 */
export function runMain(tool: string, main: ToolMain, usage?: string): void {
  process.on("uncaughtException", (e) => crash(tool, e));
  // A reader that stops early (`| head`) closes the pipe: not the tool's failure, and nothing is left to say.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" ? process.exit() : crash(tool, e)));
  void runTool(tool, main, process.argv.slice(2), PROCESS_OUTPUT, usage).then((code) => {
    if (code === EXIT.invalidInput || code === EXIT.internal) process.exit(code);
    if (code !== undefined) process.exitCode = code;
  });
}
