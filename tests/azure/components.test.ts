/**
 * The Azure adapters under Pulumi's mock runtime (no CLI): what LyncDeployment registers for a three-tenant deployment
 * on Azure DNS and Application Gateway v2, exactly (types, logical names, parents, inputs, engine options); that the
 * gateway is self-consistent and refuses everything but the autodiscover root over HTTP; what a fourth tenant changes;
 * and that no secret travels in a plain input.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { capture, programFromModule, type Capture, type CapturedResource } from "../harness/capture";
import { gatewayIds, subscriptionOf } from "../../components/azure/ids";
import { declaredIds, references, resolveRequest } from "../harness/gatewayInspect";
import {
  threeTenants,
  withTenant,
  withPfx,
  variant,
  SUBSCRIPTION,
  SUBNET_ID,
  PUBLIC_IP_ID,
  LYNCDISCOVER_IP_ID,
  IDENTITY_ID,
  KEY_VAULT_SECRET_ID,
  PFX_VALUE,
  PFX_PASSWORD_VALUE,
  ROOT_CA_DER_BASE64,
} from "./fixtures";
import { captureDeployment, child, MOCKS, RECORD_SET, ZONE, GATEWAY, ofType, one, nameOfUrn, nameServersOf } from "./support";

// ---------------------------------------------------------------------------------------------------------------
// Expectations, written out

type Row = [logicalName: string, owner: string, rule: string, data: string];
/**
 * Every record set of the three-tenant deployment: local name (zone/name/type; the logical name is `child(local)`),
 * owner (a SIP domain, whose component is `child(domain)`, or the shared services), rule, RDATA.
 */
const RECORD_SETS: Row[] = [
  ["contoso.com/_sip._tls/SRV", "contoso.com", "R-DNS-03", "0 0 443 sip.contoso.com"],
  ["contoso.com/_sipfederationtls._tcp/SRV", "contoso.com", "R-DNS-04", "0 0 5061 sip.contoso.com"],
  ["contoso.com/access/A", "shared", "S1", "198.51.100.10"],
  ["contoso.com/av/A", "shared", "S1", "198.51.100.30"],
  ["contoso.com/dialin/A", "shared", "S4", "203.0.113.10"],
  ["contoso.com/lyncdiscover/A", "contoso.com", "R-DNS-07", "203.0.113.11"],
  ["contoso.com/meet/A", "contoso.com", "S4", "203.0.113.10"],
  ["contoso.com/sip/A", "contoso.com", "R-DNS-05", "198.51.100.10"],
  ["contoso.com/webcon/A", "shared", "S1", "198.51.100.20"],
  ["contoso.com/webext/A", "shared", "S3", "203.0.113.10"],
  ["fabrikam.com/_sip._tls/SRV", "fabrikam.com", "R-DNS-03", "0 0 443 sip.fabrikam.com"],
  ["fabrikam.com/_sipfederationtls._tcp/SRV", "fabrikam.com", "R-DNS-04", "0 0 5061 sip.fabrikam.com"],
  ["fabrikam.com/lyncdiscover/A", "fabrikam.com", "R-DNS-07", "203.0.113.11"],
  ["fabrikam.com/meet/A", "fabrikam.com", "S4", "203.0.113.10"],
  ["fabrikam.com/sip/A", "fabrikam.com", "R-DNS-05", "198.51.100.10"],
  ["litwareinc.com/_sip._tls/SRV", "litwareinc.com", "R-DNS-03", "0 0 443 sip.litwareinc.com"],
  ["litwareinc.com/_sipfederationtls._tcp/SRV", "litwareinc.com", "R-DNS-04", "0 0 5061 sip.litwareinc.com"],
  ["litwareinc.com/lyncdiscover/A", "litwareinc.com", "R-DNS-07", "203.0.113.11"],
  ["litwareinc.com/meet/A", "litwareinc.com", "S4", "203.0.113.10"],
  ["litwareinc.com/sip/A", "litwareinc.com", "R-DNS-05", "198.51.100.10"],
];

