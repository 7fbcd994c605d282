/**
 * The component provider's entry point (PulumiPlugin.yaml `main`): serves Deployment (lync:index:Deployment) to
 * programs in other languages. `pulumi package add <this repository or path>` runs it, reads the schema the provider
 * derives from the TypeScript source (LyncDeploymentArgs and the class's Output fields) and generates an SDK for C#,
 * Python, Go or YAML; construct() then builds the same Deployment a TypeScript program would.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./providerOptions";

void componentProviderHost(providerOptions());
