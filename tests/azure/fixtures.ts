/**
 * Deployment specs for the Azure tests: three tenants in Azure DNS (two existing zones, one the stack creates),
 * per-domain meet URLs (option 1) and HTTP-only lyncdiscover on its own address, published by Application Gateway v2.
 * `withTenant` adds a fourth; `variant` changes the reverse-proxy fields. Documentation addresses (RFC 5737).
 */
import { validateDeployment, formatProblem, type DeploymentInput, type DeploymentSpec } from "../../components/model";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const rg = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${name}`;
export const SUBNET_ID = `${rg("rg-net")}/providers/Microsoft.Network/virtualNetworks/vnet-edge/subnets/snet-agw`;
export const PUBLIC_IP_ID = `${rg("rg-net")}/providers/Microsoft.Network/publicIPAddresses/pip-agw`;
export const LYNCDISCOVER_IP_ID = `${rg("rg-net")}/providers/Microsoft.Network/publicIPAddresses/pip-lyncdiscover`;
export const IDENTITY_ID = `${rg("rg-agw")}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-agw`;
export const KEY_VAULT_SECRET_ID = "https://kv-lync.vault.azure.net/secrets/reverse-proxy";
/** Test-stack certificate: the config keys and the (fake) secret values the mock runs set. */
export const PFX_KEY = "agwPfx";
export const PFX_PASSWORD_KEY = "agwPfxPassword";
export const PFX_VALUE = "MIIKPFXFAKEBASE64PFXDATA0123456789==";
export const PFX_PASSWORD_VALUE = "not-a-real-password-7f3a";
/** A real (self-signed, public part only) root certificate: validation parses it (AGW-CONFIG). */
export const ROOT_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBuzCCAWGgAwIBAgIUY6HaO5Dmg6k4HU5EmoR8puvvG6cwCgYIKoZIzj0EAwIw
MjEwMC4GA1UEAwwnQ29udG9zbyBpbnRlcm5hbCByb290IENBICh0ZXN0IGZpeHR1
cmUpMCAXDTI2MTEyOTE1NTI0OVoYDzIxMjYxMTA1MTU1MjQ5WjAyMTAwLgYDVQQD
DCdDb250b3NvIGludGVybmFsIHJvb3QgQ0EgKHRlc3QgZml4dHVyZSkwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAARtmwEu2N8ZfjPf/OmeVZmy2GNDRW/OJCjutLoy
fer+vVYmRWdno2TQmMbNKSdk5bx4NyOb2zFeA57pSDanfYvWo1MwUTAdBgNVHQ4E
FgQUW+rOQHzoPBn9AvuD2pDb3YFaQhUwHwYDVR0jBBgwFoAUW+rOQHzoPBn9AvuD
2pDb3YFaQhUwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAgS8o
u6a7t/o5WUYAgcxeztzlMLEKB/tkHeTne3K8SeMCIGXa5y3u+AdxBPRjE6BWzBBg
duKoFC01G+pyi90OZmF8
-----END CERTIFICATE-----
`;

/** ROOT_CA_PEM's DER in base64, as the gateway's trustedRootCertificates[].data wants it (written out, not derived). */
export const ROOT_CA_DER_BASE64 =
  "MIIBuzCCAWGgAwIBAgIUY6HaO5Dmg6k4HU5EmoR8puvvG6cwCgYIKoZIzj0EAwIwMjEwMC4GA1UEAwwnQ29udG9zbyBpbnRlcm5hbCByb290IENBICh0ZXN0IGZpeHR1cmUpMCAXDTI2MTEyOTE1NTI0OVoYDzIxMjYxMTA1MTU1MjQ5WjAyMTAwLgYDVQQDDCdDb250b3NvIGludGVybmFsIHJvb3QgQ0EgKHRlc3QgZml4dHVyZSkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARtmwEu2N8ZfjPf/OmeVZmy2GNDRW/OJCjutLoyfer+vVYmRWdno2TQmMbNKSdk5bx4NyOb2zFeA57pSDanfYvWo1MwUTAdBgNVHQ4EFgQUW+rOQHzoPBn9AvuD2pDb3YFaQhUwHwYDVR0jBBgwFoAUW+rOQHzoPBn9AvuD2pDb3YFaQhUwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAgS8ou6a7t/o5WUYAgcxeztzlMLEKB/tkHeTne3K8SeMCIGXa5y3u+AdxBPRjE6BWzBBgduKoFC01G+pyi90OZmF8";

