/**
 * The emulated reverse proxy (listeners from routes.ts) and Cloudflare's edge (cloudflareRules.ts) as loopback
 * HTTP/HTTPS servers. The reverse proxy serves the certificate issued for the captured reverse-proxy CSR on every
 * HTTPS listener; Cloudflare's edge serves a Universal SSL stand-in for its proxied hosts. A refused request is
 * answered by the proxy itself (no backend header), so clients can tell it from one that reached a backend.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressMap } from "./addressMap";
import type { IssuedCertificate } from "./ca";
import { route, selectListener, type ProxyListener } from "../tests/harness/gatewayRoutes";
import type { CloudflareEdge } from "../tests/harness/cloudflareEdge";
import { forward, requestHost, type ServerSet } from "./servers";

function refuse(res: http.ServerResponse, status: number, why: string): void {
  res.writeHead(status, { "content-type": "text/plain", "x-lab-refused": why.replace(/[^\x20-\x7e]/g, "?") });
  res.end(why);
}

export async function startReverseProxy(
  listeners: readonly ProxyListener[],
  cert: IssuedCertificate | undefined,
  map: AddressMap,
  caPem: string,
  servers: ServerSet,
): Promise<string[]> {
  const notes: string[] = [];
  const groups = new Map<string, ProxyListener[]>();
  for (const l of listeners) groups.set(`${l.address}|${l.port}`, [...(groups.get(`${l.address}|${l.port}`) ?? []), l]);
  for (const group of groups.values()) {
    const { address, port, protocol } = group[0];
    const handler: http.RequestListener = (req, res) => {
      const host = requestHost(req);
      const listener = selectListener(group, host);
      if (!listener) return refuse(res, 404, `no listener for ${host} on ${address}:${port}`);
      const url = new URL(req.url ?? "/", "http://x");
      const routed = route(listener, url.pathname);
      if (!routed.backend) return refuse(res, 403, `${listener.source}: ${routed.why}`);
      const b = routed.backend;
      // The backend gets the rewritten path and the original query string.
      forward(
        req,
        res,
        { protocol: b.protocol, address: b.addresses[0], port: b.port, hostHeader: b.hostName ?? host, path: `${routed.path}${url.search}` },
        map,
        caPem,
      );
    };
    if (protocol === "https" && !cert) {
      notes.push(`reverse proxy ${address}:${port}: no captured reverse-proxy certificate request; the HTTPS listener is not started`);
      continue;
    }
    const server = protocol === "https" ? https.createServer({ key: cert!.keyPem, cert: cert!.certPem }, handler) : http.createServer(handler);
    server.on("tlsClientError", () => undefined);
    await servers.listen(server, map.endpoint(map.loopback(address), port));
  }
  return notes;
}

export async function startCloudflareEdge(
  edge: CloudflareEdge,
  cert: IssuedCertificate | undefined,
  address: string,
  map: AddressMap,
  caPem: string,
  servers: ServerSet,
): Promise<void> {
  if (edge.origins.size === 0) return;
  const handler =
    (secure: boolean): http.RequestListener =>
    (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      let decision;
      try {
        decision = edge.decide({
          host: requestHost(req),
          path: url.pathname,
          query: url.search.replace(/^\?/, ""),
          https: secure,
          method: req.method ?? "GET",
        });
      } catch (e) {
        // An expression the lab cannot read: answer, so the check fails with the reason instead of the lab crashing.
        return refuse(res, 500, `cloudflare: ${(e as Error).message}`);
      }
      if (!decision.origin) return refuse(res, 403, `cloudflare: ${decision.blockedBy}`);
      forward(req, res, { ...decision.origin }, map, caPem);
    };
  await servers.listen(http.createServer(handler(false)), map.endpoint(address, 80));
  if (cert) await servers.listen(https.createServer({ key: cert.keyPem, cert: cert.certPem }, handler(true)), map.endpoint(address, 443));
}
