/**
 * The lab's clients, on real stacks: c-ares (node:dns Resolver) pointed at the lab DNS, node http/https/tls with the
 * lab CA as the only trust anchor and Node's normal host-name verification against the name asked for. A client
 * resolves through the lab DNS and connects to the AddressMap endpoint of the answered address and the public port:
 * with one loopback address the port depends on the answer, so the connection is opened here (`dial`) rather than
 * by Node's lookup hook. Every call is bounded by LAB_TIMEOUT_MS.
 */
import { Resolver } from "node:dns/promises";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as tls from "node:tls";
import type { AddressMap, Endpoint } from "./addressMap";
import { BACKEND_HEADER, LAB_TIMEOUT_MS } from "./servers";

export interface LabClient {
  readonly resolver: Resolver;
  resolve4(name: string): Promise<string[]>;
  /** GET with an Accept header (default application/json). */
  get(url: string, accept?: string): Promise<HttpResult>;
  tlsConnect(host: string, port: number): Promise<TlsResult>;
}

export interface HttpResult {
  readonly status: number;
  /** The backend stand-in that answered, if any reached. */
  readonly backend: string | undefined;
  readonly body: string;
}

export interface TlsResult {
  readonly authorized: boolean;
  readonly error?: string;
}

/** One TCP connection attempt, settled by connect, error or timeout. */
function connect(endpoint: Endpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ ...endpoint, timeout: LAB_TIMEOUT_MS });
    const timeout = () => socket.destroy(new Error(`timeout after ${LAB_TIMEOUT_MS} ms`));
    socket.once("timeout", timeout).once("error", reject);
    socket.once("connect", () => {
      socket.off("timeout", timeout).off("error", reject);
      resolve(socket.setTimeout(0));
    });
  });
}

const short = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export function labClient(dns: { address: string; port: number }, map: AddressMap, caPem: string): LabClient {
  const resolver = new Resolver({ timeout: LAB_TIMEOUT_MS / 2, tries: 1 });
  resolver.setServers([`${dns.address}:${dns.port}`]);
  const resolve4 = (name: string) => resolver.resolve4(name);

  /** TCP to the first answered address that accepts, in answer order, as Node's own connect tries every address. */
  async function dial(addresses: readonly string[], publicPort: number): Promise<net.Socket> {
    const errors: Error[] = [];
    for (const address of addresses) {
      try {
        return await connect(map.endpoint(address, publicPort));
      } catch (e) {
        errors.push(e instanceof Error ? e : new Error(String(e)));
      }
    }
    throw errors[0] ?? new Error("no address");
  }

  return {
    resolver,
    resolve4,
    get(url, accept = "application/json") {
      const u = new URL(url);
      const secure = u.protocol === "https:";
      const lib = secure ? https : http;
      const port = Number(u.port || (secure ? 443 : 80));
      // No agent: each request gets its own connection, opened by dial and handed over through the callback; TLS
      // verifies the URL's host name.
      const createConnection: http.RequestOptions["createConnection"] = (_, done) => {
        resolve4(u.hostname)
          .then((addresses) => dial(addresses, port))
          .then(
            (socket) => done(null, secure ? tls.connect({ socket, servername: u.hostname, ca: caPem }) : socket),
            (e: Error) => done(e, undefined as never),
          );
        return undefined;
      };
      return new Promise<HttpResult>((resolve, reject) => {
        const req = lib.request(
          {
            hostname: u.hostname,
            port,
            path: `${u.pathname}${u.search}`,
            headers: { host: u.hostname, accept },
            timeout: LAB_TIMEOUT_MS,
            createConnection,
          },
          (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (body = (body + c).slice(0, 65536)));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, backend: res.headers[BACKEND_HEADER] as string | undefined, body }));
          },
        );
        req.on("timeout", () => req.destroy(new Error(`timeout after ${LAB_TIMEOUT_MS} ms`)));
        req.on("error", (e) => reject(new Error(`${url}: ${short(e)}`)));
        req.end();
      });
    },
    async tlsConnect(host, port) {
      const [address] = await resolve4(host);
      return new Promise<TlsResult>((resolve) => {
        const socket = tls.connect({
          ...map.endpoint(address, port),
          servername: host,
          ca: caPem,
          rejectUnauthorized: false,
          timeout: LAB_TIMEOUT_MS,
        });
        const done = (r: TlsResult) => {
          socket.destroy();
          resolve(r);
        };
        socket.on("secureConnect", () => {
          // Chain first (lab CA only), then the name, with Node's own identity check and its message.
          if (!socket.authorized && socket.authorizationError?.toString() !== "ERR_TLS_CERT_ALTNAME_INVALID") {
            return done({ authorized: false, error: String(socket.authorizationError) });
          }
          const identity = tls.checkServerIdentity(host, socket.getPeerCertificate());
          done(identity ? { authorized: false, error: identity.message } : { authorized: true });
        });
        socket.on("timeout", () => done({ authorized: false, error: `timeout after ${LAB_TIMEOUT_MS} ms` }));
        socket.on("error", (e) => done({ authorized: false, error: `${host}:${port} ${short(e)}` }));
      });
    },
  };
}
