/**
 * The one place that builds Application Gateway sub-resource ids (docs/provider-notes.md 3.8). ARM wants the gateway's own
 * children (listeners, pools, settings, ...) referenced by full id inside the gateway's PUT body, before the gateway
 * exists: pulumi-azure-native#631/#3143/#3287 ("can't construct an ApplicationGateway without shenanigans"), AVM PR
 * #283 ("replace 87 manually constructed IDs"). With a fixed gateway name the ids are plain strings known at plan
 * time, so the layout stays pure and testable, and no id is spelled anywhere else.
 *
 * Pure: no Pulumi import.
 */

/** The collections of a gateway whose members other members reference, with the ARM segment of each. */
export const SUB_RESOURCE_SEGMENTS = {
  gatewayIPConfiguration: "gatewayIPConfigurations",
  frontendIPConfiguration: "frontendIPConfigurations",
  frontendPort: "frontendPorts",
  sslCertificate: "sslCertificates",
  trustedRootCertificate: "trustedRootCertificates",
  backendAddressPool: "backendAddressPools",
  backendHttpSettings: "backendHttpSettingsCollection",
  probe: "probes",
  httpListener: "httpListeners",
  urlPathMap: "urlPathMaps",
  rewriteRuleSet: "rewriteRuleSets",
  requestRoutingRule: "requestRoutingRules",
} as const;

export type SubResourceKind = keyof typeof SUB_RESOURCE_SEGMENTS;

export interface GatewayIds {
  /** /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/applicationGateways/<name> */
  readonly gateway: string;
  /** Id of a member of one of the gateway's collections. */
  of(kind: SubResourceKind, name: string): string;
  /** Id of a path rule inside a URL path map (the only nested collection we use). */
  pathRule(urlPathMap: string, name: string): string;
}

function checkName(name: string): string {
  if (name.length === 0 || name.includes("/")) throw new Error(`invalid sub-resource name "${name}"`);
  return name;
}

/** Every sub-resource id of gateway `gatewayName` in `resourceGroup` of `subscriptionId`. */
export function gatewayIds(subscriptionId: string, resourceGroup: string, gatewayName: string): GatewayIds {
  const gateway = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/applicationGateways/${checkName(gatewayName)}`;
  const of = (kind: SubResourceKind, name: string) => `${gateway}/${SUB_RESOURCE_SEGMENTS[kind]}/${checkName(name)}`;
  return {
    gateway,
    of,
    pathRule: (urlPathMap, name) => `${of("urlPathMap", urlPathMap)}/pathRules/${checkName(name)}`,
  };
}

/** The subscription id inside an ARM resource id (e.g. the gateway subnet's). */
export function subscriptionOf(resourceId: string): string {
  const m = /^\/subscriptions\/([^/]+)\//i.exec(resourceId);
  if (!m) throw new Error(`not an ARM resource id: ${resourceId}`);
  return m[1];
}
