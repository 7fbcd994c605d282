/**
 * Shared test support for tests/tls: Microsoft's example deployment as spec input (docs/rules.md 2.1: edge
 * sip.contoso.com / webcon.contoso.com with SIP domains contoso.com and fabrikam.com; 2.4: reverse proxy
 * webext.contoso.com), validation that fails loudly, a capture of createCertificates under the tls mocks, and PEM
 * parsing with @peculiar/x509.
 */
import "reflect-metadata"; // before @peculiar/x509
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as x509 from "@peculiar/x509";
import { buildPlan, parseDeploymentText, validateDeployment, formatProblem, type DeploymentSpec, type Plan } from "../../components/model";
import { createCertificates } from "../../components/tls/certificates";
// Internal SDK module, as in lab/capture.ts: used to let the stack's last RPCs finish (see captureCertificates).
import { capture, type Capture, type CapturedResource, type MockProvider } from "../harness/capture";
import { tlsMocks } from "../harness/tlsMocks";

export const T = {
  key: "tls:index/privateKey:PrivateKey",
  csr: "tls:index/certRequest:CertRequest",
  selfSigned: "tls:index/selfSignedCert:SelfSignedCert",
  locallySigned: "tls:index/locallySignedCert:LocallySignedCert",
} as const;

export interface MicrosoftOptions {
  readonly domains?: readonly string[];
  readonly lyncdiscover?: "http" | "https";
  readonly meet?: "perDomain" | "sharedHost";
  readonly officeOnline?: boolean;
  readonly key?: Record<string, unknown>;
  readonly testCa?: boolean;
  readonly edgeCa?: Record<string, unknown>;
  readonly reverseProxyCa?: Record<string, unknown>;
  readonly online?: readonly string[];
  readonly xmpp?: readonly string[];
}

/** Microsoft's example names; every SIP domain in its own external zone, so no DNS adapter is involved. */
export function microsoftInput(o: MicrosoftOptions = {}): Record<string, unknown> {
  const domains = o.domains ?? ["contoso.com", "fabrikam.com"];
  const online = o.online ?? [];
  return {
    product: "sfb2015",
    infrastructureDomain: "contoso.com",
    zones: [...new Set(["contoso.com", ...domains, ...online])].map((name) => ({ provider: "external", name })),
    edgePools: [
      {
        name: "edge1",
        accessEdge: { fqdn: "sip.contoso.com", ipv4: ["198.51.100.10"] },
        webConferencing: { fqdn: "webcon.contoso.com", ipv4: ["198.51.100.20"] },
        audioVideo: { fqdn: "av.contoso.com", ipv4: ["198.51.100.30"] },
        ...(o.edgeCa ? { certificate: { ca: o.edgeCa } } : {}),
      },
    ],
    webServices: {
      externalFqdn: "webext.contoso.com",
      publicIpv4: "203.0.113.10",
      lyncdiscoverHttpIpv4: "203.0.113.11",
      backend: { address: "10.0.1.10" },
      ...(o.officeOnline ? { officeOnlineServer: { fqdn: "officewebapps01.contoso.com", backendAddress: "10.0.1.20" } } : {}),
    },
    simpleUrls: {
      meet: o.meet ?? "perDomain",
      ...(o.meet === "sharedHost" ? { sharedHost: "lync.contoso.com" } : {}),
      dialinUrl: "https://dialin.contoso.com",
    },
    lyncdiscover: o.lyncdiscover ?? "https",
    certificates: {
      ...(o.key ? { key: o.key } : {}),
      subject: { organization: "Contoso Ltd", country: "US" },
      ...(o.reverseProxyCa ? { reverseProxy: { ca: o.reverseProxyCa } } : {}),
      testCa: o.testCa ?? false,
    },
    sipDomains: [
      ...domains.map((name) => ({ name, ...(o.xmpp?.includes(name) ? { xmpp: true } : {}) })),
      ...online.map((name) => ({ name, home: "online" })),
    ],
  };
}

export function validated(input: unknown): DeploymentSpec {
  const result = validateDeployment(input);
  if (!result.ok) throw new Error(`invalid spec:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.spec;
}

export function exampleSpec(): DeploymentSpec {
  const file = path.join(__dirname, "../../Pulumi.contoso.example.yaml");
  return validated(parseDeploymentText(fs.readFileSync(file, "utf8")));
}

/** Runs createCertificates under the mocks, parented like deployment.ts does (a lync:index:Deployment component). */
export async function captureCertificates(
  spec: DeploymentSpec,
  providers: readonly MockProvider[] = [tlsMocks()],
): Promise<Capture & { plan: Plan }> {
  const plan = buildPlan(spec);
  const result = await capture(
    () => {
      const parent = new pulumi.ComponentResource("lync:index:Deployment", "lync");
      const outputs = createCertificates(spec, plan, { parent, prefix: "lync", legacyAliases: true });
      return { certificates: outputs.requests, testCaCertPem: outputs.testCaCertPem };
    },
    { providers },
  );
  return { ...result, plan };
}

export function find(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const r = resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name}; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
  return r;
}

export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((r) => r.type === type);
}

/** DNS names of a CSR's or certificate's SAN extension, in the order encoded. */
export function sanNames(item: x509.Pkcs10CertificateRequest | x509.X509Certificate): string[] {
  const san = item.extensions.find((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension);
  return san ? san.names.items.filter((n) => n.type === "dns").map((n) => n.value) : [];
}

export type RequestOutputs = Record<
  string,
  { csrPem: string; dnsNames: string[]; subject: string; used: string; tenants: string[]; testCertPem?: string }
>;
