// `npm start -- --serve --state STATE.json`: the lab stays up for a client of your own. The test is such a client: it
// reads only STATE.json, resolves through the lab's DNS server, connects where the state says, trusts only the
// state's CA, sends a SIP REGISTER to the access edge and keeps the connection open, and stops the lab with SIGTERM:
// exit 0 (lab/serve.ts exits 70 when anything is still open STOP_WITHIN_MS after the signal), STATE.json removed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";

const ROOT = path.join(__dirname, "../..");

interface State {
  pid: number;
  dns: { address: string; port: number };
  caPem: string;
  addressMap: Record<string, string>;
  portOffset: number | null;
  endpoints: Record<string, string>;
}

const REGISTER = [
  "REGISTER sip:contoso.com SIP/2.0",
  "Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: <sip:alice@contoso.com>",
  "From: <sip:alice@contoso.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710",
  "CSeq: 1 REGISTER",
  "Contact: <sip:alice@127.0.0.1;transport=tls>",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

/** A process that has exited: its pid names no one (a stale state file's lab). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("--serve: a stale STATE.json is replaced; a client registers and keeps its connection; SIGTERM stops the lab, exit 0, file gone", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-serve-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = path.join(dir, "state.json");
  const stalePid = deadPid();
  writeFileSync(stateFile, JSON.stringify({ pid: stalePid, dns: { address: "127.9.9.9", port: 20053 }, caPem: "stale" }));
  const lab = spawn(process.execPath, ["--import", "tsx", "lab/main.ts", "--serve", "--state", stateFile], { cwd: ROOT });
  let out = "";
  lab.stdout.on("data", (c: Buffer) => (out += c.toString()));
  lab.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => lab.on("exit", resolve));
  let client: tls.TLSSocket | undefined;
  try {
    const fresh = () => existsSync(stateFile) && (JSON.parse(readFileSync(stateFile, "utf8")) as Partial<State>).pid === lab.pid;
    // The lab first runs a real `pulumi up` (about 30 s on 2 cores), then writes the file.
    for (let i = 0; i < 1800 && !fresh(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(fresh(), out);
    assert.match(
      out,
      new RegExp(`lab: .*state\\.json was stale \\(its lab, pid ${stalePid}, is gone, DNS 127\\.9\\.9\\.9:20053 with it\\): replaced`),
    );
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
    // A SIP client registers, reads the answer and does not hang up, not even when the edge does (allowHalfOpen, which
    // node:tls passes on to its socket but does not declare): the lab must still stop.
    const options = { host, port: Number(port), servername: "sip.contoso.com", ca: state.caPem, allowHalfOpen: true } as tls.ConnectionOptions;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect(options, () => {
        assert.equal(socket.authorized, true);
        socket.write(REGISTER);
      });
      client = socket;
      socket.once("data", (d: Buffer) => resolve(d.toString()));
      socket.on("error", reject);
    });
    assert.match(answer, /^SIP\/2\.0 200 OK\r\n/);
  } finally {
    lab.kill("SIGTERM");
  }
  // A guard for the test runner only: the lab's own deadline (exit 70) comes long before it.
  const guard = setTimeout(() => lab.kill("SIGKILL"), 20_000);
  const code = await exited;
  clearTimeout(guard);
  client?.destroy();
  assert.equal(code, 0, out);
  assert.match(out, /lab stopped \(SIGTERM\)/);
  assert.doesNotMatch(out, /passed, \d+ failed/);
  assert.equal(existsSync(stateFile), false, "the state file is removed when the lab stops");
});

test("--serve refuses the state file of a lab still serving, and a file that is no state file, untouched, exit 2", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-serve-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases = [
    // This test's own process stands for a lab that is still serving.
    { text: JSON.stringify({ pid: process.pid, dns: { address: "127.9.9.9", port: 20053 }, caPem: "live" }), why: /still serving \(pid \d+\)/ },
    { text: "my notes, not a lab's\n", why: /is no lab state file; not overwriting it/ },
  ];
  for (const c of cases) {
    const stateFile = path.join(dir, "state.json");
    writeFileSync(stateFile, c.text);
    const r = spawnSync(process.execPath, ["--import", "tsx", "lab/main.ts", "--serve", "--state", stateFile], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, c.why);
    assert.equal(readFileSync(stateFile, "utf8"), c.text);
  }
});
