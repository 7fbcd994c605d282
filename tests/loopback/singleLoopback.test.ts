/**
 * The lab with a single loopback address (macOS has only 127.0.0.1 unless someone ran `ifconfig lo0 alias`), forced
 * here on any machine: this process runs the lab's example, lab and parts tests again, with the same expectations, in
 * the "single" layout. It is a directory of its own, run in a process of its own, so that tests/lab (one process,
 * tests/groups/lab.ts) keeps the layout the machine supports.
 */
import "./forceSingleLoopback";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { AddressMap } from "../../lab/addressMap";
import { loopbackStrategy } from "../../lab/loopback";
import "../lab/example.test";
import "../lab/lab.test";
import "../lab/parts.test";

test("single: every (stand-in, public port) pair gets its own port on 127.0.0.1; DNS still answers distinct stand-ins", async () => {
  const map = await AddressMap.create();
  assert.equal(map.strategy, "single");
  const [a, b] = [map.loopback("198.51.100.10"), map.loopback("198.51.100.11")];
  assert.notEqual(a, b);
  const endpoints = [map.endpoint(a, 443), map.endpoint(a, 5061), map.endpoint(b, 443), map.endpoint(map.service("dns"), 53)];
  assert.ok(endpoints.every((e) => e.host === "127.0.0.1"));
  assert.equal(new Set(endpoints.map((e) => e.port)).size, endpoints.length);
  assert.deepEqual(map.endpoint(a, 443), endpoints[0]);
  process.env.LYNC_LAB_LOOPBACK = "both";
  try {
    await assert.rejects(loopbackStrategy(), /LYNC_LAB_LOOPBACK must be "single" or "range", not "both"/);
  } finally {
    process.env.LYNC_LAB_LOOPBACK = "single";
  }
});

// A macOS-like loopback without root: a Linux user + network namespace whose lo carries only 127.0.0.1/32.
const onlyLocalhost = 'ip link set lo up && ip addr del 127.0.0.1/8 dev lo && ip addr add 127.0.0.1/32 dev lo && exec "$@"';
const namespaces = process.platform === "linux" && spawnSync("unshare", ["-rn", "true"]).status === 0;

test(
  "without the override, a machine with only 127.0.0.1 probes its way to single and `npm start` passes",
  { skip: !namespaces && "needs Linux user namespaces (unshare -rn)" },
  () => {
    // What is probed is the lab's loopback, not the engine: the mock runtime keeps this run inside its minute.
    const env = { ...process.env, LYNC_LAB_LOOPBACK: undefined, LYNC_LAB_ENGINE: "mock" };
    const main = path.join(__dirname, "../../lab/main.ts");
    const run = spawnSync("unshare", ["-rn", "sh", "-c", onlyLocalhost, "sh", process.execPath, "--import", "tsx", main], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /16 passed, 0 failed, 0 skipped \(4 SIP domains\)/);
  },
);
