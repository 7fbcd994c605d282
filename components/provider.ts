/**
 * The component provider's entry point: `plugin/pulumi-resource-lync` runs this file, so that the engine starts the
 * provider as an executable plugin (no Node language host needed). It serves Deployment (lync:index:Deployment) to
 * programs in other languages: `pulumi package get-schema`, `gen-sdk` and `add` read its schema, and construct()
 * builds the same Deployment a TypeScript program would (README "Other languages").
 */
import { main } from "@pulumi/pulumi/provider";
import { LyncProvider } from "./lyncProvider";

void main(new LyncProvider(), process.argv.slice(2));
