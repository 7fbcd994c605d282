/**
 * Keys and certificate requests (issue 5): per plan certificate a tls.PrivateKey and a tls.CertRequest whose subject
 * and SANs are the plan's (sorted, de-duplicated, docs/rules.md 2.1 / 2.4), plus, on test stacks, a certificate from the
 * stack's test CA.
 *
 * Identity (by certificate id, never by position): `<id>-key-r<rotation>`, `<id>-csr`, `<id>-test-cert`.
 * Per certificate with an answer (the CA-issued one, given by the operator, else the test CA's) a PFX (pfx.ts).
 * The CSR's dnsNames and subject are replace-on-change in the provider, so a SAN change re-issues only the CSR (and
 * its test certificate); the key stays (keys.ts). A new key re-issues the CSR through privateKeyPemWoVersion.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { DeploymentSpec } from "../spec/types";
import type { CertificateKind, Plan, PlanCertificate } from "../plan/types";
import { sortedUnique } from "../spec/names";
import { createKey } from "./keys";
import { certRequestSubject, distinguishedName } from "./subject";
import { createTestCa, signWithTestCa } from "./testCa";
import { pfxOutput, type CertificatePfx } from "./pfx";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";

/** What operators need per certificate: nothing secret. */
export interface CertificateRequestOutput {
  readonly kind: CertificateKind;
  /** The edge pool of an edge certificate (absent for the reverse proxy's). */
  readonly edgePool?: string;
  /** Distinguished name, e.g. `CN=sip.contoso.com, O=Contoso Ltd, C=DE`. */
  readonly subject: string;
  readonly dnsNames: string[];
  /** Names used / the CA profile's limit, e.g. `5/250`. */
  readonly used: string;
  readonly caProfile: string;
  /** The extended key usages to order (docs/rules.md CERT-EKU); the CA adds a CRL distribution point too. */
  readonly extendedKeyUsages: string[];
  /** SIP domains whose names the certificate carries. */
  readonly tenants: string[];
  /** The PKCS#10 request to submit to the public CA. */
  readonly csrPem: string;
  /** Test stacks: the certificate issued by the stack's test CA. */
  readonly testCertPem?: string;
}

export interface CertificateOutputs {
  readonly requests: pulumi.Output<Record<string, CertificateRequestOutput>>;
  /** Test stacks: the test CA certificate, to be trusted by test clients. */
  readonly testCaCertPem?: pulumi.Output<string>;
  /** Certificate id -> PFX (secret), for each certificate that has an issued or a test certificate. */
  readonly pfx: Readonly<Record<string, pulumi.Output<CertificatePfx>>>;
}

/** Certificate id -> the CA's answer to its CSR: PEM, the leaf first, then the chain (LyncDeployment's input). */
export type IssuedCertificates = Readonly<Record<string, pulumi.Input<string> | undefined>>;

export function usage(cert: Pick<PlanCertificate, "dnsNames" | "limit">): string {
  return `${cert.dnsNames.length}/${cert.limit}`;
}

export function createCertificates(spec: DeploymentSpec, plan: Plan, scope: ChildScope, issued: IssuedCertificates = {}): CertificateOutputs {
  const testCa = spec.certificates.testCa ? createTestCa(spec, scope) : undefined;
  const pfx: Record<string, pulumi.Output<CertificatePfx>> = {};

  const entries = plan.certificates.map((cert) => {
    const key = createKey(cert.id, spec.certificates.key, scope);
    const csrName = `${cert.id}-csr`;
    const csr = new tls.CertRequest(
      childName(scope, csrName),
      {
        privateKeyPemWo: key.privateKeyPem,
        privateKeyPemWoVersion: key.version,
        subject: certRequestSubject(cert.subject),
        dnsNames: [...cert.dnsNames],
      },
      childOptions(scope, csrName),
    );
    const testCert = testCa ? signWithTestCa(testCa, cert, csr.certRequestPem, scope) : undefined;
    // The operator's certificate wins over the test CA's: a test stack can try the real one.
    const given = issued[cert.id];
    const answer = given ?? (testCa && testCert ? pulumi.interpolate`${testCert.certPem}${testCa.cert.certPem}` : undefined);
    if (answer !== undefined) pfx[cert.id] = pfxOutput(cert.id, key, answer, cert, given === undefined);
    const fixed = {
      kind: cert.kind,
      ...(cert.edgePool === null ? {} : { edgePool: cert.edgePool }),
      subject: distinguishedName(cert.subject),
      dnsNames: [...cert.dnsNames],
      used: usage(cert),
      caProfile: cert.caProfile,
      extendedKeyUsages: [...cert.issuance.extendedKeyUsages],
      tenants: sortedUnique(Object.values(cert.nameOwners).filter((o): o is string => o !== null)),
    };
    const output: pulumi.Output<CertificateRequestOutput> = pulumi
      .all([csr.certRequestPem, testCert?.certPem])
      .apply(([csrPem, testCertPem]) => ({ ...fixed, csrPem, ...(testCertPem === undefined ? {} : { testCertPem }) }));
    return pulumi.all([cert.id, output]);
  });

  return {
    requests: pulumi.all(entries).apply((pairs) => Object.fromEntries(pairs)),
    ...(testCa ? { testCaCertPem: testCa.cert.certPem } : {}),
    pfx,
  };
}
