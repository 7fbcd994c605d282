// Free-text fields that end up in ARM ids, API paths or a certificate's subject are checked against the platform's
// documented formats: nothing can be spliced into a path, and each message says what is allowed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateDeployment, formatProblem, type DeploymentInput } from "../../components/model";
import { distinguishedName } from "../../components/tls/subject";
import { loadDeployment } from "../harness/stackExamples";

type Example = DeploymentInput & { reverseProxy: Record<string, unknown> };
const example = () => loadDeployment("Pulumi.contoso.example.yaml") as Example;

function problemsOf(mutate: (d: Example) => void): string[] {
  const d = example();
  mutate(d);
  const r = validateDeployment(d);
  assert.ok(!r.ok, "the mutation must be refused");
  // Exactly one problem: a format error gets a stand-in, so nothing else (no zone "lost", no rule skipped) follows.
  assert.equal(r.problems.length, 1, r.problems.map(formatProblem).join("\n"));
  return r.problems.map(formatProblem);
}

const cases: Array<[string, (d: Example) => void, RegExp]> = [
  [
    "an Azure zone's resource group with a path in it",
    (d) => ((d.zones[0] as { resourceGroup: string }).resourceGroup = "rg/providers/Microsoft.Network/applicationGateways/victim/x/y"),
    /^zones\[0\]\.resourceGroup: \[SCHEMA\] .*an Azure resource group name: 1-90 letters, digits, '_', '-', '\.', '\(' or '\)', not ending in '\.'/,
  ],
  [
    "a Cloudflare zone id with a path in it",
    (d) => ((d.zones[2] as { zoneId: string }).zoneId = "../../accounts/0123/rulesets"),
    /^zones\[2\]\.zoneId: \[SCHEMA\] a Cloudflare id: 32 lower-case hex digits/,
  ],
  [
    "the gateway's resource group with a path in it",
    (d) => (d.reverseProxy.resourceGroup = "rg/../other"),
    /^reverseProxy\.resourceGroup: \[SCHEMA\] .*an Azure resource group name/,
  ],
  [
    "a location with a quote and a newline",
    (d) => (d.reverseProxy.location = 'westeurope"\nx'),
    /^reverseProxy\.location: \[SCHEMA\] .*an Azure region name as ARM writes it/,
  ],
  [
    "a Key Vault secret id on another host",
    (d) => (d.reverseProxy.keyVaultSecretId = "https://evil.example.com/secrets/reverse-proxy"),
    /^reverseProxy\.keyVaultSecretId: \[SCHEMA\] .*a Key Vault secret id: https:\/\/<vault>\.vault\.azure\.net\/secrets\/<name>/,
  ],
  [
    "a trusted root that is no certificate",
    (d) => (d.reverseProxy.trustedRootCertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----"),
    /^reverseProxy\.trustedRootCertificate: \[AGW-CONFIG\] is not an X\.509 certificate/,
  ],
  [
    "a subject field with a NUL and a newline",
    (d) => (d.certificates = { ...d.certificates, subject: { organization: "Contoso\u0000\nCN=evil" } }),
    /^certificates\.subject\.organization: \[CERT-SUBJECT\] contains U\+0000, which a certificate subject may not hold/,
  ],
  [
    "a country that is not two capitals",
    (d) => (d.certificates = { ...d.certificates, subject: { country: "d\n" } }),
    /^certificates\.subject\.country: \[SCHEMA\] .*two upper-case letters/,
  ],
];

for (const [what, mutate, expected] of cases) {
  test(`refused: ${what}`, () => {
    const problems = problemsOf(mutate);
    assert.ok(
      problems.some((p) => expected.test(p)),
      problems.join("\n"),
    );
  });
}

test("the shipped example itself passes every format check", () => {
  assert.ok(validateDeployment(example()).ok);
});

test("distinguished names escape as RFC 4514 asks (specials, leading #/space, trailing space, NUL)", () => {
  assert.equal(
    distinguishedName({ commonName: "sip.contoso.com", organization: 'Contoso, "Ltd" + <Co>; =x', organizationalUnit: "#IT ", locality: "a\u0000b" }),
    'CN=sip.contoso.com, OU=\\#IT\\ , O=Contoso\\, \\"Ltd\\" \\+ \\<Co\\>\\; \\=x, L=a\\00b',
  );
});

test("shape errors name the allowed values and do not hide the rule checks (rsaBits 1024 + a domain outside every zone)", () => {
  const d = example();
  d.certificates = { ...d.certificates, key: { algorithm: "RSA", rsaBits: 1024 as 2048, rotation: true as unknown as string } };
  d.sipDomains.push({ name: "nowhere.example" });
  const r = validateDeployment(d);
  assert.ok(!r.ok);
  assert.deepEqual(r.problems.map(formatProblem), [
    "certificates.key.rsaBits: [SCHEMA] Invalid option: expected one of 2048|3072|4096",
    "certificates.key.rotation: [SCHEMA] Invalid input: expected string or number",
    "sipDomains[4].name (nowhere.example): [ZONE] nowhere.example lies outside every declared zone",
  ]);
});
