/**
 * The Lync-side runbook (components/render/runbook.ts): every command it can emit is documented in docs/runbook.md
 * with its Microsoft page, a change script touches only the tenants that change, every create or remove looks first
 * (so a second run changes nothing), the output does not depend on input order, and values are quoted for PowerShell.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../../components/model";
import { psQuote, runbookForChange, runbookScript } from "../../components/render/runbook";
import { fixture, planOf } from "./support";

const docs = readFileSync(join(__dirname, "../../docs/runbook.md"), "utf8");

/** Microsoft's two-domain example (contoso.com, fabrikam.com; meet.<d>; one edge pool), plus the given edits. */
function spec(edit: (s: ReturnType<typeof fixture>) => void = () => {}) {
  const s = fixture("contoso-fabrikam-option1.yaml");
  edit(s);
  return s;
}
const withLitware = (s: ReturnType<typeof fixture>, edgePool?: string) => {
  s.zones.push({ provider: "azure", name: "litware.com", resourceGroup: "rg-dns" });
  s.sipDomains.push({ name: "litware.com", ...(edgePool ? { edgePool } : {}) });
};
const withSecondPool = (s: ReturnType<typeof fixture>) => {
  const service = (fqdn: string, ip: string) => ({ fqdn, ipv4: [ip] });
  s.edgePools.push({
    name: "edge2",
    accessEdge: service("sip2.contoso.com", "131.107.156.10"),
    webConferencing: service("webcon2.contoso.com", "131.107.156.20"),
    audioVideo: service("av2.contoso.com", "131.107.156.30"),
  });
  for (const d of s.sipDomains) d.edgePool ??= "edge1";
};
const withOnline = (s: ReturnType<typeof fixture>) => {
  s.zones.push({ provider: "external", name: "adatum.com" });
  s.sipDomains.push({ name: "adatum.com", home: "online" });
};

const base = planOf(spec());
const withNew = planOf(spec((s) => withLitware(s)));

/** Verb-Noun tokens (cmdlets), without the helper functions the script defines itself. */
function commands(script: string): string[] {
  const own = new Set([...script.matchAll(/^\s*function ([\w-]+)/gm)].map((m) => m[1]));
  return [...new Set(script.match(/\b[A-Z][A-Za-z]+-[A-Z][A-Za-z]+\b/g) ?? [])].filter((c) => !own.has(c)).sort();
}

/** Lines that change the deployment, each of which must be guarded by a look-up. */
const MUTATING =
  /\b(New-CsSipDomain|Remove-CsSipDomain|Set-CsSimpleUrlConfiguration|Import-CsCertificate|Set-CsCertificate|(New|Set)-CsHostingProvider|Set-CsAccessEdgeConfiguration)\b/;
