/**
 * Child names. Every child's logical name starts with its component's name (`<component>-<local name>`, as
 * pulumi-eks names its children), so two deployments in one program, or in one stack, never share a URN. The local
 * name is the child's identity inside the deployment (a zone, a record's zone/name/type, a certificate id), never a
 * list position.
 *
 * Version 0.1 named children by their local name alone. `childOptions` gives each child an alias to that name, so a
 * stack created by 0.1 updates in place: the engine finds the live resource under its old URN (same parent type
 * chain, old name) instead of creating a new one beside it and deleting the old (tests/lifecycle/rename.test.ts).
 */
import type * as pulumi from "@pulumi/pulumi";

/** Where an adapter registers children: their parent, and the prefix of their names (the deployment's name). */
export interface ChildScope {
  readonly parent: pulumi.Resource;
  readonly prefix: string;
  /** Alias every child to its 0.1 name (LyncDeploymentArgs.legacyNameAliases). */
  readonly legacyAliases: boolean;
}

export function childName(scope: Pick<ChildScope, "prefix">, local: string): string {
  return `${scope.prefix}-${local}`;
}

/** Options of a child named `childName(scope, local)`: its parent, and an alias to its 0.1 name. */
export function childOptions(scope: ChildScope, local: string): pulumi.ResourceOptions {
  return { parent: scope.parent, aliases: scope.legacyAliases ? [{ name: local }] : [] };
}
