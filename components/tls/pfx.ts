/**
 * Per certificate id, a PFX of the stack's key and its certificate (the CA-issued one, or the test CA's), for
 * `Import-CsCertificate` on the edge servers and for the Application Gateway (issue 13): base64 and its password, both
 * secrets.
 *
 * Stable across runs, so that an unchanged certificate never updates the gateway: no random input. The password and
 * the salts are HMAC-SHA256 of the key (PKCS#8 DER) over fixed labels, the certificate id and, for the salts, the
 * chain. That is acceptable because the password protects nothing its inputs do not already reveal: whoever can
 * compute it holds the private key the PFX carries, and the password (an HMAC output) reveals nothing of the key. A
 * new certificate (renewal) gives new salts and new bytes under the same password; a new key gives a new password.
 */
import { createHash, createHmac, createPrivateKey } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentValidationError } from "../spec/problems";
import { CERT_ISSUED, checkIssued, type IssuedAgainst, type IssuedCheck } from "./issued";
import type { KeyHandle } from "./keys";
import { buildPfx } from "./pkcs12";

export interface CertificatePfx {
  /** The PKCS#12 file, base64 (`[IO.File]::WriteAllBytes("edge.pfx", [Convert]::FromBase64String($pfx))`). */
  readonly pfx: string;
  readonly password: string;
}

/**
 * Application Gateway takes PFX passwords of letters and digits only, 4 to 12 of them (MicrosoftDocs/azure-docs#52459,
 * #11068): 12 of 62 characters, about 71 bits. Windows' import takes any.
 */
export const PASSWORD_LENGTH = 12;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const derive = (pkcs8: Buffer, ...label: string[]) => createHmac("sha256", pkcs8).update(label.join("\0")).digest();

export function pfxPassword(pkcs8: Buffer, id: string): string {
  let out = "";
  for (let round = 0; out.length < PASSWORD_LENGTH; round++) {
    // Bytes below 248 (4 x 62) map to the alphabet without bias; the rest are skipped.
    for (const b of derive(pkcs8, "pulumi-lync pfx password", id, String(round)))
      if (b < 248 && out.length < PASSWORD_LENGTH) out += ALPHABET[b % 62];
  }
  return out;
}

/** The PFX of one certificate, after the full check (key included); throws DeploymentValidationError when refused. */
export function packPfx(id: string, privateKeyPem: string, bundlePem: string, cert: IssuedAgainst, check: Omit<IssuedCheck, "key">): CertificatePfx {
  const pkcs8 = createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" });
  const checked = checkIssued(id, bundlePem, cert, { ...check, key: privateKeyPem });
  if (checked.problems.length > 0) throw new DeploymentValidationError(checked.problems);
  const certificates = checked.chain.map((c) => c.raw);
  const chainDigest = createHash("sha256").update(Buffer.concat(certificates)).digest("hex");
  const salt = (use: string) => derive(pkcs8, "pulumi-lync pfx salt", use, id, chainDigest).subarray(0, 8);
  const password = pfxPassword(pkcs8, id);
  const pfx = buildPfx({ privateKeyPem, certificates, password, friendlyName: id, salts: [salt("key"), salt("certificates"), salt("mac")] });
  return { pfx: pfx.toString("base64"), password };
}

/**
 * Whether an Output's value is known. During a preview the value of a resource the update creates or replaces is not,
 * and an apply over it does not run. The SDK keeps the answer on every Output it makes (`isKnown`, output.ts), untyped.
 */
const isKnown = (o: pulumi.Output<unknown>): Promise<boolean> => (o as unknown as { isKnown: Promise<boolean> }).isKnown;

/**
 * The preview's share of the key check. A key unknown during a preview is one this update makes (a new stack, a
 * changed certificates.key): no certificate issued before can be for it, so the packing would fail midway through
 * `pulumi up`, after records changed. Said here, the preview fails instead (CERT-ISSUED, publicKey).
 */
function keyCheckAtPreview(id: string, keyPem: pulumi.Output<string>): pulumi.Output<true> {
  return pulumi.output(isKnown(keyPem)).apply((known) => {
    if (known || !pulumi.runtime.isDryRun()) return true as const;
    throw new DeploymentValidationError([
      {
        path: `issuedCertificates.${id}`,
        rule: CERT_ISSUED,
        subject: "publicKey",
        message: `this update makes a new ${id} key (a new stack, or certificates.key changed: rotation, algorithm, size), and the certificate given answers an older key: \`pulumi up\` would fail after the records changed. Leave ${id} out of lync:issuedCertificates for this update, then submit the new CSR (output certificates) and give its answer`,
      },
    ]);
  });
}

/** The PFX as a secret Output: packed (and checked) once the key and the certificate are known. */
export function pfxOutput(
  id: string,
  key: KeyHandle,
  bundlePem: pulumi.Input<string>,
  cert: IssuedAgainst,
  /** The bundle comes from the stack's own test CA (no CRL distribution point to require). */
  fromTestCa = false,
): pulumi.Output<CertificatePfx> {
  // Copied, so that the closure keeps only what the check reads, not the whole plan entry.
  const planned = { dnsNames: [...cert.dnsNames], issuance: cert.issuance, ...(cert.nameOwners ? { nameOwners: { ...cert.nameOwners } } : {}) };
  // The test CA signs the new key's request in the same update: only an operator's certificate can be stale.
  const previewCheck = fromTestCa ? pulumi.output(true as const) : keyCheckAtPreview(id, key.privateKeyPem);
  return pulumi.secret(
    pulumi
      .all([previewCheck, key.privateKeyPem, bundlePem])
      .apply(([, keyPem, pem]) => packPfx(id, keyPem, pem, planned, { now: new Date(), crlDistributionPoint: !fromTestCa })),
  );
}
