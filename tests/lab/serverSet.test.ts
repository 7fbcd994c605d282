// ServerSet.closeAll (lab/servers.ts) ends what clients leave open: server.close() alone waits for every connection,
// so one client that neither reads nor hangs up kept the lab from stopping (issue 22).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { ServerSet } from "../../lab/servers";

test("closeAll destroys the connections a client keeps open, on a server that never reads them", async () => {
  const servers = new ServerSet();
  // A stand-in that neither reads nor answers: the worst a server of the lab could do.
  const accepted: net.Socket[] = [];
  const server = await servers.listen(
    net.createServer((socket) => accepted.push(socket)),
    { host: "127.0.0.1", port: 0 },
  );
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
  client.on("error", () => undefined);
  await new Promise<void>((resolve) => client.once("connect", resolve));
  client.write("REGISTER sip:contoso.com SIP/2.0\r\n\r\n");
  while (servers.openConnections === 0) await new Promise((r) => setImmediate(r));
  const clientClosed = new Promise<void>((resolve) => client.once("close", () => resolve()));
  // Without the sockets destroyed, closeAll never settles: the guard turns that hang into a failure.
  const result = await Promise.race([
    servers.closeAll().then(() => "closed"),
    new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 5000).unref()),
  ]);
  // So that a failure ends the test file instead of leaving it hanging on the open connection.
  if (result !== "closed") for (const s of [...accepted, client]) s.destroy();
  assert.equal(result, "closed");
  assert.equal(servers.openConnections, 0);
  await clientClosed;
  assert.equal(server.listening, false);
});
