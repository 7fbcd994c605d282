/**
 * Pure tests of the Azure adapters' data side (no Pulumi runtime): host-name sharding and its stability, rule
 * priorities, the gateway layout (references, HTTP refusal), the AGW-LIMIT / AGW-CONFIG checks and the record-set
 * mapping.
 */
import { generateDeployment, poolsFor } from "../../bench/generate";
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildPlan, validateDeployment } from "../../components/model";
import {
  shardHostNames,
  heapIndex,
  listenerName,
  layoutGateways,
  PRIORITY_BANDS,
  POOL_PRIORITY_BASE,
  POOL_PRIORITY_SLOTS,
  HOST_NAMES_PER_LISTENER,
  REFUSE_POOL,
  AUTODISCOVER_ROOT as ROOT,
  pathMapFor,
  allowedRewriteRuleSet,
  type GatewayLayout,
  type Shard,
} from "../../components/azure/layout";
import { gatewayIds, subscriptionOf } from "../../components/azure/ids";
import { declaredIds, references, resolveRequest } from "../harness/gatewayInspect";
import { azureRecordSets } from "../../components/azure/recordSets";
import { AGW_LIMITS } from "../../components/azure/limits";
import { threeTenants, withTenant, variant, withPfx, validSpec, SUBSCRIPTION, SUBNET_ID, ROOT_CA_DER_BASE64, type Input } from "./fixtures";

const layoutOf = (input: Input): GatewayLayout[] => {
  const spec = validSpec(input);
  return layoutGateways(spec, buildPlan(spec));
};
const gateway = (layouts: GatewayLayout[], role: GatewayLayout["role"]) => {
  const g = layouts.find((l) => l.role === role);
  assert.ok(g, `no ${role} gateway`);
  return g;
};
const args = (g: GatewayLayout) => g.args as unknown as Record<string, unknown>;

const hostName = fc
  .tuple(fc.constantFrom("meet", "lyncdiscover", "dialin", "webext"), fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.constantFrom("com", "net", "de"))
  .map(([a, b, c]) => `${a}.${b}.${c}`);
const hostNames = fc.uniqueArray(hostName, { maxLength: 60 });

const key = (s: Shard) => `${s.prefix}:${s.hostNames.join(",")}`;

describe("sharding host names over listeners", () => {
  test("every name lands in exactly one shard of at most 5, whatever the input order", () => {
    fc.assert(
      fc.property(hostNames, (names) => {
        const shards = shardHostNames(names);
        assert.deepEqual(shards.flatMap((s) => s.hostNames).sort(), [...names].sort());
        for (const s of shards) assert.ok(s.hostNames.length >= 1 && s.hostNames.length <= HOST_NAMES_PER_LISTENER);
        assert.deepEqual(shardHostNames([...names].reverse()), shards);
      }),
    );
  });

  test("adding a name changes exactly one existing shard (it gains the name or splits); every other keeps its name and names", () => {
    fc.assert(
      fc.property(hostNames, hostName, (names, extra) => {
        fc.pre(!names.includes(extra));
        const before = shardHostNames(names);
        const after = shardHostNames([...names, extra]);
        const afterKeys = new Set(after.map(key));
        const lost = before.filter((s) => !afterKeys.has(key(s)));
        assert.ok(lost.length <= 1, `more than one shard changed: ${lost.map(key).join(" | ")}`);
        const beforeKeys = new Set(before.map(key));
        const gained = after.filter((s) => !beforeKeys.has(key(s)));
        // The new shards hold the extra name and the changed shard's names, all below the changed shard's trie node.
        const moved = new Set([extra, ...lost.flatMap((s) => s.hostNames)]);
        assert.deepEqual(gained.flatMap((s) => s.hostNames).sort(), [...moved].sort());
        for (const s of lost) for (const g of gained) assert.ok(g.prefix.startsWith(s.prefix), `${g.prefix} is not below ${s.prefix}`);
      }),
      { numRuns: 300 },
    );
  });

  test("a set that fits one listener is one listener, named after the route", () => {
    assert.deepEqual(shardHostNames(["b.example.com", "a.example.com"]), [{ prefix: "", hostNames: ["a.example.com", "b.example.com"] }]);
    assert.equal(listenerName("https-web", ""), "https-web");
    assert.equal(listenerName("https-web", "011"), "https-web-h011");
  });
});

