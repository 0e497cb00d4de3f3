import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/**
 * The body of a streamed response, written piece by piece.
 *
 * The first piece goes through `res.writeHead` and `res.write`, so the status line and headers go out
 * with it, in one write (under a burst of new streams, that halves the writes the event loop does before
 * the first tokens are due). After that, while the
 * response owns a writable connection and its body is chunked (HTTP/1.1), each piece goes to the socket
 * as one write, framed exactly as node:http frames a chunk (`<hex byte length>\r\n`, the data, `\r\n`).
 * `res.write` would hand the socket the same bytes in four pieces, cork it and uncork it on the next
 * tick; for a token stream written a hundred times a second per stream, that bookkeeping and the
 * garbage it leaves cost more than the write itself.
 *
 * Everything else keeps going through `res.write`: bodies that are not chunked (HTTP/1.0 clients), a
 * response still waiting for its socket behind a pipelined one, a socket that is no longer writable.
 * The response is ended with `res.end` as usual, which writes the last chunk and the terminating
 * `0\r\n\r\n`.
 */
export class StreamBody {
  private started = false;

  constructor(
    private readonly res: ServerResponse,
    /** The 200 response's headers, sent with the first piece. */
    private readonly headers: OutgoingHttpHeaders,
  ) {}

  write(data: string): void {
    if (data === "") return;
    const res = this.res;
    const socket = res.socket;
    if (this.started && res.chunkedEncoding && !res.writableEnded && socket?.writable === true) {
      socket.write(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`);
      return;
    }
    if (!this.started) {
      this.started = true;
      if (!res.headersSent) res.writeHead(200, this.headers);
    }
    res.write(data);
  }
}
