import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { errorBody } from "../protocol/errors";
import { sendJson } from "../protocol/send";

/** What the server knows of one open connection. */
interface Connection {
  /** When it was accepted (performance.now() ms). */
  readonly acceptedAt: number;
  /** Responses it has finished. */
  served: number;
  /** The request being answered on it, if any. */
  current: IncomingMessage | undefined;
}

/**
 * The server's open connections, for draining on SIGTERM. Node's `closeIdleConnections` closes every
 * connection without a request in progress, including one the kernel accepted a moment ago whose
 * request has not been read yet: its client gets a reset instead of an answer. Here such a connection
 * is given `readTimeout` to send its request, which is then answered (with `Connection: close`); only
 * connections idle between requests are closed at once, and a request whose body does not arrive in
 * that time gets a 408.
 */
export class ConnectionTracker {
  private readonly connections = new Map<Socket, Connection>();
  /** Connections accepted so far (draining waits until no new one arrives). */
  accepted = 0;

  /** The server's `connection` (or `secureConnection`) listener. */
  readonly onConnection = (socket: Socket): void => {
    this.accepted++;
    this.connections.set(socket, { acceptedAt: performance.now(), served: 0, current: undefined });
    socket.once("close", () => this.connections.delete(socket));
  };

  /** Called for each request as it arrives. */
  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.connections.get(req.socket);
    if (!connection) return;
    connection.current = req;
    res.once("close", () => {
      connection.served++;
      if (connection.current === req) connection.current = undefined;
    });
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size;
  }

  /**
   * One pass of draining, started at `since`: closes connections idle between requests; closes those
   * that have sent no request within `readTimeout`; answers 408 to requests whose body has not arrived
   * within it.
   */
  sweep(since: number, readTimeout: number): void {
    const now = performance.now();
    for (const [socket, connection] of this.connections) {
      const request = connection.current;
      const late = now - Math.max(since, connection.acceptedAt) > readTimeout;
      if (!request) {
        if (connection.served > 0 || late) socket.destroy();
      } else if (late && !request.complete) {
        const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
        if (res && !res.headersSent) {
          res.setHeader("connection", "close");
          res.once("finish", () => socket.end());
          sendJson(
            res,
            408,
            errorBody(408, "The server is shutting down and the request body did not arrive in time."),
          );
          setTimeout(() => socket.destroy(), 1000).unref();
        } else socket.destroy();
        connection.current = undefined;
      }
    }
  }
}
