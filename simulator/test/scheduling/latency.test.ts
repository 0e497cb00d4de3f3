import assert from "node:assert/strict";
import { Rng } from "../../src/generation/rng";
import { LatencyModel } from "../../src/scheduling/latency";
import { parseCommandLine } from "../../src/cli/parse";
import type { SimulatorConfig } from "../../src/config/simulator-config";

function config(args: string[]): SimulatorConfig {
  const result = parseCommandLine(["--model", "m", ...args], {});
  assert.equal(result.kind, "run");
  return (result as { config: SimulatorConfig }).config;
}

describe("latency model (src/scheduling/latency.ts)", () => {
  it("scales latency with the load factor and clamps jitter to 0.3–1.7× the mean", () => {
    const model = new LatencyModel(
      config(["--max-num-seqs", "5", "--time-factor-under-load", "3", "--inter-token-latency", "100"]),
      Rng.fromSeed(1),
    );
    assert.equal(model.loadFactor(1), 1);
    assert.equal(model.loadFactor(3), 2);
    assert.equal(model.loadFactor(5), 3);
    assert.equal(model.interTokenLatency(5), 300);

    const jittery = new LatencyModel(
      config(["--time-to-first-token", "100", "--time-to-first-token-std-dev", "30"]),
      Rng.fromSeed(2),
    );
    const draws = Array.from({ length: 2000 }, () => jittery.timeToFirstToken(10, false, 1));
    assert.ok(Math.min(...draws) >= 30 && Math.max(...draws) <= 170);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    assert.ok(Math.abs(mean - 100) < 5, `mean ${mean}`);

    const perToken = new LatencyModel(
      config([
        "--prefill-overhead",
        "10",
        "--prefill-time-per-token",
        "2",
        "--kv-cache-transfer-latency",
        "40",
      ]),
      Rng.fromSeed(3),
    );
    assert.equal(perToken.timeToFirstToken(50, false, 1), 110);
    assert.equal(perToken.timeToFirstToken(50, true, 1), 40);
    // Prompt tokens found in the KV cache need no prefill (latencies.go @ v0.5.1); a remote prefill's
    // transfer still counts them all.
    assert.equal(perToken.timeToFirstToken(50, false, 1, 32), 46);
    assert.equal(perToken.timeToFirstToken(50, true, 1, 32), 40);
  });
});
