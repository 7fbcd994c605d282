/**
 * The lab's `pulumi-resource-tls`: real keys, CSRs and certificates (the same crypto as the tls stand-in of the mock
 * tests, tests/harness/tlsMocks.ts), kept in the lab's cloud. Defaults as terraform-provider-tls's schema sets them
 * (docs/provider-notes.md "Lab providers").
 */
import { tlsMocks } from "../../tests/harness/tlsMocks";
import { settle } from "../settle";
import { serve, urnType, type LabType, type Props } from "./provider";
import { urnName } from "./cloud";

/** The @pulumi/tls version this stands in for (package.json); the engine takes a plugin on PATH whatever its version. */
export const TLS_VERSION = "5.6.1";

const stand = tlsMocks();

/** Runs the tls stand-in for one object: its id and every output it computes. */
async function make(inputs: Props, urn: string): Promise<{ id: string; computed: Props }> {
  const result = await stand({ type: urnType(urn), name: urnName(urn), inputs, custom: true, provider: "", id: undefined });
  if (!result) throw new Error(`the tls stand-in does not know ${urnType(urn)}`);
  const state = (await settle(result.state)) as Props;
  const computed = Object.fromEntries(Object.entries(state).filter(([k]) => !(k in inputs)));
  return { id: result.id ?? "", computed };
}

/** Certificate defaults of terraform-provider-tls (resource_*_cert.go: early_renewal_hours 0, flags false). */
const certDefaults = (): Props => ({ earlyRenewalHours: 0, isCaCertificate: false, setSubjectKeyId: false });
const certComputed = ["certPem", "validityStartTime", "validityEndTime", "readyForRenewal", "keyAlgorithm", "caKeyAlgorithm"];

export const TLS_TYPES: Readonly<Record<string, LabType>> = {
  "tls:index/privateKey:PrivateKey": {
    // resource_private_key.go: rsa_bits Default 2048, ecdsa_curve Default "P224", whatever the algorithm.
    defaults: () => ({ rsaBits: 2048, ecdsaCurve: "P224" }),
    computed: [
      "privateKeyPem",
      "privateKeyPemPkcs8",
      "publicKeyPem",
      "privateKeyOpenssh",
      "publicKeyOpenssh",
      "publicKeyFingerprintMd5",
      "publicKeyFingerprintSha256",
    ],
    create: make,
  },
  "tls:index/certRequest:CertRequest": {
    computed: ["certRequestPem", "keyAlgorithm"],
    create: make,
  },
  "tls:index/selfSignedCert:SelfSignedCert": { defaults: certDefaults, computed: certComputed, create: make },
  "tls:index/locallySignedCert:LocallySignedCert": { defaults: certDefaults, computed: certComputed, create: make },
};

if (require.main === module) serve(TLS_VERSION, TLS_TYPES);
