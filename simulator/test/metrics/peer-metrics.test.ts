import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../src/http/server";
import { client, start, stopAll } from "../helpers/simulator";
import type { RunningSimulator } from "../../src/http/server";

/*
 * /metrics as llm-d-inference-sim writes it: the peer's pkg/llm-d-inference-sim/metrics.go and its
 * metrics_test.go (tag v0.5.1 for --fake-metrics and vllm:lora_requests_info; main for the later metrics).
 */

async function scrape(simulator: RunningSimulator): Promise<string> {
  const response = await fetch(`${simulator.url}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

/** The `vllm:lora_requests_info` series as `running|waiting` → value. */
function loraSeries(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match =
      /^vllm:lora_requests_info\{max_lora="(\d+)",running_lora_adapters="([^"]*)",waiting_lora_adapters="([^"]*)"\} (\S+)$/.exec(
        line,
      );
    if (match) series.set(`${match[2]}|${match[3]}`, Number(match[4]));
  }
  return series;
}

const FAKE =
  '{"running-requests":10,"waiting-requests":30,"kv-cache-usage":0.4,"loras":[{"running":"lora4,lora2","waiting":"lora3","timestamp":1257894567},{"running":"lora4,lora3","waiting":"","timestamp":1257894569}]}';

describe("metrics as the peer writes them (src/metrics/metrics.ts)", () => {
  after(stopAll);

  // Peer: pkg/llm-d-inference-sim/metrics_test.go @ v0.5.1, "Should respond with fake metrics to /metrics".
  it("--fake-metrics: /metrics reports exactly the given values and LoRA series", async () => {
    const simulator = await start(["--model", "my_model", "--mode", "random", "--fake-metrics", FAKE]);
    // Real traffic does not move the fixed gauges.
    await client(simulator).chat.completions.create({
      model: "my_model",
      messages: [{ role: "user", content: "hi" }],
    });
    const text = await scrape(simulator);
    for (const line of [
      'vllm:num_requests_running{model_name="my_model"} 10',
      'vllm:num_requests_waiting{model_name="my_model"} 30',
      'vllm:gpu_cache_usage_perc{model_name="my_model"} 0.4',
      'vllm:kv_cache_usage_perc{model_name="my_model"} 0.4',
      'vllm:lora_requests_info{max_lora="1",running_lora_adapters="lora4,lora2",waiting_lora_adapters="lora3"} 1.257894567e+09',
      'vllm:lora_requests_info{max_lora="1",running_lora_adapters="lora4,lora3",waiting_lora_adapters=""} 1.257894569e+09',
    ]) {
      assert.ok(text.split("\n").includes(line), `missing line: ${line}`);
    }
    assert.equal(loraSeries(text).size, 2, "only the fake LoRA series");
  });

  // Peer: pkg/common/config.go @ v0.5.1 (Metrics with `loras` as JSON strings in YAML; validate()).
  it("--fake-metrics from a --config file, and bad values refused at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-fake-"));
    const file = join(dir, "config.yaml");
    writeFileSync(
      file,
      [
        "model: m",
        "fake-metrics:",
        "  running-requests: 3",
        "  kv-cache-usage: 0.25",
        "  loras:",
        `    - '{"running":"a","waiting":"b","timestamp":1700000000}'`,
      ].join("\n"),
    );
    const simulator = await start(["--config", file]);
    const text = await scrape(simulator);
    assert.ok(text.includes('vllm:num_requests_running{model_name="m"} 3\n'));
    assert.ok(text.includes('vllm:num_requests_waiting{model_name="m"} 0\n'));
    assert.ok(text.includes('vllm:kv_cache_usage_perc{model_name="m"} 0.25\n'));
    assert.deepEqual([...loraSeries(text)], [["a|b", 1_700_000_000]]);

    for (const [value, message] of [
      ['{"running-requests":-1}', /request counters cannot be negative/],
      ['{"kv-cache-usage":1.5}', /KV cache usage must be between 0 and 1/],
      ["{running", /--fake-metrics: invalid JSON/],
      ['{"loras":[{"running":1}]}', /loras\[\]\.running/],
    ] as const) {
      await assert.rejects(startSimulator({ args: ["--model", "m", "--fake-metrics", value] }), message);
    }
  });

  // Peer: pkg/llm-d-inference-sim/metrics_test.go @ v0.5.1, "Should send correct lora metrics".
  it("vllm:lora_requests_info keeps one series per LoRA state seen, valued with its Unix time", async () => {
    const simulator = await start([
      "--model",
      "base",
      "--lora-modules",
      '{"name":"lora1","path":"/p/1"}',
      '{"name":"lora2","path":"/p/2"}',
      "--time-to-first-token",
      "20",
    ]);
    const before = Math.floor(Date.now() / 1000);
    const openai = client(simulator);
    await openai.chat.completions.create({ model: "lora1", messages: [{ role: "user", content: "hi" }] });
    await openai.chat.completions.create({ model: "lora2", messages: [{ role: "user", content: "hi" }] });
    const text = await scrape(simulator);
    const series = loraSeries(text);
    for (const state of ["|lora1", "lora1|", "|lora2", "lora2|", "|"]) {
      const value = series.get(state);
      assert.ok(value !== undefined, `missing series ${state}`);
      assert.ok(
        Number.isInteger(value) && value >= before - 1 && value <= Date.now() / 1000 + 1,
        `${state}: ${value}`,
      );
    }
    const order = ["|lora1", "lora1|", "|lora2", "lora2|", "|"].map((state) => series.get(state)!);
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      "timestamps follow the order of the states",
    );
    // Exactly the peer's labels (no model_name).
    for (const line of text.split("\n").filter((l) => l.startsWith("vllm:lora_requests_info"))) {
      assert.match(
        line,
        /^vllm:lora_requests_info\{max_lora="1",running_lora_adapters="[^"]*",waiting_lora_adapters="[^"]*"\} /,
      );
    }
  });

  // Peer: Go's prometheus/client_golang sorts label names (metrics.go registers
  // request_success_total with model_name, finish_reason; it is written finish_reason first).
  it("writes label names sorted, `le` last, numbers as Go does", async () => {
    const simulator = await start(["--model", "m", "--mode", "echo"]);
    await client(simulator).completions.create({ model: "m", prompt: "one two three", max_tokens: 2 });
    const text = await scrape(simulator);
    const lines = text.split("\n");
    assert.ok(lines.includes('vllm:request_success_total{finish_reason="length",model_name="m"} 1'));
    assert.ok(lines.includes('vllm:e2e_request_latency_seconds_bucket{model_name="m",le="0.3"} 1'));
    assert.ok(lines.includes('vllm:e2e_request_latency_seconds_bucket{model_name="m",le="+Inf"} 1'));
    for (const line of lines.filter((l) => l.includes("{"))) {
      const names = [...line.slice(line.indexOf("{"), line.lastIndexOf("}")).matchAll(/([a-z_]+)="/g)].map(
        (m) => m[1],
      );
      const withoutLe = names.filter((name) => name !== "le");
      assert.deepEqual(withoutLe, [...withoutLe].sort(), `labels out of order: ${line}`);
      if (names.includes("le")) assert.equal(names.at(-1), "le", line);
    }
    // Families in name order, as the Go registry gathers them.
    const families = lines.filter((l) => l.startsWith("# TYPE ")).map((l) => l.split(" ")[2]);
    assert.deepEqual(families, [...families].sort());
  });

  // Peer: pkg/llm-d-inference-sim/metrics.go @ main (names, help, labels, buckets) and
  // pkg/communication/http.go @ main (x-inference-port next to x-inference-pod).
  it("reports the metrics the peer added, and the x-inference-port header", async () => {
    const simulator = await start(
      [
        "--model",
        "m",
        "--mode",
        "echo",
        "--block-size",
        "32",
        "--kv-cache-size",
        "512",
        "--max-model-len",
        "100",
      ],
      { POD_NAME: "pod-a" },
    );
    const response = await fetch(`${simulator.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", prompt: "a b c d e", max_tokens: 20, stream: true }),
    });
    await response.text();
    assert.equal(response.headers.get("x-inference-pod"), "pod-a");
    assert.equal(response.headers.get("x-inference-port"), String(simulator.port));
    const text = await scrape(simulator);
    const lines = text.split("\n");
    assert.ok(lines.includes('vllm:cache_config_info{block_size="32",num_gpu_blocks="512"} 1'));
    const count = (name: string) => {
      const line = lines.find((l) => l.startsWith(`${name}_count{model_name="m"} `));
      assert.ok(line, `missing ${name}`);
      return Number(line.split(" ")[1]);
    };
    for (const name of [
      "vllm:request_prefill_time_seconds",
      "vllm:request_decode_time_seconds",
      "vllm:request_params_max_tokens",
      "vllm:max_num_generation_tokens",
      "vllm:request_time_per_output_token_seconds",
    ]) {
      assert.equal(count(name), 1, name);
    }
    // The same samples as time_per_output_token (the reference feeds both from one channel).
    assert.equal(count("vllm:inter_token_latency_seconds"), count("vllm:time_per_output_token_seconds"));
    assert.ok(count("vllm:inter_token_latency_seconds") > 0);
    assert.ok(lines.includes('vllm:request_params_max_tokens_sum{model_name="m"} 20'));
    assert.ok(lines.includes('vllm:max_num_generation_tokens_sum{model_name="m"} 5'));
    // 1-2-5 buckets up to max-model-len for the token histograms.
    const bounds = lines
      .filter((l) => l.startsWith("vllm:request_params_max_tokens_bucket"))
      .map((l) => /le="([^"]+)"/.exec(l)![1]);
    assert.deepEqual(bounds, ["1", "2", "5", "10", "20", "50", "100", "+Inf"]);
    assert.ok(lines.includes('vllm:prefix_cache_queries_total{model_name="m"} 0'));
    assert.ok(lines.includes('vllm:prefix_cache_hits_total{model_name="m"} 0'));
    assert.match(
      text,
      /# HELP vllm:inter_token_latency_seconds Histogram of inter-token latency in seconds\.\n# TYPE vllm:inter_token_latency_seconds histogram/,
    );
  });
});