describe("rule priorities", () => {
  test("bands lie inside 1..20000 and do not overlap", () => {
    const ranges = Object.entries(PRIORITY_BANDS).map(([route, b]) => ({ route, lo: b.base + 1, hi: b.base + heapIndex("1".repeat(b.maxDepth)) }));
    // Further pools: one listener each, in a slot of their own band from the hash of the route's name.
    ranges.push({ route: "https-pool-*", lo: POOL_PRIORITY_BASE + 1, hi: POOL_PRIORITY_BASE + POOL_PRIORITY_SLOTS });
    for (const r of ranges) assert.ok(r.lo >= 1 && r.hi <= 20000, `${r.route}: ${r.lo}..${r.hi}`);
    ranges.sort((a, b) => a.lo - b.lo);
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i].lo > ranges[i - 1].hi, `${ranges[i - 1].route} overlaps ${ranges[i].route}`);
  });

  test("heap indexes are unique per prefix", () => {
    const seen = new Map<number, string>();
    const visit = (p: string) => {
      assert.ok(!seen.has(heapIndex(p)), `${p} and ${seen.get(heapIndex(p))}`);
      seen.set(heapIndex(p), p);
      if (p.length < 8) ["0", "1"].forEach((b) => visit(p + b));
    };
    visit("");
  });

  test("adding tenants never changes the priority of a rule that stays: random tenant lists", () => {
    const domain = fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/).map((s) => `${s}.contoso.com`);
    fc.assert(
      fc.property(fc.uniqueArray(domain, { minLength: 1, maxLength: 25 }), fc.uniqueArray(domain, { minLength: 1, maxLength: 3 }), (base, extra) => {
        fc.pre(extra.every((d) => !base.includes(d)));
        const input = (names: string[]) => ({
          ...threeTenants(),
          webServices: { ...threeTenants().webServices, lyncdiscoverHttpIpv4: undefined },
          reverseProxy: { ...threeTenants().reverseProxy, lyncdiscoverPublicIpAddressId: undefined },
          sipDomains: names.map((name) => ({ name })),
        });
        const rules = (names: string[]) => new Map(layoutOf(input(names))[0].args.requestRoutingRules.map((r) => [r.name, r]));
        const listeners = (names: string[]) => new Map(layoutOf(input(names))[0].args.httpListeners.map((l) => [l.name, l.hostNames.join(",")]));
        const [r0, r1] = [rules(base), rules([...base, ...extra])];
        const [l0, l1] = [listeners(base), listeners([...base, ...extra])];
        // Each new tenant adds meet.<d> (443) and lyncdiscover.<d> (80): at most one existing listener per new name changes.
        const changed = [...l0].filter(([n, hosts]) => l1.get(n) !== hosts).length;
        assert.ok(changed <= extra.length * 2, `${changed} listeners changed for ${extra.length} new tenants`);
        for (const [name, rule] of r0) if (l1.get(name) === l0.get(name)) assert.deepEqual(r1.get(name), rule);
        const priorities = [...r1.values()].map((r) => r.priority);
        assert.equal(new Set(priorities).size, priorities.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe("gateway layout of the three-tenant deployment", () => {
  const layouts = layoutOf(threeTenants());
  const main = gateway(layouts, "main");
  const http = gateway(layouts, "lyncdiscover-http");

  test("two gateways: the main one on 443 only, the HTTP-only one on 80 only (the dedicated address offers no HTTPS)", () => {
    assert.deepEqual(
      layouts.map((l) => [l.name, l.publicIpv4, l.routes]),
      [
        ["agw-lync", "203.0.113.10", ["https-web"]],
        ["agw-lync-http", "203.0.113.11", ["http-lyncdiscover"]],
      ],
    );
    assert.deepEqual(main.args.frontendPorts, [{ name: "port-443", port: 443 }]);
    assert.deepEqual(http.args.frontendPorts, [{ name: "port-80", port: 80 }]);
    assert.deepEqual(http.args.sslCertificates, []);
    assert.equal(http.args.identity, undefined);
    assert.equal(http.args.sku.capacity, 1);
  });

  test("one helper builds every id, from the subnet's subscription, the resource group and the fixed name", () => {
    assert.equal(subscriptionOf(SUBNET_ID), SUBSCRIPTION);
    const ids = gatewayIds(SUBSCRIPTION, "rg-agw", "agw-lync");
    assert.equal(ids.gateway, `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-agw/providers/Microsoft.Network/applicationGateways/agw-lync`);
    assert.equal(ids.of("httpListener", "https-web"), `${ids.gateway}/httpListeners/https-web`);
    assert.equal(ids.of("backendHttpSettings", "x"), `${ids.gateway}/backendHttpSettingsCollection/x`);
    assert.equal(ids.pathRule("m", "allowed"), `${ids.gateway}/urlPathMaps/m/pathRules/allowed`);
    assert.throws(() => ids.of("probe", "a/b"));
  });

  test("every sub-resource reference resolves to a sub-resource the gateway declares", () => {
    for (const g of layouts) {
      const declared = declaredIds(args(g), g.ids);
      const internal = references(args(g)).filter((r) => r.id.startsWith(`${g.ids.gateway}/`));
      assert.ok(internal.length > 5);
      for (const r of internal) assert.ok(declared.has(r.id), `${g.name} ${r.path} -> ${r.id} is not declared`);
      const external = references(args(g)).filter((r) => !r.id.startsWith(`${g.ids.gateway}/`));
      assert.deepEqual(external.map((r) => r.path).sort(), ["frontendIPConfigurations[0].publicIPAddress", "gatewayIPConfigurations[0].subnet"]);
    }
  });

  test("HTTPS: every published name reaches the 4443 backend over HTTPS with the original host, any path", () => {
    for (const host of ["webext.contoso.com", "dialin.contoso.com", "meet.contoso.com", "meet.fabrikam.com", "meet.litwareinc.com"]) {
      for (const path of ["/", "/meet/", "/ucwa/v1/applications", "/WebTicket/WebTicketService.svc"]) {
        const out = resolveRequest(args(main), { protocol: "https", port: 443, host, path });
        assert.equal(out.kind, "backend", `${host}${path}`);
        if (out.kind === "backend") assert.deepEqual([out.protocol, out.port, out.addresses], ["Https", 4443, ["10.0.1.10"]]);
      }
    }
    const s = main.args.backendHttpSettingsCollection[0];
    assert.equal(s.pickHostNameFromBackendAddress, false);
    assert.equal("hostName" in s, false);
    assert.equal(s.requestTimeout, 960);
    assert.equal(resolveRequest(args(main), { protocol: "https", port: 443, host: "lyncdiscover.contoso.com", path: "/" }).kind, "no-listener");
  });

  /** Request path -> forwarded (to 8080, as the exact root) or refused, for every lyncdiscover name. */
  const HTTP_TABLE: Array<[path: string, forwarded: boolean]> = [
    ["/", true],
    ["/?sipuri=a@b", true],
    [ROOT, true],
    [`${ROOT}?sipuri=a@b`, true],
    ["/Autodiscover/AutodiscoverService.svc/root", true],
    ["/AUTODISCOVER/AUTODISCOVERSERVICE.SVC/ROOT", true],
    // Exactly the plan's paths, as Cloudflare's rule: a trailing "/" is another path, refused on both edges.
    [`${ROOT}/`, false],
    [`${ROOT}/oauth/user`, false],
    ["/Autodiscover/AutodiscoverService.svc/root/oauth/user", false],
    [`${ROOT}//`, false],
    ["/ucwa/v1/applications", false],
    ["/Ucwa/x", false],
    ["/WebTicket/WebTicketService.svc", false],
    ["/meet/x", false],
    ["/index.html", false],
    ["//x", false],
    ["/%2e", false],
    ["/%55cwa/", false],
  ];
  /** The table's verdicts for `gatewayArgs` under one reading of path case (the docs disagree: test both). */
  const verdicts = (gatewayArgs: Record<string, unknown>, caseSensitivePaths: boolean, host: string) =>
    HTTP_TABLE.map(([path]) => {
      const out = resolveRequest(gatewayArgs, { protocol: "http", port: 80, host, path }, { caseSensitivePaths });
      return [path, out.kind === "backend" ? `${out.protocol}:${out.port}${out.path.toLowerCase()}` : out.kind === "refused" ? out.reason : out.kind];
    });
  const expected = HTTP_TABLE.map(([path, forwarded]) => [path, forwarded ? `Http:8080${ROOT}` : `pool ${REFUSE_POOL} has no targets (502)`]);

  test("HTTP: only the autodiscover root reaches a backend, for any host, whether path rules match case-sensitively or not", () => {
    // The HTTP-only gateway has one basic listener: its address serves the autodiscover root and nothing else, so the
    // same table holds for a tenant's name, another published name and a name the deployment does not know.
    for (const host of ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com", "meet.contoso.com", "example.org"]) {
      for (const caseSensitive of [true, false])
        assert.deepEqual(verdicts(args(http), caseSensitive, host), expected, `${host} case-sensitive: ${caseSensitive}`);
    }
    // Case-sensitive: every spelling reaches the backend as the exact lower-case root (the rewrite), query untouched.
    const upper = resolveRequest(
      args(http),
      { protocol: "http", port: 80, host: "lyncdiscover.contoso.com", path: "/Autodiscover/AutodiscoverService.svc/root?sipuri=a@b" },
      { caseSensitivePaths: true },
    );
    assert.equal(upper.kind === "backend" && upper.path, ROOT);
    assert.deepEqual(
      http.args.httpListeners.map((l) => [l.name, l.hostNames]),
      [["http-lyncdiscover", []]],
    );
  });

  test("the table can fail: the former layout (default to the backend, lower-case refusing patterns) forwards /Ucwa/x under case-sensitive paths", () => {
    const maps = http.args.urlPathMaps.map(({ defaultRewriteRuleSet: _, ...m }) => {
      const refused = {
        ...m.pathRules[0],
        name: "refused",
        paths: [..."abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()+,;=:@%/"].map((c) => `/${c}*`),
        backendAddressPool: m.defaultBackendAddressPool,
      };
      return { ...m, defaultBackendAddressPool: m.pathRules[0].backendAddressPool, pathRules: [m.pathRules[0], refused] };
    });
    const old = { ...args(http), urlPathMaps: maps, rewriteRuleSets: [] };
    assert.deepEqual(
      verdicts(old, false, "lyncdiscover.contoso.com")
        .filter(([, v]) => v.startsWith("Http"))
        .map(([p]) => p),
      ["/", "/?sipuri=a@b", ROOT, `${ROOT}?sipuri=a@b`, "/Autodiscover/AutodiscoverService.svc/root", "/AUTODISCOVER/AUTODISCOVERSERVICE.SVC/ROOT"],
    );
    const refused = new Set(HTTP_TABLE.filter(([, forwarded]) => !forwarded).map(([p]) => p));
    const leaks = verdicts(old, true, "lyncdiscover.contoso.com")
      .filter(([p, v]) => v.startsWith("Http") && refused.has(p))
      .map(([p]) => p);
    assert.deepEqual(leaks, ["/Autodiscover/AutodiscoverService.svc/root/oauth/user", "/Ucwa/x", "/WebTicket/WebTicketService.svc"]);
  });

  test("HTTP path maps: default is the refusing pool with the rewrite set; one exact lower-case rule; ARM's pattern syntax", () => {
    assert.ok(http.args.urlPathMaps.length > 0);
    for (const g of layouts) {
      for (const m of g.args.urlPathMaps) {
        assert.deepEqual(
          [m.defaultBackendAddressPool, m.defaultRewriteRuleSet],
          [{ id: g.ids.of("backendAddressPool", REFUSE_POOL) }, { id: g.ids.of("rewriteRuleSet", "http-lyncdiscover") }],
        );
        assert.deepEqual(
          m.pathRules.map((r) => [r.name, r.paths]),
          [["allowed", [ROOT]]],
        );
        for (const p of m.pathRules.flatMap((r) => r.paths)) assert.match(p, /^\/[^?#*]+\*?$/, `${g.name} ${m.name}: ${p}`);
      }
    }
    assert.deepEqual(http.args.rewriteRuleSets, [allowedRewriteRuleSet("http-lyncdiscover", ["/", ROOT])]);
    assert.deepEqual(main.args.rewriteRuleSets, []);
  });

  test("pathMapFor and allowedRewriteRuleSet: exact args", () => {
    const [pool, refuse, settings, rewrite] = [{ id: "p" }, { id: "r" }, { id: "s" }, { id: "w" }];
    assert.deepEqual(pathMapFor(["/", "/Autodiscover/AutodiscoverService.svc/root"], pool, refuse, settings, rewrite), {
      defaultBackendAddressPool: refuse,
      defaultBackendHttpSettings: settings,
      defaultRewriteRuleSet: rewrite,
      pathRules: [{ name: "allowed", paths: [ROOT], backendAddressPool: pool, backendHttpSettings: settings }],
    });
    assert.deepEqual(allowedRewriteRuleSet("http-lyncdiscover", ["/", ROOT]), {
      name: "http-lyncdiscover",
      rewriteRules: [
        {
          name: "to-forwarded-path",
          ruleSequence: 100,
          conditions: [{ variable: "var_uri_path", pattern: "^/(autodiscover/autodiscoverservice\\.svc/root)?$", ignoreCase: true, negate: false }],
          // No modifiedQueryString: the query (?sipuri=) stays as the client sent it.
          actionSet: { urlConfiguration: { modifiedPath: ROOT, reroute: true } },
        },
      ],
    });
    // Without "/" allowed, "/" is not rewritten.
    assert.equal(allowedRewriteRuleSet("x", [ROOT]).rewriteRules[0].conditions[0].pattern, "^/autodiscover/autodiscoverservice\\.svc/root$");
    for (const allow of [["/"], ["/", "/a", "/b"], ["/a*"]])
      assert.throws(() => allowedRewriteRuleSet("x", allow), /forwards exactly one path besides "\/"/);
  });

  test("without a dedicated address, one gateway serves both ports; 8080 is still reached only from lyncdiscover names", () => {
    const [one] = layoutOf(variant(threeTenants(), { lyncdiscoverPublicIpAddressId: undefined }, { lyncdiscoverHttpIpv4: undefined }));
    assert.deepEqual(one.routes, ["https-web", "http-lyncdiscover"]);
    assert.deepEqual(
      one.args.frontendPorts.map((p) => p.port),
      [80, 443],
    );
    assert.equal(one.args.frontendIPConfigurations.length, 1);
    const to8080 = one.args.requestRoutingRules.flatMap((r) => {
      const map = one.args.urlPathMaps.find((m) => r.urlPathMap?.id.endsWith(`/urlPathMaps/${m.name}`));
      const targets = [r.backendHttpSettings, ...(map ? [map.defaultBackendHttpSettings, ...map.pathRules.map((p) => p.backendHttpSettings)] : [])];
      return targets.some((t) => t && one.args.backendHttpSettingsCollection.find((s) => t.id.endsWith(`/${s.name}`))?.port === 8080) ? [r] : [];
    });
    const hosts = to8080.flatMap((r) => one.args.httpListeners.find((l) => r.httpListener.id.endsWith(`/httpListeners/${l.name}`))!.hostNames);
    assert.deepEqual(hosts.sort(), ["lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "lyncdiscover.litwareinc.com"]);
  });

  test("the certificate source: Key Vault with the user-assigned identity, or secret stack config keys", () => {
    assert.deepEqual(main.certificate, {
      kind: "keyVault",
      secretId: "https://kv-lync.vault.azure.net/secrets/reverse-proxy",
      identityId: main.args.identity!.userAssignedIdentities[0],
    });
    const [pfx] = layoutOf(withPfx(threeTenants()));
    assert.deepEqual(pfx.certificate, { kind: "pfxInput", pfxKey: "agwPfx", passwordKey: "agwPfxPassword" });
    assert.deepEqual(pfx.args.sslCertificates, [{ name: "reverse-proxy" }]);
    assert.equal(pfx.args.identity, undefined);
  });

  test("the backend's root CA is trusted by the HTTPS settings; the probe checks the external web FQDN (the SNI the FE certificate carries)", () => {
    assert.deepEqual(main.args.trustedRootCertificates, [{ name: "backend-root", data: ROOT_CA_DER_BASE64 }]);
    assert.deepEqual(main.args.backendHttpSettingsCollection[0].trustedRootCertificates, [
      { id: main.ids.of("trustedRootCertificate", "backend-root") },
    ]);
    assert.equal(main.args.probes[0].host, "webext.contoso.com");
    assert.equal(main.args.probes[0].protocol, "Https");
  });

  test("a fourth tenant: listeners without its names keep name, host names and priority", () => {
    const [main4, http4] = layoutOf(withTenant(threeTenants()));
    // 443: five names filled the single listener, the sixth splits it into its two hash halves.
    assert.deepEqual(
      main.listeners.map((l) => [l.name, l.priority]),
      [["https-web", 1]],
    );
    assert.deepEqual(
      main4.listeners.map((l) => [l.name, l.priority, l.hostNames.length]),
      [
        ["https-web-h0", 2, 1],
        ["https-web-h1", 3, 5],
      ],
    );
    // 80 on the HTTP-only gateway: one basic listener, the same gateway whatever the tenants.
    assert.deepEqual(
      http4.listeners.map((l) => [l.name, l.priority, l.hostNames]),
      [["http-lyncdiscover", 10101, []]],
    );
    assert.deepEqual(http4.args, http.args);
  });
});

describe("validation: AGW-LIMIT and AGW-CONFIG", () => {
  const problems = (input: Input) => {
    const r = validateDeployment(input);
    return r.ok ? [] : r.problems.filter((p) => p.rule.startsWith("AGW"));
  };

  test("the fixtures are valid", () => {
    assert.deepEqual(problems(threeTenants()), []);
    assert.deepEqual(problems(withPfx(threeTenants())), []);
    assert.deepEqual(problems(withTenant(threeTenants())), []);
  });

  test("too many listeners: the message names the limit, the count per route and the ways out", () => {
    // 200 tenants: within the edge (250) and reverse-proxy (250) certificate limits, beyond the gateway's.
    const many = Array.from({ length: 200 }, (_, i) => ({ name: `t${String(i).padStart(3, "0")}.contoso.com` }));
    const input = variant({ ...threeTenants(), sipDomains: many }, { lyncdiscoverPublicIpAddressId: undefined }, { lyncdiscoverHttpIpv4: undefined });
    const found = validateDeployment(input).problems;
    assert.equal(found.length, 1, JSON.stringify(found, null, 2));
    const [p] = found;
    assert.equal(p.rule, "AGW-LIMIT");
    assert.equal(p.path, "reverseProxy");
    assert.match(
      p.message,
      /^gateway agw-lync needs \d+ active listeners \(http-lyncdiscover: \d+, https-web: \d+\); Application Gateway v2 allows 100 \(docs\/rules\.md 5b, S41\)/,
    );
    assert.match(p.message, /simpleUrls\.meet: sharedHost/);
    assert.match(p.message, /webServices\.lyncdiscoverHttpIpv4/);
    const count = Number(/needs (\d+) active listeners/.exec(p.message)![1]);
    assert.ok(count > AGW_LIMITS.activeListeners);
  });

  test("the same tenants fit with one shared meet host and lyncdiscover on its own gateway", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ name: `t${String(i).padStart(3, "0")}.contoso.com` }));
    const input: Input = {
      ...threeTenants(),
      sipDomains: many,
      simpleUrls: { meet: "sharedHost", sharedHost: "lync.contoso.com", dialinUrl: "https://dialin.contoso.com" },
    };
    assert.deepEqual(problems(input), []);
    const layouts = layoutOf(input);
    assert.equal(gateway(layouts, "main").listeners.length, 1);
    assert.equal(gateway(layouts, "lyncdiscover-http").listeners.length, 1);
  });

  test("adding a tenant to 1,000 changes neither gateway (default mode: shared meet host, HTTP-only lyncdiscover)", () => {
    // The same generated hoster the bench uses; N + 1 keeps N's edge pools, so only the tenant is new.
    const before = layoutOf(generateDeployment(1000, { reverseProxy: "azure" }));
    const after = layoutOf(generateDeployment(1001, { reverseProxy: "azure", pools: poolsFor(1000) }));
    assert.deepEqual(
      after.map((g) => g.name),
      ["agw-lync", "agw-lync-http"],
    );
    assert.deepEqual(
      after.map((g) => g.args),
      before.map((g) => g.args),
    );
  });

  test("the HTTP-only gateway caps nothing: 2,000 tenants, one listener on each gateway", () => {
    // Before the basic listener, 386 of these tenants filled the HTTP-only gateway's 100 host-name listeners.
    const input = generateDeployment(2000, { reverseProxy: "azure" });
    assert.deepEqual(problems(input), []);
    assert.deepEqual(
      layoutOf(input).map((g) => [g.role, g.listeners.length]),
      [
        ["main", 1],
        ["lyncdiscover-http", 1],
      ],
    );
  });

  test("config errors name the field", () => {
    const rows = (input: Input) => problems(input).map((p) => [p.rule, p.path]);
    assert.deepEqual(rows(variant(threeTenants(), { keyVaultSecretId: undefined, identityId: undefined })), [
      ["AGW-CONFIG", "reverseProxy.keyVaultSecretId"],
    ]);
    assert.deepEqual(rows(variant(threeTenants(), { identityId: undefined })), [["AGW-CONFIG", "reverseProxy.identityId"]]);
    assert.deepEqual(rows(variant(withPfx(threeTenants()), { pfxPasswordConfigKey: undefined })), [
      ["AGW-CONFIG", "reverseProxy.pfxPasswordConfigKey"],
    ]);
    assert.deepEqual(rows(variant(withPfx(threeTenants()), { keyVaultSecretId: "https://kv-lync.vault.azure.net/secrets/x" })), [
      ["AGW-CONFIG", "reverseProxy.pfxConfigKey"],
      ["AGW-CONFIG", "reverseProxy.identityId"],
    ]);
    assert.deepEqual(rows(variant(threeTenants(), { lyncdiscoverPublicIpAddressId: undefined })), [
      ["AGW-CONFIG", "reverseProxy.lyncdiscoverPublicIpAddressId"],
    ]);
    assert.deepEqual(rows(variant(threeTenants(), {}, { publicIpv6: "2001:db8::10" })), [["AGW-CONFIG", "webServices.publicIpv6"]]);
    const schema = validateDeployment(variant(threeTenants(), { publicIpAddressId: undefined, subnetId: "snet-agw" }));
    assert.ok(!schema.ok);
    assert.deepEqual(
      schema.problems.filter((p) => p.path.startsWith("reverseProxy")).map((p) => [p.rule, p.path]),
      [
        ["SCHEMA", "reverseProxy.subnetId"],
        ["SCHEMA", "reverseProxy.publicIpAddressId"],
      ],
    );
  });

  test("an external reverse proxy is not checked", () => {
    assert.deepEqual(problems({ ...threeTenants(), reverseProxy: { provider: "external" } }), []);
  });
});

describe("record sets", () => {
  const spec = validSpec(threeTenants());
  const plan = buildPlan(spec);

  test("one set per (zone, name, type); relative names, @ for the apex, RDATA parsed, metadata naming owner and rule", () => {
    const sets = azureRecordSets(
      plan.records.filter((r) => r.zone === "fabrikam.com"),
      "fabrikam.com",
    );
    assert.deepEqual(
      sets.map((s) => [s.logicalName, s.relativeRecordSetName, s.recordType, s.ttl, s.aRecords ?? s.srvRecords, s.metadata]),
      [
        [
          "fabrikam.com/_sip._tls/SRV",
          "_sip._tls",
          "SRV",
          3600,
          [{ priority: 0, weight: 0, port: 443, target: "sip.fabrikam.com" }],
          { sipDomain: "fabrikam.com", rule: "R-DNS-03" },
        ],
        [
          "fabrikam.com/_sipfederationtls._tcp/SRV",
          "_sipfederationtls._tcp",
          "SRV",
          3600,
          [{ priority: 0, weight: 0, port: 5061, target: "sip.fabrikam.com" }],
          { sipDomain: "fabrikam.com", rule: "R-DNS-04" },
        ],
        [
          "fabrikam.com/lyncdiscover/A",
          "lyncdiscover",
          "A",
          3600,
          [{ ipv4Address: "203.0.113.11" }],
          { sipDomain: "fabrikam.com", rule: "R-DNS-07" },
        ],
        ["fabrikam.com/meet/A", "meet", "A", 3600, [{ ipv4Address: "203.0.113.10" }], { sipDomain: "fabrikam.com", rule: "S4" }],
        ["fabrikam.com/sip/A", "sip", "A", 3600, [{ ipv4Address: "198.51.100.10" }], { sipDomain: "fabrikam.com", rule: "R-DNS-05" }],
      ],
    );
    const apex = azureRecordSets(
      [{ zone: "contoso.com", name: "contoso.com", type: "A", ttl: 300, data: "192.0.2.1", rule: "X", sipDomain: null, proxied: false }],
      "contoso.com",
    );
    assert.deepEqual([apex[0].logicalName, apex[0].relativeRecordSetName, apex[0].metadata.sipDomain], ["contoso.com/@/A", "@", "shared"]);
  });

  test("several records of one set, CNAME without the trailing dot, A and CNAME alias each other", () => {
    const onl = validSpec(variant({ ...threeTenants(), sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com", home: "online" }] }));
    const sets = azureRecordSets(
      buildPlan(onl).records.filter((r) => r.zone === "fabrikam.com"),
      "fabrikam.com",
    );
    const lync = sets.find((s) => s.logicalName === "fabrikam.com/lyncdiscover/CNAME")!;
    assert.deepEqual([lync.cnameRecord, lync.aliases], [{ cname: "webdir.online.lync.com" }, ["fabrikam.com/lyncdiscover/A"]]);
    const a = azureRecordSets(
      plan.records.filter((r) => r.zone === "fabrikam.com"),
      "fabrikam.com",
    ).find((s) => s.logicalName === "fabrikam.com/lyncdiscover/A")!;
    assert.deepEqual(a.aliases, ["fabrikam.com/lyncdiscover/CNAME"]);
    const two = azureRecordSets(
      ["198.51.100.11", "198.51.100.10"].map((ip) => ({
        zone: "contoso.com",
        name: "access.contoso.com",
        type: "A" as const,
        ttl: 3600,
        data: ip,
        rule: "S1",
        sipDomain: null,
        proxied: false,
      })),
      "contoso.com",
    );
    assert.deepEqual(
      two.map((s) => s.aRecords),
      [[{ ipv4Address: "198.51.100.10" }, { ipv4Address: "198.51.100.11" }]],
    );
  });
});

describe("further pools' external web services (S28)", () => {
  const pools = [
    { name: "pool-b", externalFqdn: "webext-b.contoso.com", backend: { address: "10.0.2.10" } },
    { name: "pool-a", externalFqdn: "webext-a.contoso.com", backend: { address: "10.0.3.10", httpsPort: 4444 } },
  ];
  const main = gateway(layoutOf(variant(threeTenants(), {}, { additionalPools: pools })), "main");

  test("one listener, rule, pool, setting and probe each, named by the pool's key, a priority from its name alone", () => {
    assert.deepEqual(
      main.listeners.filter((l) => l.route.startsWith("https-pool-")).map((l) => [l.name, l.hostNames, l.priority]),
      [
        ["https-pool-pool-a", ["webext-a.contoso.com"], 8796],
        ["https-pool-pool-b", ["webext-b.contoso.com"], 8670],
      ],
    );
    // Adding a pool moves no other pool's rule.
    const more = gateway(
      layoutOf(
        variant(
          threeTenants(),
          {},
          { additionalPools: [...pools, { name: "pool-0", externalFqdn: "webext-0.contoso.com", backend: { address: "10.0.4.10" } }] },
        ),
      ),
      "main",
    );
    for (const l of main.listeners) assert.equal(more.listeners.find((x) => x.name === l.name)!.priority, l.priority, l.name);
    const setting = main.args.backendHttpSettingsCollection.find((s) => s.name === "https-pool-pool-a")!;
    assert.deepEqual([setting.port, setting.protocol, setting.pickHostNameFromBackendAddress], [4444, "Https", false]);
    assert.deepEqual(main.args.backendAddressPools.find((p) => p.name === "https-pool-pool-a")!.backendAddresses, [{ ipAddress: "10.0.3.10" }]);
    // The probe asks the pool's own name (its SNI): the backend certificate carries that pool's external web FQDN.
    assert.equal(main.args.probes.find((p) => p.name === "https-pool-pool-a")!.host, "webext-a.contoso.com");
    assert.equal(
      main.args.httpListeners.find((l) => l.name === "https-pool-pool-a")!.sslCertificate!.id,
      main.ids.of("sslCertificate", "reverse-proxy"),
    );
  });
});
