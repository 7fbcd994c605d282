/**
 * Derive every name once (issue 21, item 5): one resolved-names value per validated spec (plan/names.ts) that every
 * rule family reads; no rule family derives a host, an edge host or a pool of its own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateDeployment } from "../../components/model";
import { resolveNames } from "../../components/plan/names";
import { fixture } from "./support";

test("names: resolved once per validated spec, and they are the names the plan uses", () => {
  const result = validateDeployment(fixture("contoso-fabrikam-default.yaml"));
  assert.ok(result.ok);
  const names = resolveNames(result.spec);
  assert.equal(resolveNames(result.spec), names, "a second call returns the same value, not a recomputation");
  assert.equal(names.dialinHost, "dialin.contoso.com");
  const fabrikam = names.tenantOf.get("fabrikam.com")!;
  assert.equal(fabrikam.edgeHost, "sip.fabrikam.com");
  assert.equal(fabrikam.lyncdiscover, "lyncdiscover.fabrikam.com");
});

test("names: no rule family derives a simple-URL host, an edge host or an edge pool itself", () => {
  const dir = join(__dirname, "../../components/plan/rules");
  const helpers =
    /\b(dialinHost|sharedHostName|meetHost|adminHost|meetStyleOf|meetUrl|edgeHostOf|federationHostOf|assignEdgePools|federationPoolOf)\(/;
  for (const file of readdirSync(dir).filter((f) => f !== "edgePools.ts")) {
    const text = readFileSync(join(dir, file), "utf8");
    assert.doesNotMatch(text, helpers, `${file} derives a name instead of reading resolveNames()`);
  }
});
