import assert from "node:assert/strict";
import { DEFAULTS, type SimulatorConfig } from "../../src/config/simulator-config";
import { ModelRegistry } from "../../src/engine/models";
import { ApiError } from "../../src/protocol/errors";

const config = (overrides: Partial<SimulatorConfig> = {}): SimulatorConfig => ({
  ...DEFAULTS,
  model: "org/base",
  servedModelNames: ["base", "alias"],
  seed: "1",
  loraModules: [{ name: "lora-a", path: "/adapters/a" }],
  ...overrides,
});

/** The status, message and param of the ApiError `fn` throws. */
function apiError(fn: () => unknown): [number, string, string | null] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return [error.status, error.message, error.param];
  }
  assert.fail("no ApiError");
}

describe("model registry (src/engine/models.ts)", () => {
  it("resolves the base model by any served name (or none) to the first name, an adapter to itself", () => {
    const models = new ModelRegistry(config());
    assert.equal(models.baseName, "base");
    for (const name of [undefined, "base", "alias"]) {
      assert.deepEqual(models.resolve(name), { responseName: "base", lora: undefined });
    }
    assert.deepEqual(models.resolve("lora-a"), { responseName: "lora-a", lora: "lora-a" });
  });

  it("answers an unknown model with a 404 naming it, param null as the peer", () => {
    assert.deepEqual(
      apiError(() => new ModelRegistry(config()).resolve("org/base")),
      [404, "The model `org/base` does not exist.", null],
    );
  });

  it("lists every served name, then every adapter with the base as its parent", () => {
    const cards = new ModelRegistry(config({ maxModelLen: 2048 })).cards();
    assert.deepEqual(
      cards.map((c) => [c.id, c.root, c.parent, c.max_model_len, c.owned_by, c.object]),
      [
        ["base", "org/base", null, 2048, "vllm", "model"],
        ["alias", "org/base", null, 2048, "vllm", "model"],
        ["lora-a", "/adapters/a", "base", 2048, "vllm", "model"],
      ],
    );
    const created = cards[0]!.created;
    assert.ok(Math.abs(created - Date.now() / 1000) < 5);
    assert.ok(cards.every((c) => c.created === created));
  });

  it("loads and unloads adapters; an adapter without a path has its name as root", () => {
    const models = new ModelRegistry(config());
    models.load("lora-b", "");
    assert.deepEqual(models.resolve("lora-b"), { responseName: "lora-b", lora: "lora-b" });
    assert.equal(models.cards().find((c) => c.id === "lora-b")?.root, "lora-b");
    models.unload("lora-b");
    assert.equal(apiError(() => models.resolve("lora-b"))[0], 404);
    assert.deepEqual(
      models.cards().map((c) => c.id),
      ["base", "alias", "lora-a"],
    );
  });

  it("loads an adapter again by updating its path and unloads an unknown one quietly, as the peer; a base name is a 400", () => {
    const models = new ModelRegistry(config());
    models.load("lora-a", "/x");
    assert.equal(models.cards().find((c) => c.id === "lora-a")?.root, "/x");
    assert.deepEqual(
      apiError(() => models.load("alias", "/x")),
      [400, "'alias' is the base model's name, not a LoRA adapter", "lora_name"],
    );
    assert.equal(models.unload("nope"), false);
    assert.equal(models.unload("lora-a"), true);
    assert.equal(apiError(() => models.resolve("lora-a"))[0], 404);
  });
});
