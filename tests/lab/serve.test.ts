// `npm start -- --serve --state STATE.json`: the lab stays up for a client of your own. The test is such a client: it
// reads only STATE.json, resolves through the lab's DNS server, connects where the state says, trusts only the
// state's CA, and stops the lab with SIGTERM (exit 0, no checks run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";

interface State {
  dns: { address: string; port: number };
  caPem: string;
  addressMap: Record<string, string>;
  portOffset: number | null;
  endpoints: Record<string, string>;
}

test("--serve writes STATE.json, a client of its own reaches the edge through it, SIGTERM stops the lab with 0", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-serve-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = path.join(dir, "state.json");
  const lab = spawn(process.execPath, ["--import", "tsx", "lab/main.ts", "--serve", "--state", stateFile], { cwd: path.join(__dirname, "../..") });
  let out = "";
  lab.stdout.on("data", (c: Buffer) => (out += c.toString()));
  lab.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => lab.on("exit", resolve));
  try {
    for (let i = 0; i < 600 && !existsSync(stateFile); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(stateFile), out);
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as State;
    assert.equal(state.addressMap["198.51.100.10"] !== undefined, true, JSON.stringify(state.addressMap));

    // The client's resolver points at the lab; sip.contoso.com answers the access edge's loopback stand-in.
    const resolver = new Resolver();
    resolver.setServers([`${state.dns.address}:${state.dns.port}`]);
    const [edge] = await resolver.resolve4("sip.contoso.com");
    assert.equal(edge, state.addressMap["198.51.100.10"]);
    // Port 5061 of that address, where the state says it listens; the edge certificate verifies against the lab CA.
    const [host, port] = state.endpoints[`${edge}:5061`].split(":");
    assert.equal(state.portOffset === null || Number(port) === state.portOffset + 5061, true);
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = tls.connect({ host, port: Number(port), servername: "sip.contoso.com", ca: state.caPem }, () => {
        resolve(socket.authorized);
        socket.end();
      });
      socket.on("error", reject);
    });
    assert.equal(authorized, true);
  } finally {
    lab.kill("SIGTERM");
  }
  assert.equal(await exited, 0, out);
  assert.match(out, /lab stopped \(SIGTERM\)/);
  assert.doesNotMatch(out, /passed, \d+ failed/);
});
