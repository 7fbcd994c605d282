/** Application Gateway v2 as the reverse proxy (issue 3). */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentSpec } from "../model/spec";
import type { Plan } from "../model/plan";

export interface ReverseProxyOutputs {
  readonly publicIpAddresses: pulumi.Output<string[]>;
}

export function createReverseProxy(spec: DeploymentSpec, _plan: Plan, _parent: pulumi.Resource): ReverseProxyOutputs | undefined {
  if (spec.reverseProxy.provider === "external") return undefined;
  throw new Error("The Azure Application Gateway is not implemented yet (issue 3)");
}
