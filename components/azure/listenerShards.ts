/**
 * Host names over Application Gateway listeners: at most HOST_NAMES_PER_LISTENER per multi-site listener, split by a
 * hash trie so that adding a tenant touches one listener, and rule priorities derived from the shard alone. Pure.
 */
import { createHash } from "node:crypto";
import type { PlanRoute } from "../plan/types";
import { compareText } from "../spec/names";

/** Host names per multi-site listener (S41, S42). */
export const HOST_NAMES_PER_LISTENER = 5;

/**
 * Rule priorities (v2: unique, 1..20000, S42) by route: `base + heap index` of the listener's hash shard (1 for the
 * whole set, 2 and 3 for its halves, 4..7 for their halves ...). A listener's priority depends on nothing but its own
 * shard, so adding a tenant never moves another rule. The bands do not overlap; `maxDepth` keeps each inside its band.
 * Host names never overlap between listeners (no wildcards), so the order between bands does not matter.
 */
export const PRIORITY_BANDS = {
  "https-web": { base: 0, maxDepth: 12 }, // 1 .. 8191
  "https-office-online": { base: 9000, maxDepth: 9 }, // 9001 .. 10023
  "http-lyncdiscover": { base: 10100, maxDepth: 12 }, // 10101 .. 18291
} as const;

/**
 * Further pools' routes (one host name, so one listener each): 8201 .. 8900, a slot from the hash of the route's name,
 * so that adding a pool moves no other rule. Two pools in one slot are reported by the priority check (limits.ts).
 */
export const POOL_PRIORITY_BASE = 8200;
export const POOL_PRIORITY_SLOTS = 700;

/** A route's band; an `https-pool-*` route's is its own slot. */
export function priorityBand(routeId: PlanRoute["id"]): { readonly base: number; readonly maxDepth: number } {
  if (routeId.startsWith("https-pool-")) {
    return { base: POOL_PRIORITY_BASE + (digest(routeId).readUInt32BE(0) % POOL_PRIORITY_SLOTS), maxDepth: 0 };
  }
  return PRIORITY_BANDS[routeId as keyof typeof PRIORITY_BANDS];
}

export interface Shard {
  /** Hash-bit prefix shared by the shard's names ("" = every name). */
  readonly prefix: string;
  /** Sorted. */
  readonly hostNames: readonly string[];
}

function digest(name: string): Buffer {
  return createHash("sha256").update(name.toLowerCase()).digest();
}

const bitAt = (d: Buffer, i: number) => (d[i >> 3] >> (7 - (i & 7))) & 1;

/**
 * Splits host names into shards of at most `perShard` names, by a binary trie over SHA-256 of each name: a node
 * holding more than `perShard` names is split on its next hash bit, otherwise it is one shard (empty nodes give no
 * shard). A shard is a function of the names below its own trie node only, so adding a name changes exactly one
 * existing shard (it gains the name, or it splits into its two halves) and leaves every other shard, its name and
 * its priority as it was; removing a name is the mirror image.
 *
 * Why not "never change an existing listener at all": no function of the set alone can promise that under a
 * per-listener cap. If adding never moved a name, each name's listener would be fixed by the name alone, and six
 * names fixed to one listener break the cap. One touched listener per added name is the minimum.
 */
export function shardHostNames(hostNames: readonly string[], perShard = HOST_NAMES_PER_LISTENER): Shard[] {
  const items = [...new Set(hostNames.map((h) => h.toLowerCase()))].map((name) => ({ name, d: digest(name) }));
  const shards: Shard[] = [];
  const visit = (group: typeof items, prefix: string) => {
    if (group.length === 0) return;
    if (group.length <= perShard) {
      shards.push({ prefix, hostNames: group.map((x) => x.name).sort(compareText) });
      return;
    }
    if (prefix.length >= 256) throw new Error(`host names share a 256-bit hash prefix: ${group.map((x) => x.name).join(", ")}`);
    const i = prefix.length;
    visit(
      group.filter((x) => bitAt(x.d, i) === 0),
      `${prefix}0`,
    );
    visit(
      group.filter((x) => bitAt(x.d, i) === 1),
      `${prefix}1`,
    );
  };
  visit(items, "");
  return shards.sort((a, b) => compareText(a.prefix, b.prefix));
}

/** 1 for "", 2/3 for "0"/"1", 4..7 for "00".."11": unique per prefix. */
export function heapIndex(prefix: string): number {
  return parseInt(`1${prefix}`, 2);
}

/** `https-web` for the whole set, `https-web-h01` for the shard of names whose hash starts with bits 0, 1. */
export function listenerName(routeId: string, prefix: string): string {
  return prefix === "" ? routeId : `${routeId}-h${prefix}`;
}
