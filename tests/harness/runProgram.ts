/** The project's program (index.ts) under mocks in a child process, for the cases where it must refuse its config. */
import { spawnSync } from "node:child_process";
import { ROOT } from "./stackExamples";

/** The program under mocks in a child process: its throw also surfaces as an unhandled rejection inside the SDK. */
export function runProgram(config: Record<string, unknown>): { stdout: string; stderr: string } {
  const script = `
    const { capture, programFromModule } = require("./tests/harness/capture");
    process.on("unhandledRejection", () => {});
    capture(programFromModule(require("path").resolve("index.ts")), { config: ${JSON.stringify(config)} })
      .then(() => console.log("no error"), (e) => console.error(e.message));`;
  return spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
}
