/**
 * OpenSSL as an independent PKCS#12 reader for the PFX tests. CI installs it (.ci/run); elsewhere a missing openssl
 * skips those tests with the package to install, and fails them when CI=true (as tests/lab/independent.test.ts does).
 */
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** False (and the test skipped) where openssl is missing outside CI; in CI a missing openssl fails the test. */
export function opensslPresent(t: TestContext): boolean {
  if (spawnSync("openssl", ["version"], { stdio: "ignore" }).error === undefined) return true;
  assert.notEqual(process.env.CI, "true", "openssl missing: apt-get install openssl");
  t.skip("openssl not installed (Debian: apt-get install openssl)");
  return false;
}

/**
 * `openssl pkcs12 -in f.pfx -passin pass:... <args>`: stdout, or a thrown error with stderr. No `-legacy`: the PFX is
 * TripleDES-SHA1, which OpenSSL 3 reads with its default provider (only RC2 and single DES need the legacy one).
 */
export function pkcs12(pfxBase64: string, password: string, args: readonly string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-pfx-"));
  try {
    const file = path.join(dir, "f.pfx");
    writeFileSync(file, Buffer.from(pfxBase64, "base64"));
    const r = spawnSync("openssl", ["pkcs12", "-in", file, "-passin", `pass:${password}`, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`openssl pkcs12 ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout + r.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `openssl verify -x509_strict -purpose sslserver -verify_hostname <host>` of a leaf against a root, with the
 * intermediates untrusted: OpenSSL's own answer to "may a client trust this certificate for this host?".
 */
export function verifyHost(leafPem: string, chainPem: readonly string[], rootPem: string, host: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-verify-"));
  try {
    const [leaf, untrusted, root] = ["leaf.pem", "untrusted.pem", "root.pem"].map((f) => path.join(dir, f));
    writeFileSync(leaf, leafPem);
    writeFileSync(untrusted, chainPem.join(""));
    writeFileSync(root, rootPem);
    const args = ["verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", host, "-CAfile", root];
    const r = spawnSync("openssl", [...args, ...(chainPem.length > 0 ? ["-untrusted", untrusted] : []), leaf], { encoding: "utf8" });
    return { ok: r.status === 0 && r.stdout.trim().endsWith(": OK"), output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
