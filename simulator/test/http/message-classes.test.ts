import assert from "node:assert/strict";
import http from "node:http";
import type net from "node:net";
import express from "express";
import { messageClasses } from "../../src/http/message-classes";

describe("request and response classes (src/http/message-classes.ts)", () => {
  it("builds requests and responses with the app's own prototypes, so Express has nothing to change", async () => {
    const app = express();
    const classes = messageClasses(app);
    const seen: boolean[] = [];
    app.get("/", (req, res) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
      seen.push(req instanceof http.IncomingMessage, res instanceof http.ServerResponse);
      res.json({ path: req.path });
    });
    let before: unknown[] = [];
    const server = http.createServer(classes, (req, res) => {
      before = [Object.getPrototypeOf(req), Object.getPrototypeOf(res)];
      app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/`);
      assert.deepEqual(await response.json(), { path: "/" });
      assert.equal(before[0], app.request, "the server built the request with the app's prototype");
      assert.equal(before[1], app.response, "the server built the response with the app's prototype");
      assert.deepEqual(seen, [true, true, true, true]);
    } finally {
      server.close();
    }
  });
});
