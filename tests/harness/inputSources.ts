/**
 * Spec values from other resources, for the tests of pulumi.Input in the spec: a mock resource whose `value` output is
 * what it was given, and the contoso example with its public address, the Azure zones' resource group and the
 * Cloudflare zone id taken from such resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentConfig } from "../../components";
import type { MockProvider } from "./capture";
import { loadDeployment } from "./stackExamples";

class Source extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, value: string) {
    super("test:index:Source", name, { value });
  }
}

/** The mock provider of Source: its state is its inputs. */
export const sources: MockProvider = (args) =>
  args.type === "test:index:Source" ? { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> } : undefined;

export function contosoWithInputs(values: { ip: string; rg: string; zoneId: string }): DeploymentConfig {
  const d = loadDeployment("Pulumi.contoso.example.yaml") as unknown as DeploymentConfig;
  const ip = new Source("ip", values.ip).value;
  const rg = new Source("rg", values.rg).value;
  const zoneId = new Source("zone", values.zoneId).value;
  return {
    ...d,
    webServices: { ...d.webServices, publicIpv4: ip },
    zones: d.zones.map((z) => (z.provider === "azure" ? { ...z, resourceGroup: rg } : z.provider === "cloudflare" ? { ...z, zoneId } : z)),
  };
}
