/** Shared fixtures for the Cloudflare tests: a three-tenant deployment on three Cloudflare zones, and capture helpers. */
import assert from "node:assert/strict";
import { validateDeployment, buildPlan, type DeploymentInput, type DeploymentSpec, type Plan } from "../../components/model";
import { LyncDeployment } from "../../components/deployment/lyncDeployment";
import { capture, type Capture, type CapturedResource } from "../harness/capture";

export const DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord";

export { child } from "../harness/childName";
export const RULESET = "cloudflare:index/ruleset:Ruleset";
export const ZONE = "cloudflare:index/zone:Zone";

/**
 * contoso.com: created by the stack (Pro), lyncdiscover proxied; fabrikam.com: existing (Free), proxied;
 * litwareinc.com: existing, DNS-only, its tenant homed online (CNAMEs). IPv6 on the reverse proxy, meet per domain.
 */
export function threeTenants(): DeploymentInput {
  return {
    infrastructureDomain: "contoso.com",
    zones: [
      {
        provider: "cloudflare",
        name: "contoso.com",
        create: true,
        accountId: "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0",
        plan: "pro",
        proxyLyncdiscover: true,
      },
      { provider: "cloudflare", name: "fabrikam.com", zoneId: "fab0fab0fab0fab0fab0fab0fab0fab0", proxyLyncdiscover: true },
      { provider: "cloudflare", name: "litwareinc.com", zoneId: "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e" },
    ],
    edgePools: [
      {
        name: "edge1",
        accessEdge: { fqdn: "access.contoso.com", ipv4: ["198.51.100.10", "198.51.100.11"] },
        webConferencing: { fqdn: "webcon.contoso.com", ipv4: ["198.51.100.20"] },
        audioVideo: { fqdn: "av.contoso.com", ipv4: ["198.51.100.30"] },
      },
    ],
    webServices: {
      externalFqdn: "webext.contoso.com",
      publicIpv4: "203.0.113.10",
      publicIpv6: "2001:DB8:0:0::10",
      backend: { address: "10.0.1.10" },
    },
    simpleUrls: { meet: "perDomain", dialinUrl: "https://dialin.contoso.com" },
    lyncdiscover: "https",
    sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com" }, { name: "litwareinc.com", home: "online" }],
  };
}

export function validated(input: unknown): DeploymentSpec {
  const result = validateDeployment(input);
  assert.ok(result.ok, JSON.stringify(result.problems, null, 2));
  return result.spec;
}

export const planOf = (input: unknown): Plan => buildPlan(validated(input));

/**
 * Registers LyncDeployment under mocks; created zones get fixed name servers. The tls resources (another adapter)
 * get placeholder PEMs: these tests only read the cloudflare resources.
 */
export async function captureDeployment(input: unknown): Promise<Capture> {
  const spec = validated(input);
  return capture(
    () => {
      const d = new LyncDeployment("lync", { deployment: spec });
      return { nameServers: d.nameServers };
    },
    {
      providers: [
        (args) => {
          if (args.type !== ZONE) return undefined;
          const inputs = args.inputs as Record<string, unknown> & { name: string };
          return { id: `zid-${inputs.name}`, state: { ...inputs, nameServers: [`ns1.${inputs.name}.example`, `ns2.${inputs.name}.example`] } };
        },
        (args) =>
          args.type.startsWith("tls:")
            ? {
                id: `${args.name}-id`,
                state: {
                  ...(args.inputs as Record<string, unknown>),
                  publicKeyPem: `placeholder ${args.name}`,
                  certRequestPem: "placeholder",
                  certPem: "placeholder",
                },
              }
            : undefined,
      ],
    },
  );
}

export const ofType = (resources: readonly CapturedResource[], type: string) => resources.filter((r) => r.type === type);

export function byName(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  assert.equal(
    found.length,
    1,
    `${type} ${name}: found ${found.length} in ${resources
      .filter((r) => r.type === type)
      .map((r) => r.name)
      .join(", ")}`,
  );
  return found[0];
}