/** The inputs a row stands for, spelled out field by field. */
function recordSetInputs([logicalName, owner, rule, data]: Row): Record<string, unknown> {
  const [zone, relative, type] = logicalName.split("/");
  const srv = data.split(" ");
  return {
    resourceGroupName: zone === "litwareinc.com" ? "rg-dns-test" : "rg-dns",
    zoneName: zone,
    relativeRecordSetName: relative,
    recordType: type,
    ttl: 3600,
    ...(type === "A"
      ? { aRecords: [{ ipv4Address: data }] }
      : { srvRecords: [{ priority: Number(srv[0]), weight: Number(srv[1]), port: Number(srv[2]), target: srv[3] }] }),
    metadata: { sipDomain: owner, rule },
  };
}

const gw = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-agw/providers/Microsoft.Network/applicationGateways/${name}`;
const sub = (gateway: string, segment: string, name: string) => ({ id: `${gw(gateway)}/${segment}/${name}` });

const MAIN_GATEWAY = {
  applicationGatewayName: "agw-lync",
  resourceGroupName: "rg-agw",
  location: "westeurope",
  sku: { name: "Standard_v2", tier: "Standard_v2", capacity: 2 },
  enableHttp2: false,
  sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" },
  identity: { type: "UserAssigned", userAssignedIdentities: [IDENTITY_ID] },
  gatewayIPConfigurations: [{ name: "gateway-subnet", subnet: { id: SUBNET_ID } }],
  frontendIPConfigurations: [{ name: "public-ipv4", publicIPAddress: { id: PUBLIC_IP_ID } }],
  frontendPorts: [{ name: "port-443", port: 443 }],
  sslCertificates: [{ name: "reverse-proxy", keyVaultSecretId: KEY_VAULT_SECRET_ID }],
  trustedRootCertificates: [{ name: "backend-root", data: ROOT_CA_DER_BASE64 }],
  backendAddressPools: [{ name: "https-web", backendAddresses: [{ ipAddress: "10.0.1.10" }] }],
  backendHttpSettingsCollection: [
    {
      name: "https-web",
      port: 4443,
      protocol: "Https",
      cookieBasedAffinity: "Disabled",
      requestTimeout: 960,
      pickHostNameFromBackendAddress: false,
      probe: sub("agw-lync", "probes", "https-web"),
      trustedRootCertificates: [sub("agw-lync", "trustedRootCertificates", "backend-root")],
    },
  ],
  probes: [
    {
      name: "https-web",
      protocol: "Https",
      host: "webext.contoso.com",
      path: "/autodiscover/autodiscoverservice.svc/root",
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      pickHostNameFromBackendHttpSettings: false,
      match: { statusCodes: ["200-399"] },
    },
  ],
  httpListeners: [
    {
      name: "https-web",
      frontendIPConfiguration: sub("agw-lync", "frontendIPConfigurations", "public-ipv4"),
      frontendPort: sub("agw-lync", "frontendPorts", "port-443"),
      protocol: "Https",
      hostNames: ["dialin.contoso.com", "meet.contoso.com", "meet.fabrikam.com", "meet.litwareinc.com", "webext.contoso.com"],
      sslCertificate: sub("agw-lync", "sslCertificates", "reverse-proxy"),
    },
  ],
  rewriteRuleSets: [],
  urlPathMaps: [],
  requestRoutingRules: [
    {
      name: "https-web",
      ruleType: "Basic",
      priority: 1,
      httpListener: sub("agw-lync", "httpListeners", "https-web"),
      backendAddressPool: sub("agw-lync", "backendAddressPools", "https-web"),
      backendHttpSettings: sub("agw-lync", "backendHttpSettingsCollection", "https-web"),
    },
  ],
};

const HTTP_GATEWAY = {
  applicationGatewayName: "agw-lync-http",
  resourceGroupName: "rg-agw",
  location: "westeurope",
  sku: { name: "Standard_v2", tier: "Standard_v2", capacity: 1 },
  enableHttp2: false,
  sslPolicy: { policyType: "Predefined", policyName: "AppGwSslPolicy20220101" },
  gatewayIPConfigurations: [{ name: "gateway-subnet", subnet: { id: SUBNET_ID } }],
  frontendIPConfigurations: [{ name: "public-ipv4", publicIPAddress: { id: LYNCDISCOVER_IP_ID } }],
  frontendPorts: [{ name: "port-80", port: 80 }],
  sslCertificates: [],
  trustedRootCertificates: [],
  backendAddressPools: [
    { name: "http-lyncdiscover", backendAddresses: [{ ipAddress: "10.0.1.10" }] },
    { name: "refuse", backendAddresses: [] },
  ],
  backendHttpSettingsCollection: [
    {
      name: "http-lyncdiscover",
      port: 8080,
      protocol: "Http",
      cookieBasedAffinity: "Disabled",
      requestTimeout: 960,
      pickHostNameFromBackendAddress: false,
      probe: sub("agw-lync-http", "probes", "http-lyncdiscover"),
    },
  ],
  probes: [
    {
      name: "http-lyncdiscover",
      protocol: "Http",
      host: "webext.contoso.com",
      path: "/autodiscover/autodiscoverservice.svc/root",
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      pickHostNameFromBackendHttpSettings: false,
      match: { statusCodes: ["200-399"] },
    },
  ],
  httpListeners: [
    {
      name: "http-lyncdiscover",
      frontendIPConfiguration: sub("agw-lync-http", "frontendIPConfigurations", "public-ipv4"),
      frontendPort: sub("agw-lync-http", "frontendPorts", "port-80"),
      protocol: "Http",
      // A basic listener: the dedicated address serves nothing but the autodiscover root, for any host.
      hostNames: [],
    },
  ],
  rewriteRuleSets: [
    {
      name: "http-lyncdiscover",
      rewriteRules: [
        {
          name: "to-forwarded-path",
          ruleSequence: 100,
          // "/" and the root in any case, with or without a trailing "/" ...
          conditions: [{ variable: "var_uri_path", pattern: "^/(autodiscover/autodiscoverservice\\.svc/root)?$", ignoreCase: true, negate: false }],
          // ... become the exact root, and the path map is evaluated again (the query string stays).
          actionSet: { urlConfiguration: { modifiedPath: "/autodiscover/autodiscoverservice.svc/root", reroute: true } },
        },
      ],
    },
  ],
  urlPathMaps: [
    {
      name: "http-lyncdiscover",
      // Fail-closed: whatever no path rule takes goes to the pool without targets (502), after the rewrite set.
      defaultBackendAddressPool: sub("agw-lync-http", "backendAddressPools", "refuse"),
      defaultBackendHttpSettings: sub("agw-lync-http", "backendHttpSettingsCollection", "http-lyncdiscover"),
      defaultRewriteRuleSet: sub("agw-lync-http", "rewriteRuleSets", "http-lyncdiscover"),
      pathRules: [
        {
          name: "allowed",
          paths: ["/autodiscover/autodiscoverservice.svc/root"],
          backendAddressPool: sub("agw-lync-http", "backendAddressPools", "http-lyncdiscover"),
          backendHttpSettings: sub("agw-lync-http", "backendHttpSettingsCollection", "http-lyncdiscover"),
        },
      ],
    },
  ],
  requestRoutingRules: [
    {
      name: "http-lyncdiscover",
      ruleType: "PathBasedRouting",
      priority: 10101,
      httpListener: sub("agw-lync-http", "httpListeners", "http-lyncdiscover"),
      urlPathMap: sub("agw-lync-http", "urlPathMaps", "http-lyncdiscover"),
    },
  ],
};

/** azure-native and our own components, without the other adapters (tls) that register beside them. */
const ours = (c: Capture) => c.resources.filter((r) => r.type.startsWith("azure-native:") || r.type.startsWith("lync:"));
const gatewayArgsOf = (r: CapturedResource) => r.inputs;
const idsOf = (r: CapturedResource) =>
  gatewayIds(
    subscriptionOf(String((gatewayArgsOf(r).gatewayIPConfigurations as Array<{ subnet: { id: string } }>)[0].subnet.id)),
    String(r.inputs.resourceGroupName),
    String(r.inputs.applicationGatewayName),
  );

// ---------------------------------------------------------------------------------------------------------------

describe("three tenants on Azure DNS and Application Gateway v2", () => {
  let c: Capture;
  before(async () => {
    // With the 0.1 aliases (a stack created by 0.1 asks for them): every kind of alias a record set can carry.
    c = await captureDeployment(threeTenants(), { legacyNameAliases: true });
  });

  test("exactly these resources: types, logical names, parents", () => {
    const rows = ours(c).map((r) => [r.type, r.name, nameOfUrn(r.parent)]);
    const expected = [
      ["lync:index:Deployment", "lync", "lync-test"],
      ["lync:index:SipDomain", "lync-contoso.com", "lync"],
      ["lync:index:SipDomain", "lync-fabrikam.com", "lync"],
      ["lync:index:SipDomain", "lync-litwareinc.com", "lync"],
      [ZONE, "lync-litwareinc.com", "lync"],
      ...RECORD_SETS.map(([name, owner]) => [RECORD_SET, child(name), owner === "shared" ? "lync" : child(owner)]),
      [GATEWAY, "lync-agw-lync", "lync"],
      [GATEWAY, "lync-agw-lync-http", "lync"],
    ];
    const sort = (xs: string[][]) => xs.map((x) => x.join(" | ")).sort();
    assert.deepEqual(sort(rows), sort(expected));
  });

  test("every record set: exact inputs; delete-before-replace, replace on a record-type change, A <-> CNAME and owner aliases", () => {
    for (const row of RECORD_SETS) {
      const r = one(c, RECORD_SET, child(row[0]));
      assert.deepEqual(r.inputs, recordSetInputs(row), row[0]);
      assert.equal(r.options.deleteBeforeReplace, true, row[0]);
      assert.deepEqual(r.options.replaceOnChanges, ["recordType"], row[0]);
      const local = row[0];
      const [zone, relative, type] = local.split("/");
      // Our aliases (the SDK adds type aliases of older API versions, with a type and no name): the other record
      // type's name, the 0.1 names (without the deployment's prefix: the local name and the other type's), the other
      // owner (a shared record <-> a tenant's), and each name under the other owner (recordOwners.ts recordAliases).
      const ours = (r.options.aliases as Array<{ spec?: { name?: string; type?: string; parenturn?: string } }>)
        .filter((a) => !a.spec?.type)
        .map(
          (a) =>
            `${a.spec?.name || "(same name)"} under ${a.spec?.parenturn === r.parent ? "the same parent" : a.spec?.parenturn?.includes("$lync:index:SipDomain::") ? "a tenant" : "the deployment"}`,
        );
      const otherOwner = r.parent.includes("$lync:index:SipDomain::") ? "the deployment" : "a tenant";
      const cname = `${zone}/${relative}/CNAME`;
      assert.deepEqual(
        ours,
        type === "A"
          ? [
              `${child(cname)} under the same parent`,
              `${local} under the same parent`,
              `${cname} under the same parent`,
              `(same name) under ${otherOwner}`,
              `${child(cname)} under ${otherOwner}`,
              `${local} under ${otherOwner}`,
              `${cname} under ${otherOwner}`,
            ]
          : type === "SRV"
            ? [`${local} under the same parent`] // only its 0.1 name: an SRV owner name (_sip._tls.<d>) is never a shared name (R-DNS-12), it cannot change owner
            : [`${local} under the same parent`, `(same name) under ${otherOwner}`, `${local} under ${otherOwner}`],
        local,
      );
    }
  });

  test("the zone the stack owns is created (location global); existing zones are never registered; its name servers are an output", () => {
    assert.deepEqual(one(c, ZONE, "lync-litwareinc.com").inputs, {
      zoneName: "litwareinc.com",
      resourceGroupName: "rg-dns-test",
      location: "global",
      zoneType: "Public",
    });
    assert.deepEqual(
      ofType(c, ZONE).map((z) => z.name),
      ["lync-litwareinc.com"],
    );
    // Keyed by the zone's DNS name; the mock names the name servers after the zone's logical name.
    assert.deepEqual(c.outputs.nameServers, { "litwareinc.com": nameServersOf("lync-litwareinc.com") });
    // Its record sets wait for it (their zoneName comes through the zone's id).
    const zoneUrn = one(c, ZONE, "lync-litwareinc.com").urn;
    for (const r of ofType(c, RECORD_SET).filter((x) => x.name.startsWith("lync-litwareinc.com/")))
      assert.ok(r.options.dependencies.includes(zoneUrn), r.name);
  });

  test("the gateways: exact inputs, delete-before-replace (fixed names), their addresses as outputs", () => {
    assert.deepEqual(one(c, GATEWAY, "lync-agw-lync").inputs, MAIN_GATEWAY);
    assert.deepEqual(one(c, GATEWAY, "lync-agw-lync-http").inputs, HTTP_GATEWAY);
    for (const g of ofType(c, GATEWAY)) assert.equal(g.options.deleteBeforeReplace, true);
    assert.deepEqual(c.outputs.reverseProxyAddresses, ["203.0.113.10", "203.0.113.11"]);
    // The ids the mock gives them (`<logical name>-id`).
    assert.deepEqual(c.outputs.gatewayIds, ["lync-agw-lync-id", "lync-agw-lync-http-id"]);
  });

  test("every sub-resource reference inside a gateway resolves to a sub-resource it declares", () => {
    for (const g of ofType(c, GATEWAY)) {
      const ids = idsOf(g);
      const declared = declaredIds(gatewayArgsOf(g), ids);
      const refs = references(gatewayArgsOf(g));
      const internal = refs.filter((r) => r.id.startsWith(`${ids.gateway}/`));
      for (const r of internal) assert.ok(declared.has(r.id), `${g.name}: ${r.path} -> ${r.id} is declared nowhere`);
      // What is not the gateway's own is the spec's: the subnet and the public IP.
      const spec = g.name === "lync-agw-lync" ? PUBLIC_IP_ID : LYNCDISCOVER_IP_ID;
      assert.deepEqual(
        refs
          .filter((r) => !r.id.startsWith(`${ids.gateway}/`))
          .map((r) => r.id)
          .sort(),
        [SUBNET_ID, spec].sort(),
      );
      // Each kind of reference occurs (a typo in one segment would not hide behind an unused collection).
      assert.equal(internal.length, g.name === "lync-agw-lync" ? 8 : 10, `${g.name}: ${internal.length} references`);
      if (g.name === "lync-agw-lync-http") assert.ok(internal.some((r) => r.path === "urlPathMaps[0].defaultRewriteRuleSet" && declared.has(r.id)));
    }
  });

  test("over HTTP only the autodiscover root reaches a backend, and only on the HTTP-only gateway", () => {
    const gateways = ofType(c, GATEWAY).map(gatewayArgsOf);
    const hosts = [
      "lyncdiscover.contoso.com",
      "lyncdiscover.fabrikam.com",
      "lyncdiscover.litwareinc.com",
      "webext.contoso.com",
      "dialin.contoso.com",
      "meet.contoso.com",
      "meet.fabrikam.com",
      "lyncdiscover.adatum.com",
      "contoso.com",
    ];
    const paths = [
      "/",
      "/?sipuri=alice@contoso.com",
      "/autodiscover/autodiscoverservice.svc/root",
      "/Autodiscover/AutodiscoverService.svc/root?sipuri=alice@contoso.com",
      "/autodiscover/autodiscoverservice.svc/root/oauth/user",
      "/Autodiscover/AutodiscoverService.svc/root/oauth/user",
      "/autodiscover/autodiscoverservice.svc/root/",
      "/ucwa/v1/applications",
      "/Ucwa/v1/applications",
      "/WebTicket/WebTicketService.svc",
      "/Mcx/McxService.svc",
      "/abs/handler",
      "/meet/",
      "/dialin/",
      "//ucwa/v1/applications",
      "/%75cwa/v1/applications",
      "/_layouts/",
      "/~/x",
    ];
    const root = [
      "/",
      "/?sipuri=alice@contoso.com",
      "/autodiscover/autodiscoverservice.svc/root",
      "/Autodiscover/AutodiscoverService.svc/root?sipuri=alice@contoso.com",
    ];
    // The HTTP-only gateway's basic listener takes any host (its address serves the autodiscover root and nothing else);
    // the main gateway answers no plain HTTP at all here.
    const expected = hosts.flatMap((h) => root.map((p) => `agw-lync-http ${h}${p} -> Http:8080/autodiscover/autodiscoverservice.svc/root`));
    // Path rules matched either way (the docs disagree on case): the same requests, and only they, reach a backend.
    for (const caseSensitivePaths of [true, false]) {
      const reached: string[] = [];
      for (const args of gateways) {
        for (const host of hosts) {
          for (const path of paths) {
            for (const port of [80, 8080, 443]) {
              const out = resolveRequest(args, { protocol: port === 443 ? "https" : "http", port, host, path }, { caseSensitivePaths });
              if (out.kind === "backend" && port !== 443)
                reached.push(`${String(args.applicationGatewayName)} ${host}${path} -> ${out.protocol}:${out.port}${out.path.toLowerCase()}`);
            }
          }
        }
      }
      assert.deepEqual(reached.sort(), expected.sort(), `case-sensitive: ${caseSensitivePaths}`);
    }
  });
});

describe("a fourth tenant", () => {
  let three: Capture;
  let four: Capture;
  before(async () => {
    three = await captureDeployment(threeTenants());
    four = await captureDeployment(withTenant(threeTenants()));
  });

  test("the three tenants' resources keep their URNs and inputs; only the fourth tenant's are new; nothing is removed", () => {
    const before = new Map(three.resources.map((r) => [r.urn, r]));
    const after = new Map(four.resources.map((r) => [r.urn, r]));
    assert.deepEqual(
      [...before.keys()].filter((u) => !after.has(u)),
      [],
    );
    const added = [...after.values()].filter((r) => !before.has(r.urn));
    assert.deepEqual(
      added
        .filter((r) => !r.type.startsWith("tls:"))
        .map((r) => [r.type, r.name, nameOfUrn(r.parent)])
        .sort(),
      [
        ["lync:index:SipDomain", "lync-adatum.com", "lync"],
        [RECORD_SET, "lync-adatum.com/_sip._tls/SRV", "lync-adatum.com"],
        [RECORD_SET, "lync-adatum.com/_sipfederationtls._tcp/SRV", "lync-adatum.com"],
        [RECORD_SET, "lync-adatum.com/lyncdiscover/A", "lync-adatum.com"],
        [RECORD_SET, "lync-adatum.com/meet/A", "lync-adatum.com"],
        [RECORD_SET, "lync-adatum.com/sip/A", "lync-adatum.com"],
      ].sort(),
    );
    for (const r of three.resources.filter((x) => x.type === RECORD_SET || x.type === ZONE || x.type === "lync:index:SipDomain")) {
      assert.deepEqual(after.get(r.urn)!.inputs, r.inputs, r.name);
      assert.deepEqual(after.get(r.urn)!.options, r.options, r.name);
    }
  });

  test("the HTTP-only gateway does not change; the main one changes in place, only listeners and rules", () => {
    assert.deepEqual(one(four, GATEWAY, child("agw-lync-http")), one(three, GATEWAY, child("agw-lync-http")));
    for (const name of ["agw-lync"]) {
      const [b, a] = [one(three, GATEWAY, child(name)), one(four, GATEWAY, child(name))];
      assert.equal(a.urn, b.urn);
      assert.deepEqual(a.options, b.options);
      // azure-native replaces an ApplicationGateway only on its ARM path parameters and location.
      for (const k of ["applicationGatewayName", "resourceGroupName", "location"]) assert.equal(a.inputs[k], b.inputs[k], `${name}.${k}`);
      const changed = Object.keys({ ...a.inputs, ...b.inputs }).filter((k) => JSON.stringify(a.inputs[k]) !== JSON.stringify(b.inputs[k]));
      assert.deepEqual(changed.sort(), ["httpListeners", "requestRoutingRules"], name);
    }
    // 443: the five-name listener takes a sixth by splitting into its two hash halves (layout.ts explains why one
    // listener per added name is the minimum), with priorities of their own.
    const rules = (one(four, GATEWAY, "lync-agw-lync").inputs.requestRoutingRules as Array<{ name: string; priority: number }>).map((r) => [
      r.name,
      r.priority,
    ]);
    assert.deepEqual(rules, [
      ["https-web-h0", 2],
      ["https-web-h1", 3],
    ]);
  });
});

describe("secrets", () => {
  const findPlain = (value: unknown, needles: readonly string[], path = ""): string[] => {
    if (typeof value === "string") return needles.some((n) => value.includes(n)) ? [path] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => findPlain(v, needles, `${path}[${i}]`));
    if (value && typeof value === "object") {
      if ("secret" in value && Object.keys(value).length === 1) return []; // marked secret by capture.ts
      return Object.entries(value).flatMap(([k, v]) => findPlain(v, needles, path ? `${path}.${k}` : k));
    }
    return [];
  };

  test("test stacks: the PFX and its password come in as inputs and stay secret in the gateway's inputs", async () => {
    // Given as plain strings on purpose: the component makes them secrets anyway.
    const c = await captureDeployment(withPfx(threeTenants()), { reverseProxyPfx: PFX_VALUE, reverseProxyPfxPassword: PFX_PASSWORD_VALUE });
    const certs = one(c, GATEWAY, "lync-agw-lync").inputs.sslCertificates;
    // The SDK serialises a property holding a secret as secret as a whole: the certificate list is encrypted in state.
    assert.deepEqual(certs, { secret: [{ name: "reverse-proxy", data: PFX_VALUE, password: PFX_PASSWORD_VALUE }] });
    assert.equal(one(c, GATEWAY, "lync-agw-lync").inputs.identity, undefined);
    const leaks = c.resources.flatMap((r) => findPlain(r.inputs, [PFX_VALUE, PFX_PASSWORD_VALUE]).map((p) => `${r.type} ${r.name} ${p}`));
    assert.deepEqual(leaks, []);
    assert.deepEqual(findPlain(c.outputs, [PFX_VALUE, PFX_PASSWORD_VALUE]), []);
  });

  test("production: only the Key Vault secret id and the identity reach the gateway, no certificate data", async () => {
    const c = await captureDeployment(threeTenants());
    for (const g of ofType(c, GATEWAY)) {
      for (const cert of g.inputs.sslCertificates as Array<Record<string, unknown>>)
        assert.deepEqual(Object.keys(cert).sort(), ["keyVaultSecretId", "name"]);
    }
  });
});

describe("a tenant moving online (R-DNS-11): A records become CNAMEs", () => {
  test("the CNAME set takes over the A set through an alias, deleting it first", async () => {
    const online = variant({
      ...threeTenants(),
      sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com", home: "online" }, { name: "litwareinc.com" }],
    });
    const c = await captureDeployment(online, { legacyNameAliases: true });
    for (const rel of ["lyncdiscover", "sip"]) {
      const r = one(c, RECORD_SET, `lync-fabrikam.com/${rel}/CNAME`);
      assert.deepEqual(r.inputs.cnameRecord, { cname: rel === "sip" ? "sipdir.online.lync.com" : "webdir.online.lync.com" });
      assert.equal(r.options.deleteBeforeReplace, true);
      assert.deepEqual(r.options.replaceOnChanges, ["recordType"]);
      // Our aliases (the SDK's own type aliases of older API versions carry a type): [name, parent URN].
      const aliases = r.options.aliases
        .map((a) => (a as { spec?: { name?: string; type?: string; parenturn?: string } }).spec)
        .filter((s) => !s?.type)
        .map((s) => [s?.name, s?.parenturn]);
      const tenant = one(c, "lync:index:SipDomain", "lync-fabrikam.com").urn;
      const deployment = one(c, "lync:index:Deployment", "lync").urn;
      // First the same parent (the SipDomain) and the old logical name (the A set): the engine pairs them and replaces
      // instead of create+delete. Then the 0.1 names (no deployment prefix) of the CNAME and of the A set, and all of
      // it under the other owner (the deployment: a shared name may take the record over).
      assert.deepEqual(aliases, [
        [`lync-fabrikam.com/${rel}/A`, tenant],
        [`fabrikam.com/${rel}/CNAME`, tenant],
        [`fabrikam.com/${rel}/A`, tenant],
        ["", deployment],
        [`lync-fabrikam.com/${rel}/A`, deployment],
        [`fabrikam.com/${rel}/CNAME`, deployment],
        [`fabrikam.com/${rel}/A`, deployment],
      ]);
    }
    // The gateway no longer publishes the online tenant's names.
    const hosts = ofType(c, GATEWAY).flatMap((g) => (g.inputs.httpListeners as Array<{ hostNames: string[] }>).flatMap((l) => l.hostNames));
    assert.ok(!hosts.some((h) => h.endsWith("fabrikam.com")), hosts.join(", "));
  });
});

describe("the Pulumi program (index.ts)", () => {
  test("reads lync:deployment, validates it and exports the gateway addresses and the created zone's name servers", async () => {
    const run = programFromModule(join(__dirname, "../../index.ts"));
    const c = await capture(run, { config: { "lync:deployment": threeTenants() }, providers: MOCKS });
    assert.deepEqual(c.outputs.reverseProxyAddresses, ["203.0.113.10", "203.0.113.11"]);
    assert.deepEqual(c.outputs.nameServers, { "litwareinc.com": nameServersOf("lync-litwareinc.com") });
    assert.deepEqual((c.outputs.tenants as Record<string, string[]>)["fabrikam.com"], [
      "_sip._tls.fabrikam.com",
      "_sipfederationtls._tcp.fabrikam.com",
      "lyncdiscover.fabrikam.com",
      "meet.fabrikam.com",
      "sip.fabrikam.com",
    ]);
    assert.equal(ofType(c, GATEWAY).length, 2);
  });
});
