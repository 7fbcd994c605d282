/**
 * A command-line tool run in this process as `node tools/<tool>.ts ARGS` runs it (tools/exit.ts runTool: the same
 * exit codes, stdout and stderr), for tests whose subject is what the tool says rather than the process: starting one
 * costs 2 to 3 s of CPU to load the library and the SDK again. tests/cli/plan.test.ts and exitCodes.test.ts run the
 * tools as processes, as a user does.
 */
import { runTool, type ToolMain } from "../../tools/exit";

export interface ToolRun {
  /** The exit code the process would have. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runInProcess(tool: string, main: ToolMain, args: string[], usage?: string): Promise<ToolRun> {
  let stdout = "";
  let stderr = "";
  const output = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  const code = await runTool(tool, main, args, output, usage);
  return { status: code ?? 0, stdout, stderr };
}
