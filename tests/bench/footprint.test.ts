// Bench helpers that read captures: ownership by the SipDomain parent chain, the add-one-tenant summary, the floor's
// replay list and SDK class lookup, the median. Synthetic captures: fast and exact.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as cloudflare from "@pulumi/cloudflare";
import * as tls from "@pulumi/tls";
import type { CapturedResource } from "../harness/capture";
import { DEFAULT_OPTIONS } from "../harness/resources";
import type { ResourceChange } from "../harness/changeSimulation";
import { footprint, owners } from "../../bench/footprint";
import { summarize } from "../../bench/change";
import { floorResources, sdkClass } from "../../bench/programs";
import { median } from "../../bench/run";

const STACK = "urn:pulumi:test::lync::pulumi:pulumi:Stack::lync-test";
const DEP = "urn:pulumi:test::lync::lync:index:Deployment::lync";
const sip = (d: string) => `urn:pulumi:test::lync::lync:index:Deployment$lync:index:SipDomain::lync-${d}`;
const RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const CSR = "tls:index/certRequest:CertRequest";

function res(type: string, name: string, urn: string, parent: string, custom = true, inputs: Record<string, unknown> = {}): CapturedResource {
  return {
    type,
    name,
    urn,
    parent,
    custom,
    inputs,
    options: { ...DEFAULT_OPTIONS, deleteBeforeReplace: name.startsWith("dbr") },
  };
}

const capture: CapturedResource[] = [
  res("pulumi:pulumi:Stack", "lync-test", STACK, "", false),
  res("lync:index:Deployment", "lync", DEP, STACK, false),
  res("lync:index:SipDomain", "lync-a.example", sip("a.example"), DEP, false),
  res("lync:index:SipDomain", "lync-b.example", sip("b.example"), DEP, false),
  res(RECORD, "a1", `${sip("a.example")}$${RECORD}::a1`, sip("a.example")),
  res(RECORD, "a2", `${sip("a.example")}$${RECORD}::a2`, sip("a.example")),
  res(RECORD, "b1", `${sip("b.example")}$${RECORD}::b1`, sip("b.example")),
  res(RECORD, "dbr-shared", `${DEP}$${RECORD}::dbr-shared`, DEP, true, { key: { secret: "pem" }, n: 1 }),
  res(CSR, "edge-edge1-csr", `${DEP}$${CSR}::edge-edge1-csr`, DEP),
  res("pulumi:providers:cloudflare", "default", "urn:pulumi:test::lync::pulumi:providers:cloudflare::default", ""),
];

test("owners: a resource belongs to the SIP domain above it in the parent chain, otherwise it is shared (null)", () => {
  const o = owners(capture);
  assert.equal(o.get(`${sip("a.example")}$${RECORD}::a2`), "a.example");
  assert.equal(o.get(sip("b.example")), "b.example");
  assert.equal(o.get(`${DEP}$${CSR}::edge-edge1-csr`), null);
  assert.equal(o.get(DEP), null);
});

test("footprint counts provider resources per tenant and shared ones by type; components and providers apart", () => {
  assert.deepEqual(footprint(capture), {
    perTenant: { "a.example": 2, "b.example": 1 },
    shared: { [RECORD]: 1, [CSR]: 1 },
    custom: 5,
    components: 4,
  });
});

test("floorResources replays provider resources only, with their inputs and engine options", () => {
  const replay = floorResources(capture);
  assert.deepEqual(
    replay.map((r) => r.name),
    ["a1", "a2", "b1", "dbr-shared", "edge-edge1-csr"],
  );
  assert.deepEqual(replay[3], {
    type: RECORD,
    name: "dbr-shared",
    inputs: { key: { secret: "pem" }, n: 1 },
    deleteBeforeReplace: true,
    protect: false,
    owner: null,
  });
  // A tenant's resource names its owner, for the floor under the library's component tree.
  assert.equal(replay[0].owner, "a.example");
});

test("sdkClass finds the provider SDK class of a type token and refuses an unknown one", () => {
  assert.equal(sdkClass(RECORD), cloudflare.DnsRecord);
  assert.equal(sdkClass(CSR), tls.CertRequest);
  assert.throws(() => sdkClass("tls:index/nothing:Nothing"), /no SDK class for tls:index\/nothing:Nothing/);
});

function change(kind: ResourceChange["kind"], urn: string, type = RECORD): ResourceChange {
  const name = urn.split("::").pop()!;
  return {
    kind,
    urn,
    type,
    name,
    changedInputs: kind === "replace" ? ["dnsNames"] : [],
    replaceReasons: kind === "replace" ? ["dnsNames"] : [],
    deleteBeforeReplace: false,
    blockedByProtect: false,
  };
}

test("summarize: counts provider resources per verdict, CSRs re-issued, shared and other tenants' changes apart", () => {
  const after = [
    ...capture,
    res("lync:index:SipDomain", "c.example", sip("c.example"), DEP, false),
    res(RECORD, "c1", `${sip("c.example")}$${RECORD}::c1`, sip("c.example")),
  ];
  const changes = [
    change("create", sip("c.example"), "lync:index:SipDomain"),
    change("create", `${sip("c.example")}$${RECORD}::c1`),
    change("replace", `${DEP}$${CSR}::edge-edge1-csr`, CSR),
    change("update", `${sip("a.example")}$${RECORD}::a1`),
    change("unchanged", `${sip("b.example")}$${RECORD}::b1`),
  ];
  const s = summarize(changes, capture, after, "c.example");
  assert.deepEqual(s.counts, { create: 1, update: 1, replace: 1, delete: 0 });
  assert.equal(s.csrReissued, 1);
  assert.deepEqual(s.sharedChanged, [`replace ${CSR} edge-edge1-csr [dnsNames]`]);
  assert.deepEqual(s.otherTenantsChanged, [`update ${RECORD} a1 []`]);
});

test("median of odd and even counts", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});
