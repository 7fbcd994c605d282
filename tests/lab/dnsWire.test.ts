// The lab DNS server's wire format, checked byte by byte: an SRV target must not be compressed (RFC 2782). Node 20's
// c-ares tolerates a compressed one, Node 22's rejects the answer (EBADRESP), so the lab would fail only there.
import { test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import dns2 from "dns2";
import { startDnsServer } from "../../lab/dnsServer";
import { AddressMap } from "../../lab/addressMap";
import type { LabRecord } from "../harness/resources";

test("SRV answers carry the target as plain labels, no compression pointer (RFC 2782)", async () => {
  const records: LabRecord[] = [
    {
      name: "_sip._tls.contoso.com",
      type: "SRV",
      ttl: 3600,
      value: { priority: 0, weight: 0, port: 443, target: "sip.contoso.com" },
      proxied: false,
    } as LabRecord,
  ];
  const server = await startDnsServer(records, await AddressMap.create(), "127.0.0.1");
  const socket = dgram.createSocket("udp4");
  try {
    const query = new dns2.Packet();
    query.header.id = 7;
    query.questions.push({ name: "_sip._tls.contoso.com", type: dns2.Packet.TYPE.SRV, class: dns2.Packet.CLASS.IN } as never);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      socket.once("message", resolve);
      socket.once("error", reject);
      socket.send(query.toBuffer(), server.port, server.address);
    });
    // RDATA = priority, weight, port (6 bytes) + the target's labels; the answer is the last record of the message.
    const target = Buffer.concat([
      Buffer.from([3]),
      Buffer.from("sip"),
      Buffer.from([7]),
      Buffer.from("contoso"),
      Buffer.from([3]),
      Buffer.from("com"),
      Buffer.from([0]),
    ]);
    const rdata = Buffer.concat([Buffer.from([0, 0, 0, 0, 0x01, 0xbb]), target]);
    assert.equal(reply.subarray(reply.length - rdata.length).toString("hex"), rdata.toString("hex"));
    assert.equal(reply.readUInt16BE(reply.length - rdata.length - 2), rdata.length, "RDLENGTH");
  } finally {
    socket.close();
    await server.close();
  }
});
