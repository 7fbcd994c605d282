// Internal DNS on Azure Private DNS (issue 13, part 1), under the mock runtime with the real program: the shipped
// Pulumi.internal.example.yaml (split-brain zones), its exact resources, who owns them, and adding a tenant.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { capture, programFromModule, type Capture, type CapturedResource } from "../harness/capture";
import { PROJECT_PROGRAM, describeChanges, simulateChange } from "../harness/changeSimulation";
import { loadDeployment } from "../harness/stackExamples";
import { tlsMocks } from "../harness/tlsMocks";

const ZONE = "azure-native:privatedns:PrivateZone";
const LINK = "azure-native:privatedns:VirtualNetworkLink";
const SET = "azure-native:privatedns:PrivateRecordSet";
const VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lync-net/providers/Microsoft.Network/virtualNetworks/vnet-lync";
const nameOf = (urn: string) => urn.split("::").pop()!;

describe("the internal example on Azure Private DNS", () => {
  let c: Capture;
  const of = (type: string) => c.resources.filter((r) => r.type === type);
  before(async () => {
    c = await capture(programFromModule(PROJECT_PROGRAM), {
      config: { "lync:deployment": loadDeployment("Pulumi.internal.example.yaml") },
      providers: [tlsMocks()],
    });
  });

  test("one private zone per internal zone, global, in the internal resource group; a tenant's own zone under its SipDomain", () => {
    assert.deepEqual(
      of(ZONE).map((z) => [z.name, nameOf(z.parent), z.inputs]),
      [
        ["lync-internal/contoso.com", "lync", { privateZoneName: "contoso.com", resourceGroupName: "rg-dns-internal", location: "Global" }],
        [
          "lync-internal/fabrikam.com",
          "lync-fabrikam.com",
          { privateZoneName: "fabrikam.com", resourceGroupName: "rg-dns-internal", location: "Global" },
        ],
        [
          "lync-internal/litwareinc.com",
          "lync-litwareinc.com",
          { privateZoneName: "litwareinc.com", resourceGroupName: "rg-dns-internal", location: "Global" },
        ],
      ],
    );
  });

  test("each zone linked to the network, without auto-registration", () => {
    const links = of(LINK);
    assert.equal(links.length, 3);
    for (const l of links) {
      assert.equal(l.inputs.registrationEnabled, false);
      assert.deepEqual(l.inputs.virtualNetwork, { id: VNET });
      assert.equal(l.inputs.location, "Global");
      assert.match(String(l.inputs.virtualNetworkLinkName), /^vnet-lync-[0-9a-f]{8}$/);
    }
  });

  test("fabrikam.com's internal record sets: exact inputs, delete-first on a type change", () => {
    const sets = of(SET).filter((r) => nameOf(r.parent) === "lync-fabrikam.com");
    assert.deepEqual(
      sets.map((r: CapturedResource) => [r.name, r.inputs.relativeRecordSetName, r.inputs.recordType, r.inputs.aRecords ?? r.inputs.srvRecords]),
      [
        [
          "lync-internal/fabrikam.com/_sipinternaltls._tcp/SRV",
          "_sipinternaltls._tcp",
          "SRV",
          [{ priority: 0, weight: 0, port: 5061, target: "sip.fabrikam.com" }],
        ],
        // The public copy a split-brain zone needs (docs/rules.md INTERNAL-DNS): the HTTP-only lyncdiscover address.
        ["lync-internal/fabrikam.com/lyncdiscover/A", "lyncdiscover", "A", [{ ipv4Address: "203.0.113.11" }]],
        ["lync-internal/fabrikam.com/lyncdiscoverinternal/A", "lyncdiscoverinternal", "A", [{ ipv4Address: "10.0.1.20" }]],
        ["lync-internal/fabrikam.com/sip/A", "sip", "A", [{ ipv4Address: "10.0.1.11" }, { ipv4Address: "10.0.1.12" }]],
      ],
    );
    for (const r of sets) {
      assert.equal(r.inputs.privateZoneName, "fabrikam.com");
      assert.equal(r.options.deleteBeforeReplace, true);
      assert.deepEqual(r.options.replaceOnChanges, ["recordType"]);
    }
  });

  test("the public zones keep only the external view", () => {
    const publicSets = c.resources.filter((r) => r.type === "azure-native:dns:RecordSet");
    assert.ok(!publicSets.some((r) => String(r.inputs.relativeRecordSetName).includes("internal")));
    assert.ok(!JSON.stringify(publicSets.map((r) => r.inputs)).includes("10.0.1."));
  });
});

test("adding a tenant adds its internal zone, link and records, and changes nothing of another tenant", async () => {
  const base = loadDeployment("Pulumi.internal.example.yaml");
  const head = {
    ...base,
    zones: [...base.zones, { provider: "azure" as const, name: "tailspintoys.com", resourceGroup: "rg-dns" }],
    sipDomains: [...base.sipDomains, { name: "tailspintoys.com" }],
  };
  const sim = await simulateChange(base, head, { providers: [tlsMocks()] });
  const internal = describeChanges(sim.changes).filter((l) => l.includes("privatedns"));
  assert.deepEqual(internal.sort(), [
    "create azure-native:privatedns:PrivateRecordSet lync-internal/tailspintoys.com/_sipinternaltls._tcp/SRV",
    "create azure-native:privatedns:PrivateRecordSet lync-internal/tailspintoys.com/lyncdiscover/A",
    "create azure-native:privatedns:PrivateRecordSet lync-internal/tailspintoys.com/lyncdiscoverinternal/A",
    "create azure-native:privatedns:PrivateRecordSet lync-internal/tailspintoys.com/sip/A",
    "create azure-native:privatedns:PrivateZone lync-internal/tailspintoys.com",
    `create azure-native:privatedns:VirtualNetworkLink lync-internal/tailspintoys.com/link/${internal.find((l) => l.includes("VirtualNetworkLink"))!.split("/link/")[1]}`,
  ]);
  assert.ok(
    describeChanges(sim.changes).every((l) => !l.startsWith("delete") && !l.startsWith("replace azure-native")),
    describeChanges(sim.changes).join("\n"),
  );
});
