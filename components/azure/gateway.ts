/**
 * Application Gateway v2 as the reverse proxy (issue 3): the pure layout (layout.ts) -> `azure-native:network:
 * ApplicationGateway` resources under the deployment. Everything but the listener certificate is plain data from the
 * layout; the certificate comes from Key Vault (production: the user-assigned identity reads the secret, nothing
 * secret passes through Pulumi), from the PFX and password the component gets as secret inputs (pfxConfigKey), or
 * else from the stack's own reverse-proxy PFX (components/tls/pfx.ts: the issued certificate, or the test CA's). The
 * PFX values stay secrets in the inputs and in state. The adapter reads no stack config: only the program does.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { DeploymentSpec } from "../spec/types";
import type { Plan } from "../plan/types";
import type { CertificatePfx } from "../tls/pfx";
import { layoutGateways, type GatewayLayout } from "./layout";
import { childName, childOptions, type ChildScope } from "../deployment/childNames";

export interface ReverseProxyOutputs {
  /** Public IPv4 addresses of the gateways (the spec's reserved addresses: webServices.publicIpv4, lyncdiscoverHttpIpv4). */
  readonly publicIpAddresses: pulumi.Output<string[]>;
  /** Azure names of the gateways, main first. */
  readonly gatewayNames: readonly string[];
  /** ARM ids of the gateways, in the order of gatewayNames. */
  readonly gatewayIds: pulumi.Output<string[]>;
}

/** The reverse-proxy certificate as a PFX (test stacks): both values are made secrets if they are not already. */
export interface PfxInput {
  readonly pfx?: pulumi.Input<string>;
  readonly password?: pulumi.Input<string>;
  /** The stack's own PFX per certificate id (tls/pfx.ts): the listeners' certificates when the spec names no other source. */
  readonly own?: Readonly<Record<string, pulumi.Output<CertificatePfx>>>;
}

/** `ApplicationGatewaySslCertificateDataTooBig`: ARM takes at most 16,384 base64 characters of PFX. */
export const MAX_PFX_DATA = 16384;

function ownData(gateway: string, id: string, own: pulumi.Output<CertificatePfx>): pulumi.Output<string> {
  return own.apply(({ pfx }) => {
    if (pfx.length > MAX_PFX_DATA) {
      throw new Error(
        `gateway ${gateway}: the ${id} PFX is ${pfx.length} base64 characters; Application Gateway takes ${MAX_PFX_DATA}: shorten the chain (no root) or use keyVaultSecretId`,
      );
    }
    return pfx;
  });
}

/** The gateway's args: the layout, with the listener certificate filled in from its source. */
export function gatewayArgs(layout: GatewayLayout, pfx: PfxInput = {}): network.ApplicationGatewayArgs {
  const { sslCertificates, ...rest } = layout.args;
  const source = layout.certificate;
  const own = sslCertificates.map((c) => pfx.own?.[c.name]);
  if (sslCertificates.length > 0 && source === null && own.some((o) => o === undefined)) {
    throw new Error(`gateway ${layout.name}: no certificate source for its HTTPS listeners (validateDeployment reports AGW-CONFIG)`);
  }
  let certificates: network.ApplicationGatewayArgs["sslCertificates"] = sslCertificates.map((c) => ({ ...c }));
  if (source?.kind === "pfxInput" && sslCertificates.length > 0) {
    if (pfx.pfx === undefined || pfx.password === undefined) {
      throw new Error(`gateway ${layout.name}: reverseProxyPfx and reverseProxyPfxPassword are required (LyncDeployment reports AGW-CONFIG)`);
    }
    const data = pulumi.secret(pfx.pfx);
    const password = pulumi.secret(pfx.password);
    certificates = sslCertificates.map((c) => ({ name: c.name, data, password }));
  } else if (source === null) {
    certificates = sslCertificates.map((c, i) => ({
      name: c.name,
      data: pulumi.secret(ownData(layout.name, c.name, own[i]!)),
      password: pulumi.secret(own[i]!.apply((p) => p.password)),
    }));
  }
  // The layout's readonly arrays are plain data; the SDK's Input types want mutable ones.
  return { ...(JSON.parse(JSON.stringify(rest)) as network.ApplicationGatewayArgs), sslCertificates: certificates };
}

export function createReverseProxy(spec: DeploymentSpec, plan: Plan, scope: ChildScope, pfx: PfxInput): ReverseProxyOutputs | undefined {
  if (spec.reverseProxy.provider === "external") return undefined;
  const layouts = layoutGateways(spec, plan);
  const gateways = layouts.map(
    (layout) =>
      new network.ApplicationGateway(childName(scope, layout.name), gatewayArgs(layout, pfx), {
        ...childOptions(scope, layout.name),
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
