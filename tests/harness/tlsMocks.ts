/**
 * A MockProvider for lab/capture.ts that behaves like the tls provider (@pulumi/tls 5.x, bridged from
 * hashicorp/terraform-provider-tls), so that tests check real key material instead of echoed inputs:
 * - tls:index/privateKey:PrivateKey        a real key (node:crypto); PEM outputs as the provider writes them
 *                                          (PKCS#1 / SEC1, PKCS#8, SPKI), the private ones as secrets.
 * - tls:index/certRequest:CertRequest      a real PKCS#10 request signed with the given key, carrying the subject
 *                                          and the dnsNames / ipAddresses / uris asked for.
 * - tls:index/selfSignedCert:SelfSignedCert, tls:index/locallySignedCert:LocallySignedCert
 *                                          real certificates; the locally signed one copies subject and SANs from the
 *                                          CSR (whose signature it verifies) and is signed by the CA key, which must
 *                                          match the CA certificate (as Go's x509.CreateCertificate demands).
 * Provider rules kept: exactly one of `x` / `xWo`; `xWo` needs `xWoVersion`; write-only inputs never reach state.
 */
import "reflect-metadata"; // tsyringe (inside @peculiar/x509) needs the Reflect metadata API
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, webcrypto, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
// The output module alone, not the SDK's index: the lab's tls plugin loads this file at every start (the index pulls
// in the automation API and npm's arborist, about a second of CPU per plugin process).
import { secret } from "@pulumi/pulumi/output";
import * as x509 from "@peculiar/x509";
import type { MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import type { MockProvider } from "./capture";
import { unwrapSecrets } from "./secretValues";

x509.cryptoProvider.set(webcrypto);

type Inputs = Record<string, unknown>;
/** The mock's resource arguments with the inputs unwrapped to plain values (see unwrapSecrets()). */
type TlsArgs = Omit<MockResourceArgs, "inputs"> & { readonly inputs: Inputs };
type WebKey = webcrypto.CryptoKey;

const TYPES = {
  privateKey: "tls:index/privateKey:PrivateKey",
  certRequest: "tls:index/certRequest:CertRequest",
  selfSigned: "tls:index/selfSignedCert:SelfSignedCert",
  locallySigned: "tls:index/locallySignedCert:LocallySignedCert",
} as const;

const CURVES: Record<string, { node: string; web: string; hash: string }> = {
  P224: { node: "P-224", web: "P-224", hash: "SHA-256" },
  P256: { node: "P-256", web: "P-256", hash: "SHA-256" },
  P384: { node: "P-384", web: "P-384", hash: "SHA-384" },
  P521: { node: "P-521", web: "P-521", hash: "SHA-512" },
};
const NODE_CURVE_NAMES: Record<string, string> = { prime256v1: "P256", secp384r1: "P384", secp521r1: "P521", secp224r1: "P224" };

/** Subject fields of the provider in Go's pkix.Name encoding order, with their attribute OIDs. */
const SUBJECT_FIELDS: Array<[string, string]> = [
  ["country", "2.5.4.6"],
  ["province", "2.5.4.8"],
  ["locality", "2.5.4.7"],
  ["streetAddresses", "2.5.4.9"],
  ["postalCode", "2.5.4.17"],
  ["organization", "2.5.4.10"],
  ["organizationalUnit", "2.5.4.11"],
  ["commonName", "2.5.4.3"],
  ["serialNumber", "2.5.4.5"],
  ["emailAddress", "1.2.840.113549.1.9.1"],
];

const KEY_USAGES: Record<string, x509.KeyUsageFlags> = {
  digital_signature: x509.KeyUsageFlags.digitalSignature,
  content_commitment: x509.KeyUsageFlags.nonRepudiation,
  key_encipherment: x509.KeyUsageFlags.keyEncipherment,
  data_encipherment: x509.KeyUsageFlags.dataEncipherment,
  key_agreement: x509.KeyUsageFlags.keyAgreement,
  cert_signing: x509.KeyUsageFlags.keyCertSign,
  crl_signing: x509.KeyUsageFlags.cRLSign,
  encipher_only: x509.KeyUsageFlags.encipherOnly,
  decipher_only: x509.KeyUsageFlags.decipherOnly,
};
const EXT_KEY_USAGES: Record<string, string> = {
  any_extended: "2.5.29.37.0",
  server_auth: x509.ExtendedKeyUsage.serverAuth,
  client_auth: x509.ExtendedKeyUsage.clientAuth,
  code_signing: x509.ExtendedKeyUsage.codeSigning,
  email_protection: x509.ExtendedKeyUsage.emailProtection,
  timestamping: x509.ExtendedKeyUsage.timeStamping,
  ocsp_signing: x509.ExtendedKeyUsage.ocspSigning,
};

function fail(args: Pick<MockResourceArgs, "type" | "name">, message: string): never {
  throw new Error(`${args.type} ${args.name}: ${message}`);
}

/** The key input of a resource: exactly one of `field` and `fieldWo`, the latter with its version (provider rule). */
function keyInput(args: TlsArgs, field: string): string {
  const plain = args.inputs[field] as string | undefined;
  const wo = args.inputs[`${field}Wo`] as string | undefined;
  if ((plain === undefined) === (wo === undefined)) fail(args, `exactly one of ${field} or ${field}Wo must be set`);
  if (wo !== undefined && typeof args.inputs[`${field}WoVersion`] !== "number") fail(args, `${field}Wo requires ${field}WoVersion`);
  return (plain ?? wo)!;
}

/** A parsed key: the node KeyObject, the provider's algorithm name and WebCrypto keys for @peculiar/x509. */
interface KeyPair {
  readonly algorithm: "RSA" | "ECDSA";
  readonly curve?: string;
  readonly spki: Buffer;
  readonly keys: { privateKey: WebKey; publicKey: WebKey };
  readonly signing: { name: string; hash: string };
}

async function keyPairFromPem(pem: string): Promise<KeyPair> {
  const priv: KeyObject = createPrivateKey(pem);
  const spki = createPublicKey(priv).export({ type: "spki", format: "der" });
  const pkcs8 = priv.export({ type: "pkcs8", format: "der" });
  let algorithm: KeyPair["algorithm"];
  let importAlg: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  let signing: KeyPair["signing"];
  let curve: string | undefined;
  if (priv.asymmetricKeyType === "rsa") {
    algorithm = "RSA";
    importAlg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    signing = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  } else if (priv.asymmetricKeyType === "ec") {
    algorithm = "ECDSA";
    curve = NODE_CURVE_NAMES[priv.asymmetricKeyDetails?.namedCurve ?? ""];
    if (!curve) throw new Error(`unsupported curve ${priv.asymmetricKeyDetails?.namedCurve}`);
    importAlg = { name: "ECDSA", namedCurve: CURVES[curve].web };
    signing = { name: "ECDSA", hash: CURVES[curve].hash };
  } else {
    throw new Error(`unsupported key type ${priv.asymmetricKeyType}`);
  }
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey("pkcs8", pkcs8, importAlg, true, ["sign"]),
    publicKey: await subtle.importKey("spki", spki, importAlg, true, ["verify"]),
  };
  return { algorithm, curve, spki, keys, signing };
}

