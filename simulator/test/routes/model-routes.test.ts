import assert from "node:assert/strict";
import type OpenAI from "openai";
import { client, start, stopAll } from "../helpers/simulator";

describe("/v1/models (src/routes/model-routes.ts)", () => {
  let openaiRandom: OpenAI;

  before(async () => {
    openaiRandom = client(
      await start(["--model", "random-model", "--served-model-name", "alias-a", "alias-b", "--seed", "7"]),
    );
  });
  after(stopAll);

  it("lists the served names as models", async () => {
    const models = [];
    for await (const model of openaiRandom.models.list()) models.push(model);
    assert.deepEqual(
      models.map((model) => [model.id, model.owned_by, (model as unknown as { parent: unknown }).parent]),
      [
        ["alias-a", "vllm", null],
        ["alias-b", "vllm", null],
      ],
    );
  });
});
