/**
 * The lab's cloud: where the lab providers keep what `pulumi up` created, one JSON file per provider object, in the
 * directory LYNC_LAB_CLOUD names. The lab's servers read it back as LabResources (type, logical name, inputs,
 * outputs), so they serve exactly what the engine deployed; a deleted object's file is gone.
 *
 * A file per object (not one shared file): the engine runs up to 10 steps at once and three provider processes write
 * concurrently; a rename onto the final name makes each write atomic.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_OPTIONS, type LabResource } from "../../tests/harness/resources";

/** The environment variable that tells a lab provider where its cloud lives. */
export const LAB_CLOUD_ENV = "LYNC_LAB_CLOUD";

/** One object of the lab's cloud, as a provider stored it. */
export interface CloudObject {
  readonly type: string;
  /** The resource's URN when it was created or last updated (its logical name is the URN's last part). */
  readonly urn: string;
  readonly id: string;
  /** What the provider was given, secrets unwrapped (the cloud holds the real values, as a real cloud does). */
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

const fileOf = (dir: string, id: string) => path.join(dir, `${createHash("sha256").update(id).digest("hex").slice(0, 32)}.json`);

/** The cloud a provider process writes to (from LYNC_LAB_CLOUD). */
export function cloudDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[LAB_CLOUD_ENV];
  if (!dir) throw new Error(`${LAB_CLOUD_ENV} is not set: a lab provider runs only inside the lab (npm start, the engine tests)`);
  return dir;
}

export function readObject(dir: string, id: string): CloudObject | undefined {
  try {
    return JSON.parse(fs.readFileSync(fileOf(dir, id), "utf8")) as CloudObject;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

export function writeObject(dir: string, object: CloudObject): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = fileOf(dir, object.id);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(object));
  fs.renameSync(tmp, file);
}

export function removeObject(dir: string, id: string): void {
  fs.rmSync(fileOf(dir, id), { force: true });
}

/** Every object of the cloud, in a stable order (by type, then id). */
export function listObjects(dir: string): CloudObject[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CloudObject)
    .sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type < b.type ? -1 : 1));
}

/** The logical name of a URN (its last `::` part). */
export const urnName = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** The cloud's objects as the lab's servers read resources (the same shape a mock capture gives). */
export function cloudResources(dir: string): LabResource[] {
  return listObjects(dir).map((o) => ({
    type: o.type,
    name: urnName(o.urn),
    urn: o.urn,
    parent: "",
    custom: true,
    inputs: o.inputs,
    outputs: o.outputs,
    options: DEFAULT_OPTIONS,
  }));
}