function subjectName(subject: unknown): x509.Name {
  const s = (subject ?? {}) as Record<string, unknown>;
  const rdns: Array<Record<string, string[]>> = [];
  for (const [field, oid] of SUBJECT_FIELDS) {
    const v = s[field];
    for (const value of Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]) rdns.push({ [oid]: [String(value)] });
  }
  return new x509.Name(rdns);
}

function sanExtension(inputs: Inputs): x509.Extension[] {
  const names: Array<{ type: "dns" | "ip" | "url"; value: string }> = [
    ...((inputs.dnsNames as string[] | undefined) ?? []).map((value) => ({ type: "dns" as const, value })),
    ...((inputs.ipAddresses as string[] | undefined) ?? []).map((value) => ({ type: "ip" as const, value })),
    ...((inputs.uris as string[] | undefined) ?? []).map((value) => ({ type: "url" as const, value })),
  ];
  return names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : [];
}

function usageExtensions(args: TlsArgs): x509.Extension[] {
  const uses = (args.inputs.allowedUses as string[] | undefined) ?? fail(args, "allowedUses is required");
  let flags = 0;
  const ekus: string[] = [];
  for (const use of uses) {
    if (use in KEY_USAGES) flags |= KEY_USAGES[use];
    else if (use in EXT_KEY_USAGES) ekus.push(EXT_KEY_USAGES[use]);
    else fail(args, `unknown allowed use "${use}"`);
  }
  const out: x509.Extension[] = [];
  if (flags !== 0) out.push(new x509.KeyUsagesExtension(flags, true));
  if (ekus.length > 0) out.push(new x509.ExtendedKeyUsageExtension(ekus));
  if (args.inputs.isCaCertificate === true) out.push(new x509.BasicConstraintsExtension(true, undefined, true));
  return out;
}

