/**
 * Values of the spec that commonly come from other resources (a public IP's address, a zone's id, a resource group,
 * the reverse proxy's backend) may be `pulumi.Input`s. The rule engine needs plain values while the program runs, so
 * each Input is replaced by a stand-in of the same kind (an address from the documentation range, a resource group
 * `lync-input-000001`, a 32-hex zone id), unique in the spec: validation and the plan run on the stand-ins as on any
 * spec, and a transformation puts the real value back into every child's inputs that carries a stand-in.
 *
 * Once the values are known (at `pulumi up`, or in a preview where they already are), the spec with the real values
 * is validated again, every problem in one DeploymentValidationError as for a plain spec, and its plan must have the
 * same records, routes and certificate names as the stand-ins' (else the value changed the plan's shape, which the
 * stand-in could not show). Until that check passes, no child that carries such a value gets it.
 */
import * as pulumi from "@pulumi/pulumi";

/** The kinds of stand-in: each passes the checks the real value's field has (formats, ADDRESS). */
type Kind = "ipv4" | "ipv6" | "resourceGroup" | "cloudflareId" | "armId";

/** The spec fields that may be Inputs, and their kinds; `[]` walks every element of a list. */
export const INPUT_FIELDS: ReadonlyArray<{ readonly path: readonly string[]; readonly kind: Kind }> = [
  { path: ["webServices", "publicIpv4"], kind: "ipv4" },
  { path: ["webServices", "publicIpv6"], kind: "ipv6" },
  { path: ["webServices", "lyncdiscoverHttpIpv4"], kind: "ipv4" },
  { path: ["webServices", "backend", "address"], kind: "ipv4" },
  { path: ["webServices", "additionalPools", "[]", "backend", "address"], kind: "ipv4" },
  { path: ["zones", "[]", "resourceGroup"], kind: "resourceGroup" },
  { path: ["zones", "[]", "zoneId"], kind: "cloudflareId" },
  { path: ["reverseProxy", "resourceGroup"], kind: "resourceGroup" },
  { path: ["reverseProxy", "publicIpAddressId"], kind: "armId" },
  { path: ["reverseProxy", "lyncdiscoverPublicIpAddressId"], kind: "armId" },
];

/** One Input of the spec: where it is, its stand-in and the value it will have. */
export interface SpecInput {
  /** Spec path for problems, e.g. `zones[1].resourceGroup`. */
  readonly path: string;
  readonly standIn: string;
  readonly value: pulumi.Output<string>;
}

/** Process-wide, so that stand-ins of two deployments never meet (resource groups and ids reach overlap keys). */
let serial = 0;

