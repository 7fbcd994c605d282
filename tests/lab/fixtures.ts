/**
 * Hand-made captured resource sets for the lab tests, written against the provider SDK input types (azure-native
 * dns.RecordSet and network.ApplicationGateway, cloudflare DnsRecord v6 and Ruleset, tls CertRequest with its mock's
 * certRequestPem output), not produced by our adapters: the lab must judge resources, whoever made them.
 * Built from the plan of a four-tenant spec (two Azure zones, one Cloudflare zone with proxied lyncdiscover, one
 * online-homed domain), then broken on purpose by the tests.
 */
import "reflect-metadata"; // before @peculiar/x509
import { webcrypto, createPrivateKey } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { buildPlan, validateDeployment, formatProblem, type DeploymentSpec, type Plan, type PlanRecord } from "../../components/model";
import type { LabResource } from "../harness/resources";
import { DEFAULT_OPTIONS } from "../harness/resources";

x509.cryptoProvider.set(webcrypto);

export const PIP_WEB =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/pip-web";
export const PIP_DISCOVER =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/pip-lyncdiscover";
const GW = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/applicationGateways/agw-lync";

export function labSpecInput() {
  return {
    product: "sfb2015",
    infrastructureDomain: "contoso.com",
    zones: [
      { provider: "azure", name: "contoso.com", resourceGroup: "rg-dns" },
      { provider: "azure", name: "fabrikam.com", resourceGroup: "rg-dns" },
      { provider: "azure", name: "adatum.com", resourceGroup: "rg-dns" },
      { provider: "cloudflare", name: "litwareinc.com", zoneId: "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e", proxyLyncdiscover: true },
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
      lyncdiscoverHttpIpv4: "203.0.113.11",
      backend: { address: "10.0.1.10", httpPort: 8080, httpsPort: 4443 },
    },
    reverseProxy: {
      provider: "azure",
      resourceGroup: "rg-net",
      location: "westeurope",
      gatewayName: "agw-lync",
      subnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/agw",
      publicIpAddressId: PIP_WEB,
      lyncdiscoverPublicIpAddressId: PIP_DISCOVER,
      keyVaultSecretId: "https://kv-lync.vault.azure.net/secrets/rp",
      identityId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agw",
    },
    simpleUrls: { meet: "sharedHost", sharedHost: "lync.contoso.com", dialinUrl: "https://dialin.contoso.com" },
    lyncdiscover: "http",
    sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com" }, { name: "litwareinc.com" }, { name: "adatum.com", home: "online" }],
  };
}

export function labSpec(input: unknown = labSpecInput()): { spec: DeploymentSpec; plan: Plan } {
  const result = validateDeployment(input);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return { spec: result.spec, plan: buildPlan(result.spec) };
}

function resource(type: string, name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>): LabResource {
  return {
    type,
    name,
    urn: `urn:pulumi:test::lync::${type}::${name}`,
    parent: "",
    custom: true,
    inputs,
    outputs,
    options: DEFAULT_OPTIONS,
  };
}

// ---- DNS ----

function relative(name: string, zone: string): string {
  return name === zone ? "@" : name.slice(0, -(zone.length + 1));
}

export function azureRecordSet(zone: string, name: string, type: string, records: readonly PlanRecord[]): LabResource {
  const data = records.map((r) => r.data);
  const inputs: Record<string, unknown> = {
    resourceGroupName: "rg-dns",
    zoneName: zone,
    relativeRecordSetName: relative(name, zone),
    recordType: type,
    ttl: records[0]?.ttl ?? 3600,
  };
  if (type === "A") inputs.aRecords = data.map((ipv4Address) => ({ ipv4Address }));
  if (type === "AAAA") inputs.aaaaRecords = data.map((ipv6Address) => ({ ipv6Address }));
  if (type === "CNAME") inputs.cnameRecord = { cname: data[0].replace(/\.$/, "") };
  if (type === "SRV") {
    inputs.srvRecords = data.map((d) => {
      const [priority, weight, port, target] = d.split(" ");
      return { priority: Number(priority), weight: Number(weight), port: Number(port), target: target.replace(/\.$/, "") };
    });
  }
  return resource("azure-native:dns:RecordSet", `${zone}-${relative(name, zone)}-${type}`, inputs);
}

