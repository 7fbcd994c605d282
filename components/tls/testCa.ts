/**
 * Test stacks only (`certificates.testCa: true`): a stack-owned CA signs every request, so a test stack yields usable
 * certificates without a public CA, and `pulumi destroy` removes all of it (nothing is protected or retained).
 * Production stacks submit the CSR PEMs to a public CA instead (docs/rules.md 2.1/2.4: public CA required).
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { DeploymentSpec } from "../spec/types";
import type { PlanCertificate } from "../plan/types";
import { createKey, type KeyHandle } from "./keys";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";

export const TEST_CA_ID = "test-ca";
const CA_VALIDITY_HOURS = 24 * 365;
const CERT_VALIDITY_HOURS = 24 * 90;

export interface TestCa {
  readonly key: KeyHandle;
  readonly cert: tls.SelfSignedCert;
}

export function createTestCa(spec: DeploymentSpec, scope: ChildScope): TestCa {
  const key = createKey(TEST_CA_ID, spec.certificates.key, scope);
  const cert = new tls.SelfSignedCert(
    childName(scope, TEST_CA_ID),
    {
      privateKeyPemWo: key.privateKeyPem,
      privateKeyPemWoVersion: key.version,
      subject: {
        commonName: `Lync test CA for ${spec.infrastructureDomain}`,
        ...(spec.certificates.subject.organization ? { organization: spec.certificates.subject.organization } : {}),
      },
      isCaCertificate: true,
      setSubjectKeyId: true,
      validityPeriodHours: CA_VALIDITY_HOURS,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    },
    childOptions(scope, TEST_CA_ID),
  );
  return { key, cert };
}

/** The usages the plan asks the CA for (CERT-EKU): the test CA issues exactly those, as a real CA must. */
export function allowedUses(cert: Pick<PlanCertificate, "issuance">): string[] {
  const eku = { serverAuth: "server_auth", clientAuth: "client_auth" } as const;
  return ["digital_signature", "key_encipherment", ...cert.issuance.extendedKeyUsages.map((u) => eku[u])];
}

export function signWithTestCa(ca: TestCa, cert: PlanCertificate, certRequestPem: pulumi.Output<string>, scope: ChildScope): tls.LocallySignedCert {
  const local = `${cert.id}-test-cert`;
  return new tls.LocallySignedCert(
    childName(scope, local),
    {
      certRequestPem,
      caCertPem: ca.cert.certPem,
      caPrivateKeyPemWo: ca.key.privateKeyPem,
      caPrivateKeyPemWoVersion: ca.key.version,
      validityPeriodHours: CERT_VALIDITY_HOURS,
      allowedUses: allowedUses(cert),
    },
    childOptions(scope, local),
  );
}
