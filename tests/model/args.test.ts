// The component's input types (components/spec/args.ts, the package schema other languages get) and the zod schema
// that validates them (components/spec/schema.ts) describe the same fields: checked at compile time (every spec the
// schema produces is a DeploymentConfig) and key by key at run time (the schema.json type graph against zod's shape).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { deploymentSchema } from "../../components/spec/schema";
import type { RawDeployment } from "../../components/spec/types";
import type { DeploymentConfig } from "../../components/spec/args";
import { SCHEMA_FILE } from "../../tools/schema";

// Compile-time: a validated spec can be passed where the component's input type is expected.
const expressible = (spec: RawDeployment): DeploymentConfig => spec;
void expressible;

interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  element?: { _zod: { def: ZodDef } };
  innerType?: { _zod: { def: ZodDef } };
  options?: Array<{ _zod: { def: ZodDef } }>;
  in?: { _zod: { def: ZodDef } };
}

/** Every field path of a zod schema (`zones[].zoneId`), through optionals, defaults, pipes and unions. */
function zodPaths(def: ZodDef, at: string, out: Set<string>): void {
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape!)) {
        out.add(`${at}${key}`);
        zodPaths(child._zod.def, `${at}${key}.`, out);
      }
      return;
    case "array":
      return zodPaths(def.element!._zod.def, `${at.slice(0, -1)}[].`, out);
    case "optional":
    case "default":
    case "nullable":
      return zodPaths(def.innerType!._zod.def, at, out);
    case "pipe":
      return zodPaths(def.in!._zod.def, at, out);
    case "union":
      for (const option of def.options!) zodPaths(option._zod.def, at, out);
      return;
    default:
      return;
  }
}

interface SchemaProperty {
  $ref?: string;
  type?: string;
  items?: SchemaProperty;
}
interface SchemaType {
  properties?: Record<string, SchemaProperty>;
}

/** Every field path of a package-schema type, following $refs into object types (enums end the path). */
function schemaPaths(types: Record<string, SchemaType>, typeName: string, at: string, out: Set<string>): void {
  for (const [key, prop] of Object.entries(types[typeName].properties ?? {})) {
    out.add(`${at}${key}`);
    const item = prop.type === "array" ? prop.items! : prop;
    const ref = item.$ref?.replace("#/types/", "");
    if (ref && types[ref].properties) schemaPaths(types, ref, `${at}${key}${prop.type === "array" ? "[]" : ""}.`, out);
  }
}

test("the component's input types and the zod schema have exactly the same fields", () => {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { types: Record<string, SchemaType> };
  const fromZod = new Set<string>();
  zodPaths((deploymentSchema as unknown as z.ZodType & { _zod: { def: ZodDef } })._zod.def, "", fromZod);
  const fromArgs = new Set<string>();
  schemaPaths(schema.types, "lync:index:DeploymentConfig", "", fromArgs);
  assert.ok(fromZod.size > 80, `${fromZod.size} fields`);
  assert.deepEqual([...fromArgs].sort(), [...fromZod].sort());
});
