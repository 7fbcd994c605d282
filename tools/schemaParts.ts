/**
 * What the TypeScript analysis of the component provider cannot say, added to the package schema by tools/schema.ts:
 * which properties are secrets (the analyzer reads types, not `pulumi.secret`), which provider packages the children
 * belong to, and SipDomain, whose constructor takes live resource handles from its parent and so is registered only
 * by a Deployment.
 *
 * The provider packages are named in the package description, not in the schema's `dependencies`: that field is for
 * packages whose types an SDK exposes (none here), and every generator acts on it. Measured with the CLI v3.248.0:
 * `gen-sdk --language python` then loads each dependency's schema (downloading the azure-native, cloudflare and tls
 * plugins just to generate) and the Python SDK requires pulumi_azure_native, pulumi_cloudflare and pulumi_tls from
 * PyPI, which a program using the component never imports. The engine loads the plugins when the children register.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEPLOYMENT_TYPE, SECRET_INPUTS, SECRET_OUTPUTS } from "../components/deployment/lyncDeployment";
import { SIP_DOMAIN_TYPE } from "../components/deployment/sipDomain";

/** The parts of a Pulumi package schema this file writes (pulumi.com/docs/iac/extending-pulumi/schema). */
export interface SchemaProperty {
  type?: string;
  $ref?: string;
  plain?: boolean;
  secret?: boolean;
  description?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
}
export interface SchemaResource {
  type: "object";
  isComponent: true;
  description?: string;
  inputProperties: Record<string, SchemaProperty>;
  requiredInputs: string[];
  properties: Record<string, SchemaProperty>;
  required: string[];
}
export interface PackageDependency {
  name: string;
  version: string;
}
export interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, SchemaResource>;
  types: Record<string, unknown>;
  dependencies?: PackageDependency[];
  [key: string]: unknown;
}

/** Marks Deployment's key material `secret: true` (inputs and outputs named in lyncDeployment.ts). */
export function markSecrets(schema: PackageSchema): void {
  const deployment = schema.resources[DEPLOYMENT_TYPE];
  for (const [props, names] of [
    [deployment.inputProperties, SECRET_INPUTS],
    [deployment.properties, SECRET_OUTPUTS],
  ] as const) {
    for (const name of names) {
      if (!props[name]) throw new Error(`schema: ${DEPLOYMENT_TYPE} has no property ${name} to mark secret`);
      props[name].secret = true;
    }
  }
}

/**
 * The provider packages of the children (package.json's peerDependencies `@pulumi/*` but the SDK), at the versions
 * installed here: their names and versions come from each package's own `pulumi` section, as the engine reads them.
 */
export function providerDependencies(root: string): PackageDependency[] {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
  return Object.keys(manifest.peerDependencies ?? {})
    .filter((name) => name.startsWith("@pulumi/") && name !== "@pulumi/pulumi")
    .sort()
    .map((name) => {
      const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), "utf8")) as {
        pulumi: { name: string; version: string };
      };
      return { name: pkg.pulumi.name, version: pkg.pulumi.version };
    });
}

/**
 * SipDomain as the schema shows it: one per tenant, registered by a Deployment, with its one output, so that SDKs
 * know the type they meet in the state. It has no inputs another language could send: the provider refuses to
 * construct it directly (components/lyncProvider.ts).
 */
export function sipDomainResource(): SchemaResource {
  return {
    type: "object",
    isComponent: true,
    description:
      "One tenant's DNS records, registered by a Deployment for each SIP domain (named `<deployment>-<domain>`). It takes the\n" +
      "Deployment's zones as inputs, so it is never constructed on its own: create a Deployment.",
    inputProperties: {},
    requiredInputs: [],
    properties: {
      fqdns: { type: "array", items: { type: "string" }, description: "Owner names of the tenant's records." },
    },
    required: ["fqdns"],
  };
}

/** The sentence of the package description that names the provider packages, e.g. `tls 5.6.1`. */
export function dependencySentence(dependencies: readonly PackageDependency[]): string {
  const named = dependencies.map((d) => `${d.name} ${d.version}`).join(", ");
  return `Provider packages of its resources (plugins the engine loads when a Deployment registers them): ${named}.`;
}

/**
 * The schema with the parts above: secrets marked, provider packages named, SipDomain beside Deployment; and the SDKs
 * generated as packages of their own (`meta.supportPack`): the Go SDK with its go.mod, so that a Go program requires
 * it by module path with a `replace` to where it was generated, and Python with a pyproject.toml.
 */
export function completeSchema(schema: PackageSchema, root: string): PackageSchema {
  markSecrets(schema);
  schema.meta = { supportPack: true };
  schema.resources[SIP_DOMAIN_TYPE] = sipDomainResource();
  const description = typeof schema.description === "string" ? `${schema.description}. ` : "";
  schema.description = `${description}${dependencySentence(providerDependencies(root))}`;
  return schema;
}
