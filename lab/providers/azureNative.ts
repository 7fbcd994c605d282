/**
 * The lab's `pulumi-resource-azure-native`: the Azure objects the library registers (DNS zones and record sets,
 * Private DNS zones, links and record sets, Application Gateways), kept in the lab's cloud under their ARM ids.
 * As azure-native does before a create (provider/pkg/provider/provider.go: "cannot create already existing
 * resource"), a create whose ARM id the cloud already holds is refused: two stacks that claim one record set fail
 * as they would in Azure. Replacements come from the ARM path (tests/harness/replaceSemantics.ts).
 */
import { randomUUID } from "node:crypto";
import { serve, type LabType, type Props } from "./provider";

/** The @pulumi/azure-native version this stands in for (package.json). */
export const AZURE_NATIVE_VERSION = "3.28.0";

/**
 * The subscription of every lab id. The provider protocol's Configure (the explicit providers' subscriptionId) is not
 * handed to the Node provider frame, so zones of two subscriptions with the same resource group and name share an id
 * in the lab (docs/lab.md "The engine": not emulated).
 */
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const group = (i: Props) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${str(i.resourceGroupName)}/providers`;

/** An ARM object: its id from the path parameters, `name`, `type` and `etag` computed, and what else the type adds. */
function arm(armType: string, path: (i: Props) => string, name: (i: Props) => string, extra: (i: Props) => Props = () => ({})): LabType {
  const computed = ["name", "type", "etag", "azureApiVersion", "provisioningState", ...Object.keys(extra({}))];
  return {
    computed,
    create(inputs) {
      return {
        id: path(inputs),
        computed: { name: name(inputs), type: armType, etag: randomUUID(), azureApiVersion: "lab", provisioningState: "Succeeded", ...extra(inputs) },
      };
    },
    update(_id, inputs, old) {
      return { ...Object.fromEntries(Object.entries(old.outputs).filter(([k]) => computed.includes(k))), etag: randomUUID(), ...extra(inputs) };
    },
  };
}

/** A record set's computed `fqdn`: its relative name (none for `@`) in the zone the input `zoneKey` names. */
const recordSetFqdn = (zoneKey: string) => (i: Props) => {
  const rel = str(i.relativeRecordSetName);
  return { fqdn: `${rel === "@" ? "" : `${rel}.`}${str(i[zoneKey])}.` };
};

/** Azure DNS name servers are assigned per zone; the lab hands out fixed ones in Azure's naming. */
const nameServers = () => ({ nameServers: ["ns1-01.azure-dns.com.", "ns2-01.azure-dns.net.", "ns3-01.azure-dns.org.", "ns4-01.azure-dns.info."] });

export const AZURE_TYPES: Readonly<Record<string, LabType>> = {
  "azure-native:dns:Zone": arm(
    "Microsoft.Network/dnszones",
    (i) => `${group(i)}/Microsoft.Network/dnszones/${str(i.zoneName)}`,
    (i) => str(i.zoneName),
    nameServers,
  ),
  "azure-native:dns:RecordSet": arm(
    "Microsoft.Network/dnszones/recordsets",
    (i) => `${group(i)}/Microsoft.Network/dnszones/${str(i.zoneName)}/${str(i.recordType)}/${str(i.relativeRecordSetName)}`,
    (i) => str(i.relativeRecordSetName),
    recordSetFqdn("zoneName"),
  ),
  "azure-native:privatedns:PrivateZone": arm(
    "Microsoft.Network/privateDnsZones",
    (i) => `${group(i)}/Microsoft.Network/privateDnsZones/${str(i.privateZoneName)}`,
    (i) => str(i.privateZoneName),
  ),
  "azure-native:privatedns:PrivateRecordSet": arm(
    "Microsoft.Network/privateDnsZones/recordsets",
    (i) => `${group(i)}/Microsoft.Network/privateDnsZones/${str(i.privateZoneName)}/${str(i.recordType)}/${str(i.relativeRecordSetName)}`,
    (i) => str(i.relativeRecordSetName),
    recordSetFqdn("privateZoneName"),
  ),
  "azure-native:privatedns:VirtualNetworkLink": arm(
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    (i) => `${group(i)}/Microsoft.Network/privateDnsZones/${str(i.privateZoneName)}/virtualNetworkLinks/${str(i.virtualNetworkLinkName)}`,
    (i) => str(i.virtualNetworkLinkName),
  ),
  "azure-native:network:ApplicationGateway": arm(
    "Microsoft.Network/applicationGateways",
    (i) => `${group(i)}/Microsoft.Network/applicationGateways/${str(i.applicationGatewayName)}`,
    (i) => str(i.applicationGatewayName),
    () => ({ operationalState: "Running" }),
  ),
};

if (require.main === module) serve(AZURE_NATIVE_VERSION, AZURE_TYPES);
