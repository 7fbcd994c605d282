/**
 * The lab CA: the only trust anchor of the lab's clients. It signs the captured CSRs (the certificates a public CA
 * would issue from what the stack exports) and issues the certificates of the lab's own stand-ins (the front end's
 * external web site, Cloudflare's Universal SSL). CSRs are parsed and their signatures verified with @peculiar/x509;
 * the issued certificate copies the CSR's subject and SAN extension, nothing else.
 */
import "reflect-metadata"; // tsyringe (inside @peculiar/x509) needs the Reflect metadata API
import { webcrypto, createPrivateKey, randomBytes } from "node:crypto";
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
  /**
   * Signs a CSR (PEM) for the holder of `keyPem`; throws if the CSR's signature is invalid. `dnsNames`: the names of
   * the certificate in service instead of the CSR's (an earlier answer for the same key: docs/rules.md ONBOARD-ORDER).
   */
  signCsr(csrPem: string, keyPem: string, dnsNames?: readonly string[]): Promise<IssuedCertificate>;
  /** Issues a certificate with a fresh key for lab stand-ins. */
  issue(commonName: string, dnsNames: readonly string[]): Promise<IssuedCertificate>;
  /** Every certificate issued so far (signed CSRs and stand-ins): what the lab's servers present. */
  readonly issued: readonly IssuedCertificate[];
}

export interface LabCaOptions {
  /** Serial numbers (hex); default randomSerial. Tests pass a constant to break RFC 5280 on purpose. */
  readonly serial?: () => string;
}

const validity = () => ({ notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
/**
 * A fresh positive 128-bit serial for every certificate, the CA's own included, as public CAs draw them (CA/Browser
 * Forum: at least 64 random bits). RFC 5280 4.1.2.2 forbids two certificates of one issuer with the same serial, and
 * NSS refuses them (SEC_ERROR_REUSED_ISSUER_AND_SERIAL): a counter that gave the CA and its first certificate both 01
 * passed Node's checks and failed a real NSS-based client.
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01; // a non-zero first byte: the DER encoding stays minimal (no leading 00)
  return bytes.toString("hex");
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key as never));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
}

export function sanNames(ext: x509.SubjectAlternativeNameExtension | null): string[] {
  return ext ? ext.names.items.filter((n) => n.type === "dns").map((n) => n.value.toLowerCase()) : [];
}

/** The common name of a CSR's subject (PEM), lower case; undefined when it has none. */
export function csrCommonName(csrPem: string): string | undefined {
  return new x509.Pkcs10CertificateRequest(csrPem).subjectName.getField("CN")[0]?.toLowerCase();
}

export async function createLabCa(options: LabCaOptions = {}): Promise<LabCa> {
  const serial = options.serial ?? randomSerial;
  const issued: IssuedCertificate[] = [];
  const caKeys = await webcrypto.subtle.generateKey(KEY, true, ["sign", "verify"]);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=Lync offline lab CA",
    ...validity(),
    keys: caKeys,
    signingAlgorithm: SIGN,
    // RFC 5280 4.2.1.2: a CA's certificate carries a subject key identifier (OpenSSL's -x509_strict insists).
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  async function sign(
    subject: string,
    publicKey: x509.PublicKey | CryptoKey,
    dnsNames: readonly string[],
    san: x509.SubjectAlternativeNameExtension | null,
  ) {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: caCert.subject,
      ...validity(),
      publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGN,
      // RFC 5280 4.2.1.1/4.2.1.2: the authority key identifier names the CA's key; the subject key identifier its own.
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(publicKey),
        san ?? new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: "dns" as const, value }))),
      ],
    });
    return cert.toString("pem");
  }

  return {
    certPem: caCert.toString("pem"),
    async signCsr(csrPem, keyPem, inService) {
      const csr = new x509.Pkcs10CertificateRequest(csrPem);
      if (!(await csr.verify())) throw new Error(`the CSR for ${csr.subject} has an invalid signature`);
      const raw = csr.getExtension("2.5.29.17");
      const san = inService ? null : raw ? new x509.SubjectAlternativeNameExtension(raw.rawData) : null;
      const dnsNames = inService ? [...inService] : sanNames(san);
      const cert = { certPem: await sign(csr.subject, csr.publicKey, dnsNames, san), keyPem, dnsNames, subject: csr.subject };
      issued.push(cert);
      return cert;
    },
    async issue(commonName, dnsNames) {
      const keys = await webcrypto.subtle.generateKey(KEY, true, ["sign", "verify"]);
      const subject = `CN=${commonName}`;
      const cert = {
        certPem: await sign(subject, keys.publicKey, dnsNames, null),
        keyPem: await keyToPem(keys.privateKey),
        dnsNames: [...dnsNames],
        subject,
      };
      issued.push(cert);
      return cert;
    },
    issued,
  };
}
