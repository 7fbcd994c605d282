// The component provider's schema (what `pulumi package add` turns into an SDK for C#, Python, Go and YAML) is checked
// in as docs/schema.json and served from there: a change to the component's inputs or outputs shows up in review, and
// a stale file fails here. It is derived from the library alone, never from the repository's program (index.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providerSchema, SCHEMA_FILE } from "../../tools/schema";
import { LyncProvider } from "../../components/lyncProvider";
import { SECRET_INPUTS, SECRET_OUTPUTS } from "../../components/deployment/lyncDeployment";

const ROOT = path.join(__dirname, "..", "..");

/** The parts of a Pulumi package schema these tests read (pulumi.com/docs/iac/using-pulumi/pulumi-packages/schema). */
interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly plain?: boolean;
  readonly secret?: boolean;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
}
interface PackageSchema {
  readonly name: string;
  readonly description: string;
  readonly dependencies: ReadonlyArray<{ readonly name: string; readonly version: string }>;
  readonly resources: Record<
    string,
    {
      readonly isComponent?: boolean;
      readonly requiredInputs?: string[];
      readonly inputProperties: Record<string, SchemaProperty>;
      readonly properties: Record<string, SchemaProperty>;
    }
  >;
  readonly types: Record<
    string,
    { readonly type: string; readonly enum?: Array<{ readonly value: string }>; readonly properties?: Record<string, SchemaProperty> }
  >;
}

const checkedIn = () => JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;

/** A copy of the package without the repository's program (index.ts), tools or tests: the library alone. */
function libraryOnly(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lync-schema-"));
  for (const entry of ["components", "node_modules", "package.json", "tsconfig.json"]) symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  return dir;
}

test("the schema derived from the library alone (no index.ts) equals docs/schema.json (run `npm run schema` after changing the API)", (t) => {
  const dir = libraryOnly();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(existsSync(path.join(dir, "index.ts")), false);
  assert.equal(providerSchema(dir), readFileSync(SCHEMA_FILE, "utf8"));
});

test("the served schema is the checked-in file", async () => {
  assert.equal(await new LyncProvider().getSchema(), readFileSync(SCHEMA_FILE, "utf8"));
});

test("the schema has both components, every property typed, the key material secret and the provider packages named", () => {
  const schema = checkedIn();
  assert.deepEqual(Object.keys(schema.resources).sort(), ["lync:index:Deployment", "lync:index:SipDomain"]);
  assert.deepEqual(Object.keys(schema.resources["lync:index:SipDomain"].properties), ["fqdns"]);
  const deployment = schema.resources["lync:index:Deployment"];
  const secrets = (props: Record<string, SchemaProperty>) => Object.keys(props).filter((k) => props[k].secret === true);
  assert.deepEqual(secrets(deployment.inputProperties), [...SECRET_INPUTS]);
  assert.deepEqual(secrets(deployment.properties), [...SECRET_OUTPUTS]);
  // The provider packages at the versions package.json pins, in the description (tools/schemaParts.ts says why not in
  // `dependencies`, which stays as the analyzer derives it: no other package's types in the API).
  assert.match(schema.description, /Provider packages of its resources .*: azure-native 3\.28\.0, cloudflare 6\.22\.1, tls 5\.6\.1\.$/);
  assert.deepEqual(schema.dependencies, []);
  // Every property, nested ones included, has a type or a reference that resolves to a type of this schema.
  const untyped: string[] = [];
  const check = (where: string, p: SchemaProperty) => {
    if (p.$ref !== undefined) {
      if (!(p.$ref.replace("#/types/", "") in schema.types)) untyped.push(`${where}: dangling ${p.$ref}`);
    } else if (p.type === undefined) untyped.push(where);
    if (p.items) check(`${where}[]`, p.items);
    if (p.additionalProperties) check(`${where}{}`, p.additionalProperties);
  };
  for (const [token, r] of Object.entries(schema.resources)) {
    for (const [k, p] of Object.entries({ ...r.inputProperties, ...r.properties })) check(`${token}.${k}`, p);
  }
  for (const [token, ty] of Object.entries(schema.types)) for (const [k, p] of Object.entries(ty.properties ?? {})) check(`${token}.${k}`, p);
  assert.deepEqual(untyped, []);
  assert.ok(Object.keys(schema.types).length > 30);
});

test("the schema: lync:index:Deployment with its plain deployment input, secret-able PFX inputs and the outputs", () => {
  const schema = checkedIn();
  assert.equal(schema.name, "lync");
  const deployment = schema.resources["lync:index:Deployment"];
  assert.equal(deployment.isComponent, true);
  assert.deepEqual(deployment.requiredInputs, ["deployment"]);
  // The plan needs the deployment's values while the program runs: plain, never an Output of another resource.
  assert.deepEqual(deployment.inputProperties.deployment.$ref, "#/types/lync:index:DeploymentConfig");
  assert.equal(deployment.inputProperties.deployment.plain, true);
  // The PFX may come from another resource or a secret: an Input, not plain.
  assert.equal(deployment.inputProperties.reverseProxyPfx.type, "string");
  assert.equal(deployment.inputProperties.reverseProxyPfx.plain, undefined);
  // The issued certificates: a plain map (its ids decide what is checked before registering) of Inputs (Outputs welcome).
  assert.equal(deployment.inputProperties.issuedCertificates.plain, true);
  assert.equal(deployment.inputProperties.issuedCertificates.additionalProperties?.plain, undefined);
  assert.deepEqual(Object.keys(deployment.properties).sort(), [
    "certificatePfx",
    "certificateRequests",
    "gatewayIds",
    "nameServers",
    "reverseProxyAddresses",
    "tenants",
    "testCaCertPem",
    "warnings",
  ]);
  // No object unions in a schema: one zone type with a provider enum.
  assert.deepEqual(
    (schema.types["lync:index:ZoneProvider"].enum ?? []).map((e) => e.value),
    ["azure", "cloudflare", "external"],
  );
  assert.equal(schema.types["lync:index:ZoneConfig"].properties?.provider.$ref, "#/types/lync:index:ZoneProvider");
});