function standIn(kind: Kind, taken: (candidate: string) => boolean): string {
  for (;;) {
    const n = ++serial;
    const six = String(n).padStart(6, "0");
    const candidate = {
      // 192.0.2.0/24 (RFC 5737): allowed by ADDRESS as the examples' ranges are; never a real published address.
      ipv4: `192.0.2.${1 + (n % 254)}`,
      ipv6: `2001:db8:ffff::${(n % 0xffff).toString(16)}`,
      resourceGroup: `lync-input-${six}`,
      cloudflareId: `ffffffffffffffffffffffffff${n.toString(16).padStart(6, "0")}`,
      armId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/lync-input/providers/Microsoft.Network/publicIPAddresses/lync-input-${six}`,
    }[kind];
    if (!taken(candidate)) return candidate;
  }
}

/** A plain string, or not an Input at all: left as it is. */
const isDeferred = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;

/** The spec with every Input replaced by its stand-in (a copy; plain specs come back as they are), and the Inputs. */
export function withStandIns<T>(spec: T): { readonly spec: T; readonly inputs: readonly SpecInput[] } {
  const inputs: SpecInput[] = [];
  const root = spec as unknown as Record<string, unknown>;
  const found: Array<{ holder: Record<string, unknown>; key: string; path: string; kind: Kind }> = [];
  const visit = (node: unknown, path: readonly string[], at: string, kind: Kind) => {
    if (node === null || typeof node !== "object") return;
    const [head, ...rest] = path;
    if (head === "[]") {
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, rest, `${at}[${i}]`, kind));
      return;
    }
    const holder = node as Record<string, unknown>;
    if (rest.length === 0) {
      if (isDeferred(holder[head])) found.push({ holder, key: head, path: `${at}${at ? "." : ""}${head}`, kind });
    } else visit(holder[head], rest, `${at}${at ? "." : ""}${head}`, kind);
  };
  for (const field of INPUT_FIELDS) visit(root, field.path, "", field.kind);
  if (found.length === 0) return { spec, inputs };
  // Only the plain parts are looked at for collisions: the Inputs themselves are Outputs or promises.
  const plainText = JSON.stringify(spec, (_k, v: unknown) => (isDeferred(v) ? undefined : v));
  const used = new Set<string>();
  const taken = (c: string) => used.has(c) || plainText.includes(c);
  const replaced = new Map<Record<string, unknown>, Record<string, unknown>>();
  for (const f of found) {
    const s = standIn(f.kind, taken);
    used.add(s);
    inputs.push({ path: f.path, standIn: s, value: pulumi.output(f.holder[f.key] as pulumi.Input<string>) });
    replaced.set(f.holder, { ...(replaced.get(f.holder) ?? f.holder), [f.key]: s });
  }
  // A copy with the holders swapped for their replaced versions (the caller's spec is never changed).
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== "object" || isDeferred(node)) return node;
    const source = replaced.get(node as Record<string, unknown>) ?? node;
    if (Array.isArray(source)) return source.map(copy);
    return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, copy(v)]));
  };
  return { spec: copy(spec) as T, inputs };
}

/** `text` with each stand-in replaced by its value; a stand-in only where it stands whole (not inside a longer token). */
export function substitute(text: string, inputs: readonly SpecInput[], values: readonly string[]): string {
  let out = text;
  inputs.forEach((input, i) => {
    const escaped = input.standIn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(?<![\\w.:-])${escaped}(?![\\w.:-]*\\w)`, "g"), values[i]);
  });
  return out;
}

/** The spec with the real values in place of the stand-ins. */
export function resolvedSpec<T>(standInSpec: T, inputs: readonly SpecInput[], values: readonly string[]): T {
  const byStandIn = new Map(inputs.map((input, i) => [input.standIn, values[i]]));
  return JSON.parse(JSON.stringify(standInSpec), (_k, v: unknown) => (typeof v === "string" && byStandIn.has(v) ? byStandIn.get(v) : v)) as T;
}

/** `node` (plain data) with every string's stand-ins replaced by their values. */
function substituteDeep(node: unknown, inputs: readonly SpecInput[], values: readonly string[]): unknown {
  if (typeof node === "string") return substitute(node, inputs, values);
  if (Array.isArray(node)) return node.map((v) => substituteDeep(v, inputs, values));
  if (node === null || typeof node !== "object" || Object.getPrototypeOf(node) !== Object.prototype) return node;
  return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, substituteDeep(v, inputs, values)]));
}

/**
 * `node` with every string that holds a stand-in, and every Output (an adapter may wrap a spec value in one, e.g. a
 * Cloudflare zone id), turned into an Output of the real value once `checked` resolves.
 */
function putBack(node: unknown, inputs: readonly SpecInput[], checked: pulumi.Output<readonly string[]>): unknown {
  if (typeof node === "string")
    return inputs.some((i) => node.includes(i.standIn)) ? checked.apply((values) => substitute(node, inputs, values)) : node;
  if (pulumi.Output.isInstance(node)) return pulumi.all([node, checked]).apply(([v, values]) => substituteDeep(v, inputs, values));
  if (Array.isArray(node)) return node.map((v) => putBack(v, inputs, checked));
  if (node === null || typeof node !== "object" || Object.getPrototypeOf(node) !== Object.prototype) return node;
  return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, putBack(v, inputs, checked)]));
}

/**
 * The transformation that gives every child the real values in place of the stand-ins. `checked` is the values once
 * the real spec passed its checks (it rejects with their problems otherwise).
 */
export function putBackInputs(inputs: readonly SpecInput[], checked: pulumi.Output<readonly string[]>): pulumi.ResourceTransformation {
  return (args) => ({ props: putBack(args.props, inputs, checked) as pulumi.Inputs, opts: args.opts });
}
