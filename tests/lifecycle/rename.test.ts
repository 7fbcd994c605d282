// Stacks created by release 0.1 named children without the deployment's name (`contoso.com/sip/A`, `edge-edge1-key-r1`).
// Since 0.2 every child starts with it (`lync-contoso.com/sip/A`) and keeps an alias to its 0.1 name. Here the 0.1
// program itself (index.ts and components/ as landed in 58d0a25, taken from git) makes the "before" state, the current
// program the "after": the change simulation must find every 0.1 resource again, and change none of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { programFromModule } from "../harness/capture";
import { simulateChange, describeChanges } from "../harness/changeSimulation";
import { loadDeployment, ROOT } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";

/** The last commit of release 0.1 (children without the deployment's name). */
const RELEASE_0_1 = "58d0a25044d51d31bde39aac1f271973354312d9";
const SECRETS = { "lync:reverseProxyPfx": "cGZ4", "lync:reverseProxyPfxPassword": "test" };

/** index.ts and components/ of a commit, beside this repository's node_modules. */
function checkout(commit: string, dir: string): string {
  const tar = execFileSync("git", ["-C", ROOT, "archive", "--format=tar", commit, "index.ts", "components"]);
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return path.join(dir, "index.ts");
}

for (const example of ["Pulumi.contoso.example.yaml", "Pulumi.test.example.yaml"]) {
  test(`${example}: a stack made by 0.1 updates in place — every resource found under its alias, none created, replaced or deleted`, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), "lync-0.1-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // Release 0.1 knew no internal DNS: the names are what this test is about, so both runs leave it out.
    const { internalDns: _, ...deployment } = loadDeployment(example);
    // A 0.1 test stack took the gateway's PFX from its stack config (the test CA supplies it since issue 13): so here.
    if (deployment.reverseProxy?.provider === "azure" && !deployment.reverseProxy.keyVaultSecretId) {
      Object.assign(deployment.reverseProxy, { pfxConfigKey: "reverseProxyPfx", pfxPasswordConfigKey: "reverseProxyPfxPassword" });
    }
    const sim = await simulateChange(deployment, deployment, {
      programBefore: programFromModule(checkout(RELEASE_0_1, dir)),
      providers: [tlsMocks()],
      // What such a stack's file says (CHANGELOG 0.5.0): the aliases are off unless asked for.
      config: { ...SECRETS, "lync:legacyNameAliases": true },
    });
    // The two runs really used different names: every child is renamed, nothing would match without the aliases.
    const beforeNames = new Set(sim.before.resources.map((r) => r.name));
    const children = sim.after.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== "lync:index:Deployment");
    assert.deepEqual(
      children.filter((r) => beforeNames.has(r.name)).map((r) => r.name),
      [],
    );
    const count = (types: string[]) => children.filter((r) => types.includes(r.type)).length;
    assert.ok(count(["tls:index/privateKey:PrivateKey"]) >= 2);
    assert.ok(count(["tls:index/certRequest:CertRequest"]) >= 2);
    assert.ok(count(["azure-native:dns:RecordSet", "cloudflare:index/dnsRecord:DnsRecord"]) > 15);
    // Keys, CSRs, records, the main gateway, rulesets: every one unchanged. The HTTP-only gateway changes once, in
    // place: its host-name listeners become the one basic listener (docs/provider-notes.md A.5a).
    const http = sim.after.resources.find((r) => r.type === "azure-native:network:ApplicationGateway" && r.name.endsWith("-http"))!;
    assert.deepEqual(describeChanges(sim.changes), [`update azure-native:network:ApplicationGateway ${http.name} [httpListeners]`]);
    assert.equal(sim.changes.length, sim.before.resources.length);
  });
}

test("a 0.1 stack without lync:legacyNameAliases would be recreated: why such a stack must ask for the aliases", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "lync-0.1-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { internalDns: _, ...deployment } = loadDeployment("Pulumi.contoso.example.yaml");
  const sim = await simulateChange(deployment, deployment, {
    programBefore: programFromModule(checkout(RELEASE_0_1, dir)),
    providers: [tlsMocks()],
    config: SECRETS,
  });
  const ops = new Set(sim.changes.map((c) => c.kind));
  assert.ok(ops.has("create") && ops.has("delete"), describeChanges(sim.changes).slice(0, 5).join("\n"));
});

test("by default (a stack made by 0.2 or later) no alias to a 0.1 name is registered, and nothing changes for it", async () => {
  const deployment = loadDeployment("Pulumi.contoso.example.yaml");
  const sim = await simulateChange(deployment, deployment, {
    providers: [tlsMocks()],
    config: SECRETS,
  });
  const beforeNames = new Set(sim.before.resources.map((r) => r.name));
  const children = sim.after.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== "lync:index:Deployment");
  assert.ok(children.length > 30);
  // Aliases left are the current scheme's own (A <-> CNAME alternates, other owner), all prefixed or parent-only.
  const aliasNames = children.flatMap((r) => (r.options.aliases as Array<{ spec?: { name?: string } }>).map((a) => a.spec?.name ?? ""));
  assert.deepEqual(
    aliasNames.filter((n) => n !== "" && !n.startsWith("lync-")),
    [],
  );
  assert.deepEqual(describeChanges(sim.changes), []);
  assert.ok([...beforeNames].every((n) => n === "lync" || n.startsWith("lync-")));
});
