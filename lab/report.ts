/** The lab's output: a SIP domain x check table with the reason of every failure, and a summary line. */
import type { CheckResult, CheckName } from "./checks";
import type { CertificateVerdict } from "./independent";

const COLUMNS: CheckName[] = ["desktop", "federation", "mobile", "meet", "exposure", "online"];

export function renderReport(
  results: readonly CheckResult[],
  notes: readonly string[] = [],
  certificates: readonly CertificateVerdict[] = [],
): string {
  const domains = [...new Set(results.map((r) => r.domain))];
  const cell = (d: string, c: CheckName) => results.find((r) => r.domain === d && r.check === c)?.status ?? "-";
  const width = Math.max(10, ...domains.map((d) => d.length));
  const lines = [
    ...notes.map((n) => `note: ${n}`),
    [`SIP domain`.padEnd(width), ...COLUMNS.map((c) => c.padEnd(10))].join(" | "),
    [`-`.repeat(width), ...COLUMNS.map(() => "-".repeat(10))].join("-|-"),
    ...domains.map((d) => [d.padEnd(width), ...COLUMNS.map((c) => cell(d, c).padEnd(10))].join(" | ")),
    "",
    ...results.filter((r) => r.status !== "pass").map((r) => `${r.status.toUpperCase()} ${r.domain} ${r.check}: ${r.reason}`),
  ];
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const certs = (s: string) => certificates.filter((c) => c.status === s).length;
  lines.push(
    ...certificates.filter((c) => c.status !== "pass").map((c) => `${c.status.toUpperCase()} certificate ${c.subject} (${c.validator}): ${c.reason}`),
    `Certificates served, checked by OpenSSL (verify -x509_strict) and NSS (vfychain): ${certs("pass")} passed, ${certs("fail")} failed, ${certs("skip")} skipped`,
    `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped (${domains.length} SIP domains)`,
  );
  return lines.join("\n");
}

/** A client check or a certificate verdict failed. */
export const failed = (results: readonly CheckResult[], certificates: readonly CertificateVerdict[] = []) =>
  results.some((r) => r.status === "fail") || certificates.some((c) => c.status === "fail");
