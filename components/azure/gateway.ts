/**
 * Application Gateway v2 as the reverse proxy (issue 3): the pure layout (layout.ts) -> `azure-native:network:
 * ApplicationGateway` resources under the deployment. Everything but the listener certificate is plain data from the
 * layout; the certificate comes from Key Vault (production: the user-assigned identity reads the secret, nothing
 * secret passes through Pulumi) or, on test stacks, from two secret stack config keys (PFX and password), which stay
 * secrets in the inputs and in state.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { DeploymentSpec } from "../spec/schema";
import type { Plan } from "../plan/types";
import { layoutGateways, type GatewayLayout } from "./layout";

export interface ReverseProxyOutputs {
  /** Public IPv4 addresses of the gateways (the spec's reserved addresses: webServices.publicIpv4, lyncdiscoverHttpIpv4). */
  readonly publicIpAddresses: pulumi.Output<string[]>;
  /** Azure names of the gateways, main first. */
  readonly gatewayNames: readonly string[];
  /** ARM ids of the gateways, in the order of gatewayNames. */
  readonly gatewayIds: pulumi.Output<string[]>;
}

/** The gateway's args: the layout, with the listener certificate filled in from its source. */
export function gatewayArgs(layout: GatewayLayout): network.ApplicationGatewayArgs {
  const { sslCertificates, ...rest } = layout.args;
  const source = layout.certificate;
  if (sslCertificates.length > 0 && source === null) {
    throw new Error(`gateway ${layout.name}: no certificate source for its HTTPS listeners (validateDeployment reports AGW-CONFIG)`);
  }
  let certificates: network.ApplicationGatewayArgs["sslCertificates"] = sslCertificates.map((c) => ({ ...c }));
  if (source?.kind === "stackConfig") {
    const config = new pulumi.Config("lync");
    // requireSecret: the value is a secret even if someone set it without --secret.
    const data = config.requireSecret(source.pfxKey);
    const password = config.requireSecret(source.passwordKey);
    certificates = sslCertificates.map((c) => ({ name: c.name, data, password }));
  }
  // The layout's readonly arrays are plain data; the SDK's Input types want mutable ones.
  return { ...(JSON.parse(JSON.stringify(rest)) as network.ApplicationGatewayArgs), sslCertificates: certificates };
}

export function createReverseProxy(spec: DeploymentSpec, plan: Plan, parent: pulumi.Resource): ReverseProxyOutputs | undefined {
  if (spec.reverseProxy.provider === "external") return undefined;
  const layouts = layoutGateways(spec, plan);
  const gateways = layouts.map(
    (layout) =>
      new network.ApplicationGateway(layout.name, gatewayArgs(layout), {
        parent,
        // Fixed name: a replacement (new resource group, location or name) cannot create the new gateway beside the old.
        deleteBeforeReplace: true,
      }),
  );
  return {
    publicIpAddresses: pulumi.output(layouts.map((l) => l.publicIpv4)),
    gatewayNames: layouts.map((l) => l.name),
    gatewayIds: pulumi.all(gateways.map((g) => g.id)),
  };
}
