import assert from "node:assert/strict";
import { Scheduler, Ticket } from "../../src/scheduling/scheduler";

describe("slot scheduler (src/scheduling/scheduler.ts)", () => {
  it("keeps FIFO order and lets LoRA requests wait for a LoRA slot without blocking others", () => {
    const scheduler = new Scheduler(2, 10, 1, () => 0);
    const started: string[] = [];
    const ticket = (name: string, lora?: string) => new Ticket(lora, () => started.push(name));
    const a = ticket("a", "l1");
    const b = ticket("b", "l2");
    const c = ticket("c");
    const d = ticket("d", "l1");
    assert.equal(scheduler.submit(a), "running");
    assert.equal(scheduler.submit(b), "waiting"); // l2 needs a second LoRA slot
    assert.equal(scheduler.submit(c), "running"); // base model passes the blocked LoRA request
    assert.equal(scheduler.submit(d), "waiting");
    assert.deepEqual(scheduler.runningLoras(), ["l1"]);
    assert.deepEqual(scheduler.waitingLoras().sort(), ["l1", "l2"]);
    scheduler.finish(c);
    assert.deepEqual(started, ["a", "c", "d"]); // d's adapter runs already; b still has none
    scheduler.finish(a);
    scheduler.finish(d);
    assert.deepEqual(started, ["a", "c", "d", "b"]);
    assert.equal(scheduler.running, 1);
    assert.equal(scheduler.waiting, 0);
  });
});
