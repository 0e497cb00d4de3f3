import assert from "node:assert/strict";
import { createServer } from "node:net";
import OpenAI from "openai";
import { ConfigError } from "../../src/cli/errors";
import type { RunningRanks } from "../../src/http/data-parallel";
import { startSimulator } from "../../src/http/server";

/*
 * Peer: pkg/llm-d-inference-sim/simulator.go @ v0.5.1 (Start: data-parallel-size − 1 extra simulators,
 * rank i on port + i) and pkg/common/config_test.go @ v0.5.1 ("invalid data-parallel-size": 15).
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the ranks on a free base port (retrying when a neighbour port is taken). */
async function startRanks(args: string[], env: Record<string, string> = {}): Promise<RunningRanks> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    if (port > 65000) continue;
    try {
      return await startSimulator({ args: [...args, "--port", String(port)], port, env });
    } catch (error) {
      if (!(error instanceof ConfigError) || attempt >= 5) throw error;
    }
  }
}

describe("--data-parallel-size (src/http/data-parallel.ts)", () => {
  let simulator: RunningRanks | undefined;
  after(async () => simulator?.close());

  it("serves rank i as a full simulator on port + i, each with its own state", async () => {
    simulator = await startRanks(["--model", "m", "--mode", "echo", "--data-parallel-size", "3"], {
      POD_NAME: "pod-dp",
    });
    const base = simulator.port;
    assert.deepEqual(
      simulator.ranks.map((rank) => rank.port),
      [base, base + 1, base + 2],
    );
    for (let rank = 0; rank < 3; rank++) {
      const url = `http://127.0.0.1:${base + rank}`;
      const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: "x", maxRetries: 0 });
      for (let i = 0; i <= rank; i++) {
        const answer = await openai.completions.create({ model: "m", prompt: `rank ${rank}` });
        assert.equal(answer.choices[0].text, `rank ${rank}`);
      }
      const response = await fetch(`${url}/v1/models`);
      assert.equal(response.headers.get("x-inference-port"), String(base + rank));
    }
    // Each rank counts only its own requests.
    for (let rank = 0; rank < 3; rank++) {
      const text = await (await fetch(`http://127.0.0.1:${base + rank}/metrics`)).text();
      assert.ok(
        text.includes(`vllm:request_success_total{finish_reason="stop",model_name="m"} ${rank + 1}\n`),
        `rank ${rank}`,
      );
    }
    await simulator.close();
    await assert.rejects(fetch(`http://127.0.0.1:${base + 2}/health`));
    simulator = undefined;
  });

  it("refuses a size outside 1-8", async () => {
    for (const size of ["0", "9", "15"]) {
      await assert.rejects(
        startSimulator({ args: ["--model", "m", "--data-parallel-size", size] }),
        /--data-parallel-size must be between 1 and 8/,
      );
    }
  });
});
