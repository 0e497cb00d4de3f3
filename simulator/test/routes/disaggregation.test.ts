import assert from "node:assert/strict";
import { post, start, stopAll } from "../helpers/simulator";

/*
 * Prefill/decode disaggregation as the peer has it: pkg/llm-d-inference-sim/server.go @ v0.5.1
 * (validateRequest: "Prefill does not support streaming"), simulator.go @ v0.5.1 (finish_reason
 * remote_decode and the remote_* fields), pkg/api/request.go and response.go @ main (the flags under
 * kv_transfer_params, and kv_transfer_params in the answer; pkg/tests/generate_api_test.go @ main,
 * "Should return kv_transfer_params when do_remote_decode is true").
 */
describe("do_remote_decode / do_remote_prefill (src/protocol/disaggregation.ts)", () => {
  after(stopAll);

  for (const [where, extra] of [
    ["at the top level (v0.5.1)", { do_remote_decode: true }],
    ["under kv_transfer_params (main)", { kv_transfer_params: { do_remote_decode: true } }],
  ] as const) {
    it(`do_remote_decode ${where}: 400 when streamed, else finish_reason remote_decode with the remote fields`, async () => {
      const simulator = await start(["--model", "m", "--mode", "echo"]);
      const streamed = await post(
        simulator,
        "/v1/chat/completions",
        JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], stream: true, ...extra }),
      );
      assert.equal(streamed.status, 400);
      assert.equal(
        (streamed.json as { error: { message: string } }).error.message,
        "Prefill does not support streaming",
      );
      for (const path of ["/v1/chat/completions", "/v1/completions"]) {
        const body = path.includes("chat")
          ? { model: "m", messages: [{ role: "user", content: "hi there" }], ...extra }
          : { model: "m", prompt: "hi there", ...extra };
        const answer = await post(simulator, path, JSON.stringify(body));
        assert.equal(answer.status, 200);
        const json = answer.json as Record<string, unknown> & { choices: { finish_reason: string }[] };
        assert.equal(json.choices[0].finish_reason, "remote_decode");
        assert.equal(json.do_remote_decode, true);
        assert.equal(json.do_remote_prefill, false);
        assert.deepEqual(json.remote_block_ids, ["DUMMY_ID"]);
        assert.equal(json.remote_engine_id, "DUMMY_ID");
        assert.equal(json.remote_host, "DUMMY");
        assert.equal(json.remote_port, 1234);
        assert.deepEqual(json.kv_transfer_params, {
          do_remote_decode: false,
          do_remote_prefill: true,
          remote_engine_id: "DUMMY_ID",
          remote_block_ids: ["DUMMY_ID"],
          remote_host: "DUMMY",
          remote_port: 1234,
          tp_size: 1,
        });
      }
      const metrics = await (await fetch(`${simulator.url}/metrics`)).text();
      assert.ok(
        metrics.includes('vllm:request_success_total{finish_reason="remote_decode",model_name="m"} 2\n'),
      );
    });
  }

  it("an ordinary answer has no remote fields", async () => {
    const simulator = await start(["--model", "m"]);
    const answer = await post(simulator, "/v1/completions", JSON.stringify({ model: "m", prompt: "x" }));
    assert.equal((answer.json as Record<string, unknown>).kv_transfer_params, undefined);
    assert.notEqual(
      (answer.json as { choices: { finish_reason: string }[] }).choices[0].finish_reason,
      "remote_decode",
    );
  });

  for (const [where, extra] of [
    ["at the top level", { do_remote_prefill: true }],
    ["under kv_transfer_params", { kv_transfer_params: { do_remote_prefill: true } }],
  ] as const) {
    it(`do_remote_prefill ${where}: the first token comes after the KV-cache transfer latency`, async () => {
      const simulator = await start([
        "--model",
        "m",
        "--time-to-first-token",
        "0",
        "--kv-cache-transfer-latency",
        "300",
      ]);
      const startedAt = performance.now();
      const answer = await post(
        simulator,
        "/v1/completions",
        JSON.stringify({ model: "m", prompt: "x", ...extra }),
      );
      assert.equal(answer.status, 200);
      assert.ok(performance.now() - startedAt >= 280, "waited for the transfer");
      const quick = performance.now();
      await post(simulator, "/v1/completions", JSON.stringify({ model: "m", prompt: "x" }));
      assert.ok(performance.now() - quick < 250, "no transfer without the flag");
    });
  }

  it("refuses a non-boolean flag or a non-object kv_transfer_params with 400", async () => {
    const simulator = await start(["--model", "m"]);
    for (const extra of [
      { do_remote_decode: "yes" },
      { kv_transfer_params: [] },
      { kv_transfer_params: { do_remote_prefill: 1 } },
    ]) {
      const answer = await post(
        simulator,
        "/v1/completions",
        JSON.stringify({ model: "m", prompt: "x", ...extra }),
      );
      assert.equal(answer.status, 400, JSON.stringify(extra));
    }
  });
});
