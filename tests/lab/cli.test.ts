// `npm start` as a user runs it: the file given with --config is the one used, stack secrets (PFX config keys) come
// from --secret or LYNC_LAB_SECRET_<KEY>, and anything that keeps the lab from running exits 2 with one line, no stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { labSecrets } from "../../lab/main";
import { AddressMap } from "../../lab/addressMap";
import { findPulumi, NO_BUILD_ENV } from "../../tools/toolchain";

const ROOT = path.join(__dirname, "../..");
const lab = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", "lab/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, [NO_BUILD_ENV]: "never", ...env },
  });

test("--config FILE is the file the lab uses: an invalid one exits 2 with its problems", () => {
  const r = lab(["--config", "tests/fixtures/ten-mistakes.yaml"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\[SCHEMA\]|\[R-DNS-12\]/);
  assert.doesNotMatch(r.stdout, /Offline lab/);
});

test("the test-stack example needs no secret (its test CA makes the gateway's PFX): a real `pulumi up` into the lab, which passes", () => {
  const cli = findPulumi();
  assert.ok(cli || process.env.CI !== "true", "CI builds the Pulumi CLI first (.ci/run)");
  const ok = lab(["--config", "Pulumi.test.example.yaml"]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  if (cli) {
    // The engine's own summary, then the checks against what it deployed into the lab's cloud.
    assert.match(ok.stdout, new RegExp(`^Engine: pulumi v${cli.version.replace(/\./g, "\\.")} \\(`, "m"));
    assert.match(ok.stdout, /^Resources:\n\s+\+ \d+ created$/m);
  } else {
    assert.match(ok.stdout, /^Engine: Pulumi's mock runtime \(no Pulumi CLI/m);
  }
  assert.match(ok.stdout, /Offline lab: Pulumi\.test\.example\.yaml, \d+ resources deployed, 3 SIP domains/);
  assert.match(ok.stdout, /15 passed, 0 failed, 0 skipped \(3 SIP domains\)$/m);
});

test("a stack that names PFX config keys: without its secrets one line and exit 2; with them from the environment the lab passes", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const doc = parseDocument(readFileSync(path.join(ROOT, "Pulumi.test.example.yaml"), "utf8"));
  doc.setIn(["config", "lync:deployment", "reverseProxy", "pfxConfigKey"], "reverseProxyPfx");
  doc.setIn(["config", "lync:deployment", "reverseProxy", "pfxPasswordConfigKey"], "reverseProxyPfxPassword");
  const file = path.join(dir, "Pulumi.pfx.yaml");
  writeFileSync(file, doc.toString());
  const missing = lab(["--config", file]);
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /^lab: the stack config has no secret lync:reverseProxyPfx: [^\n]*\n(lab: [^\n]*\n)?lab: give the lab a stack secret with --secret KEY=VALUE/,
  );
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  // The secrets' way into the program is the same under either engine: the mock runtime keeps this test quick.
  const ok = lab(["--config", file, "--secret", "reverseProxyPfx=cGZ4"], {
    LYNC_LAB_SECRET_reverseProxyPfxPassword: "test",
    LYNC_LAB_ENGINE: "mock",
  });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /15 passed, 0 failed, 0 skipped \(3 SIP domains\)$/m);
});

test("usage errors exit 2 with one line", () => {
  for (const args of [["--secret", "no-equals-sign"], ["--unknown"], ["--config", "no/such/file.yaml"]]) {
    const r = lab(args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, /^lab: .+\n$/, args.join(" "));
  }
});

test("labSecrets: --secret KEY=VALUE over LYNC_LAB_SECRET_<KEY>; values may hold '='", () => {
  assert.deepEqual(labSecrets(["a=1", "b=x=y"], { LYNC_LAB_SECRET_a: "env", LYNC_LAB_SECRET_c: "3", OTHER: "no" }), { a: "1", b: "x=y", c: "3" });
  assert.throws(() => labSecrets(["=1"]), /--secret wants KEY=VALUE/);
});

test("concurrent labs never share a loopback range: 30 maps at once claim 30 different second octets", async () => {
  // Random octets alone would collide (30 of 250: more likely than not); the claim sockets make them distinct.
  const maps = await Promise.all(Array.from({ length: 30 }, () => AddressMap.create()));
  try {
    const taken = maps.map((m) => (m.strategy === "range" ? m.octet : m.singleBase));
    assert.equal(new Set(taken).size, 30);
  } finally {
    await Promise.all(maps.map((m) => m.release()));
  }
});