const CHANGES_ANYTHING = /^\s*[^#\s].*\b((New|Set|Remove|Import|Enable|Add)-Cs\w+|Set-PlannedSimpleUrl|Remove-PlannedSimpleUrl)\b/m;

test("every command a runbook can contain has a row in docs/runbook.md with its learn.microsoft.com page", () => {
  const twoPools = planOf(spec((s) => (withSecondPool(s), withLitware(s, "edge1"))));
  const lync = planOf(
    spec((s) => {
      s.product = "lync2013";
      s.simpleUrls.adminUrl = "https://admin.contoso.com";
      s.sipDomains[1].xmpp = true;
      s.sipDomains[0].sharedSipAddressSpace = true;
      withOnline(s);
    }),
  );
  const scripts = [
    runbookScript(lync),
    runbookScript(withNew),
    runbookForChange(base, withNew),
    runbookForChange(withNew, base),
    runbookForChange(twoPools, planOf(spec((s) => (withSecondPool(s), withLitware(s, "edge2"))))),
    runbookForChange(base, base),
  ];
  const used = [...new Set(scripts.flatMap(commands))].sort();
  assert.ok(used.length >= 15, `expected the usual cmdlets, found ${used.join(", ")}`);
  const rows = docs.split("\n").filter((l) => l.startsWith("| `"));
  const missing = used.filter((c) => !rows.some((r) => r.startsWith(`| \`${c}\``) && r.includes("https://learn.microsoft.com/")));
  assert.deepEqual(missing, [], "commands without a docs/runbook.md row and Microsoft URL");
});

test("an added tenant: its New-CsSipDomain (looked up first), its meet URL, its pool's certificate import, nothing of the others", () => {
  const script = runbookForChange(base, withNew);
  assert.match(script, /if \(-not \(Get-CsSipDomain -Filter 'litware\.com'\)\) \{\n\s+New-CsSipDomain -Identity 'litware\.com'\n/);
  assert.match(script, /Set-PlannedSimpleUrl -Component 'Meet' -Domain 'litware\.com' -Url 'https:\/\/meet\.litware\.com'/);
  assert.match(
    script,
    /if \(\$Step -eq 'Edge:edge1'\) \{[^]*Import-CsCertificate -Path \$pfxPath[^]*Set-CsCertificate -Type AccessEdgeExternal, DataEdgeExternal, AudioVideoAuthentication/,
  );
  assert.match(script, /^\s+Enable-CsComputer$/m, "simple URLs changed: Enable-CsComputer on the Front End Servers");
  for (const other of ["contoso", "fabrikam"]) assert.ok(!script.includes(other), `${other} appears in the change script`);
  assert.doesNotMatch(script, /Remove-CsSipDomain|Remove-PlannedSimpleUrl/);
});

test("a removed tenant: Remove-CsSipDomain for it only (looked up first), its meet URL removed, the pool's certificate re-imported", () => {
  const script = runbookForChange(withNew, base);
  assert.match(script, /if \(Get-CsSipDomain -Filter 'litware\.com'\) \{\n\s+Remove-CsSipDomain -Identity 'litware\.com'\n/);
  assert.equal(script.match(/^\s+Remove-CsSipDomain /gm)?.length, 1);
  assert.match(script, /Remove-PlannedSimpleUrl -Component 'Meet' -Domain 'litware\.com'/);
  assert.ok(script.indexOf("Remove-PlannedSimpleUrl -Component") < script.indexOf("Remove-CsSipDomain -Identity"), "the meet URL goes first");
  assert.match(script, /if \(\$Step -eq 'Edge:edge1'\)/);
  assert.doesNotMatch(script, /New-CsSipDomain|contoso|fabrikam/);
});

test("a tenant that moves pools: both pools' certificate imports, no SIP domain or simple URL step", () => {
  const from = planOf(spec((s) => (withSecondPool(s), withLitware(s, "edge1"))));
  const to = planOf(spec((s) => (withSecondPool(s), withLitware(s, "edge2"))));
  const script = runbookForChange(from, to);
  assert.match(script, /\[ValidateSet\('Edge:edge1', 'Edge:edge2'\)\]/);
  assert.equal(script.match(/^\s+Import-CsCertificate /gm)?.length, 2);
  assert.doesNotMatch(script, /CsSipDomain|PlannedSimpleUrl|Enable-CsComputer|contoso|fabrikam/);
});

test("identical plans: a script that says so and contains no command that changes anything", () => {
  for (const plan of [base, withNew]) {
    const script = runbookForChange(plan, plan);
    assert.doesNotMatch(script, CHANGES_ANYTHING);
    assert.doesNotMatch(script, /^param\(/m);
    assert.match(script, /^Write-Output 'No Lync-side change: nothing to run\.'$/m);
  }
});

test("a changed dial-in URL: only that simple URL and Enable-CsComputer, no SIP domain, no edge certificate", () => {
  const script = runbookForChange(base, planOf(spec((s) => (s.simpleUrls.dialinUrl = "https://join.contoso.com"))));
  assert.deepEqual(
    script.match(/^\s+(Set|Remove)-PlannedSimpleUrl .*$/gm)?.map((l) => l.trim()),
    ["Set-PlannedSimpleUrl -Component 'Dialin' -Domain '*' -Url 'https://join.contoso.com'"],
  );
  assert.match(script, /^\s+Enable-CsComputer$/m);
  assert.doesNotMatch(script, /CsSipDomain|Import-CsCertificate/);
});

test("the full script: the same for any order of the input lists", () => {
  const reversed = planOf(spec((s) => (withOnline(s), withLitware(s), s.sipDomains.reverse(), s.zones.reverse())));
  const forward = planOf(spec((s) => (withOnline(s), withLitware(s))));
  assert.equal(runbookScript(reversed), runbookScript(forward));
  // The generator sorts by itself too, whatever order a plan's lists come in.
  const shuffled: Plan = {
    ...forward,
    tenants: [...forward.tenants].reverse(),
    simpleUrls: [...forward.simpleUrls].reverse(),
    certificates: [...forward.certificates].reverse(),
  };
  assert.equal(runbookScript(shuffled), runbookScript(forward));
});

test("the full script: online tenants get no SIP domain, every on-premises one a looked-up New-CsSipDomain", () => {
  const script = runbookScript(planOf(spec(withOnline)));
  assert.deepEqual(script.match(/New-CsSipDomain -Identity '[^']+'/g), [
    "New-CsSipDomain -Identity 'contoso.com'",
    "New-CsSipDomain -Identity 'fabrikam.com'",
  ]);
  assert.match(script, /^\s+# .*adatum\.com\.$/m, "the online tenant is named in the comment that explains why");
  assert.doesNotMatch(script, /^\s*[^#\s].*adatum/m, "no command for the online tenant");
});

test("every create or remove is guarded by a look-up (Get-Cs..., Test-Path) in its own block, so a second run changes nothing", () => {
  const split = planOf(spec((s) => (s.sipDomains[0].sharedSipAddressSpace = true)));
  const scripts = [
    runbookScript(planOf(spec(withOnline))),
    runbookForChange(base, withNew),
    runbookForChange(withNew, base),
    runbookScript(split),
    runbookForChange(base, split),
  ];
  for (const script of scripts) {
    const lines = script.split("\n");
    lines.forEach((line, i) => {
      if (line.trimStart().startsWith("#") || !MUTATING.test(line)) return;
      const depth = line.length - line.trimStart().length;
      let opener = i - 1;
      while (opener >= 0 && (lines[opener].trim() === "" || lines[opener].length - lines[opener].trimStart().length >= depth)) opener--;
      const block = lines.slice(opener, i).join("\n");
      assert.match(block, /Get-Cs\w+|Test-Path/, `unguarded: ${line.trim()}\n${block}`);
      assert.doesNotMatch(lines[opener], /^if \(\$Step -eq/, `guarded only by the step: ${line.trim()}`);
    });
  }
});

test("header: the product's module, stop on the first error, the generated-from note citing docs/runbook.md", () => {
  const sfb = runbookScript(base);
  const lync = runbookScript(planOf(spec((s) => (s.product = "lync2013"))));
  assert.equal(sfb.split("\n")[0], "#Requires -Modules SkypeForBusiness");
  assert.equal(lync.split("\n")[0], "#Requires -Modules Lync");
  for (const script of [sfb, lync, runbookForChange(base, withNew), runbookForChange(base, base)]) {
    assert.match(script, /^\$ErrorActionPreference = "Stop"$/m);
    assert.match(script.split("\n").slice(1, 3).join("\n"), /generated from the[^]*docs\/runbook\.md/);
  }
});

test("the full script's optional sections are comments: FREB limit via appcmd, the manual mobile Autodiscover URL", () => {
  const script = runbookScript(base);
  assert.match(script, /^# {3}& "\$env:windir\\system32\\inetsrv\\appcmd\.exe" set config .*maxLogFileSizeKB:4096' '\/commit:apphost'$/m);
  assert.match(script, /^# {3}https:\/\/webext\.contoso\.com\/Autodiscover\/autodiscoverservice\.svc\/Root$/m);
  assert.doesNotMatch(script, /^[^#]*appcmd/m);
});

test("FREB: back to the default of the server's IIS: 1024 KB on IIS 8.0 and later, 512 KB on IIS 7/7.5 where the product runs there", () => {
  const back = (script: string) => [...script.matchAll(/maxLogFileSizeKB:(\d+)'/g)].map((m) => Number(m[1]));
  assert.deepEqual(back(runbookScript(base)), [4096, 1024, 512]);
  assert.match(runbookScript(base), /Windows Server 2008 and 2008 R2 \(IIS 7 and 7\.5[^\n]*\n# {3}& [^\n]*maxLogFileSizeKB:512'/);
  // Skype for Business Server 2019 needs Windows Server 2016 or later: IIS 10, no 512 KB line.
  assert.deepEqual(back(runbookScript(planOf(spec((s) => (s.product = "sfb2019"))))), [4096, 1024]);
});

test("manual Autodiscover URLs: the external one, and the internal one with the internal web services FQDN where known", () => {
  assert.match(runbookScript(base), /^# {3}https:\/\/<internal web services FQDN>\/Autodiscover\/autodiscoverservice\.svc\/Root$/m);
  const internal = planOf(
    spec((s) => (s.internalDns = { frontEnd: { ipv4: ["10.0.1.11"] }, internalWeb: { fqdn: "WebInt.contoso.com", ipv4: ["10.0.1.20"] } })),
  );
  assert.match(runbookScript(internal), /^# {3}https:\/\/webint\.contoso\.com\/Autodiscover\/autodiscoverservice\.svc\/Root$/m);
});

test("quoting: a single quote (also a typographic one) is doubled, and a line break cannot leave a comment", () => {
  assert.equal(psQuote("o'brien.example"), "'o''brien.example'");
  assert.equal(psQuote("a\u2019b"), "'a\u2019\u2019b'");
  const evil: Plan = {
    ...base,
    tenants: [
      ...base.tenants.map((t) => (t.name === "fabrikam.com" ? { ...t, name: "o'brien.example" } : t)),
      { ...base.tenants[0], name: "x.example\nRemove-CsSipDomain -Identity 'contoso.com'", home: "online", edgePool: null },
    ],
  };
  const script = runbookScript(evil);
  assert.match(script, /New-CsSipDomain -Identity 'o''brien\.example'/);
  assert.doesNotMatch(script, /'o'brien/);
  assert.doesNotMatch(script, /^\s*Remove-CsSipDomain/m, "the line break in a name ended a comment");
});

test("XMPP: the edge step assigns the certificate to the XMPP proxy (looked up first); Configuration names the partner step", () => {
  const plan = planOf(spec((s) => (s.sipDomains[1].xmpp = true)));
  const script = runbookScript(plan);
  assert.match(
    script,
    /if \(\$Step -eq 'Edge:edge1'\) \{[^]*if \(@\(Get-CsCertificate -Type XmppServer -ErrorAction SilentlyContinue \| Where-Object \{ \$_\.Thumbprint -eq \$thumbprint \}\)\.Count -lt 1\) \{\n\s+Set-CsCertificate -Type XmppServer -Thumbprint \$thumbprint\n/,
  );
  assert.match(script, /# XMPP federation for fabrikam\.com [^]*#\s+New-CsXmppAllowedPartner -Identity 'partner\.example'/);
  // Without XMPP: neither.
  assert.doesNotMatch(runbookScript(base), /Xmpp/);
  // A change that turns XMPP on names the partner step; one that leaves it as it is does not.
  assert.match(runbookForChange(base, plan), /New-CsXmppAllowedPartner/);
  assert.doesNotMatch(runbookForChange(plan, plan), /Xmpp/);
});

test("online domains that federate: Microsoft 365 becomes a hosting provider (looked up first); split domains' serves them too", () => {
  const script = runbookScript(planOf(spec(withOnline)));
  assert.match(
    script,
    /if \(-not \(Get-CsHostingProvider \| Where-Object \{ \$_\.ProxyFqdn -eq 'sipfed\.online\.lync\.com' \}\)\) \{\n\s+New-CsHostingProvider -Identity 'Office365' -ProxyFqdn 'sipfed\.online\.lync\.com' -Enabled \$true -EnabledSharedAddressSpace \$false -HostsOCSUsers \$false/,
  );
  assert.match(script, /Set-CsHostingProvider -Identity \$provider\.Identity -Enabled \$true/);
  // Not federating: no hosting provider. A split domain's provider (shared address space) serves them instead.
  assert.doesNotMatch(runbookScript(planOf(spec((s) => (withOnline(s), (s.sipDomains.at(-1)!.federation = false))))), /CsHostingProvider/);
  const split = runbookScript(planOf(spec((s) => (withOnline(s), (s.sipDomains[0].sharedSipAddressSpace = true)))));
  assert.equal(split.match(/^\s+New-CsHostingProvider /gm)?.length, 1);
  assert.match(split, /-EnabledSharedAddressSpace \$true/);
  // A change that brings the first such domain adds the step; an unchanged plan does not.
  assert.match(runbookForChange(base, planOf(spec(withOnline))), /New-CsHostingProvider/);
  assert.doesNotMatch(runbookForChange(planOf(spec(withOnline)), planOf(spec(withOnline))), /CsHostingProvider/);
});

test("site-scope simple URLs: the collection is created (looked up first) before any Set-, and a removal from none does nothing", () => {
  const script = runbookForChange(base, withNew);
  const create = script.indexOf("New-CsSimpleUrlConfiguration -Identity $SimpleUrlScope");
  assert.ok(create > 0, "New-CsSimpleUrlConfiguration in the script");
  assert.match(
    script,
    /if \(-not \(Get-CsSimpleUrlConfiguration -Identity \$SimpleUrlScope -ErrorAction SilentlyContinue\)\) \{\n\s+New-CsSimpleUrlConfiguration/,
  );
  assert.ok(create < script.indexOf("Set-CsSimpleUrlConfiguration"), "created before it is changed");
  const removal = runbookForChange(withNew, base);
  assert.doesNotMatch(removal, /New-CsSimpleUrlConfiguration/, "removing never creates a site collection");
  assert.match(
    removal,
    /function Remove-PlannedSimpleUrl[^]*if \(-not \(Get-CsSimpleUrlConfiguration -Identity \$SimpleUrlScope -ErrorAction SilentlyContinue\)\) \{ return \}/,
  );
});
