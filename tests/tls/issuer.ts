/**
 * A stand-in public CA for the tests of issued certificates (issue 13): a root and an intermediate (ECDSA P-256, fast to
 * make), which answer a stack's CSR as a CA would (leaf, then chain), or wrongly on purpose: another key, fewer names,
 * another validity, another signer. Made with @peculiar/x509, independent of the code under test (node:crypto).
 */
import "reflect-metadata"; // before @peculiar/x509
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { capture, programFromModule, type Capture, type MockProvider } from "../harness/capture";
import { PROJECT_PROGRAM } from "../harness/changeSimulation";

x509.cryptoProvider.set(webcrypto);

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY = 24 * 3600_000;

type Keys = webcrypto.CryptoKeyPair;
interface Authority {
  readonly cert: x509.X509Certificate;
  readonly keys: Keys;
}

const serial = () => {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString("hex");
};
const generate = (): Promise<Keys> => webcrypto.subtle.generateKey(EC, true, ["sign", "verify"]);
const pem = (c: x509.X509Certificate) => c.toString("pem") + "\n";

/** Key identifiers, as public CAs write them (OpenSSL's -x509_strict insists on them). */
const keyIds = async (subject: x509.PublicKeyType, issuer: x509.PublicKeyType) => [
  await x509.SubjectKeyIdentifierExtension.create(subject),
  await x509.AuthorityKeyIdentifierExtension.create(issuer),
];

async function authority(name: string, issuer?: Authority): Promise<Authority> {
  const keys = await generate();
  const extensions = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ...(await keyIds(keys.publicKey, (issuer?.keys ?? keys).publicKey)),
  ];
  const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3650 * DAY) };
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: name,
        issuer: issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: SIGN,
        extensions,
        ...validity,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: serial(), name, keys, signingAlgorithm: SIGN, extensions, ...validity });
  return { cert, keys };
}

export interface IssueOptions {
  /** The names to issue; default the CSR's. */
  readonly dnsNames?: readonly string[];
  /** Another key than the CSR's (the answer to someone else's request). */
  readonly otherKey?: boolean;
  /** Validity relative to now, in days; default -1 .. +90. */
  readonly fromDays?: number;
  readonly toDays?: number;
  /**
   * The chain given with the leaf; default intermediate and root (this test root is in no trust store, so a bundle
   * without it, as public CAs' "fullchain" files are, does not chain: that case is `intermediate`).
   */
  readonly chain?: "intermediate" | "intermediate+root" | "wrong-intermediate" | "none";
  /** The extended key usages; default server and client authentication. */
  readonly extendedKeyUsages?: ReadonlyArray<"serverAuth" | "clientAuth">;
  /** Leave out the CRL distribution point every public CA writes. */
  readonly noCrlDistributionPoint?: boolean;
}

export interface TestPublicCa {
  readonly rootPem: string;
  /** The CA's answer to a CSR: PEM, the leaf first, then the chain. */
  issue(csrPem: string, options?: IssueOptions): Promise<string>;
}

/** A root, its intermediate, and a second intermediate under another root (for broken chains). */
export async function testPublicCa(): Promise<TestPublicCa> {
  const root = await authority("CN=Test Public Root, O=Test CA");
  const intermediate = await authority("CN=Test Public Issuing CA 1, O=Test CA", root);
  const stranger = await authority("CN=Test Public Issuing CA 1, O=Test CA", await authority("CN=Another Root"));
  return {
    rootPem: pem(root.cert),
    async issue(csrPem, o = {}) {
      const csr = new x509.Pkcs10CertificateRequest(csrPem);
      const san = csr.extensions.find((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension);
      const names = o.dnsNames ?? san?.names.items.filter((n) => n.type === "dns").map((n) => n.value) ?? [];
      const publicKey = o.otherKey ? (await generate()).publicKey : csr.publicKey;
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: csr.subjectName,
        issuer: intermediate.cert.subject,
        publicKey,
        signingKey: intermediate.keys.privateKey,
        signingAlgorithm: SIGN,
        notBefore: new Date(Date.now() + (o.fromDays ?? -1) * DAY),
        notAfter: new Date(Date.now() + (o.toDays ?? 90) * DAY),
        extensions: [
          new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: "dns" as const, value }))),
          new x509.ExtendedKeyUsageExtension((o.extendedKeyUsages ?? ["serverAuth", "clientAuth"]).map((u) => x509.ExtendedKeyUsage[u])),
          ...(await keyIds(publicKey, intermediate.keys.publicKey)),
          ...(o.noCrlDistributionPoint ? [] : [new x509.CRLDistributionPointsExtension(["http://crl.test-ca.example/issuing-ca-1.crl"])]),
        ],
      });
      const chain = {
        intermediate: [intermediate.cert],
        "intermediate+root": [intermediate.cert, root.cert],
        "wrong-intermediate": [stranger.cert, root.cert],
        none: [],
      }[o.chain ?? "intermediate+root"];
      return [leaf, ...chain].map(pem).join("");
    },
  };
}

/** A certificate request for the names, as a stack would make it (only its names and key matter to the CA above). */
export async function requestFor(dnsNames: readonly string[]): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${dnsNames[0]}`,
    keys: await generate(),
    signingAlgorithm: SIGN,
    extensions: [new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: "dns" as const, value })))],
  });
  return csr.toString("pem");
}

/** The project's program (index.ts) under the given mocks, with a deployment and the issued certificates as config. */
export function runProgram(deployment: unknown, providers: readonly MockProvider[], issued?: Record<string, string>): Promise<Capture> {
  const config = { "lync:deployment": deployment, ...(issued ? { "lync:issuedCertificates": issued } : {}) };
  return capture(programFromModule(PROJECT_PROGRAM), { config, providers });
}

export type RequestsOutput = Record<string, { csrPem: string; dnsNames: string[] }>;
export type PfxOutput = Record<string, { pfx: string; password: string }>;
