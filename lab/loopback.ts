/**
 * Which loopback addresses this machine lets an unprivileged process bind. Linux and Windows route the whole
 * 127.0.0.0/8 to the loopback interface; macOS has only 127.0.0.1 on lo0 unless someone ran `sudo ifconfig lo0
 * alias`. The lab must run without root everywhere, so it asks instead of assuming:
 * - "range": every public address gets its own 127.x.y.z (the lab's native layout, see addressMap.ts);
 * - "single": everything listens on 127.0.0.1 and (address, port) pairs are told apart by port.
 * LYNC_LAB_LOOPBACK=single|range overrides the probe, so the tests can run the single layout on Linux too.
 */
import * as net from "node:net";

export type LoopbackStrategy = "range" | "single";

/** Any address outside 127.0.0.1 will do: if one binds, the whole /8 is routed to loopback. */
const PROBE_ADDRESS = "127.0.1.1";

let probed: Promise<LoopbackStrategy> | undefined;

function probe(): Promise<LoopbackStrategy> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve("single"));
    // Port 0: the probe must not collide with anything, only learn whether the address exists.
    server.listen(0, PROBE_ADDRESS, () => server.close(() => resolve("range")));
  });
}

export async function loopbackStrategy(): Promise<LoopbackStrategy> {
  const forced = process.env.LYNC_LAB_LOOPBACK;
  if (forced === "single" || forced === "range") return forced;
  if (forced) throw new Error(`LYNC_LAB_LOOPBACK must be "single" or "range", not "${forced}"`);
  return (probed ??= probe());
}