export function cloudflareRecord(r: PlanRecord, zoneId: string): LabResource {
  const inputs: Record<string, unknown> = { zoneId, name: r.name, type: r.type, ttl: r.proxied ? 1 : r.ttl, proxied: r.proxied };
  if (r.type === "SRV") {
    const [priority, weight, port, target] = r.data.split(" ");
    Object.assign(inputs, { priority: Number(priority), data: { weight: Number(weight), port: Number(port), target: target.replace(/\.$/, "") } });
  } else {
    inputs.content = r.data.replace(/\.$/, "");
  }
  return resource("cloudflare:index/dnsRecord:DnsRecord", `${r.name}-${r.type}-${r.data}`, inputs);
}

function dnsResources(spec: DeploymentSpec, plan: Plan): LabResource[] {
  const out: LabResource[] = [];
  const sets = new Map<string, PlanRecord[]>();
  for (const r of plan.records) {
    const zone = spec.zones.find((z) => z.name === r.zone)!;
    if (zone.provider === "cloudflare") out.push(cloudflareRecord(r, zone.zoneId!));
    if (zone.provider === "azure") sets.set(`${r.zone}|${r.name}|${r.type}`, [...(sets.get(`${r.zone}|${r.name}|${r.type}`) ?? []), r]);
  }
  for (const [key, records] of sets) {
    const [zone, name, type] = key.split("|");
    out.push(azureRecordSet(zone, name, type, records));
  }
  return out;
}

// ---- Application Gateway ----

const sub = (kind: string, name: string) => ({ id: `${GW}/${kind}/${name}` });
const ROOT = "/autodiscover/autodiscoverservice.svc/root";

export function gateway(spec: DeploymentSpec, plan: Plan): LabResource {
  const web = spec.webServices;
  const listeners: unknown[] = [];
  const rules: unknown[] = [];
  const pathMaps: unknown[] = [];
  plan.routes.forEach((route, n) => {
    for (const address of route.listener.addresses) {
      const fe = address === web.lyncdiscoverHttpIpv4 ? "fe-lyncdiscover" : "fe-web";
      const name = `${route.id}-${fe}`;
      listeners.push({
        name,
        frontendIPConfiguration: sub("frontendIPConfigurations", fe),
        frontendPort: sub("frontendPorts", `port-${route.listener.port}`),
        protocol: route.listener.protocol === "https" ? "Https" : "Http",
        hostNames: [...route.listener.hostNames],
        ...(route.listener.protocol === "https" ? { sslCertificate: sub("sslCertificates", "reverse-proxy") } : {}),
      });
      const settings = sub("backendHttpSettingsCollection", route.backend.protocol === "https" ? "https-4443" : "http-8080");
      if (route.paths.allow === "all") {
        rules.push({
          name,
          ruleType: "Basic",
          priority: 100 + n,
          httpListener: sub("httpListeners", name),
          backendAddressPool: sub("backendAddressPools", "frontend"),
          backendHttpSettings: settings,
        });
      } else {
        pathMaps.push({
          name,
          // No target in the default pool: every other path is refused (502). ARM refuses "/" as a pattern, so "/"
          // and other spellings of the root reach the exact rule through the default's rewrite set (reroute).
          defaultBackendAddressPool: sub("backendAddressPools", "refuse"),
          defaultBackendHttpSettings: settings,
          defaultRewriteRuleSet: sub("rewriteRuleSets", "autodiscover-root"),
          pathRules: [
            { name: "autodiscover-root", paths: [ROOT], backendAddressPool: sub("backendAddressPools", "frontend"), backendHttpSettings: settings },
          ],
        });
        rules.push({
          name,
          ruleType: "PathBasedRouting",
          priority: 100 + n,
          httpListener: sub("httpListeners", name),
          urlPathMap: sub("urlPathMaps", name),
        });
      }
    }
  });
  return resource("azure-native:network:ApplicationGateway", "agw-lync", {
    applicationGatewayName: "agw-lync",
    resourceGroupName: "rg-net",
    frontendIPConfigurations: [
      { name: "fe-web", publicIPAddress: { id: PIP_WEB } },
      { name: "fe-lyncdiscover", publicIPAddress: { id: PIP_DISCOVER } },
    ],
    frontendPorts: [
      { name: "port-443", port: 443 },
      { name: "port-80", port: 80 },
    ],
    backendAddressPools: [
      { name: "frontend", backendAddresses: [{ ipAddress: web.backend.address }] },
      { name: "refuse", backendAddresses: [] },
    ],
    backendHttpSettingsCollection: [
      { name: "https-4443", port: web.backend.httpsPort, protocol: "Https", requestTimeout: 960 },
      { name: "http-8080", port: web.backend.httpPort, protocol: "Http", requestTimeout: 960 },
    ],
    httpListeners: listeners,
    requestRoutingRules: rules,
    urlPathMaps: pathMaps,
    rewriteRuleSets: [
      {
        name: "autodiscover-root",
        rewriteRules: [
          {
            name: "root",
            ruleSequence: 100,
            conditions: [
              { variable: "var_uri_path", pattern: "^/(autodiscover/autodiscoverservice\\.svc/root/?)?$", ignoreCase: true, negate: false },
            ],
            actionSet: { urlConfiguration: { modifiedPath: ROOT, reroute: true } },
          },
        ],
      },
    ],
  });
}