function validity(args: TlsArgs): { notBefore: Date; notAfter: Date } {
  const hours = args.inputs.validityPeriodHours;
  if (typeof hours !== "number") fail(args, "validityPeriodHours is required");
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + hours * 3600_000) };
}

/** Positive serial (the provider draws 128 random bits); its decimal form is the resource id. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString("hex");
}

/** Inputs as they are stored in state: write-only ones are never (provider contract). */
function stateInputs(inputs: Inputs): Inputs {
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => !/Wo$/.test(k)));
}

function certOutputs(args: TlsArgs, cert: x509.X509Certificate, pair: KeyPair, keyField: string): MockResourceResult {
  return {
    id: BigInt(`0x${cert.serialNumber}`).toString(10),
    state: {
      ...stateInputs(args.inputs),
      ...(args.inputs[keyField] !== undefined ? { [keyField]: secret(args.inputs[keyField]) } : {}),
      certPem: cert.toString("pem") + "\n",
      validityStartTime: cert.notBefore.toISOString().replace(/\.\d{3}Z$/, "Z"),
      validityEndTime: cert.notAfter.toISOString().replace(/\.\d{3}Z$/, "Z"),
      readyForRenewal: false,
      earlyRenewalHours: args.inputs.earlyRenewalHours ?? 0,
      isCaCertificate: args.inputs.isCaCertificate ?? false,
      setSubjectKeyId: args.inputs.setSubjectKeyId ?? false,
      [keyField === "privateKeyPem" ? "keyAlgorithm" : "caKeyAlgorithm"]: pair.algorithm,
    },
  };
}

async function privateKey(args: TlsArgs): Promise<MockResourceResult> {
  const algorithm = args.inputs.algorithm as string;
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  if (algorithm === "RSA") {
    pair = await promisify(generateKeyPair)("rsa", { modulusLength: (args.inputs.rsaBits as number | undefined) ?? 2048 });
  } else if (algorithm === "ECDSA") {
    const curveName = (args.inputs.ecdsaCurve as string | undefined) ?? "P224";
    const curve = CURVES[curveName] ?? fail(args, `unknown ecdsaCurve ${curveName}`);
    pair = await promisify(generateKeyPair)("ec", { namedCurve: curve.node });
  } else {
    fail(args, `unsupported algorithm ${algorithm}`);
  }
  const spki = pair.publicKey.export({ type: "spki", format: "der" });
  const native = pair.privateKey.export({ type: algorithm === "RSA" ? "pkcs1" : "sec1", format: "pem" }) as string;
  return {
    id: createHash("sha1").update(spki).digest("hex"),
    state: {
      ...args.inputs,
      ...(algorithm === "RSA" ? { rsaBits: (args.inputs.rsaBits as number | undefined) ?? 2048 } : {}),
      privateKeyPem: secret(native),
      privateKeyPemPkcs8: secret(pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string),
      publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }) as string,
    },
  };
}

