// Records that change owner or type keep their identity through aliases, so a live record is updated in place (or
// replaced delete-first), never created beside itself and then deleted (review finding; docs/provider-notes.md 3.7).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDeploymentText, type DeploymentInput } from "../../components/model";
import { describeChanges, simulateChange } from "../harness/changeSimulation";
import { tlsMocks } from "../harness/tlsMocks";
import { loadDeployment } from "../harness/stackExamples";

// Microsoft's example: the access edge is sip.contoso.com, which is also the contoso.com tenant's own sip.<d>.
const golden = () => parseDeploymentText(readFileSync(join(__dirname, "../fixtures/contoso-fabrikam-option1.yaml"), "utf8")) as DeploymentInput;
const simulate = (a: unknown, b: unknown) => simulateChange(a, b, { providers: [tlsMocks()] });
const recordChanges = (lines: string[]) => lines.filter((l) => l.includes("dns:RecordSet"));

test("the access edge renamed away from sip.contoso.com: that record set moves from the shared services to the tenant in place", async () => {
  const after = golden();
  after.edgePools[0].accessEdge.fqdn = "access.contoso.com";
  const { changes } = await simulate(golden(), after);
  const lines = describeChanges(changes);
  // Same data, new owner: only its metadata (rule, SIP domain) changes; no delete of the live record.
  assert.ok(recordChanges(lines).includes("update azure-native:dns:RecordSet lync-contoso.com/sip/A [metadata]"), lines.join("\n"));
  assert.ok(!lines.some((l) => l.startsWith("delete azure-native:dns:RecordSet lync-contoso.com/sip/")), lines.join("\n"));
  assert.deepEqual(
    recordChanges(lines).filter((l) => l.startsWith("create")),
    ["create azure-native:dns:RecordSet lync-contoso.com/access/A"],
  );
});

test("the reverse: the access edge renamed to sip.contoso.com takes the tenant's record set over in place", async () => {
  const before = golden();
  before.edgePools[0].accessEdge.fqdn = "access.contoso.com";
  const { changes } = await simulate(before, golden());
  const lines = describeChanges(changes);
  assert.ok(recordChanges(lines).includes("update azure-native:dns:RecordSet lync-contoso.com/sip/A [metadata]"), lines.join("\n"));
  assert.deepEqual(
    recordChanges(lines).filter((l) => l.startsWith("delete")),
    ["delete azure-native:dns:RecordSet lync-contoso.com/access/A"],
  );
});

test("a tenant moved online: its A record sets become CNAMEs by delete-first replacement, not a create beside them", async () => {
  const after = golden();
  after.sipDomains[1] = { name: "fabrikam.com", home: "online" };
  const { changes } = await simulate(golden(), after);
  const lines = recordChanges(describeChanges(changes));
  for (const name of ["sip", "lyncdiscover"]) {
    assert.ok(lines.includes(`replace azure-native:dns:RecordSet lync-fabrikam.com/${name}/CNAME [recordType] delete-first`), lines.join("\n"));
    assert.ok(!lines.some((l) => l.startsWith(`delete azure-native:dns:RecordSet lync-fabrikam.com/${name}/A`)), lines.join("\n"));
  }
});

test("a shared name moved into a tenant's split-brain zone: the private zone and its link change owner in place", async () => {
  const before = loadDeployment("Pulumi.internal.example.yaml");
  const after = structuredClone(before);
  after.internalDns!.internalWeb.fqdn = "webint.fabrikam.com"; // the shared services now own a name in fabrikam.com
  const { changes } = await simulate(before, after);
  const lines = describeChanges(changes).filter((l) => l.includes("privatedns:"));
  // Same Azure objects under a new parent (SipDomain -> Deployment): the URN changes, the alias keeps them; a create
  // beside the live zone would be refused by Azure (it exists), a delete would take the zone down.
  const fabrikam = changes.filter((c) => /^lync-internal\/fabrikam\.com(\/link\/|$)/.test(c.name));
  assert.deepEqual(
    fabrikam.map((c) => `${c.kind} ${c.type} ${c.urn.split("::")[2]}`),
    [
      "unchanged azure-native:privatedns:PrivateZone lync:index:Deployment$azure-native:privatedns:PrivateZone",
      "unchanged azure-native:privatedns:VirtualNetworkLink lync:index:Deployment$azure-native:privatedns:VirtualNetworkLink",
    ],
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => l.startsWith("create azure-native:privatedns:PrivateRecordSet lync-internal/fabrikam.com/webint/A")),
    lines.join("\n"),
  );
});
