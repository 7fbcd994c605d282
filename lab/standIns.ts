/**
 * Stand-ins for the Lync side, which no provider resource describes:
 * - access edge: TLS listeners on 443 and 5061 of every access edge address, presenting the edge certificate
 *   (the lab CA's answer to the captured edge CSR);
 * - front end external web site: HTTP 8080 and HTTPS 4443 on the backend address. Its autodiscover service follows
 *   [MS-OCDISCWS] (S35): over HTTP the Root answers 200 with a single Redirect link to the HTTPS next hop on the
 *   external web FQDN; over HTTPS it answers with the User and Xframe links. Every other path answers 401, as the
 *   authenticated Lync web services would: reaching it at all is what the exposure check looks for.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as tls from "node:tls";
import type { DeploymentSpec } from "../components/spec/types";
import type { AddressMap } from "./addressMap";
import type { IssuedCertificate } from "./ca";
import { BACKEND_HEADER, LAB_TIMEOUT_MS, type ServerSet } from "./servers";

/**
 * Where the stand-in serves the MS-OCDISCWS Root: written here on purpose and not imported from the library (which
 * defines it once, components/plan/rules/proxy.ts), so that the lab is an independent check of the published path.
 */
export const AUTODISCOVER_ROOT = "/autodiscover/autodiscoverservice.svc/root";

export async function startEdges(
  spec: DeploymentSpec,
  edgeCerts: ReadonlyMap<string, IssuedCertificate>,
  map: AddressMap,
  servers: ServerSet,
): Promise<string[]> {
  const notes: string[] = [];
  for (const pool of spec.edgePools) {
    const cert = edgeCerts.get(pool.name);
    if (!cert) {
      notes.push(`edge pool ${pool.name}: no captured certificate request with subject ${pool.accessEdge.fqdn}; its edge is not started`);
      continue;
    }
    for (const ip of pool.accessEdge.ipv4) {
      for (const port of [443, 5061]) {
        const server = tls.createServer({ key: cert.keyPem, cert: cert.certPem }, accessEdgeSession);
        server.on("tlsClientError", () => undefined);
        await servers.listen(server, map.endpoint(map.loopback(ip), port));
      }
    }
  }
  return notes;
}

/**
 * One client of the access edge stand-in: answers 200 OK and hangs up. It reads (and drops) whatever the client sends,
 * a SIP REGISTER say: a socket nobody reads never sees the client's end, stays open, and keeps the lab from stopping.
 * A client that neither sends nor hangs up is cut off after LAB_TIMEOUT_MS.
 */
function accessEdgeSession(socket: tls.TLSSocket): void {
  socket.on("error", () => undefined);
  socket.setTimeout(LAB_TIMEOUT_MS, () => socket.destroy());
  socket.resume();
  socket.end("SIP/2.0 200 OK\r\n\r\n");
}

function webHandler(spec: DeploymentSpec, secure: boolean, label: string): http.RequestListener {
  const ext = spec.webServices.externalFqdn;
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.toLowerCase().replace(/\/$/, "") || "/";
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", [BACKEND_HEADER]: label });
      res.end(JSON.stringify(body));
    };
    const query = url.search;
    const self = { href: `${secure ? "https" : "http"}://${host}${url.pathname}${query}` };
    if (path === "/" || path === AUTODISCOVER_ROOT) {
      const links: Record<string, { href: string }> = secure
        ? { user: { href: `https://${ext}${AUTODISCOVER_ROOT}/oauth/user${query}` }, xframe: { href: `https://${ext}/xframe` } }
        : { redirect: { href: `https://${ext}${AUTODISCOVER_ROOT}${query}` } };
      return autodiscoverAnswer(req, res, label, self, links);
    }
    if (secure && /\/meet$/.test(path)) return json(200, { meeting: path });
    if (secure && host.startsWith("meet.")) return json(200, { meeting: host });
    return json(401, { error: "authentication required" });
  };
}

/** The MS-OCDISCWS media types (2.2.3): a client names the one it reads in Accept and ignores any other answer. */
export const AUTODISCOVER_XML = "application/vnd.microsoft.rtc.autodiscover+xml";
export const AUTODISCOVER_JSON = "application/vnd.microsoft.rtc.autodiscover+json";

const xmlAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The Root resource's answer in the representation the Accept header asks for: XML (an AutodiscoverResponse with a
 * Root of Link elements, token and href) for `...autodiscover+xml`, JSON (`_links`) for `...autodiscover+json` or
 * plain `application/json`; 406 for anything else, as a client that gets a representation it did not ask for would
 * not read it.
 */
export function autodiscoverAnswer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  label: string,
  self: { href: string },
  links: Record<string, { href: string }>,
): void {
  const accept = String(req.headers.accept ?? "").toLowerCase();
  if (accept.includes(AUTODISCOVER_XML)) {
    const token = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
    const body = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<AutodiscoverResponse xmlns="http://schemas.microsoft.com/rtc/2012/03/autodiscover" AccessLocation="External">',
      "  <Root>",
      ...Object.entries(links).map(([name, l]) => `    <Link token="${token(name)}" href="${xmlAttribute(l.href)}" />`),
      "  </Root>",
      "</AutodiscoverResponse>",
    ].join("\n");
    res.writeHead(200, { "content-type": `${AUTODISCOVER_XML}; v=1`, [BACKEND_HEADER]: label });
    res.end(body);
    return;
  }
  if (accept === "" || accept.includes(AUTODISCOVER_JSON) || accept.includes("application/json") || accept.includes("*/*")) {
    res.writeHead(200, { "content-type": `${AUTODISCOVER_JSON}; v=1`, [BACKEND_HEADER]: label });
    res.end(JSON.stringify({ _links: { self, ...links } }));
    return;
  }
  res.writeHead(406, { "content-type": "text/plain", [BACKEND_HEADER]: label });
  res.end(`not acceptable: ${accept}`);
}

export async function startWebSite(spec: DeploymentSpec, cert: IssuedCertificate, map: AddressMap, servers: ServerSet): Promise<void> {
  const b = spec.webServices.backend;
  const address = map.loopback(b.address);
  await servers.listen(http.createServer(webHandler(spec, false, `web:${b.httpPort}`)), map.endpoint(address, b.httpPort));
  await servers.listen(
    https.createServer({ key: cert.keyPem, cert: cert.certPem }, webHandler(spec, true, `web:${b.httpsPort}`)),
    map.endpoint(address, b.httpsPort),
  );
}
