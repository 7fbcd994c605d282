/**
 * S4 option 3 (issue 21): the admin URL as a path of the published shared host, `https://<host>/Admin`, is accepted,
 * and neither reverse proxy ever forwards it from outside: the Application Gateway's path map refuses the admin path
 * and everything below it in any letter case, under both readings of path case (MicrosoftDocs/azure-docs#34725), and
 * Cloudflare's edge proxies only lyncdiscover, whose rules refuse every path but the autodiscover root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPlan } from "../../components/model";
import { layoutGateways, REFUSE_POOL } from "../../components/azure/layout";
import { resolveRequest } from "../harness/gatewayInspect";
import { cloudflareEdge } from "../harness/cloudflareEdge";
import { threeTenants, validSpec, type Input } from "./fixtures";
import * as cf from "../cloudflare/fixtures";
import { problemsOf } from "../model/support";

const ADMIN_PATHS = ["/admin", "/Admin", "/ADMIN", "/admin/", "/Admin/cscp/default.aspx", "/aDmIn/x?y=1"];
const OTHER_PATHS = ["/", "/contosocom/meet", "/dialin", "/administrator", "/adminx", "/meet/admin", "/ucwa/v1/applications"];

function option3(input: Input): Input {
  return {
    ...input,
    simpleUrls: {
      meet: "sharedHost",
      sharedHost: "lync.contoso.com",
      dialinUrl: "https://dialin.contoso.com",
      adminUrl: "https://lync.contoso.com/Admin",
    },
  };
}

test("option 3 with Admin: valid, and the https-web route forwards every path but /admin and below", () => {
  const spec = validSpec(option3(threeTenants()));
  const route = buildPlan(spec).routes.find((r) => r.id === "https-web")!;
  assert.ok(route.listener.hostNames.includes("lync.contoso.com"));
  assert.deepEqual(route.paths, { allow: "all", deny: ["/admin"] });
});

test("Application Gateway: /admin in any case never reaches the backend, whether path rules match case-sensitively or not", () => {
  const spec = validSpec(option3(threeTenants()));
  const main = layoutGateways(spec, buildPlan(spec)).find((g) => g.role === "main")!;
  const args = main.args as unknown as Record<string, unknown>;
  for (const host of ["lync.contoso.com", "webext.contoso.com", "dialin.contoso.com"]) {
    for (const caseSensitivePaths of [true, false]) {
      for (const path of ADMIN_PATHS) {
        const out = resolveRequest(args, { protocol: "https", port: 443, host, path }, { caseSensitivePaths });
        assert.deepEqual(
          out.kind === "refused" ? out.reason : out,
          `pool ${REFUSE_POOL} has no targets (502)`,
          `${host}${path} (case-sensitive ${caseSensitivePaths})`,
        );
      }
      for (const path of OTHER_PATHS) {
        const out = resolveRequest(args, { protocol: "https", port: 443, host, path }, { caseSensitivePaths });
        assert.equal(out.kind, "backend", `${host}${path} (case-sensitive ${caseSensitivePaths})`);
        if (out.kind === "backend") assert.equal(out.path, path.split("?")[0], "other paths are not rewritten");
      }
    }
  }
});

test("Cloudflare: /admin in any case is blocked on every proxied host", async () => {
  const input = cf.threeTenants();
  input.simpleUrls = {
    meet: "sharedHost",
    sharedHost: "lync.contoso.com",
    dialinUrl: "https://dialin.contoso.com",
    adminUrl: "https://lync.contoso.com/Admin",
  };
  const { resources } = await cf.captureDeployment(input);
  const edge = cloudflareEdge(resources);
  assert.ok(edge.origins.size > 0, "some host is proxied");
  for (const host of edge.origins.keys()) {
    for (const https of [true, false]) {
      for (const path of ADMIN_PATHS) {
        const [p, query = ""] = path.split("?");
        const decision = edge.decide({ host, path: p, query, https, method: "GET" });
        assert.ok(decision.blockedBy, `${https ? "https" : "http"}://${host}${path} reached the origin`);
      }
    }
  }
});

test("an admin URL that is a whole published host is still refused; a host of its own is fine", () => {
  const refused = problemsOf({
    ...threeTenants(),
    simpleUrls: { meet: "perDomain", dialinUrl: "https://dialin.contoso.com", adminUrl: "https://dialin.contoso.com" },
  });
  assert.ok(
    refused.some((p) => p.rule === "S4" && p.path === "simpleUrls.adminUrl" && /must stay internal/.test(p.message)),
    JSON.stringify(refused),
  );
  const own = problemsOf({
    ...threeTenants(),
    simpleUrls: { meet: "perDomain", dialinUrl: "https://dialin.contoso.com", adminUrl: "https://admin.contoso.com" },
  });
  assert.deepEqual(own, []);
});
