// Findings of the expert review (issue 13, section 4), each with the source docs/rules.md cites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, planOf } from "./support";

const keyWarnings = (key: Record<string, unknown>) => {
  const input = fixture("contoso-fabrikam-default.yaml");
  return planOf({ ...input, certificates: { ...input.certificates, key } })
    .warnings.filter((w) => w.rule === "CERT-KEY")
    .map((w) => w.message);
};

test("CERT-KEY: RSA 2048 and 4096 are Microsoft's lengths; 3072 and ECDSA get a warning that says why", () => {
  assert.deepEqual(keyWarnings({ algorithm: "RSA", rsaBits: 2048 }), []);
  assert.deepEqual(keyWarnings({ algorithm: "RSA", rsaBits: 4096 }), []);
  assert.match(keyWarnings({ algorithm: "RSA", rsaBits: 3072 }).join(), /not among the key lengths Microsoft lists .* \(1024, 2048, 4096\)/);
  assert.match(keyWarnings({ algorithm: "ECDSA", ecdsaCurve: "P384" }).join(), /^ECDSA P384: .*Lync Phone Edition/);
});

test("federation: false on a Microsoft-hosted domain: advice for its Microsoft 365 tenant, not for our edge", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  const name = input.sipDomains[1].name;
  const plan = planOf({ ...input, sipDomains: input.sipDomains.map((d, i) => (i === 1 ? { name, home: "online" as const, federation: false } : d)) });
  const [w] = plan.warnings.filter((x) => x.subject === name);
  assert.equal(w.rule, "R-DNS-04");
  assert.match(w.message, /Microsoft 365 tenant/);
  assert.doesNotMatch(w.message, /partner domain discovery/);
});

test("the A/V edge name follows the product: on Lync 2013's edge certificate (S23), not on Skype for Business's (S1)", () => {
  const input = fixture("contoso-fabrikam-default.yaml");
  const av = input.edgePools[0].audioVideo.fqdn;
  const names = (product: "lync2013" | "sfb2015", flag?: boolean) =>
    planOf({
      ...input,
      product,
      edgePools: input.edgePools.map((p) => (flag === undefined ? p : { ...p, certificate: { ...p.certificate, includeAudioVideoName: flag } })),
    }).certificates.find((c) => c.kind === "edgeExternal")!.dnsNames;
  assert.ok(names("lync2013").includes(av));
  assert.ok(!names("sfb2015").includes(av));
  // The pool's flag still decides when given.
  assert.ok(!names("lync2013", false).includes(av));
  assert.ok(names("sfb2015", true).includes(av));
});
