/** Parent side of bench/worker.ts: one fresh `node --import tsx` process per job. */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { Job, WorkerResult } from "./worker";

const ROOT = path.join(__dirname, "..");

export function runWorker(job: Job): Promise<Extract<WorkerResult, { ok: true }>> {
  return new Promise((resolve, reject) => {
    // Own execArgv: not the parent's (tsx's CLI loader flags), the same for every measurement.
    // stdout/stderr kept apart from the bench's output (the program's own warnings); stderr shown if the job fails.
    const child = fork(path.join(__dirname, "worker.ts"), [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let result: WorkerResult | undefined;
    child.on("message", (m: WorkerResult) => (result = m));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (result?.ok) resolve(result);
      else
        reject(
          new Error(`bench worker (${job.kind}) failed with exit code ${code}: ${result && !result.ok ? result.error : "no result"}\n${stderr}`),
        );
    });
    child.send(job);
  });
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
