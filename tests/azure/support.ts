/** Capturing the deployment under Pulumi's mock runtime for the Azure component tests. */
import { capture, type Capture, type CapturedResource, type MockProvider } from "../harness/capture";
import { LyncDeployment, type LyncDeploymentArgs } from "../../components/deployment/lyncDeployment";
import { validSpec, type Input } from "./fixtures";

export const RECORD_SET = "azure-native:dns:RecordSet";
export const ZONE = "azure-native:dns:Zone";
export const GATEWAY = "azure-native:network:ApplicationGateway";

export { child } from "../harness/childName";

/** Name servers the mock gives a zone the stack creates (after its logical name). */
export const nameServersOf = (zone: string) => [`ns1-01.azure-dns.com.`, `ns2-01.azure-dns.net.`, `zone-${zone}.example.`];

export const MOCKS: readonly MockProvider[] = [
  (a) =>
    a.type === ZONE ? { id: `zone-${a.name}`, state: { ...(a.inputs as Record<string, unknown>), nameServers: nameServersOf(a.name) } } : undefined,
  // Another adapter's resources (tls): placeholder outputs, these tests do not read them.
  (a) =>
    a.type.startsWith("tls:")
      ? {
          id: `${a.name}-id`,
          state: {
            ...(a.inputs as Record<string, unknown>),
            publicKeyPem: "placeholder",
            certRequestPem: "placeholder",
            privateKeyPem: "placeholder",
          },
        }
      : undefined,
];

/** Registers LyncDeployment for `input` under mocks, with further inputs (e.g. the PFX secrets). */
export async function captureDeployment(input: Input, inputs: Omit<LyncDeploymentArgs, "deployment"> = {}): Promise<Capture> {
  const spec = validSpec(input);
  const result = await capture(
    () => {
      const d = new LyncDeployment("lync", { deployment: spec, ...inputs });
      // Outputs that depend on the components keep the run alive until every child is registered.
      return {
        deployment: d.urn,
        sipDomains: Object.values(d.sipDomains).map((s) => s.urn),
        nameServers: d.nameServers,
        reverseProxyAddresses: d.reverseProxyAddresses,
        gatewayIds: d.gatewayIds,
      };
    },
    { providers: MOCKS },
  );
  return result;
}

export const ofType = (c: Capture, type: string) => c.resources.filter((r) => r.type === type);

export function one(c: Capture, type: string, name: string): CapturedResource {
  const found = c.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1)
    throw new Error(
      `${type} ${name}: found ${found.length} in ${ofType(c, type)
        .map((r) => r.name)
        .join(", ")}`,
    );
  return found[0];
}

/** The logical name at the end of a URN (the parent of a resource, e.g. a SipDomain's domain). */
export const nameOfUrn = (urn: string) => urn.split("::").pop() ?? urn;
