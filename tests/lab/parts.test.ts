/**
 * The lab's parts on their own: the Cloudflare expression subset, gateway reading (SDK input names), the DNS
 * server's answers through c-ares, and the promise that every server is stopped, also when a run fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import * as dgram from "node:dgram";
import { Resolver } from "node:dns/promises";
import { evaluate } from "../harness/cfExpression";
import { listenersFromGateway, route, selectListener } from "../harness/gatewayRoutes";
import { dnsRecords } from "../harness/resources";
import { startDnsServer } from "../../lab/dnsServer";
import { AddressMap, type Endpoint } from "../../lab/addressMap";
import { runLab } from "../../lab/run";
import { labSpec, healthyResources, gateway } from "./fixtures";

const { spec, plan } = labSpec();
const ROOT = "/autodiscover/autodiscoverservice.svc/root";
const req = (path: string, host = "lyncdiscover.litwareinc.com") => ({ host, path, query: "sipuri=a@b", https: false, method: "GET" });

test("cfExpression: host sets, lower(), not/and, and a loud error for what it does not know", () => {
  const block =
    'http.host in {"lyncdiscover.litwareinc.com"} and not (lower(http.request.uri.path) in {"/" "/autodiscover/autodiscoverservice.svc/root"})';
  assert.equal(evaluate(block, req("/ucwa/")), true);
  assert.equal(evaluate(block, req("/Autodiscover/AutodiscoverService.svc/root")), false);
  assert.equal(evaluate(block, req("/ucwa/", "meet.litwareinc.com")), false);
  assert.equal(evaluate('starts_with(http.request.full_uri, "http://lyncdiscover.") && ssl == false', req("/")), true);
  // A quoted host name cannot smuggle an operator into the expression.
  assert.equal(evaluate('http.host eq "a\\" or \\"x"', req("/")), false);
  assert.throws(() => evaluate('ip.src eq "1.2.3.4"', req("/")), /unsupported field ip\.src/);
});

test("gateway: listeners, host names, path rules and backends read with the azure-native input names", () => {
  const listeners = listenersFromGateway(gateway(spec, plan), [], spec);
  assert.deepEqual(
    listeners.map((l) => [l.address, l.port, l.protocol, l.hostNames.join(" ")]),
    [
      ["203.0.113.10", 443, "https", "dialin.contoso.com lync.contoso.com webext.contoso.com"],
      ["203.0.113.11", 80, "http", "lyncdiscover.contoso.com lyncdiscover.fabrikam.com lyncdiscover.litwareinc.com"],
    ],
  );
  const http80 = selectListener(
    listeners.filter((l) => l.port === 80),
    "LyncDiscover.Fabrikam.com",
  )!;
  const backend = { protocol: "http", addresses: ["10.0.1.10"], port: 8080, hostName: undefined };
  // Case-sensitive path rules: every spelling of the root reaches the exact rule through the default's rewrite.
  for (const path of ["/", ROOT, "/Autodiscover/AutodiscoverService.svc/root", "/AUTODISCOVER/AUTODISCOVERSERVICE.SVC/ROOT/"]) {
    assert.deepEqual(route(http80, path), { backend, path: ROOT }, path);
  }
  for (const path of ["/ucwa/v1", "/Ucwa/v1", `${ROOT}/oauth/user`, "/x/", "//"]) {
    assert.deepEqual(route(http80, path), { backend: null, why: `no backend for ${path} (path rule default)` }, path);
  }
  assert.equal(
    selectListener(
      listeners.filter((l) => l.port === 80),
      "sip.fabrikam.com",
    ),
    undefined,
  );
});

/** The fixture gateway with its one rewrite rule changed by `edit`. */
function withRewrite(edit: (rule: Record<string, unknown>) => Record<string, unknown>, top: Record<string, unknown> = {}) {
  const gw = gateway(spec, plan);
  const [set] = gw.inputs.rewriteRuleSets as Array<{ name: string; rewriteRules: Array<Record<string, unknown>> }>;
  const rewriteRuleSets = [{ ...set, rewriteRules: [edit(set.rewriteRules[0])] }];
  return { ...gw, inputs: { ...gw.inputs, rewriteRuleSets, ...top } };
}
const http80Of = (gw: ReturnType<typeof gateway>) => listenersFromGateway(gw, [], spec).find((l) => l.port === 80)!;

