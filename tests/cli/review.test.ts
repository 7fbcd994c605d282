// The plan review is the preview: `npm run plan -- --base` lists every provider resource the change creates, updates,
// replaces or deletes, from the change simulation the lifecycle tests use. A zone or gateway move that replaces live
// resources delete-first must never read "No changes", and the safety gates exit 3 on it. The tool runs in this
// process (tests/harness/tool.ts); plan.test.ts and exitCodes.test.ts run it as a process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, parseMaxChanges } from "../../tools/plan";
import { runInProcess } from "../harness/tool";

const ROOT = join(__dirname, "../..");
const EXAMPLE = readFileSync(join(ROOT, "Pulumi.contoso.example.yaml"), "utf8");

/** `npm run plan -- --config HEAD --base <the example> FLAGS`, in this process (tests/harness/tool.ts). */
async function review(head: string, ...flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "lync-review-"));
  try {
    writeFileSync(join(dir, "head.yaml"), head);
    return await plan("--config", join(dir, "head.yaml"), "--base", join(ROOT, "Pulumi.contoso.example.yaml"), ...flags);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plan = (...args: string[]) => runInProcess("plan", main, args);

const replaced = (md: string) => [...md.matchAll(/^\| \*\*replace, delete first\*\* \| `([^`]+)` \| (\S+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);

const moves = [
  {
    what: "an Azure zone's resourceGroup",
    head: EXAMPLE.replace("name: contoso.com, resourceGroup: rg-dns", "name: contoso.com, resourceGroup: rg-dns-2"),
    // Every record set of the zone, the shared names included.
    expect: [
      "_sip._tls/SRV",
      "_sipfederationtls._tcp/SRV",
      "access/A",
      "av/A",
      "dialin/A",
      "lync/A",
      "lyncdiscover/A",
      "sip/A",
      "webcon/A",
      "webext/A",
    ].map((n) => `azure-native:dns:RecordSet lync-contoso.com/${n}`),
  },
  {
    what: "a Cloudflare zoneId",
    head: EXAMPLE.replace("zoneId: 023e105f4ecef8ad9ca31a8372d0c353", "zoneId: 0123456789abcdef0123456789abcdef"),
    expect: [
      "cloudflare:index/dnsRecord:DnsRecord lync-litwareinc.com/_sip._tls/SRV/0/0/443/sip.litwareinc.com",
      "cloudflare:index/dnsRecord:DnsRecord lync-litwareinc.com/_sipfederationtls._tcp/SRV/0/0/5061/sip.litwareinc.com",
      "cloudflare:index/dnsRecord:DnsRecord lync-litwareinc.com/lyncdiscover/A/203.0.113.11",
      "cloudflare:index/dnsRecord:DnsRecord lync-litwareinc.com/sip/A/198.51.100.10",
      "cloudflare:index/dnsRecord:DnsRecord lync-litwareinc.com/sip/A/198.51.100.11",
      "cloudflare:index/ruleset:Ruleset lync-litwareinc.com/http_config_settings",
      "cloudflare:index/ruleset:Ruleset lync-litwareinc.com/http_request_firewall_custom",
      "cloudflare:index/ruleset:Ruleset lync-litwareinc.com/http_request_origin",
    ],
  },
  {
    what: "reverseProxy.location",
    head: EXAMPLE.replace("location: westeurope", "location: northeurope"),
    expect: ["azure-native:network:ApplicationGateway lync-agw-lync", "azure-native:network:ApplicationGateway lync-agw-lync-http"],
  },
];

for (const m of moves) {
  test(`moving ${m.what}: every replaced resource named as delete-first, never "No changes"; --fail-on-delete-first exits 3`, async () => {
    assert.notEqual(m.head, EXAMPLE, "the edit must apply");
    const r = await review(m.head);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /No changes/);
    assert.deepEqual(replaced(r.stdout), m.expect);
    assert.match(
      r.stdout,
      new RegExp(`\\*\\*0 to create, 0 to update, ${m.expect.length} to replace \\(${m.expect.length} delete-first\\), 0 to delete\\*\\*`),
    );
    const gated = await review(m.head, "--fail-on-delete-first");
    assert.equal(gated.status, 3);
    assert.equal(gated.stdout, r.stdout);
    assert.match(gated.stderr, /^safety gate: \d+ delete-first replacement\(s\)/);
  });
}

test("a zone move deletes live records of tenants the change does not name: a blocking warning at the top, in JSON too", async () => {
  const head = moves[0].head;
  const md = (await review(head)).stdout;
  assert.ok(md.indexOf("⛔ [DIFF-LIVE-DELETE] `contoso.com`") > 0 && md.indexOf("⛔") < md.indexOf("### What `pulumi up` will do"));
  assert.match(md, /⛔ \[DIFF-LIVE-DELETE\] `shared services`: blocking: 6 live DNS record\(s\) of the shared services/);
  const json = JSON.parse((await review(head, "--json")).stdout) as {
    changes: boolean;
    blocking: Array<{ subject: string }>;
    resources: Array<{ deleteFirst: boolean }>;
  };
  assert.equal(json.changes, true);
  assert.deepEqual(json.blocking.map((w) => w.subject).sort(), ["contoso.com", "shared services"]);
  assert.equal(json.resources.length, 10);
  assert.ok(json.resources.every((c) => c.deleteFirst));
});

test("adding a tenant: its resources created, the edge CSR replaced (not delete-first), no blocking warning; --max-changes gates it", async () => {
  const head = EXAMPLE.replace("    sipDomains:\n", "    sipDomains:\n      - { name: eu.fabrikam.com }\n");
  const r = await review(head);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /DIFF-LIVE-DELETE|delete first/);
  const creates = [...r.stdout.matchAll(/^\| create \| `([^`]+)` \| (\S+) \|/gm)].map((m) => m[2]);
  assert.ok(creates.includes("lync-eu.fabrikam.com"), creates.join(", "));
  assert.match(r.stdout, /^\| replace \| `tls:index\/certRequest:CertRequest` \| lync-edge-edge1-csr \| dnsNames \| shared \|$/m);
  const total = Number(
    /\*\*(\d+) to create, (\d+) to update, (\d+) to replace/
      .exec(r.stdout)!
      .slice(1)
      .reduce((a, b) => String(Number(a) + Number(b))),
  );
  assert.equal((await review(head, "--max-changes", String(total))).status, 0);
  const over = await review(head, "--max-changes", String(total - 1));
  assert.equal(over.status, 3);
  assert.match(over.stderr, new RegExp(`safety gate: ${total} resource changes, more than --max-changes ${total - 1}`));
});

