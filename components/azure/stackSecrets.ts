/**
 * Stack config the gateway reads: a PFX and its password (pfxConfigKey), or the issued reverse-proxy certificate
 * (useIssuedCertificate, `lync:issuedCertificates`). Checked by the program before any resource is registered, with the
 * spec's problems, so that a missing value never leaves a half-applied stack.
 */
import type { DeploymentSpec } from "../spec/types";
import type { Problem } from "../spec/problems";

/** The stack config key (index.ts) of the issued certificates: an object, certificate id -> PEM (leaf, then chain). */
const ISSUED_CERTIFICATES_KEY = "issuedCertificates";
const REVERSE_PROXY = "reverse-proxy";

/** The gateway takes the issued reverse-proxy certificate, no test CA stands in for it, and `has` does not hold it. */
export function issuedReverseProxyMissing(spec: DeploymentSpec, has: (id: string) => boolean): boolean {
  const rp = spec.reverseProxy;
  return rp.provider === "azure" && rp.useIssuedCertificate && !spec.certificates.testCa && !has(REVERSE_PROXY);
}

export function missingIssuedCertificate(where: string): Problem {
  return {
    path: "reverseProxy.useIssuedCertificate",
    rule: "AGW-CONFIG",
    subject: REVERSE_PROXY,
    message:
      `the gateway takes the issued reverse-proxy certificate, and ${where} has none: give the CA's answer to the reverse-proxy CSR ` +
      "(PEM, leaf then chain). A new stack gets its CSR from a first `pulumi up` with certificates.testCa: true, whose certificate the gateway serves until then",
  };
}

/** `issued`: whether the stack config holds an issued certificate for an id (`lync:issuedCertificates`). */
export function missingStackSecrets(spec: DeploymentSpec, has: (key: string) => boolean, issued: (id: string) => boolean = () => false): Problem[] {
  const rp = spec.reverseProxy;
  if (rp.provider !== "azure") return [];
  const keys: Array<[string, string | undefined]> = [
    ["reverseProxy.pfxConfigKey", rp.pfxConfigKey],
    ["reverseProxy.pfxPasswordConfigKey", rp.pfxPasswordConfigKey],
  ];
  const problems: Problem[] = keys
    .filter(([, key]) => key !== undefined && !has(key))
    .map(([path, key]) => ({
      path,
      rule: "AGW-CONFIG",
      subject: `lync:${key}`,
      message: `the stack config has no secret lync:${key}: set it with \`pulumi config set --secret lync:${key} ...\``,
    }));
  if (issuedReverseProxyMissing(spec, issued)) {
    problems.push(
      missingIssuedCertificate(`the stack config (pulumi config set --path 'lync:${ISSUED_CERTIFICATES_KEY}["${REVERSE_PROXY}"]' "$(cat rp.pem)")`),
    );
  }
  return problems;
}