// ---- Cloudflare rules (proxied lyncdiscover) ----

export function cloudflareRulesets(zoneId: string, hosts: readonly string[]): LabResource[] {
  const match = `(http.host in {${hosts.map((h) => `"${h}"`).join(" ")}})`;
  const ruleset = (phase: string, rule: Record<string, unknown>) =>
    resource("cloudflare:index/ruleset:Ruleset", `${zoneId}-${phase}`, { zoneId, kind: "zone", phase, name: phase, rules: [rule] });
  return [
    ruleset("http_config_settings", { ref: "ssl", action: "set_config", expression: match, actionParameters: { ssl: "flexible" } }),
    ruleset("http_request_origin", { ref: "origin", action: "route", expression: match, actionParameters: { origin: { port: 80 } } }),
    ruleset("http_request_firewall_custom", {
      ref: "paths",
      action: "block",
      expression: `${match} and not (lower(http.request.uri.path) in {"/" "/autodiscover/autodiscoverservice.svc/root"})`,
    }),
  ];
}

// ---- certificate requests ----

const KEY = { name: "ECDSA", namedCurve: "P-256" } as const;

/** A real key and CSR, as the tls mocks would answer for a CertRequest with these names. */
export async function certRequest(name: string, commonName: string, dnsNames: readonly string[]): Promise<LabResource> {
  const keys = await webcrypto.subtle.generateKey(KEY, true, ["sign", "verify"]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: "dns" as const, value })))],
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const keyPem = createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
  return resource(
    "tls:index/certRequest:CertRequest",
    name,
    { privateKeyPem: { secret: keyPem }, subject: { commonName }, dnsNames: [...dnsNames] },
    { certRequestPem: csr.toString("pem") },
  );
}

export async function healthyResources(spec: DeploymentSpec, plan: Plan): Promise<LabResource[]> {
  const proxied = plan.records.filter((r) => r.proxied).map((r) => r.name);
  const csrs = await Promise.all(plan.certificates.map((c) => certRequest(c.id, c.subject.commonName, c.dnsNames)));
  return [...dnsResources(spec, plan), gateway(spec, plan), ...cloudflareRulesets("1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e", proxied), ...csrs];
}
