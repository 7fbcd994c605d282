/**
 * The lab's serve mode (`npm start -- --serve --state STATE.json`, docs/lab.md "The lab for your own client"): the lab stays
 * up for a client of your own until SIGINT or SIGTERM, then stops within STOP_WITHIN_MS, every server and every open
 * connection closed, and removes STATE.json whatever the stop (a signal, an error). A state file left behind by a lab
 * that is gone (killed with SIGKILL, a crashed machine) is found at start and replaced; one of a lab still serving
 * is refused, so that two labs never point clients at each other's addresses.
 */
import * as fs from "node:fs";
import { LAB_PORT_OFFSET } from "./addressMap";
import type { RunningLab } from "./run";
import { EXIT, InputError } from "../tools/exit";

/** From SIGTERM to exit: what a supervisor (a test, CI, systemd) may count on before it kills the lab. */
export const STOP_WITHIN_MS = 2000;

/** What a client of your own needs to use a serving lab (written as STATE.json). */
export function serveState(lab: RunningLab) {
  return {
    /** The lab process: while it lives, the addresses below are served. */
    pid: process.pid,
    /** The lab's authoritative DNS server: point the client's resolver here (UDP). */
    dns: { address: lab.dns.address, port: lab.dns.port },
    /** The only trust anchor: trust it in the client (NSS: certutil -A -t "CT,C,C"; OpenSSL: -CAfile). */
    caPem: lab.ca.certPem,
    /** Public address -> the loopback address the DNS server answers instead and the servers listen on. */
    addressMap: lab.map.publicAddresses(),
    /** range: public port p listens on portOffset + p; single: null, see endpoints. */
    portOffset: lab.map.strategy === "range" ? LAB_PORT_OFFSET : null,
    /** `<loopback>:<public port>` -> `<host>:<port>` for every server of the lab. */
    endpoints: lab.map.endpoints(),
    strategy: lab.map.strategy,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is someone else's.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Makes way for a new state file at `file`: nothing there, or a stale one (its lab is gone), which is removed and
 * reported; refuses (InputError, exit 2) a live lab's file, and a file that is no lab state file (never overwritten).
 */
export function claimStateFile(file: string): string | undefined {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`--state ${file}: ${(e as Error).message}`);
  }
  let state: { pid?: unknown; dns?: { address?: unknown; port?: unknown }; caPem?: unknown };
  try {
    state = JSON.parse(text) as typeof state;
  } catch {
    throw new InputError(`--state ${file} exists and is no lab state file; not overwriting it`);
  }
  if (typeof state !== "object" || state === null || typeof state.caPem !== "string")
    throw new InputError(`--state ${file} exists and is no lab state file; not overwriting it`);
  if (typeof state.pid === "number" && state.pid !== process.pid && alive(state.pid))
    throw new InputError(`--state ${file} belongs to a lab that is still serving (pid ${state.pid}); stop it or give another file`);
  fs.rmSync(file, { force: true });
  const dns = `${String(state.dns?.address)}:${String(state.dns?.port)}`;
  return `${file} was stale (its lab${typeof state.pid === "number" ? `, pid ${state.pid},` : ""} is gone, DNS ${dns} with it): replaced`;
}

/** Written whole or not at all: a client polling for the file never reads half of it. */
function writeState(file: string, state: ReturnType<typeof serveState>): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(partial, file);
}

/** Keeps the lab up until SIGINT or SIGTERM, with STATE.json written for a client of your own. */
export async function serve(lab: RunningLab, stateFile: string | undefined, name: string): Promise<number> {
  const state = serveState(lab);
  if (stateFile) {
    // On every way out: process.exit (a crash, the deadline below) and a normal end alike.
    process.on("exit", () => fs.rmSync(stateFile, { force: true }));
    writeState(stateFile, state);
  }
  for (const note of lab.notes) console.log(`note: ${note}`);
  console.log(
    `Offline lab serving ${name}: DNS ${state.dns.address}:${state.dns.port}${stateFile ? `, state in ${stateFile}` : ""}; stop with Ctrl-C`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // A second signal while closing must not kill the process before the state file is gone.
  const again = () => undefined;
  process.on("SIGINT", again).on("SIGTERM", again);
  const deadline = setTimeout(() => {
    process.stderr.write(`lab: still closing ${STOP_WITHIN_MS} ms after ${signal}: a server or connection did not close; exiting\n`);
    process.exit(EXIT.internal);
  }, STOP_WITHIN_MS);
  await lab.close();
  clearTimeout(deadline);
  process.off("SIGINT", again).off("SIGTERM", again);
  if (stateFile) fs.rmSync(stateFile, { force: true });
  console.log(`lab stopped (${signal})`);
  return EXIT.ok;
}
