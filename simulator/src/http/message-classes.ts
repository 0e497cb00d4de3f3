import { IncomingMessage, ServerResponse } from "node:http";
import type { Express } from "express";

/** The `IncomingMessage` / `ServerResponse` options of `http.createServer` and `https.createServer`. */
export interface MessageClasses {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
}

/**
 * Request and response classes whose prototypes are `app`'s own (`app.request`, `app.response`), for the
 * server to create each request and response with.
 *
 * Why: Express gives every request and response its prototypes with `Object.setPrototypeOf` as it
 * enters the app. On an object that node:http already built, V8 answers that with a hidden class of
 * the object's own, so with a thousand open streams there are a thousand shapes of `res`, and every
 * property access node:http makes on a response (each `res.write` makes dozens) misses its inline
 * caches. When the object already has the right prototype, `setPrototypeOf` changes nothing, and all
 * requests and responses share one shape (expressjs/express#5998 describes the problem and this fix).
 */
export function messageClasses(app: Express): MessageClasses {
  function Request(this: IncomingMessage, ...args: unknown[]): void {
    Reflect.apply(IncomingMessage, this, args);
  }
  Request.prototype = app.request;
  function Response(this: ServerResponse, ...args: unknown[]): void {
    Reflect.apply(ServerResponse, this, args);
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
  };
}
