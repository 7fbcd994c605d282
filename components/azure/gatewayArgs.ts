/**
 * The Application Gateway configuration as plain data, in azure-native's input names (`network.ApplicationGatewayArgs`),
 * and the layout of each gateway the deployment needs. Types only.
 */
import type { PlanRoute } from "../plan/types";
import type { GatewayIds } from "./ids";

export interface Ref {
  readonly id: string;
}

export interface GatewayArgs {
  readonly applicationGatewayName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly sku: { readonly name: "Standard_v2"; readonly tier: "Standard_v2"; readonly capacity: number };
  readonly enableHttp2: boolean;
  readonly sslPolicy: { readonly policyType: "Predefined"; readonly policyName: string };
  readonly identity?: { readonly type: "UserAssigned"; readonly userAssignedIdentities: readonly string[] };
  readonly gatewayIPConfigurations: ReadonlyArray<{ readonly name: string; readonly subnet: Ref }>;
  readonly frontendIPConfigurations: ReadonlyArray<{ readonly name: string; readonly publicIPAddress: Ref }>;
  readonly frontendPorts: ReadonlyArray<{ readonly name: string; readonly port: number }>;
  /** Key Vault entries are complete; stack-config entries get `data` and `password` (secrets) from the adapter. */
  readonly sslCertificates: ReadonlyArray<{ readonly name: string; readonly keyVaultSecretId?: string }>;
  readonly trustedRootCertificates: ReadonlyArray<{ readonly name: string; readonly data: string }>;
  readonly backendAddressPools: ReadonlyArray<{
    readonly name: string;
    readonly backendAddresses: ReadonlyArray<{ readonly ipAddress?: string; readonly fqdn?: string }>;
  }>;
  readonly backendHttpSettingsCollection: ReadonlyArray<{
    readonly name: string;
    readonly port: number;
    readonly protocol: "Http" | "Https";
    readonly cookieBasedAffinity: "Disabled";
    readonly requestTimeout: number;
    readonly pickHostNameFromBackendAddress: false;
    readonly probe: Ref;
    readonly trustedRootCertificates?: readonly Ref[];
  }>;
  readonly probes: ReadonlyArray<{
    readonly name: string;
    readonly protocol: "Http" | "Https";
    readonly host: string;
    readonly path: string;
    readonly interval: number;
    readonly timeout: number;
    readonly unhealthyThreshold: number;
    readonly pickHostNameFromBackendHttpSettings: false;
    readonly match: { readonly statusCodes: readonly string[] };
  }>;
  readonly httpListeners: ReadonlyArray<{
    readonly name: string;
    readonly frontendIPConfiguration: Ref;
    readonly frontendPort: Ref;
    readonly protocol: "Http" | "Https";
    readonly hostNames: readonly string[];
    readonly sslCertificate?: Ref;
  }>;
  readonly rewriteRuleSets: ReadonlyArray<{
    readonly name: string;
    readonly rewriteRules: ReadonlyArray<{
      readonly name: string;
      readonly ruleSequence: number;
      readonly conditions: ReadonlyArray<{
        readonly variable: "var_uri_path";
        readonly pattern: string;
        readonly ignoreCase: boolean;
        readonly negate: boolean;
      }>;
      readonly actionSet: { readonly urlConfiguration: { readonly modifiedPath: string; readonly reroute: boolean } };
    }>;
  }>;
  readonly urlPathMaps: ReadonlyArray<{
    readonly name: string;
    readonly defaultBackendAddressPool: Ref;
    readonly defaultBackendHttpSettings: Ref;
    readonly defaultRewriteRuleSet?: Ref;
    readonly pathRules: ReadonlyArray<{
      readonly name: string;
      readonly paths: readonly string[];
      readonly backendAddressPool: Ref;
      readonly backendHttpSettings: Ref;
    }>;
  }>;
  readonly requestRoutingRules: ReadonlyArray<{
    readonly name: string;
    readonly ruleType: "Basic" | "PathBasedRouting";
    readonly priority: number;
    readonly httpListener: Ref;
    readonly backendAddressPool?: Ref;
    readonly backendHttpSettings?: Ref;
    readonly urlPathMap?: Ref;
  }>;
}

/**
 * Where the listener certificate comes from (never a plain input): Key Vault, or a PFX and its password given to
 * LyncDeployment as secret inputs (test stacks; the program reads them from the stack config keys the spec names).
 */
export type CertificateSource =
  | { readonly kind: "keyVault"; readonly secretId: string; readonly identityId: string }
  | { readonly kind: "pfxInput"; readonly pfxKey: string; readonly passwordKey: string };

export interface ListenerLayout {
  readonly route: PlanRoute["id"];
  readonly name: string;
  readonly prefix: string;
  readonly hostNames: readonly string[];
  readonly priority: number;
  /** The shard is deeper than the route's priority band allows (reported by limits.ts). */
  readonly outOfBand: boolean;
}

export interface GatewayLayout {
  /** `main`: every route on webServices.publicIpv4; `lyncdiscover-http`: port 80 only, on lyncdiscoverHttpIpv4. */
  readonly role: "main" | "lyncdiscover-http";
  /** Azure name (applicationGatewayName); also the Pulumi logical name. */
  readonly name: string;
  readonly publicIpv4: string;
  readonly routes: readonly PlanRoute["id"][];
  readonly ids: GatewayIds;
  readonly listeners: readonly ListenerLayout[];
  readonly args: GatewayArgs;
  /** Null when the gateway has no HTTPS listener, or when the spec names no source (validation reports it). */
  readonly certificate: CertificateSource | null;
}
