import assert from "node:assert/strict";
import OpenAI from "openai";
import type { RunningSimulator } from "../../src/http/server";
import { client, post, start, stopAll } from "../helpers/simulator";

describe("LoRA adapters (src/routes/lora-routes.ts)", () => {
  after(stopAll);

  it("loads and unloads LoRA adapters, changing /v1/models", async () => {
    const simulator = await start(["--model", "base", "--lora-modules", '{"name":"sql","path":"/a/sql"}']);
    const openai = client(simulator);
    const ids = async () => {
      const list = [];
      for await (const model of openai.models.list()) list.push(model);
      return list.map((model) => [model.id, (model as unknown as { parent: string | null }).parent]);
    };
    assert.deepEqual(await ids(), [
      ["base", null],
      ["sql", "base"],
    ]);
    const loaded = await post(
      simulator,
      "/v1/load_lora_adapter",
      JSON.stringify({ lora_name: "chat", lora_path: "/a/chat" }),
    );
    assert.equal(loaded.status, 200);
    assert.deepEqual(await ids(), [
      ["base", null],
      ["sql", "base"],
      ["chat", "base"],
    ]);
    const answer = await openai.chat.completions.create({
      model: "chat",
      messages: [{ role: "user", content: "hi" }],
    });
    assert.equal(answer.model, "chat");
    // Idempotent, as the peer's pkg/llm-d-inference-sim/lora.go (v0.5.1) and its lora_test.go.
    assert.equal(
      (
        await post(
          simulator,
          "/v1/load_lora_adapter",
          JSON.stringify({ lora_name: "chat", lora_path: "/a/chat" }),
        )
      ).status,
      200,
    );
    assert.equal(
      (await post(simulator, "/v1/unload_lora_adapter", JSON.stringify({ lora_name: "never-loaded" })))
        .status,
      200,
    );
    assert.equal(
      (await post(simulator, "/v1/load_lora_adapter", JSON.stringify({ lora_name: "base" }))).status,
      400,
    );
    assert.equal(
      (await post(simulator, "/v1/unload_lora_adapter", JSON.stringify({ lora_name: "sql" }))).status,
      200,
    );
    assert.deepEqual(await ids(), [
      ["base", null],
      ["chat", "base"],
    ]);
    await assert.rejects(
      openai.chat.completions.create({ model: "sql", messages: [{ role: "user", content: "hi" }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
  });
});

type ErrorJson = { error: { message: string; type: string; param: string | null; code: number } };

describe("LoRA adapter bounds (src/routes/lora-routes.ts, issue #14)", () => {
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await start(["--model", "m", "--max-lora-name-length", "64", "--max-lora-adapters", "3"]);
  });
  after(stopAll);

  it("refuses LoRA names over --max-lora-name-length and loads beyond --max-lora-adapters; /v1/models stays 200 (#7)", async () => {
    const long = await post(
      simulator,
      "/v1/load_lora_adapter",
      JSON.stringify({ lora_name: "x".repeat(65), lora_path: "/p" }),
    );
    assert.equal(long.status, 400, long.text);
    assert.match((long.json as ErrorJson).error.message, /--max-lora-name-length/);
    assert.equal((long.json as ErrorJson).error.param, "lora_name");
    const longPath = await post(
      simulator,
      "/v1/load_lora_adapter",
      JSON.stringify({ lora_name: "p", lora_path: "/".repeat(5000) }),
    );
    assert.equal(longPath.status, 400, longPath.text);
    assert.equal((longPath.json as ErrorJson).error.param, "lora_path");
    for (const name of ["a", "b", "c"]) {
      const loaded = await post(
        simulator,
        "/v1/load_lora_adapter",
        JSON.stringify({ lora_name: name, lora_path: "/p" }),
      );
      assert.equal(loaded.status, 200, loaded.text);
    }
    const fourth = await post(
      simulator,
      "/v1/load_lora_adapter",
      JSON.stringify({ lora_name: "d", lora_path: "/p" }),
    );
    assert.equal(fourth.status, 400, fourth.text);
    assert.match((fourth.json as ErrorJson).error.message, /--max-lora-adapters/);
    const models = await fetch(`${simulator.url}/v1/models`);
    assert.equal(models.status, 200);
    assert.equal(((await models.json()) as { data: unknown[] }).data.length, 4);
    const unloaded = await post(simulator, "/v1/unload_lora_adapter", JSON.stringify({ lora_name: "a" }));
    assert.equal(unloaded.status, 200);
    const again = await post(
      simulator,
      "/v1/load_lora_adapter",
      JSON.stringify({ lora_name: "d", lora_path: "/p" }),
    );
    assert.equal(again.status, 200, again.text);
  });
});
