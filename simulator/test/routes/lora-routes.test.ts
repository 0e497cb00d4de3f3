import assert from "node:assert/strict";
import OpenAI from "openai";
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
    assert.equal(
      (await post(simulator, "/v1/load_lora_adapter", JSON.stringify({ lora_name: "chat" }))).status,
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
