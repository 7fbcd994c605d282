/**
 * Stable automatic edge-pool assignment (issue 5; components/model/rules/edgePools.ts, rendezvous hashing): over
 * random sequences of adding and removing SIP domains, no domain present before and after a step changes its pool,
 * and the assignment does not depend on the order of the domain list.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { assignEdgePools } from "../../components/plan/rules/edgePools";

type Spec = Parameters<typeof assignEdgePools>[0];

function specOf(pools: readonly string[], domains: readonly string[], pinned: ReadonlyMap<string, string> = new Map()): Spec {
  return {
    edgePools: pools.map((name) => ({ name })),
    sipDomains: domains.map((name) => ({ name, home: "onPremises", ...(pinned.has(name) ? { edgePool: pinned.get(name) } : {}) })),
  } as unknown as Spec;
}

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const domain = fc.tuple(label, fc.constantFrom("com", "net", "org", "de")).map(([a, b]) => `${a}.${b}`);
const pools = fc.uniqueArray(fc.stringMatching(/^edge[0-9a-z]{0,3}$/), { minLength: 1, maxLength: 5 });
const ops = fc.array(fc.record({ add: fc.boolean(), domain, pick: fc.nat() }), { minLength: 1, maxLength: 60 });

test("adding or removing a domain never moves another domain to another pool (random add/remove sequences)", () => {
  fc.assert(
    fc.property(pools, ops, (poolNames, steps) => {
      let domains: string[] = [];
      let before = assignEdgePools(specOf(poolNames, domains));
      for (const step of steps) {
        if (step.add) {
          if (!domains.includes(step.domain)) domains = [...domains, step.domain];
        } else if (domains.length > 0) {
          const gone = domains[step.pick % domains.length];
          domains = domains.filter((d) => d !== gone);
        }
        const after = assignEdgePools(specOf(poolNames, domains));
        for (const d of domains) {
          if (before.has(d)) assert.equal(after.get(d), before.get(d), `${d} moved`);
          assert.ok(poolNames.includes(after.get(d)!));
        }
        before = after;
      }
    }),
    { numRuns: 300 },
  );
});

test("the assignment does not depend on the order of the domain list, and an explicit edgePool wins", () => {
  fc.assert(
    fc.property(pools, fc.uniqueArray(domain, { minLength: 1, maxLength: 30 }), fc.nat(), (poolNames, domains, seed) => {
      const shuffled = [...domains].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? 1 : -1));
      const a = assignEdgePools(specOf(poolNames, domains));
      const b = assignEdgePools(specOf(poolNames, shuffled));
      for (const d of domains) assert.equal(b.get(d), a.get(d));
      const pinnedPool = poolNames[seed % poolNames.length];
      const pinned = assignEdgePools(specOf(poolNames, domains, new Map([[domains[0], pinnedPool]])));
      assert.equal(pinned.get(domains[0]), pinnedPool);
      for (const d of domains.slice(1)) assert.equal(pinned.get(d), a.get(d), "pinning one domain moves no other");
    }),
    { numRuns: 200 },
  );
});

test("with several pools the automatic choice spreads domains (not everything on the first pool)", () => {
  const names = Array.from({ length: 60 }, (_, i) => `tenant${i}.com`);
  const used = new Set(assignEdgePools(specOf(["edge1", "edge2", "edge3"], names)).values());
  assert.deepEqual([...used].sort(), ["edge1", "edge2", "edge3"]);
});