async function certRequest(args: TlsArgs): Promise<MockResourceResult> {
  const pair = await keyPairFromPem(keyInput(args, "privateKeyPem"));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subjectName(args.inputs.subject),
    keys: pair.keys,
    signingAlgorithm: pair.signing,
    extensions: sanExtension(args.inputs),
  });
  return {
    id: createHash("sha1").update(Buffer.from(csr.rawData)).digest("hex"),
    state: {
      ...stateInputs(args.inputs),
      ...(args.inputs.privateKeyPem !== undefined ? { privateKeyPem: secret(args.inputs.privateKeyPem) } : {}),
      keyAlgorithm: pair.algorithm,
      certRequestPem: csr.toString("pem") + "\n",
    },
  };
}

async function selfSignedCert(args: TlsArgs): Promise<MockResourceResult> {
  const pair = await keyPairFromPem(keyInput(args, "privateKeyPem"));
  const extensions = [...usageExtensions(args), ...sanExtension(args.inputs)];
  if (args.inputs.setSubjectKeyId === true || args.inputs.isCaCertificate === true) {
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(pair.keys.publicKey));
  }
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: subjectName(args.inputs.subject),
    keys: pair.keys,
    signingAlgorithm: pair.signing,
    extensions,
    ...validity(args),
  });
  return certOutputs(args, cert, pair, "privateKeyPem");
}

async function locallySignedCert(args: TlsArgs): Promise<MockResourceResult> {
  const ca = await keyPairFromPem(keyInput(args, "caPrivateKeyPem"));
  const caCertPem = args.inputs.caCertPem as string;
  const caCert = new x509.X509Certificate(caCertPem);
  if (!Buffer.from(caCert.publicKey.rawData).equals(ca.spki)) fail(args, "the CA private key does not match the CA certificate");
  const certRequestPem = args.inputs.certRequestPem as string;
  const csr = new x509.Pkcs10CertificateRequest(certRequestPem);
  if (!(await csr.verify())) fail(args, "the certificate request's signature is invalid");
  const extensions = usageExtensions(args);
  const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension);
  if (san) extensions.push(san);
  if (args.inputs.setSubjectKeyId === true) extensions.push(await x509.SubjectKeyIdentifierExtension.create(csr.publicKey));
  const caKeyId = caCert.extensions.find((e): e is x509.SubjectKeyIdentifierExtension => e instanceof x509.SubjectKeyIdentifierExtension);
  if (caKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId.keyId));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: csr.subjectName,
    issuer: caCert.subjectName,
    publicKey: csr.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ca.signing,
    extensions,
    ...validity(args),
  });
  return certOutputs(args, cert, ca, "caPrivateKeyPem");
}

const HANDLERS: Record<string, (args: TlsArgs) => Promise<MockResourceResult>> = {
  [TYPES.privateKey]: privateKey,
  [TYPES.certRequest]: certRequest,
  [TYPES.selfSigned]: selfSignedCert,
  [TYPES.locallySigned]: locallySignedCert,
};

/**
 * The MockProvider to pass to capture(); undefined for non-tls resources. It keeps no state: every call makes new key
 * material. For runs that must keep unchanged resources across captures, wrap it with statefulProviders()
 * (lab/lifecycle.ts), which answers unchanged inputs with the earlier outputs as the engine does.
 */
export function tlsMocks(): MockProvider {
  return (args) => {
    const handler = HANDLERS[args.type];
    return handler ? handler({ ...args, inputs: unwrapSecrets(args.inputs) as Inputs }) : undefined;
  };
}
