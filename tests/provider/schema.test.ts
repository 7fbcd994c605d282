// The component provider's schema (what `pulumi package add` turns into an SDK for C#, Python, Go and YAML) is checked
// in as docs/schema.json: a change to the component's inputs or outputs shows up in review, and a stale file fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { providerSchema, SCHEMA_FILE } from "../../tools/schema";

/** The parts of a Pulumi package schema these tests read (pulumi.com/docs/iac/using-pulumi/pulumi-packages/schema). */
interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly plain?: boolean;
  readonly additionalProperties?: SchemaProperty;
}
interface PackageSchema {
  readonly name: string;
  readonly resources: Record<
    string,
    {
      readonly isComponent?: boolean;
      readonly requiredInputs?: string[];
      readonly inputProperties: Record<string, SchemaProperty>;
      readonly properties: Record<string, SchemaProperty>;
    }
  >;
  readonly types: Record<string, { readonly enum?: Array<{ readonly value: string }>; readonly properties?: Record<string, SchemaProperty> }>;
}

test("ComponentProvider.getSchema() equals the checked-in docs/schema.json (run `npm run schema` after changing the API)", async () => {
  assert.equal(await providerSchema(), readFileSync(SCHEMA_FILE, "utf8"));
});

test("the schema: lync:index:Deployment with its plain deployment input, secret-able PFX inputs and the outputs", async () => {
  const schema = JSON.parse(await providerSchema()) as PackageSchema;
  assert.equal(schema.name, "lync");
  assert.deepEqual(Object.keys(schema.resources), ["lync:index:Deployment"]);
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
