// `npm run plan` as a user runs it: a child process, exit codes, stdout vs stderr (issue 2, section 4).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { DeploymentInput, Plan } from "../../components/model";
import type { PlanDiff } from "../../components/plan/diff";

/** The parts of the `--json` plan contract (render/json.ts) these tests read. */
type PlanJson = Pick<Plan, "records" | "certificates" | "routes" | "warnings">;
/** A Pulumi.<stack>.yaml file, its deployment typed as what a user writes. */
type StackFile = { config: { "lync:deployment": DeploymentInput } };
const readStackFile = (file: string) => parse(readFileSync(join(__dirname, "../..", file), "utf8")) as StackFile;

/** A temporary directory, removed when the test ends. */
function scratch(t: TestContext, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "tools/plan.ts", ...args], { encoding: "utf8", cwd: join(__dirname, "../..") });

test("--json prints the plan contract: records with canonical RDATA, certificates with used/limit, routes, warnings", () => {
  const r = run("--config", "Pulumi.contoso.example.yaml", "--json");
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as PlanJson;
  assert.deepEqual(
    plan.records.find((x) => x.name === "_sip._tls.fabrikam.com" && x.type === "SRV"),
    {
      view: "external",
      zone: "fabrikam.com",
      name: "_sip._tls.fabrikam.com",
      type: "SRV",
      ttl: 3600,
      data: "0 0 443 sip.fabrikam.com.",
      rule: "R-DNS-03",
      sipDomain: "fabrikam.com",
      proxied: false,
    },
  );
  const edge = plan.certificates.find((c) => c.id === "edge-edge1");
  assert.ok(edge, "certificate edge-edge1");
  assert.deepEqual(edge.dnsNames, ["access.contoso.com", "sip.contoso.com", "sip.fabrikam.com", "sip.litwareinc.com", "webcon.contoso.com"]);
  assert.equal(edge.limit, 250);
  assert.ok(Array.isArray(plan.routes) && Array.isArray(plan.warnings));
});

test("Markdown review names every tenant and every certificate with used/limit", () => {
  const r = run("--config", "Pulumi.contoso.example.yaml");
  assert.equal(r.status, 0, r.stderr);
  for (const d of ["adatum.com", "contoso.com", "fabrikam.com", "litwareinc.com"])
    assert.match(r.stdout, new RegExp(`\\| ${d.replace(".", "\\.")} \\|`));
  assert.match(r.stdout, /### edge-edge1: 5\/250 names/);
  assert.match(r.stdout, /supported, but we do not recommend it/);
});

test("an invalid config: exit code 2, every problem on stderr, nothing on stdout", (t) => {
  const doc = readStackFile("Pulumi.contoso.example.yaml");
  const spec = doc.config["lync:deployment"];
  spec.sipDomains.push({ name: "Fabrikam.COM." }, { name: "bücher.de" });
  spec.webServices.publicIpv4 = "203.0.113.300";
  const file = join(scratch(t, "plan-"), "bad.yaml");
  writeFileSync(file, JSON.stringify(doc));
  const r = run("--config", file);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /webServices\.publicIpv4: \[SCHEMA\] Invalid IPv4 address/);
  assert.match(r.stderr, /sipDomains\[4\]\.name \(Fabrikam\.COM\.\): \[UNIQUE\] SIP domain fabrikam\.com is declared twice/);
  assert.match(r.stderr, /sipDomains\[5\]\.name \(bücher\.de\): \[R-DNS-12\]/);
});

test("--zonefiles writes one RFC 1035 file per zone with the plan's records", (t) => {
  const dir = scratch(t, "zones-");
  const r = run("--config", "Pulumi.contoso.example.yaml", "--zonefiles", dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ["adatum.com.zone", "contoso.com.zone", "fabrikam.com.zone", "internal", "litwareinc.com.zone"]);
  // The internal view beside it: the example's pin-point zones, one per name.
  assert.ok(readdirSync(join(dir, "internal")).includes("lyncdiscoverinternal.fabrikam.com.zone"));
  const fabrikam = readFileSync(join(dir, "fabrikam.com.zone"), "utf8");
  assert.match(fabrikam, /^\$ORIGIN fabrikam\.com\.$/m);
  assert.match(fabrikam, /^_sipfederationtls\._tcp\.fabrikam\.com\. +3600 IN SRV +0 0 5061 sip\.fabrikam\.com\. ; R-DNS-04 fabrikam\.com$/m);
});

test("--base prints the change review for a pull request; identical configs say no changes", (t) => {
  const doc = readStackFile("Pulumi.contoso.example.yaml");
  doc.config["lync:deployment"].sipDomains.push({ name: "sales.contoso.com" });
  const head = join(scratch(t, "plan-"), "head.yaml");
  writeFileSync(head, JSON.stringify(doc));
  const r = run("--config", head, "--base", "Pulumi.contoso.example.yaml");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /- added: `sales\.contoso\.com`/);
  assert.match(r.stdout, /\| edge-edge1 \| reissue \| access\.contoso\.com \| `sip\.sales\.contoso\.com` \| – \| 5\/250 → 6\/250 \|/);
  const same = run("--config", "Pulumi.contoso.example.yaml", "--base", "Pulumi.contoso.example.yaml");
  assert.match(same.stdout, /\*\*No changes\*\*/);
  const json = JSON.parse(run("--config", head, "--base", "Pulumi.contoso.example.yaml", "--json").stdout) as PlanDiff;
  assert.deepEqual(json.tenants.added, ["sales.contoso.com"]);
});

test("usage errors (missing value, unknown option) exit 2 with the usage line, no stack trace", () => {
  for (const args of [["--config"], ["--config", "Pulumi.contoso.example.yaml", "--bogus"], []]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /usage: npm run plan -- --config FILE/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test("--runbook: the whole deployment's Lync steps, or with --base only the added tenant's", (t) => {
  const full = run("--config", "Pulumi.contoso.example.yaml", "--runbook");
  assert.equal(full.status, 0, full.stderr);
  assert.match(full.stdout, /^#Requires -Modules SkypeForBusiness$/m);
  assert.match(full.stdout, /New-CsSipDomain -Identity 'fabrikam\.com'/);
  const doc = readStackFile("Pulumi.contoso.example.yaml");
  const dir = scratch(t, "runbook-");
  const head = structuredClone(doc);
  head.config["lync:deployment"].sipDomains.push({ name: "eu.fabrikam.com" });
  writeFileSync(join(dir, "head.yaml"), JSON.stringify(head));
  const change = run("--config", join(dir, "head.yaml"), "--base", "Pulumi.contoso.example.yaml", "--runbook");
  assert.equal(change.status, 0, change.stderr);
  assert.match(change.stdout, /New-CsSipDomain -Identity 'eu\.fabrikam\.com'/);
  assert.doesNotMatch(change.stdout, /'contoso\.com'|'litwareinc\.com'|Identity 'fabrikam\.com'/);
});
