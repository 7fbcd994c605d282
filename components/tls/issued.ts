/**
 * Checks a CA-issued certificate (PEM: the leaf, then its chain) against the plan's request before it is packed into a
 * PFX (docs/rules.md CERT-ISSUED): the key of the request, every name of the request, valid now, and a chain whose
 * every link is signed by the next, ending in a self-signed root or in a root Node's bundled store holds.
 *
 * Node's X509Certificate (OpenSSL) does the parsing and the signature checks: nothing to install, nothing to keep up.
 * The key check needs the stack's key, an Output: pfx.ts runs the same checks again inside its apply, so a certificate
 * given as plain text fails before anything is registered and one given as an Output fails the deployment alike.
 */
import { X509Certificate, createPublicKey, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import { rootCertificates } from "node:tls";
import type { PlanCertificate } from "../plan/types";
import type { Problem } from "../spec/problems";

export const CERT_ISSUED = "CERT-ISSUED";

/** RFC 5280 4.2.1.12. A missing clientAuth is only refused when the spec says the order has it (CERT-EKU warns else). */
const EKU_OIDS = { serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2" } as const;
/** anyExtendedKeyUsage (RFC 5280 4.2.1.12): every usage. */
const ANY_EKU = "2.5.29.37.0";
/** cRLDistributionPoints (RFC 5280 4.2.1.13). */
const CRL_DISTRIBUTION_POINTS = "2.5.29.31";

/**
 * The extension OIDs of a certificate, read with asn1js (Node's X509Certificate does not list them): tbsCertificate's
 * `[3] EXPLICIT Extensions`, each a SEQUENCE that starts with its OID (RFC 5280 4.1).
 */
export function extensionOids(cert: X509Certificate): string[] {
  const { result } = asn1js.fromBER(new Uint8Array(cert.raw));
  const tbs = (result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const tagged = tbs.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 3) as asn1js.Constructed | undefined;
  const list = tagged?.valueBlock.value[0] as asn1js.Sequence | undefined;
  return (list?.valueBlock.value ?? []).map((e) => ((e as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString());
}

/** The PEM blocks of a bundle, parsed, in the order given (throws on text that is no certificate). */
export function parseBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/** DNS names of the subjectAltName extension, lower case (Node writes `DNS:a, DNS:b, IP Address:...`). */
export function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4).replace(/^"|"$/g, "").toLowerCase());
}

/** The SubjectPublicKeyInfo (DER) of a public key, a private key or a PEM of either: what "the same key" compares. */
const spki = (key: KeyObject | string) =>
  (typeof key !== "string" && key.type === "public" ? key : createPublicKey(key)).export({ type: "spki", format: "der" });
const signedBy = (cert: X509Certificate, issuer: X509Certificate) => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
/** RFC 4514 order, most specific first (`CN=..., O=..., C=...`), as the plan's subjects read; Node lists C first. */
const dn = (lines: string) => lines.split("\n").reverse().join(", ");
const name = (cert: X509Certificate) => dn(cert.subject);

let trustedRoots: X509Certificate[] | undefined;
/** Node's bundled Mozilla root store: the issuers of the public CAs' intermediates, which bundles usually leave out. */
function roots(): X509Certificate[] {
  trustedRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return trustedRoots;
}

/** The request an issued certificate answers; with nameOwners, only the shared names are required (ONBOARD-ORDER). */
export type IssuedAgainst = Pick<PlanCertificate, "dnsNames" | "issuance"> & Partial<Pick<PlanCertificate, "nameOwners">>;

export interface IssuedCheck {
  readonly now: Date;
  /** S57: every server certificate carries a CRL distribution point. Default true; false for the stack's own test CA. */
  readonly crlDistributionPoint?: boolean;
  /** The stack's key for this certificate (PEM, private or public); unknown before the key exists (pfx.ts checks it). */
  readonly key?: string;
}

/** Every problem of one issued certificate; empty when it may be packed with the stack's key. */
export function issuedCertificateProblems(id: string, pem: unknown, cert: IssuedAgainst, check: IssuedCheck): Problem[] {
  return checkIssued(id, pem, cert, check).problems;
}

/** The checks, and the parsed bundle for the PFX (pfx.ts) when there is one: the bundle is parsed once. */
export function checkIssued(id: string, pem: unknown, cert: IssuedAgainst, check: IssuedCheck): { problems: Problem[]; chain: X509Certificate[] } {
  const problems: Problem[] = [];
  const p = (field: string, message: string) => problems.push({ path: `issuedCertificates.${id}`, rule: CERT_ISSUED, subject: field, message });
  if (typeof pem !== "string") {
    p("pem", `is ${typeof pem}, not text: give the PEM bundle (leaf, then chain) as a string`);
    return { problems, chain: [] };
  }
  let chain: X509Certificate[];
  try {
    chain = parseBundle(pem);
  } catch (e) {
    p("pem", `is not a PEM certificate bundle: ${e instanceof Error ? e.message : String(e)}`);
    return { problems, chain: [] };
  }
  const [leaf] = chain;
  if (!leaf) {
    p("pem", "holds no -----BEGIN CERTIFICATE----- block: give the CA's answer to the request, the leaf first, then its chain");
    return { problems, chain };
  }
  if (check.key !== undefined && !spki(leaf.publicKey).equals(spki(check.key))) {
    p(
      "publicKey",
      `the certificate (${name(leaf)}, serial ${leaf.serialNumber}) is for another key than this stack's ${id} key: ` +
        "it answers another request, or the key was rotated since; submit the current CSR (output certificates) and give its answer",
    );
  }
  const carried = new Set(dnsNames(leaf));
  // A tenant's name the certificate lacks keeps that tenant pending (ONBOARD-ORDER: the certificate in service may
  // predate the request that added it); a shared name it lacks means the answer is to another request.
  const missing = cert.dnsNames.filter((n) => !carried.has(n.toLowerCase()) && (cert.nameOwners?.[n] ?? null) === null);
  if (missing.length > 0) {
    p(
      "subjectAltName",
      `lacks ${missing.join(", ")} (${missing.length} of the request's ${cert.dnsNames.length} names): the CA must issue every name of the current CSR`,
    );
  }
  // Node names the extended key usages `keyUsage` (OIDs; undefined without the extension: any usage).
  const usages = leaf.keyUsage as string[] | undefined;
  const lacking = cert.issuance.extendedKeyUsages.filter(
    (u) => usages !== undefined && !usages.includes(EKU_OIDS[u]) && !usages.includes(ANY_EKU) && (u === "serverAuth" || cert.issuance.caIssuesAll),
  );
  if (lacking.length > 0) {
    p("extendedKeyUsage", `lacks ${lacking.join(" and ")} (it has ${usages!.join(", ") || "none"}): order the usages the plan lists (CERT-EKU)`);
  }
  if (check.crlDistributionPoint !== false && !extensionOids(leaf).includes(CRL_DISTRIBUTION_POINTS)) {
    p(
      "crlDistributionPoints",
      "is missing: Lync and Skype for Business servers require a CRL distribution point in every certificate (CERT-EKU, S57)",
    );
  }
  const [from, to] = [new Date(leaf.validFrom), new Date(leaf.validTo)];
  if (check.now < from) p("notBefore", `is not valid before ${from.toISOString()} (now ${check.now.toISOString()})`);
  if (check.now > to) p("notAfter", `expired on ${to.toISOString()} (now ${check.now.toISOString()}): give the renewed certificate`);
  chain.forEach((c, i) => {
    const next = chain[i + 1];
    if (next && !signedBy(c, next))
      p(`chain[${i}]`, `${name(c)} is not signed by the next certificate, chain[${i + 1}] ${name(next)}: give the chain in order, leaf first`);
    if (next && !next.ca) p(`chain[${i + 1}]`, `${name(next)} is not a CA certificate (basicConstraints CA:TRUE)`);
  });
  const last = chain[chain.length - 1];
  if (!signedBy(last, last) && !roots().some((root) => signedBy(last, root))) {
    p(
      `chain[${chain.length - 1}]`,
      `${name(last)} is issued by ${dn(last.issuer)}, which is neither in the bundle nor a root Node trusts: append the issuing CA certificates up to the root`,
    );
  }
  return { problems, chain };
}

/**
 * The issued certificates a deployment is given: an id no certificate of this stack has, and every check but the key's
 * for those given as text (known before anything is registered; an Output is checked when it resolves, in pfx.ts).
 */
export function issuedInputProblems(
  certificates: readonly PlanCertificate[],
  issued: Readonly<Record<string, unknown>> = {},
  now = new Date(),
): Problem[] {
  const known = new Map(certificates.map((c) => [c.id, c]));
  return Object.entries(issued).flatMap(([id, pem]): Problem[] => {
    const cert = known.get(id);
    if (!cert) {
      const ids = [...known.keys()].join(", ") || "none";
      return [{ path: `issuedCertificates.${id}`, rule: CERT_ISSUED, message: `no certificate of this stack has this id (it holds: ${ids})` }];
    }
    // An Output or a promise is checked once it resolves (pfx.ts); anything else now.
    return typeof pem === "object" && pem !== null ? [] : issuedCertificateProblems(id, pem, cert, { now });
  });
}

/**
 * Certificate id -> the DNS names of each issued certificate given as text (its leaf's SANs): what the certificate in
 * service carries (plan/onboarding.ts). One that is an Output, or no certificate at all, is left out (not known before
 * it resolves; issuedInputProblems reports the latter).
 */
export function issuedNames(issued: Readonly<Record<string, unknown>> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, pem] of Object.entries(issued)) {
    if (typeof pem !== "string") continue;
    try {
      const [leaf] = parseBundle(pem);
      if (leaf) out[id] = dnsNames(leaf);
    } catch {
      // reported by issuedInputProblems
    }
  }
  return out;
}
