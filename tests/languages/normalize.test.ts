// The language tests compare stacks of different runs (tests/languages/engine/deploy.test.ts): only what differs per
// run whatever the program may be set aside, anything a program decides must still tell two stacks apart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { registeredResources } from "./support";

const PEM = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
const secret = (ciphertext: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext });

/** One stack's checkpoint: a zone with a lab-made id, a record in it, a CSR, components and a provider instance. */
function checkpoint(run: string, ttl = 300) {
  return {
    resources: [
      { urn: `urn:pulumi:${run}::lync::pulumi:pulumi:Stack::lync-${run}`, type: "pulumi:pulumi:Stack" },
      { urn: `urn:pulumi:${run}::lync::pulumi:providers:tls::default`, type: "pulumi:providers:tls", custom: true, id: `p-${run}` },
      { urn: `urn:pulumi:${run}::lync::lync:index:Deployment::lync`, type: "lync:index:Deployment" },
      {
        urn: `urn:pulumi:${run}::lync::cloudflare:index/zone:Zone::z`,
        type: "cloudflare:index/zone:Zone",
        custom: true,
        id: `zone-${run}`,
        inputs: { name: "a.example" },
      },
      {
        urn: `urn:pulumi:${run}::lync::cloudflare:index/dnsRecord:DnsRecord::r`,
        type: "cloudflare:index/dnsRecord:DnsRecord",
        custom: true,
        id: `rec-${run}`,
        inputs: { zoneId: `zone-${run}`, ttl, name: "sip" },
      },
      {
        urn: `urn:pulumi:${run}::lync::tls:index/certRequest:CertRequest::csr`,
        type: "tls:index/certRequest:CertRequest",
        custom: true,
        id: `csr-${run}`,
        inputs: { privateKeyPem: secret(`k-${run}`), privateKeyPemWoVersion: run.length * 7, note: `request ${PEM.replace("MIIB", run)}` },
      },
    ],
  };
}

test("two runs of the same program compare equal: ciphertext, PEM, write-only versions and lab-made ids set aside", () => {
  const a = registeredResources(checkpoint("typescript"));
  assert.deepEqual(registeredResources(checkpoint("go")), a);
  assert.deepEqual(
    a.map((r) => r.urn),
    ["cloudflare:index/dnsRecord:DnsRecord::r", "cloudflare:index/zone:Zone::z", "tls:index/certRequest:CertRequest::csr"],
  );
  assert.deepEqual(a[0].inputs, { zoneId: "[id of cloudflare:index/zone:Zone::z]", ttl: 300, name: "sip" });
  assert.deepEqual(a[2].inputs, {
    privateKeyPem: "[secret]",
    privateKeyPemWoVersion: "[write-only version]",
    note: "request [PEM CERTIFICATE REQUEST]",
  });
});

test("a value the program decides still tells two stacks apart", () => {
  assert.notDeepEqual(registeredResources(checkpoint("go", 3600)), registeredResources(checkpoint("typescript")));
});
