import { strict as assert } from "node:assert";
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { arrivalTime } from "../../src/http/arrival";
import { RequestIntake } from "../../src/http/intake";

const fake = (n: number) =>
  Object.assign(new EventEmitter(), { n }) as unknown as IncomingMessage & { n: number };
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("request intake (src/http/intake.ts)", () => {
  it("stamps arrival at once and hands requests over later, in arrival order", async () => {
    const handled: number[] = [];
    const stampedBeforeHandling: boolean[] = [];
    const intake = new RequestIntake((req) => {
      handled.push((req as unknown as { n: number }).n);
      stampedBeforeHandling.push(arrivalTime(req) <= queuedBy);
    });
    for (let n = 0; n < 5; n++) intake.onRequest(fake(n), new EventEmitter() as unknown as ServerResponse);
    const queuedBy = performance.now();
    assert.deepEqual(handled, [], "nothing is handled inside the request event");
    await turn();
    await turn();
    assert.deepEqual(handled, [0, 1, 2, 3, 4]);
    assert.deepEqual(stampedBeforeHandling, [true, true, true, true, true]);
  });

  it("lets timers that fall due run between slices of a long burst", async () => {
    const order: string[] = [];
    const intake = new RequestIntake(() => {
      // The first request starts a timer, as a stream's first token would; it falls due 1 ms later.
      if (order.length === 0) setTimeout(() => order.push("timer"), 0);
      const until = performance.now() + 0.6; // each request costs 0.6 ms: a 1 ms slice holds two
      while (performance.now() < until);
      order.push("request");
    });
    for (let n = 0; n < 20; n++) intake.onRequest(fake(n), new EventEmitter() as unknown as ServerResponse);
    while (order.length < 21) await turn();
    const timerAt = order.indexOf("timer");
    assert.ok(timerAt > 0 && timerAt < 19, `the timer ran at position ${timerAt} of ${order.join(",")}`);
  });

  it("counts a request in flight from arrival until its response closes", async () => {
    const intake = new RequestIntake(() => undefined);
    const res = [new EventEmitter(), new EventEmitter()];
    intake.onRequest(fake(0), res[0] as unknown as ServerResponse);
    intake.onRequest(fake(1), res[1] as unknown as ServerResponse);
    assert.equal(intake.inFlight, 2, "waiting requests count");
    await turn();
    res[0]!.emit("close");
    assert.equal(intake.inFlight, 1);
    res[1]!.emit("close");
    res[1]!.emit("close");
    assert.equal(intake.inFlight, 0, "a second close is not counted twice");
  });
});
