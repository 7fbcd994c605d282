/**
 * The lab CA: the only trust anchor of the lab's clients. It signs the captured CSRs (the certificates a public CA
 * would issue from what the stack exports) and issues the certificates of the lab's own stand-ins (the front end's
 * external web site, Cloudflare's Universal SSL). CSRs are parsed and their signatures verified with @peculiar/x509;
 * the issued certificate copies the CSR's subject and SAN extension, nothing else.
 */
import "reflect-metadata"; // tsyringe (inside @peculiar/x509) needs the Reflect metadata API
import { webcrypto, createPrivateKey } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto);
type CryptoKey = webcrypto.CryptoKey;

// ECDSA P-256 for the lab's own keys: generated in milliseconds, where RSA 2048 costs a noticeable share of a run.
const KEY = { name: "ECDSA", namedCurve: "P-256" };
const SIGN = { name: "ECDSA", hash: "SHA-256" };

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly dnsNames: readonly string[];
  readonly subject: string;
}

export interface LabCa {
  readonly certPem: string;
  /** Signs a CSR (PEM) for the holder of `keyPem`; throws if the CSR's signature is invalid. */
  signCsr(csrPem: string, keyPem: string): Promise<IssuedCertificate>;
  /** Issues a certificate with a fresh key for lab stand-ins. */
  issue(commonName: string, dnsNames: readonly string[]): Promise<IssuedCertificate>;
}

const validity = () => ({ notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
let serial = 1;
const nextSerial = () => (serial++).toString(16).padStart(2, "0");

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key as never));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
}

export function sanNames(ext: x509.SubjectAlternativeNameExtension | null): string[] {
  return ext ? ext.names.items.filter((n) => n.type === "dns").map((n) => n.value.toLowerCase()) : [];
}

export async function createLabCa(): Promise<LabCa> {
  const caKeys = await webcrypto.subtle.generateKey(KEY, true, ["sign", "verify"]);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Lync offline lab CA",
    ...validity(),
    keys: caKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });

  async function sign(
    subject: string,
    publicKey: x509.PublicKey | CryptoKey,
    dnsNames: readonly string[],
    san: x509.SubjectAlternativeNameExtension | null,
  ) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject,
      issuer: caCert.subject,
      ...validity(),
      publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        san ?? new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: "dns" as const, value }))),
      ],
    });
    return cert.toString("pem");
  }

  return {
    certPem: caCert.toString("pem"),
    async signCsr(csrPem, keyPem) {
      const csr = new x509.Pkcs10CertificateRequest(csrPem);
      if (!(await csr.verify())) throw new Error(`the CSR for ${csr.subject} has an invalid signature`);
      const raw = csr.getExtension("2.5.29.17");
      const san = raw ? new x509.SubjectAlternativeNameExtension(raw.rawData) : null;
      const dnsNames = sanNames(san);
      return { certPem: await sign(csr.subject, csr.publicKey, dnsNames, san), keyPem, dnsNames, subject: csr.subject };
    },
    async issue(commonName, dnsNames) {
      const keys = await webcrypto.subtle.generateKey(KEY, true, ["sign", "verify"]);
      const subject = `CN=${commonName}`;
      return {
        certPem: await sign(subject, keys.publicKey, dnsNames, null),
        keyPem: await keyToPem(keys.privateKey),
        dnsNames: [...dnsNames],
        subject,
      };
    },
  };
}
