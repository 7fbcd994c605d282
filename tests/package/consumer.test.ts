// The library as a consumer gets it (packed.ts): the tarball's contents, the program run with plain node (compiled
// JavaScript from dist/, no TypeScript loader) with two deployments in one stack, the public declarations compiled
// by the strictest consumer settings (strictCompile.ts), and the README's TypeScript snippets compiled the same way
// and run under Pulumi's mock runtime on a shipped example stack, so that a snippet that drifts from the API fails.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT } from "../harness/stackExamples";
import { installPacked, type PackedConsumer } from "./packed";
import { MODULE_SETTINGS, strictCompile, type ModuleSetting } from "./strictCompile";
import { readmeSnippets } from "./readmeSnippets";

let packed: PackedConsumer;
before(() => {
  packed = installPacked();
});
after(() => packed?.remove());

const installed = () => path.join(packed.program, "node_modules", "pulumi-lync");

test("the tarball ships the compiled library and its docs, no TypeScript source and no test, lab or tool", () => {
  const { shipped } = packed;
  assert.ok(shipped.includes("dist/index.js") && shipped.includes("dist/index.d.ts"), shipped.join(", "));
  assert.deepEqual(
    shipped.filter((f) => /^(tests|lab|bench|tools|index\.ts)/.test(f) || (f.startsWith("components/") && f.endsWith(".ts"))),
    [],
  );
  assert.deepEqual(readdirSync(installed()).sort(), ["LICENSE", "README.md", "dist", "docs", "package.json"]);
});

test("source maps carry their sources; no declaration map points at a file the package does not ship", () => {
  const maps = packed.shipped.filter((f) => f.endsWith(".map"));
  assert.deepEqual(
    maps.filter((f) => f.endsWith(".d.ts.map")),
    [],
  );
  assert.ok(maps.length > 50, `${maps.length} source maps`);
  for (const file of maps) {
    const map = JSON.parse(readFileSync(path.join(installed(), file), "utf8")) as { sources: string[]; sourcesContent?: Array<string | null> };
    assert.equal(map.sourcesContent?.length, map.sources.length, `${file}: sourcesContent for every source`);
    assert.ok(
      map.sourcesContent.every((s) => typeof s === "string" && s.length > 0),
      `${file}: every source inlined`,
    );
  }
});

test("the public declarations import only the Pulumi peers and Node's built-ins (no validator's typings)", () => {
  const dist = path.join(installed(), "dist");
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (!spec.startsWith(".")) bare.set(spec, path.relative(dist, file));
      else {
        const target = path.resolve(path.dirname(file), spec);
        visit(existsSync(`${target}.d.ts`) ? `${target}.d.ts` : path.join(target, "index.d.ts"));
      }
    }
  };
  visit(path.join(dist, "index.d.ts"));
  assert.ok(seen.size > 20, `${seen.size} declaration files reached`);
  const foreign = [...bare].filter(([spec]) => !/^(@pulumi\/(pulumi|tls|azure-native|cloudflare)(\/.*)?|node:.*)$/.test(spec));
  assert.deepEqual(foreign, []);
  assert.ok(!bare.has("zod"));
});

test("plain node runs two LyncDeployments from the tarball: no duplicate URN, every child prefixed", () => {
  copyFileSync(path.join(__dirname, "consumer.js"), path.join(packed.program, "index.js"));
  copyFileSync(path.join(__dirname, "mockRuntime.js"), path.join(packed.program, "mockRuntime.js"));
  const out = execFileSync(process.execPath, ["index.js", path.join(ROOT, "Pulumi.contoso.example.yaml")], { cwd: packed.program, encoding: "utf8" });
  const registered = JSON.parse(out) as Array<{ type: string; name: string }>;
  const children = registered.filter((r) => r.type !== "lync:index:Deployment" && r.type !== "pulumi:pulumi:Stack");
  assert.ok(children.length > 60, `${children.length} children`);
  // Two instances, the same spec: each registers the same children under its own name.
  const east = children.filter((r) => r.name.startsWith("east-"));
  const west = children.filter((r) => r.name.startsWith("west-"));
  assert.equal(east.length + west.length, children.length, "every child starts with its deployment's name");
  assert.deepEqual(
    east.map((r) => `${r.type} ${r.name.slice("east-".length)}`).sort(),
    west.map((r) => `${r.type} ${r.name.slice("west-".length)}`).sort(),
  );
  // No two resources share type and name, so no two share a URN (the engine refuses duplicates).
  const keys = registered.map((r) => `${r.type}::${r.name}`);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
});

