/**
 * Starting and stopping the lab's loopback servers, and the one forwarding hop every proxy in the lab uses.
 * Every server started through a ServerSet is closed by closeAll(), which the runner calls in a finally block, and
 * with it every connection a client left open: server.close() alone waits for each of them to end.
 */
import * as http from "node:http";
import * as https from "node:https";
import type * as net from "node:net";
import type { AddressMap, Endpoint } from "./addressMap";
import { InputError } from "../tools/exit";

export const LAB_TIMEOUT_MS = 2000;
/** Response header naming the stand-in that answered: only backends set it, so clients can tell "reached". */
export const BACKEND_HEADER = "x-lab-backend";

export class ServerSet {
  private readonly servers: net.Server[] = [];
  /** Every accepted connection still open (TCP under TLS too), so that closeAll can end the ones a client keeps. */
  private readonly sockets = new Set<net.Socket>();

  /** Open connections of every server, for the tests of closeAll. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /**
   * Listens on the endpoint (AddressMap); rejects (instead of crashing) when it cannot be bound. An address that this
   * machine will not give the lab (taken, not local, not allowed) is where it runs, not a bug: an InputError (exit 2).
   */
  async listen<S extends net.Server>(server: S, { host, port }: Endpoint): Promise<S> {
    this.servers.push(server);
    server.on("connection", (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const refused = (e: NodeJS.ErrnoException) => {
        const taken = e.code === "EADDRINUSE" ? " (another lab or server holds that address; two stand-ins on one address and port?)" : "";
        reject(
          ["EADDRINUSE", "EADDRNOTAVAIL", "EACCES"].includes(e.code ?? "")
            ? Object.assign(new InputError(`${e.message}${taken}`), { code: e.code })
            : e,
        );
      };
      server.once("error", refused);
      server.listen(port, host, () => {
        server.off("error", refused);
        resolve();
      });
    });
    return server;
  }

  /** Stops listening, then destroys every open connection (a client that never hangs up included). */
  async closeAll(): Promise<void> {
    const closed = this.servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          (s as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    );
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await Promise.all(closed);
    this.servers.length = 0;
  }
}

export interface ForwardTarget {
  readonly protocol: "http" | "https";
  /** Public (or private) address; mapped to loopback here. */
  readonly address: string;
  readonly port: number;
  readonly hostHeader: string;
  /** Path and query to request; default: the client's (a proxy that rewrote the path sets it). */
  readonly path?: string;
}

/**
 * Forwards a request to a backend and pipes the answer back; 502 when the backend cannot be reached. TLS to the
 * backend trusts the lab CA but does not check the name: how a proxy validates its backend (SNI, trusted roots) is
 * not emulated.
 */
export function forward(req: http.IncomingMessage, res: http.ServerResponse, target: ForwardTarget, map: AddressMap, caPem: string): void {
  const lib = target.protocol === "https" ? https : http;
  const upstream = lib.request(
    {
      ...map.endpoint(map.loopback(target.address), target.port),
      method: req.method,
      path: target.path ?? req.url,
      headers: { ...req.headers, host: target.hostHeader },
      timeout: LAB_TIMEOUT_MS,
      ...(target.protocol === "https" ? { ca: caPem, servername: target.hostHeader, checkServerIdentity: () => undefined } : {}),
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
  upstream.on("error", (e) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`backend ${target.address}:${target.port} unreachable: ${e.message}`);
  });
  req.pipe(upstream);
}

/** The host of a request, lower-case, without port. */
export function requestHost(req: http.IncomingMessage): string {
  return String(req.headers.host ?? "")
    .replace(/:\d+$/, "")
    .toLowerCase();
}
