import assert from "node:assert/strict";
import type { RunningSimulator } from "../../src/http/server";
import { client, post, start, stopAll } from "../helpers/simulator";

/* Peer: pkg/tests/http_server_test.go @ main, Context("sleep mode"); pkg/communication/http.go @ main. */

async function isSleeping(simulator: RunningSimulator): Promise<boolean> {
  const response = await fetch(`${simulator.url}/is_sleeping`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { is_sleeping: boolean };
  return body.is_sleeping;
}

describe("sleep mode (src/routes/sleep-routes.ts)", () => {
  after(stopAll);

  it("answers /is_sleeping false at start", async () => {
    assert.equal(await isSleeping(await start(["--model", "m"])), false);
  });

  it("does not sleep without --enable-sleep-mode, nor without VLLM_SERVER_DEV_MODE=1 (200 either way)", async () => {
    const noFlag = await start(["--model", "m"], { VLLM_SERVER_DEV_MODE: "1" });
    assert.equal((await post(noFlag, "/sleep", "")).status, 200);
    assert.equal(await isSleeping(noFlag), false);
    const noEnv = await start(["--model", "m", "--enable-sleep-mode"]);
    assert.equal((await post(noEnv, "/sleep", "")).status, 200);
    assert.equal(await isSleeping(noEnv), false);
    const wrongEnv = await start(["--model", "m", "--enable-sleep-mode"], { VLLM_SERVER_DEV_MODE: "true" });
    await post(wrongEnv, "/sleep", "");
    assert.equal(await isSleeping(wrongEnv), false);
  });

  it("sleeps, still serves requests, and wakes up (with or without tags)", async () => {
    const simulator = await start(["--model", "m", "--enable-sleep-mode"], { VLLM_SERVER_DEV_MODE: "1" });
    assert.equal((await post(simulator, "/sleep", "")).status, 200);
    assert.equal(await isSleeping(simulator), true);
    const answer = await client(simulator).completions.create({ model: "m", prompt: "hello" });
    assert.equal(answer.choices.length, 1);
    assert.equal((await post(simulator, "/wake_up", "")).status, 200);
    assert.equal(await isSleeping(simulator), false);
    await post(simulator, "/sleep", "");
    assert.equal((await post(simulator, "/wake_up?tags=weights", "")).status, 200);
    assert.equal(await isSleeping(simulator), false);
  });
});