test("identical configs: No changes, and the gates pass", async () => {
  const r = await review(EXAMPLE, "--fail-on-delete-first", "--max-changes", "0");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /\*\*No changes\*\*/);
});

test("the gates need --base and a plain decimal count: 0x10, 1e1, -1, 1.5, '' and ' 7' are refused with exit 2", async () => {
  const example = join(ROOT, "Pulumi.contoso.example.yaml");
  assert.equal((await plan("--config", example, "--fail-on-delete-first")).status, 2);
  for (const n of ["0x10", "1e1", "-1", "1.5", "", " 7", "9007199254740993"]) {
    assert.throws(() => parseMaxChanges(n), /plain whole number/, JSON.stringify(n));
  }
  assert.equal(parseMaxChanges("016"), 16);
  assert.equal(parseMaxChanges("0"), 0);
  assert.equal(parseMaxChanges(undefined), undefined);
  // The CLI refuses it before reading anything: exit 2, the reason, no stack trace.
  const r = await plan("--config", example, "--base", example, "--max-changes", "1e1");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--max-changes wants a plain whole number >= 0 \(decimal digits only\), not "1e1"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("a gateway location change: a blocking outage warning for every tenant at the top of the review and in JSON", async () => {
  const head = EXAMPLE.replace("location: westeurope", "location: northeurope");
  const md = (await review(head)).stdout;
  const top = md.indexOf("⛔ [DIFF-GATEWAY-OUTAGE] `lync-agw-lync`: blocking: an outage for every tenant");
  assert.ok(top > 0, md);
  assert.ok(top < md.indexOf("### What `pulumi up` will do"));
  assert.match(md, /⛔ \[DIFF-GATEWAY-OUTAGE\] `lync-agw-lync-http`: .*deleted and re-created \(location\)/);
  const json = JSON.parse((await review(head, "--json")).stdout) as { blocking: Array<{ rule: string; subject: string }> };
  assert.deepEqual(
    json.blocking.map((w) => `${w.rule} ${w.subject}`),
    ["DIFF-GATEWAY-OUTAGE lync-agw-lync", "DIFF-GATEWAY-OUTAGE lync-agw-lync-http"],
  );
});

test("a Cloudflare edge address change is no blocking live delete: the set's new record is created before the old one goes", async () => {
  const head = EXAMPLE.replace("ipv4: [198.51.100.10, 198.51.100.11]", "ipv4: [198.51.100.10, 198.51.100.12]");
  assert.notEqual(head, EXAMPLE, "the edit must apply");
  const r = await review(head, "--fail-on-delete-first");
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /⛔|DIFF-LIVE-DELETE|blocking/);
  assert.match(
    r.stdout,
    /^\| delete, after its set's new record is created \| `cloudflare:index\/dnsRecord:DnsRecord` \| lync-litwareinc\.com\/sip\/A\/198\.51\.100\.11 \|/m,
  );
  assert.match(r.stdout, /^\| create \| `cloudflare:index\/dnsRecord:DnsRecord` \| lync-litwareinc\.com\/sip\/A\/198\.51\.100\.12 \|/m);
  assert.match(r.stdout, /^\| ~ \| sip\.litwareinc\.com \| A \|/m);
});

test("a Cloudflare tenant moving online: sip and lyncdiscover become CNAMEs, blocking with the two-run recipe; the gate exits 3", async () => {
  const head = EXAMPLE.replace("- { name: litwareinc.com }", "- { name: litwareinc.com, home: online }");
  assert.notEqual(head, EXAMPLE, "the edit must apply");
  const r = await review(head, "--fail-on-delete-first");
  assert.equal(r.status, 3, r.stderr);
  const blocking = r.stdout.split("\n").filter((l) => l.includes("DIFF-CF-TYPE-CHANGE"));
  assert.deepEqual(
    blocking.map((l) => l.slice(0, l.indexOf(":"))),
    ["- ⛔ [DIFF-CF-TYPE-CHANGE] `lyncdiscover.litwareinc.com`", "- ⛔ [DIFF-CF-TYPE-CHANGE] `sip.litwareinc.com`"],
  );
  // Every old address record of the name is targeted, nothing else.
  assert.match(
    blocking[1],
    /`pulumi destroy --target '\*\*::lync-litwareinc\.com\/sip\/A\/198\.51\.100\.10' --target '\*\*::lync-litwareinc\.com\/sip\/A\/198\.51\.100\.11'`/,
  );
  // The same move in an Azure zone is no such change: its record sets alias each other and are replaced delete-first.
  const azure = await review(EXAMPLE.replace("- { name: fabrikam.com }", "- { name: fabrikam.com, home: online }"));
  assert.doesNotMatch(azure.stdout, /DIFF-CF-TYPE-CHANGE/);
});

test("a tenant in the proxied Cloudflare zone: the three rulesets it updates are named; no gateway changes", async () => {
  const head = EXAMPLE.replace("    sipDomains:\n", "    sipDomains:\n      - { name: eu.litwareinc.com }\n");
  const r = await review(head);
  assert.equal(r.status, 0, r.stderr);
  const updates = [...r.stdout.matchAll(/^\| update \| `([^`]+)` \| (\S+) \| ([^|]+) \|/gm)].map((m) => `${m[1]} ${m[2]} [${m[3].trim()}]`);
  for (const phase of ["http_config_settings", "http_request_firewall_custom", "http_request_origin"]) {
    assert.ok(updates.includes(`cloudflare:index/ruleset:Ruleset lync-litwareinc.com/${phase} [description, rules]`), updates.join("\n"));
  }
  // The HTTP-only gateway's basic listener serves every tenant as it is (docs/provider-notes.md A.5a).
  assert.doesNotMatch(r.stdout, /azure-native:network:ApplicationGateway/);
});

test("a new proxied Cloudflare zone: its three entry-point rulesets are created, each with a DIFF-CF-ENTRYPOINT warning", async () => {
  const head = EXAMPLE.replace(
    "      - { provider: azure, name: adatum.com, resourceGroup: rg-dns }\n",
    "      - { provider: azure, name: adatum.com, resourceGroup: rg-dns }\n      - { provider: cloudflare, name: northwind.com, zoneId: abcdefabcdefabcdefabcdefabcdefab, proxyLyncdiscover: true }\n",
  ).replace("    sipDomains:\n", "    sipDomains:\n      - { name: northwind.com }\n");
  const r = await review(head);
  assert.equal(r.status, 0, r.stderr);
  const created = [...r.stdout.matchAll(/^\| create \| `cloudflare:index\/ruleset:Ruleset` \| (\S+) \|/gm)].map((m) => m[1]);
  assert.deepEqual(created, [
    "lync-northwind.com/http_config_settings",
    "lync-northwind.com/http_request_firewall_custom",
    "lync-northwind.com/http_request_origin",
  ]);
  assert.equal([...r.stdout.matchAll(/- ⚠️ \[DIFF-CF-ENTRYPOINT\] `lync-northwind\.com\/http_/g)].length, 3);
});