export type Input = DeploymentInput;

/** Typed as written (not widened to Input), so that a test can spread its sections, the reverse proxy's included. */
export function threeTenants() {
  return {
    product: "sfb2015",
    infrastructureDomain: "contoso.com",
    dns: { ttl: 3600 },
    zones: [
      { provider: "azure", name: "contoso.com", resourceGroup: "rg-dns" },
      { provider: "azure", name: "fabrikam.com", resourceGroup: "rg-dns" },
      { provider: "azure", name: "litwareinc.com", resourceGroup: "rg-dns-test", create: true },
      { provider: "azure", name: "adatum.com", resourceGroup: "rg-dns" },
    ],
    edgePools: [
      {
        name: "edge1",
        accessEdge: { fqdn: "access.contoso.com", ipv4: ["198.51.100.10"] },
        webConferencing: { fqdn: "webcon.contoso.com", ipv4: ["198.51.100.20"] },
        audioVideo: { fqdn: "av.contoso.com", ipv4: ["198.51.100.30"] },
      },
    ],
    webServices: {
      externalFqdn: "webext.contoso.com",
      publicIpv4: "203.0.113.10",
      lyncdiscoverHttpIpv4: "203.0.113.11",
      backend: { address: "10.0.1.10", httpPort: 8080, httpsPort: 4443 },
    },
    reverseProxy: {
      provider: "azure",
      resourceGroup: "rg-agw",
      location: "westeurope",
      gatewayName: "agw-lync",
      subnetId: SUBNET_ID,
      publicIpAddressId: PUBLIC_IP_ID,
      lyncdiscoverPublicIpAddressId: LYNCDISCOVER_IP_ID,
      keyVaultSecretId: KEY_VAULT_SECRET_ID,
      identityId: IDENTITY_ID,
      trustedRootCertificate: ROOT_CA_PEM,
    },
    simpleUrls: { meet: "perDomain", dialinUrl: "https://dialin.contoso.com" },
    lyncdiscover: "http",
    sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com" }, { name: "litwareinc.com" }],
  } satisfies Input;
}

/** The same deployment with a fourth tenant, adatum.com, added in the middle of the list. */
export function withTenant(input: Input, tenant: Input["sipDomains"][number] = { name: "adatum.com" }): Input {
  const copy = structuredClone(input);
  copy.sipDomains.splice(1, 0, tenant);
  return copy;
}

/** A copy with reverse-proxy fields replaced (undefined removes one) and/or web-service fields. */
export function variant(input: Input, reverseProxy: Record<string, unknown> = {}, webServices: Record<string, unknown> = {}): Input {
  const copy = structuredClone(input);
  // Fields by name, possibly ones a test sets to a wrong value on purpose: plain records here.
  const proxy = (copy.reverseProxy ?? {}) as Record<string, unknown>;
  const web = copy.webServices as Record<string, unknown>;
  for (const [k, v] of Object.entries(reverseProxy)) {
    if (v === undefined) delete proxy[k];
    else proxy[k] = v;
  }
  for (const [k, v] of Object.entries(webServices)) {
    if (v === undefined) delete web[k];
    else web[k] = v;
  }
  return copy;
}

/** Test-stack certificate (PFX in secret stack config) instead of Key Vault. */
export function withPfx(input: Input): Input {
  return variant(input, { keyVaultSecretId: undefined, identityId: undefined, pfxConfigKey: PFX_KEY, pfxPasswordConfigKey: PFX_PASSWORD_KEY });
}

export function validSpec(input: Input): DeploymentSpec {
  const result = validateDeployment(input);
  if (!result.ok) throw new Error(`invalid fixture:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.spec;
}
