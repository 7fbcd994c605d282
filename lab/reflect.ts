/**
 * @peculiar/x509 uses tsyringe, which refuses to load without a Reflect metadata polyfill, and none is installed.
 * tsyringe only calls defineMetadata / getMetadata / getOwnMetadata, so a WeakMap-backed stand-in is enough.
 * Import this module before @peculiar/x509.
 */
type Target = object;
const store = new WeakMap<Target, Map<unknown, unknown>>();
const R = Reflect as unknown as Record<string, unknown>;

if (typeof R.getMetadata !== "function") {
  const own = (key: unknown, target: Target) => store.get(target)?.get(key);
  R.defineMetadata = (key: unknown, value: unknown, target: Target) => {
    if (!store.has(target)) store.set(target, new Map());
    store.get(target)!.set(key, value);
  };
  R.getOwnMetadata = own;
  R.getMetadata = (key: unknown, target: Target): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t)) {
      const v = own(key, t);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

export {};
