import assert from "node:assert/strict";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { arrivalTime, stampArrival } from "../../src/http/arrival";

describe("request arrival (src/http/arrival.ts)", () => {
  it("keeps the time a request was stamped, however late it is read", async () => {
    const req = new IncomingMessage(new Socket());
    const before = performance.now();
    stampArrival(req);
    const after = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const at = arrivalTime(req);
    assert.ok(at >= before && at <= after, `${at} within [${before}, ${after}]`);
    assert.equal(arrivalTime(req), at);
    assert.ok(performance.now() - at >= 15);
  });

  it("takes now for a request that was never stamped", () => {
    const req = new IncomingMessage(new Socket());
    const before = performance.now();
    const at = arrivalTime(req);
    assert.ok(at >= before && at <= performance.now());
  });
});
