/**
 * The component provider that other languages reach (`pulumi-resource-lync`, plugin/README.md): it serves the
 * checked-in package schema (docs/schema.json, written by `npm run schema` from the library's source) and constructs
 * a Deployment from the inputs a Python, Go or YAML program sends. Serving the file rather than analysing the
 * TypeScript source at start-up keeps the plugin fast and independent of the repository's demo program (index.ts).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { Deployment, DEPLOYMENT_TYPE, type LyncDeploymentArgs } from "./deployment/lyncDeployment";
import { SIP_DOMAIN_TYPE } from "./deployment/sipDomain";
import { packageRoot } from "./providerOptions";

/** The package schema the provider serves, relative to the package root. */
export const SCHEMA_PATH = path.join("docs", "schema.json");

interface ServedSchema {
  readonly version: string;
  readonly resources: Record<string, { readonly properties: Record<string, unknown> }>;
}

export class LyncProvider implements Provider {
  readonly version: string;
  readonly schema: string;
  /** Deployment's outputs, as the schema declares them: the state construct() returns. */
  private readonly outputs: readonly string[];

  constructor(schema = readFileSync(path.join(packageRoot(__dirname), SCHEMA_PATH), "utf8")) {
    const parsed = JSON.parse(schema) as ServedSchema;
    this.schema = schema;
    this.version = parsed.version;
    this.outputs = Object.keys(parsed.resources[DEPLOYMENT_TYPE].properties);
  }

  getSchema(): Promise<string> {
    return Promise.resolve(this.schema);
  }

  construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    // Synchronous checks and constructor, reported as a rejected promise: the server answers the engine with the error.
    return new Promise((resolve) => resolve(this.constructNow(name, type, inputs, options)));
  }

  private constructNow(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): ConstructResult {
    if (type === SIP_DOMAIN_TYPE) {
      throw new Error(`${SIP_DOMAIN_TYPE} "${name}": a SipDomain is registered by its Deployment; create a lync:index:Deployment instead`);
    }
    if (type !== DEPLOYMENT_TYPE) throw new Error(`unknown resource type ${type} (this provider serves ${DEPLOYMENT_TYPE})`);
    // The inputs arrive as the schema types them: the deployment and the maps plain, the PFX inputs as Outputs.
    const deployment = new Deployment(name, inputs as unknown as LyncDeploymentArgs, options);
    const fields = deployment as unknown as Record<string, unknown>;
    return { urn: deployment.urn, state: Object.fromEntries(this.outputs.map((key) => [key, fields[key]])) };
  }
}
