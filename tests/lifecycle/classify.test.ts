// The classifier of lab/lifecycle.ts on hand-made captures: replace vs update per the provider table, write-only
// inputs, replaceOnChanges, delete-first replacement and protected resources.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyChanges, canonical } from "../harness/changeSimulation";
import { REPLACE_SEMANTICS } from "../harness/replaceSemantics";
import type { CapturedResource } from "../harness/capture";
import { DEFAULT_OPTIONS } from "../harness/resources";

function res(type: string, name: string, inputs: Record<string, unknown>, options: Partial<CapturedResource["options"]> = {}): CapturedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:test::lync::${type}::${name}`,
    parent: "",
    custom: !type.startsWith("lync:"),
    inputs,
    options: { ...DEFAULT_OPTIONS, ...options },
  };
}

test("a CSR whose SAN list changes is replaced; a record set whose TTL changes is updated in place", () => {
  const csr = (names: string[]) =>
    res("tls:index/certRequest:CertRequest", "edge-edge1-csr", { dnsNames: names, subject: { commonName: "access.contoso.com" } });
  const rs = (ttl: number) =>
    res("azure-native:dns:RecordSet", "contoso.com/sip/A", {
      zoneName: "contoso.com",
      recordType: "A",
      ttl,
      aRecords: [{ ipv4Address: "198.51.100.10" }],
    });
  const changes = classifyChanges([csr(["a.example.com"]), rs(3600)], [csr(["a.example.com", "b.example.com"]), rs(300)]);
  assert.deepEqual(
    changes.map((c) => [c.name, c.kind, c.replaceReasons, c.changedInputs]),
    [
      ["contoso.com/sip/A", "update", [], ["ttl"]],
      ["edge-edge1-csr", "replace", ["dnsNames"], ["dnsNames"]],
    ],
  );
});

test("gateway listeners change in place; its name or resource group replaces it", () => {
  const gw = (name: string, listeners: string[]) =>
    res("azure-native:network:ApplicationGateway", "gw", { applicationGatewayName: name, resourceGroupName: "rg", httpListeners: listeners });
  assert.equal(classifyChanges([gw("agw", ["a"])], [gw("agw", ["a", "b"])])[0].kind, "update");
  assert.deepEqual(classifyChanges([gw("agw", ["a"])], [gw("agw2", ["a"])])[0].replaceReasons, ["applicationGatewayName"]);
});

test("Cloudflare: zoneId replaces a record (delete-first when the resource asks for it), content updates it", () => {
  const rec = (zoneId: string, content: string) =>
    res("cloudflare:index/dnsRecord:DnsRecord", "r", { zoneId, content, type: "A" }, { deleteBeforeReplace: true });
  const [replace] = classifyChanges([rec("z1", "192.0.2.1")], [rec("z2", "192.0.2.1")]);
  assert.equal(replace.kind, "replace");
  assert.equal(replace.deleteBeforeReplace, true);
  const [update] = classifyChanges([rec("z1", "192.0.2.1")], [rec("z1", "192.0.2.2")]);
  assert.equal(update.kind, "update");
  assert.equal(update.deleteBeforeReplace, false);
});

test("write-only inputs are not diffed (the engine cannot see them); their version input is", () => {
  const csr = (wo: string, version: number) =>
    res("tls:index/certRequest:CertRequest", "c", { privateKeyPemWo: { secret: wo }, privateKeyPemWoVersion: version, dnsNames: ["a"] });
  assert.equal(classifyChanges([csr("k1", 1)], [csr("k2", 1)])[0].kind, "unchanged");
  assert.deepEqual(classifyChanges([csr("k1", 1)], [csr("k2", 2)])[0].replaceReasons, ["privateKeyPemWoVersion"]);
});

test("a resource's own replaceOnChanges counts; a renamed resource is a delete plus a create", () => {
  const rs = (name: string, ttl: number) => res("azure-native:dns:RecordSet", name, { ttl }, { replaceOnChanges: ["ttl"] });
  assert.equal(classifyChanges([rs("a", 1)], [rs("a", 2)])[0].kind, "replace");
  assert.deepEqual(
    classifyChanges([rs("a", 1)], [rs("b", 1)])
      .map((c) => c.kind)
      .sort(),
    ["create", "delete"],
  );
});

test("deleting or replacing a protected resource is reported as blocked", () => {
  const key = (bits: number, protect: boolean) => res("tls:index/privateKey:PrivateKey", "k", { algorithm: "RSA", rsaBits: bits }, { protect });
  assert.equal(classifyChanges([key(2048, true)], [key(4096, true)])[0].blockedByProtect, true);
  assert.equal(classifyChanges([key(2048, true)], [])[0].blockedByProtect, true);
  assert.equal(classifyChanges([key(2048, false)], [])[0].blockedByProtect, false);
});

test("a provider type missing from the table fails loudly instead of being guessed", () => {
  const x = (v: number) => res("random:index/randomId:RandomId", "x", { byteLength: v });
  assert.throws(() => classifyChanges([x(1)], [x(2)]), /replaceSemantics\.ts has no entry for random:index\/randomId:RandomId/);
});

test("every table entry cites its source; input comparison ignores key order", () => {
  for (const [type, s] of Object.entries(REPLACE_SEMANTICS)) {
    assert.ok(s.replaceOn.length > 0 && /\.go|diff\.go/.test(s.source), type);
  }
  assert.equal(canonical({ a: 1, b: [{ y: 2, x: 1 }] }), canonical({ b: [{ x: 1, y: 2 }], a: 1 }));
  assert.notEqual(canonical({ a: [1, 2] }), canonical({ a: [2, 1] }));
});

test("two resources whose aliases name one live resource: the simulation refuses, as the engine does (Duplicate resource alias)", () => {
  const rs = (name: string, aliases: CapturedResource["options"]["aliases"] = []) => res("azure-native:dns:RecordSet", name, { ttl: 1 }, { aliases });
  const old = rs("sip/A");
  const alias = [{ urn: old.urn }];
  assert.throws(
    () => classifyChanges([old], [rs("one-sip/A", alias), rs("two-sip/A", alias)]),
    /Duplicate resource alias urn:pulumi:test::lync::azure-native:dns:RecordSet::sip\/A: claimed by .*one-sip\/A and by .*two-sip\/A/,
  );
  // One claimant is an update of the live resource, not a create beside it.
  assert.deepEqual(
    classifyChanges([old], [rs("one-sip/A", alias)]).map((c) => c.kind),
    ["unchanged"],
  );
});
