/**
 * The lab's authoritative DNS server (dns2, UDP, loopback): serves exactly the captured records, with every address
 * replaced by its loopback stand-in (AddressMap) and proxied Cloudflare names answered with the emulated Cloudflare
 * edge. Unknown names get NXDOMAIN; a known name without the asked type gets an empty NOERROR answer.
 * AAAA answers carry the IPv4-mapped form of the loopback address: the lab's clients use IPv4 only.
 */
import dns2 from "dns2";
import type { LabRecord, LabTextRecord } from "../tests/harness/resources";
import type { AddressMap } from "./addressMap";

/** RCODE 3, Name Error (RFC 1035 4.1.1); dns2's typings do not declare Packet.RCODE. */
const NXDOMAIN = 3;

const { Packet } = dns2;

/**
 * RFC 2782: "name compression is not to be used" for the SRV target. dns2 compresses every name it writes; Node 20's
 * c-ares accepts a compressed target, Node 22's (1.3x) rejects the whole answer (EBADRESP). So the target is written
 * with the writer's compression table hidden.
 */
{
  // dns2 calls encode as a plain function (it does not use `this`), so it can be taken off its object and wrapped.
  const srv = (Packet as unknown as { Resource: { SRV: { encode(this: void, record: unknown, writer?: { names?: unknown }): unknown } } }).Resource
    .SRV;
  const encode = srv.encode;
  srv.encode = (record, writer) => {
    if (!writer) return encode(record, writer);
    const names = writer.names;
    writer.names = undefined;
    try {
      return encode(record, writer);
    } finally {
      writer.names = names;
    }
  };
}

export interface LabDnsServer {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export function answerAddress(r: LabTextRecord, map: AddressMap, cloudflareEdge: string): string {
  return r.proxied ? cloudflareEdge : map.loopback(r.value);
}

function toAnswer(r: LabRecord, map: AddressMap, cloudflareEdge: string): Record<string, unknown> {
  const base = { name: r.name, class: Packet.CLASS.IN, ttl: r.ttl };
  switch (r.type) {
    case "A":
      return { ...base, type: Packet.TYPE.A, address: answerAddress(r, map, cloudflareEdge) };
    case "AAAA":
      return { ...base, type: Packet.TYPE.AAAA, address: `::ffff:${answerAddress(r, map, cloudflareEdge)}` };
    case "CNAME":
      return { ...base, type: Packet.TYPE.CNAME, domain: r.value };
    case "SRV": {
      const v = r.value;
      return { ...base, type: Packet.TYPE.SRV, priority: v.priority, weight: v.weight, port: v.port, target: v.target };
    }
  }
}

/** The answer section for (name, type): the records, following in-zone CNAMEs (at most 8 hops). */
export function lookup(records: readonly LabRecord[], name: string, type: LabRecord["type"]): { known: boolean; answers: LabRecord[] } {
  const q = name.toLowerCase().replace(/\.$/, "");
  const known = records.some((r) => r.name === q || r.name.endsWith(`.${q}`));
  const answers: LabRecord[] = [];
  let current = q;
  for (let hop = 0; hop < 8; hop++) {
    const own = records.filter((r) => r.name === current);
    const exact = own.filter((r) => r.type === type);
    if (exact.length > 0 || type === "CNAME") return { known, answers: [...answers, ...exact] };
    const cname = own.find((r): r is LabTextRecord => r.type === "CNAME");
    if (!cname) break;
    answers.push(cname);
    current = cname.value;
  }
  return { known, answers };
}

const TYPE_NAMES: Record<number, LabRecord["type"]> = { 1: "A", 28: "AAAA", 5: "CNAME", 33: "SRV" };

export async function startDnsServer(records: readonly LabRecord[], map: AddressMap, cloudflareEdge: string): Promise<LabDnsServer> {
  const { host: address, port } = map.endpoint(map.service("dns"), 53);
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      response.header.aa = 1;
      const [question] = request.questions;
      const type = TYPE_NAMES[question.type];
      const { known, answers } = type ? lookup(records, question.name, type) : { known: lookup(records, question.name, "A").known, answers: [] };
      if (!known) response.header.rcode = NXDOMAIN;
      for (const r of answers) response.answers.push(toAnswer(r, map, cloudflareEdge) as never);
      // Not awaited: the handler has nothing to add; a failed send still surfaces as an unhandled rejection.
      void send(response);
    },
  });
  await server.listen({ udp: { port, address } });
  return { address, port, close: () => server.close() };
}
