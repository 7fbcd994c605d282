/**
 * The one table of replace semantics: for each provider resource type the project registers, the input properties
 * whose change makes the provider replace the resource instead of updating it in place. Every other input change is
 * an in-place update. Each entry cites where the provider (or the upstream Terraform provider it bridges) says so.
 *
 * Keys are the Pulumi SDK input names (camelCase) at top level: a change anywhere below a listed property counts.
 * The lifecycle harness (lab/lifecycle.ts) fails loudly on a type missing here, so a new adapter type cannot be
 * classified by guesswork.
 */

export interface ReplaceSemantics {
  /** Inputs whose change forces a replacement. */
  readonly replaceOn: readonly string[];
  /** Write-only inputs: never stored in state, so the engine cannot diff them (their `...Version` input can). */
  readonly writeOnly?: readonly string[];
  /** Where the provider documents it. */
  readonly source: string;
}

const TLS = "hashicorp/terraform-provider-tls internal/provider";
const CF = "cloudflare/terraform-provider-cloudflare (bridged by @pulumi/cloudflare 6.x) internal/services";
/**
 * azure-native computes replacements in provider/pkg/provider/diff.go (calculateDetailedDiff): "All the parameters
 * that are part of the resource path cause a replacement", plus body properties marked forceNew. ARM makes a tracked
 * resource's `location` create-only (x-ms-mutability read/create, ARM guideline RPC-Put-V1-14), which azure-native
 * turns into forceNew.
 */
const AZ = "pulumi/pulumi-azure-native provider/pkg/provider/diff.go: ARM path parameters replace";

export const REPLACE_SEMANTICS: Readonly<Record<string, ReplaceSemantics>> = {
  "tls:index/privateKey:PrivateKey": {
    replaceOn: ["algorithm", "rsaBits", "ecdsaCurve", "opensshComment"],
    source: `${TLS}/resource_private_key.go: every configurable attribute has RequiresReplace; Update is a no-op`,
  },
  "tls:index/certRequest:CertRequest": {
    // dnsNames is a List: adding, removing or reordering a SAN replaces the CSR (hence sorted SAN lists in the plan).
    replaceOn: ["privateKeyPem", "privateKeyPemWoVersion", "dnsNames", "ipAddresses", "uris", "subject"],
    writeOnly: ["privateKeyPemWo"],
    source: `${TLS}/resource_cert_request.go: dns_names/ip_addresses/uris listplanmodifier.RequiresReplace, subject block RequiresReplace, private_key_pem requireReplaceIfStateContainsPEMString`,
  },
  "tls:index/selfSignedCert:SelfSignedCert": {
    replaceOn: [
      "privateKeyPem",
      "privateKeyPemWoVersion",
      "subject",
      "dnsNames",
      "ipAddresses",
      "uris",
      "validityPeriodHours",
      "allowedUses",
      "isCaCertificate",
      "maxPathLength",
      "setSubjectKeyId",
      "setAuthorityKeyId",
    ],
    writeOnly: ["privateKeyPemWo"],
    source: `${TLS}/resource_self_signed_cert.go: all certificate attributes RequiresReplace except early_renewal_hours`,
  },
  "tls:index/locallySignedCert:LocallySignedCert": {
    replaceOn: [
      "certRequestPem",
      "caCertPem",
      "caPrivateKeyPem",
      "caPrivateKeyPemWoVersion",
      "validityPeriodHours",
      "allowedUses",
      "isCaCertificate",
      "maxPathLength",
      "setSubjectKeyId",
    ],
    writeOnly: ["caPrivateKeyPemWo"],
    source: `${TLS}/resource_locally_signed_cert.go: cert_request_pem/ca_*_pem requireReplaceIfStateContainsPEMString, validity_period_hours/allowed_uses RequiresReplace; early_renewal_hours in place`,
  },
  "azure-native:dns:RecordSet": {
    replaceOn: ["resourceGroupName", "zoneName", "relativeRecordSetName", "recordType"],
    source: `${AZ} (PUT .../dnsZones/{zoneName}/{recordType}/{relativeRecordSetName}); TTL and record data update in place`,
  },
  "azure-native:dns:Zone": {
    replaceOn: ["resourceGroupName", "zoneName", "location"],
    source: `${AZ} (PUT .../dnsZones/{zoneName}); location create-only`,
  },
  "azure-native:privatedns:PrivateZone": {
    replaceOn: ["resourceGroupName", "privateZoneName", "location"],
    source: `${AZ} (PUT .../privateDnsZones/{privateZoneName}); location create-only`,
  },
  "azure-native:privatedns:PrivateRecordSet": {
    replaceOn: ["resourceGroupName", "privateZoneName", "recordType", "relativeRecordSetName"],
    source: `${AZ} (PUT .../privateDnsZones/{privateZoneName}/{recordType}/{relativeRecordSetName}); TTL and record data update in place`,
  },
  "azure-native:privatedns:VirtualNetworkLink": {
    // The linked network is a body property that ARM refuses to change on an existing link (a new link is needed).
    replaceOn: ["resourceGroupName", "privateZoneName", "virtualNetworkLinkName", "location", "virtualNetwork"],
    source: `${AZ} (PUT .../privateDnsZones/{privateZoneName}/virtualNetworkLinks/{virtualNetworkLinkName}); location create-only; virtualNetwork fixed once linked [I]`,
  },
  "azure-native:network:ApplicationGateway": {
    // Listeners, rules, pools, certificates are properties of the one gateway resource: all update in place.
    replaceOn: ["resourceGroupName", "applicationGatewayName", "location"],
    source: `${AZ} (PUT .../applicationGateways/{applicationGatewayName}); sub-resources are body properties, updated in place`,
  },
  "azure-native:network:PublicIPAddress": {
    replaceOn: ["resourceGroupName", "publicIpAddressName", "location"],
    source: `${AZ} (PUT .../publicIPAddresses/{publicIpAddressName}); location create-only`,
  },
  "cloudflare:index/dnsRecord:DnsRecord": {
    // `type` has no RequiresReplace in v5 (the API's PUT may change it); our records are keyed by (zone, name, type)
    // in their logical names anyway, so a type change is a delete + create of two URNs, not a replace.
    replaceOn: ["zoneId"],
    source: `${CF}/dns_record/schema.go: zone_id stringplanmodifier.RequiresReplace only; pulumi-cloudflare provider/resources.go adds only an alias (no DeleteBeforeReplace)`,
  },
  "cloudflare:index/ruleset:Ruleset": {
    replaceOn: ["zoneId", "accountId", "kind", "phase", "name"],
    source: `${CF}/ruleset/schema.go: account_id, zone_id, kind, name, phase RequiresReplace (newer v5 schema; older ones only zone_id/account_id); rules update in place`,
  },
  "cloudflare:index/zone:Zone": {
    replaceOn: ["account", "name"],
    source: `${CF}/zone/schema.go: account objectplanmodifier.RequiresReplace, name RequiresReplace`,
  },
};

/** The semantics of a type, or undefined when the table does not know it. */
export function replaceSemanticsOf(type: string): ReplaceSemantics | undefined {
  return REPLACE_SEMANTICS[type];
}
