/**
 * Every certificate the lab serves, checked by validators no one here wrote, as real clients would: OpenSSL
 * (`verify -x509_strict`, server purpose, the certificate's first DNS name) and NSS (`vfychain`, SSL server usage),
 * the TLS stack of Firefox and of libpurple-based Lync clients. Node's TLS, which the lab's clients use, accepts things
 * these refuse: an NSS-based client rejected every edge certificate of a lab whose CA and first certificate shared
 * serial 01 (RFC 5280 4.1.2.2, SEC_ERROR_REUSED_ISSUER_AND_SERIAL) while Node passed them.
 *
 * A validator that is not installed is reported as skipped with the package to install (Debian: openssl,
 * libnss3-tools); CI installs both.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { IssuedCertificate } from "./ca";

export type Validator = "openssl" | "nss";

export interface CertificateVerdict {
  readonly validator: Validator;
  /** The certificate's subject. */
  readonly subject: string;
  readonly status: "pass" | "fail" | "skip";
  readonly reason: string;
}

const PACKAGE: Record<Validator, { command: string; debian: string }> = {
  openssl: { command: "openssl", debian: "openssl" },
  nss: { command: "vfychain", debian: "libnss3-tools" },
};

function installed(command: string): boolean {
  return spawnSync(command, ["-h"], { stdio: "ignore" }).error === undefined;
}

const output = (r: ReturnType<typeof spawnSync>) => `${String(r.stdout)}${String(r.stderr)}`.trim().replace(/\s+/g, " ");

/** Verifies each certificate against the CA with every installed validator. */
export function verifyCertificates(caPem: string, certificates: readonly IssuedCertificate[]): CertificateVerdict[] {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-lab-verify-"));
  try {
    const caFile = path.join(dir, "ca.pem");
    writeFileSync(caFile, caPem);
    const hasNss = installed(PACKAGE.nss.command) && installed("certutil");
    const db = `sql:${dir}`;
    if (hasNss) {
      execFileSync("certutil", ["-N", "-d", db, "--empty-password"]);
      execFileSync("certutil", ["-A", "-d", db, "-n", "lync-lab-ca", "-t", "CT,C,C", "-a", "-i", caFile]);
    }
    const hasOpenssl = installed(PACKAGE.openssl.command);
    const verdicts: CertificateVerdict[] = [];
    certificates.forEach((cert, i) => {
      const file = path.join(dir, `cert-${i}.pem`);
      writeFileSync(file, cert.certPem);
      const skip = (validator: Validator) => ({
        validator,
        subject: cert.subject,
        status: "skip" as const,
        reason: `${PACKAGE[validator].command} is not installed (Debian package ${PACKAGE[validator].debian})`,
      });
      if (!hasOpenssl) verdicts.push(skip("openssl"));
      else {
        const name = cert.dnsNames[0];
        const r = spawnSync("openssl", [
          "verify",
          "-x509_strict",
          "-purpose",
          "sslserver",
          ...(name ? ["-verify_hostname", name] : []),
          "-CAfile",
          caFile,
          file,
        ]);
        const ok = r.status === 0 && String(r.stdout).trim().endsWith(": OK");
        verdicts.push({ validator: "openssl", subject: cert.subject, status: ok ? "pass" : "fail", reason: output(r) });
      }
      if (!hasNss) verdicts.push(skip("nss"));
      else {
        const r = spawnSync("vfychain", ["-d", db, "-u", "1", "-a", file]);
        const ok = r.status === 0 && /Chain is good!/.test(output(r));
        verdicts.push({ validator: "nss", subject: cert.subject, status: ok ? "pass" : "fail", reason: output(r) });
      }
    });
    return verdicts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