test("gateway rewrite sets: negate, reroute loops, and a loud error for whatever the lab does not emulate", () => {
  const cond = (r: Record<string, unknown>) => (r.conditions as Array<Record<string, unknown>>)[0];
  // negate: everything but /ucwa... becomes the root.
  const negated = http80Of(withRewrite((r) => ({ ...r, conditions: [{ ...cond(r), pattern: "^/ucwa", negate: true }] })));
  assert.deepEqual(route(negated, "/meet/x"), {
    backend: { protocol: "http", addresses: ["10.0.1.10"], port: 8080, hostName: undefined },
    path: ROOT,
  });
  assert.equal(route(negated, "/ucwa/x").backend, null);
  // A reroute onto a path no rule takes comes back to the same rewrite: the gateway ends such a loop with 500.
  const loop = http80Of(
    withRewrite((r) => ({ ...r, conditions: [], actionSet: { urlConfiguration: { modifiedPath: "/elsewhere", reroute: true } } })),
  );
  assert.deepEqual(route(loop, "/"), { backend: null, why: "rewrite loop at /elsewhere (500)" });

  const rejects: Array<[ReturnType<typeof gateway>, RegExp]> = [
    [
      withRewrite((r) => ({ ...r, conditions: [{ ...cond(r), variable: "var_query_string" }] })),
      /condition variable var_query_string is not emulated/,
    ],
    [
      withRewrite((r) => ({ ...r, actionSet: { urlConfiguration: { modifiedPath: ROOT, modifiedQueryString: "a=b", reroute: true } } })),
      /modifiedQueryString is not emulated/,
    ],
    [
      withRewrite((r) => ({ ...r, actionSet: { urlConfiguration: { modifiedPath: "/{var_uri_path_1}", reroute: true } } })),
      /modifiedPath "\/\{var_uri_path_1\}" is not emulated/,
    ],
    [
      withRewrite((r) => ({
        ...r,
        actionSet: { ...(r.actionSet as object), requestHeaderConfigurations: [{ headerName: "X-A", headerValue: "b" }] },
      })),
      /requestHeaderConfigurations is not emulated/,
    ],
    [withRewrite((r) => r, { rewriteRuleSets: [] }), /rewrite rule set .*\/rewriteRuleSets\/autodiscover-root is not declared/],
  ];
  for (const [gw, message] of rejects) assert.throws(() => listenersFromGateway(gw, [], spec), message);
  const ruleRewrite = gateway(spec, plan);
  const rules = (ruleRewrite.inputs.requestRoutingRules as Array<Record<string, unknown>>).map((r) => ({
    ...r,
    rewriteRuleSet: { id: "x/rewriteRuleSets/autodiscover-root" },
  }));
  assert.throws(
    () => listenersFromGateway({ ...ruleRewrite, inputs: { ...ruleRewrite.inputs, requestRoutingRules: rules } }, [], spec),
    /a rewrite rule set on the rule is not emulated/,
  );
});

test("DNS server: captured records through c-ares, mapped addresses, CNAME chains, NXDOMAIN vs no data", async () => {
  const map = await AddressMap.create();
  const records = dnsRecords(await healthyResources(spec, plan));
  const dns = await startDnsServer(records, map, map.service("cloudflare"));
  try {
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([`${dns.address}:${dns.port}`]);
    assert.deepEqual((await r.resolve4("sip.fabrikam.com")).sort(), [map.loopback("198.51.100.10"), map.loopback("198.51.100.11")].sort());
    // Only the SRV fields: Node 24 adds `type: "SRV"` to each answer, Node 20 and 22 do not.
    const srv = (await r.resolveSrv("_sipfederationtls._tcp.fabrikam.com")).map(({ name, port, priority, weight }) => ({
      name,
      port,
      priority,
      weight,
    }));
    assert.deepEqual(srv, [{ name: "sip.fabrikam.com", port: 5061, priority: 0, weight: 0 }]);
    // Proxied on Cloudflare: answered with the emulated edge, not the origin.
    assert.deepEqual(await r.resolve4("lyncdiscover.litwareinc.com"), [map.service("cloudflare")]);
    assert.deepEqual(await r.resolveCname("lyncdiscover.adatum.com"), ["webdir.online.lync.com"]);
    await assert.rejects(r.resolve4("nothing.fabrikam.com"), { code: "ENOTFOUND" });
    await assert.rejects(r.resolve4("_sip._tls.fabrikam.com"), { code: "ENODATA" });
  } finally {
    await dns.close();
  }
});

function refused({ host, port }: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.on("connect", () => (s.destroy(), resolve(false)));
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

function udpFree({ host, port }: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.on("error", () => resolve(false));
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

test("every server is stopped after a run, and also when a run fails half-way", async () => {
  const resources = await healthyResources(spec, plan);
  const map = await AddressMap.create();
  const edge = map.loopback("198.51.100.10");
  await runLab(resources, spec, plan, { map });
  assert.equal(await refused(map.endpoint(edge, 5061)), true);
  assert.equal(await udpFree(map.endpoint(map.service("dns"), 53)), true);

  // Occupy the reverse proxy's HTTPS port: the run fails after the DNS server and the edges have started.
  const blocker = net.createServer();
  const { host, port } = map.endpoint(map.loopback("203.0.113.10"), 443);
  await new Promise<void>((resolve) => blocker.listen(port, host, resolve));
  try {
    await assert.rejects(runLab(resources, spec, plan, { map }), { code: "EADDRINUSE" });
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
  assert.equal(await refused(map.endpoint(edge, 5061)), true);
  assert.equal(await refused(map.endpoint(edge, 443)), true);
  assert.equal(await udpFree(map.endpoint(map.service("dns"), 53)), true);
});
