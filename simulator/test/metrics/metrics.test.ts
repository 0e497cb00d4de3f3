import assert from "node:assert/strict";
import { client, metric, start, stopAll } from "../helpers/simulator";

describe("vLLM metrics (src/metrics/metrics.ts)", () => {
  after(stopAll);

  it("counts requests and tokens in the vLLM metrics", async () => {
    const simulator = await start(["--model", "m", "--mode", "echo", "--served-model-name", "public"]);
    const openai = client(simulator);
    await openai.completions.create({ model: "public", prompt: "one two three" });
    await openai.completions.create({ model: "public", prompt: "four five six seven", max_tokens: 2 });
    const labels = { model_name: "public" };
    assert.equal(
      await metric(simulator, "vllm:request_success_total", { ...labels, finish_reason: "stop" }),
      1,
    );
    assert.equal(
      await metric(simulator, "vllm:request_success_total", { ...labels, finish_reason: "length" }),
      1,
    );
    assert.equal(await metric(simulator, "vllm:prompt_tokens_total", labels), 7);
    assert.equal(await metric(simulator, "vllm:generation_tokens_total", labels), 5);
    assert.equal(await metric(simulator, "vllm:e2e_request_latency_seconds_count", labels), 2);
    assert.equal(await metric(simulator, "vllm:time_to_first_token_seconds_count", labels), 2);
    assert.equal(await metric(simulator, "vllm:request_queue_time_seconds_count", labels), 2);
    assert.equal(await metric(simulator, "vllm:request_prompt_tokens_sum", labels), 7);
    assert.equal(await metric(simulator, "vllm:request_generation_tokens_sum", labels), 5);
    assert.equal(await metric(simulator, "vllm:time_per_output_token_seconds_count", labels), 3);
    assert.equal((await metric(simulator, "vllm:lora_requests_info", { max_lora: "1" })) !== undefined, true);
    assert.equal(await metric(simulator, "vllm:gpu_cache_usage_perc", labels), 0);
  });
});