/** A typed consumer beside the README's: the spec written in code, the validated spec, the plan and its unions. */
const TYPED_CONSUMER = `import * as pulumi from "@pulumi/pulumi";
import { LyncDeployment, validateDeployment, formatProblem, type DeploymentInput, type ZoneSpec } from "pulumi-lync";

const input: DeploymentInput = {
  infrastructureDomain: "contoso.com",
  zones: [{ provider: "azure", name: "contoso.com", resourceGroup: "rg-dns" }],
  edgePools: [
    {
      name: "edge1",
      accessEdge: { fqdn: "access.contoso.com", ipv4: ["198.51.100.10"] },
      webConferencing: { fqdn: "webcon.contoso.com", ipv4: ["198.51.100.20"] },
      audioVideo: { fqdn: "av.contoso.com", ipv4: ["198.51.100.30"] },
    },
  ],
  webServices: { externalFqdn: "webext.contoso.com", publicIpv4: "203.0.113.10", backend: { address: "10.0.0.10" } },
  simpleUrls: { sharedHost: "meet.contoso.com", dialinUrl: "https://dialin.contoso.com" },
  sipDomains: [{ name: "contoso.com" }, { name: "fabrikam.com", zone: undefined }],
};
const checked = validateDeployment(input);
if (!checked.ok) throw new Error(checked.problems.map((p) => formatProblem(p)).join("\\n"));
const resourceGroups = checked.spec.zones.map((z: ZoneSpec) => (z.provider === "azure" ? z.resourceGroup : null));
const lync = new LyncDeployment("typed", { deployment: checked.spec, legacyNameAliases: false });
const records: number = lync.plan.records.length;
export const tenants: pulumi.Output<Record<string, string[]>> = lync.tenants;
export const summary = { resourceGroups, records, domains: Object.keys(lync.sipDomains) };
`;

const snippets = readmeSnippets();

test("the README has TypeScript snippets to test", () => {
  assert.ok(snippets.length >= 1, "no ```ts block in README.md");
});

/**
 * The README's snippets and a typed program compiled by a strict consumer with `setting`: tsc's diagnostics ("" when
 * it passed). The commonjs compile also emits to out/, which the snippets' run below takes: one tsc run (5 s of CPU)
 * for both, whichever test asks first.
 */
const compiled = new Map<ModuleSetting, string>();
function consumerCompile(setting: ModuleSetting): string {
  const done = compiled.get(setting);
  if (done !== undefined) return done;
  const files = ["typed.ts", ...snippets.map((s) => `readme-${s.line}.ts`)];
  writeFileSync(path.join(packed.program, "typed.ts"), TYPED_CONSUMER);
  for (const s of snippets) writeFileSync(path.join(packed.program, `readme-${s.line}.ts`), s.code);
  // nodenext: the same code as an ES module too (a package.json without "type" makes .ts CommonJS, .mts ESM).
  if (setting === "nodenext") {
    for (const f of [...files]) {
      writeFileSync(path.join(packed.program, f.replace(/\.ts$/, ".mts")), readFileSync(path.join(packed.program, f)));
      files.push(f.replace(/\.ts$/, ".mts"));
    }
  }
  const diagnostics = strictCompile(packed.program, files, setting, setting === "commonjs" ? path.join(packed.program, "out") : undefined);
  compiled.set(setting, diagnostics);
  return diagnostics;
}

for (const setting of Object.keys(MODULE_SETTINGS) as ModuleSetting[]) {
  test(`a strict consumer (${setting}, no esModuleInterop, no skipLibCheck) compiles the README's snippets and a typed program`, () => {
    assert.equal(consumerCompile(setting), "");
  });
}

test("the README's snippets run under the mock runtime on the shipped example stack config", () => {
  const out = path.join(packed.program, "out");
  assert.equal(consumerCompile("commonjs"), "");
  copyFileSync(path.join(__dirname, "mockRuntime.js"), path.join(packed.program, "mockRuntime.js"));
  // The stack file as the engine hands it to a program: every config value a string, objects as JSON.
  const stack = parse(readFileSync(path.join(ROOT, "Pulumi.contoso.example.yaml"), "utf8")) as { config: Record<string, unknown> };
  const config = Object.fromEntries(Object.entries(stack.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  for (const s of snippets) {
    const registeredFile = path.join(packed.program, `registered-${s.line}.json`);
    execFileSync(process.execPath, ["-r", "./mockRuntime.js", path.join(out, `readme-${s.line}.js`)], {
      cwd: packed.program,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config), LYNC_REGISTERED: registeredFile },
    });
    const registered = JSON.parse(readFileSync(registeredFile, "utf8")) as Array<{ type: string; name: string }>;
    assert.ok(
      registered.some((r) => r.type === "lync:index:Deployment"),
      `README.md:${s.line}: no deployment registered`,
    );
    assert.ok(registered.length > 30, `README.md:${s.line}: ${registered.length} resources`);
  }
});
