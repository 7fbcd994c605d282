/**
 * Stack config secrets the gateway reads (a PFX and its password for test stacks). Checked by the program before any
 * resource is registered, with the spec's problems, so that a missing secret never leaves a half-applied stack.
 */
import type { DeploymentSpec } from "../spec/schema";
import type { Problem } from "../spec/problems";

export function missingStackSecrets(spec: DeploymentSpec, has: (key: string) => boolean): Problem[] {
  const rp = spec.reverseProxy;
  if (rp.provider !== "azure") return [];
  const keys: Array<[string, string | undefined]> = [
    ["reverseProxy.pfxConfigKey", rp.pfxConfigKey],
    ["reverseProxy.pfxPasswordConfigKey", rp.pfxPasswordConfigKey],
  ];
  return keys
    .filter(([, key]) => key !== undefined && !has(key))
    .map(([path, key]) => ({
      path,
      rule: "AGW-CONFIG",
      subject: `lync:${key}`,
      message: `the stack config has no secret lync:${key}: set it with \`pulumi config set --secret lync:${key} ...\``,
    }));
}
