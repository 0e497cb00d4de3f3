import assert from "node:assert/strict";
import { testConfig, testRequest } from "../helpers/generation-inputs";
import { echoOfTokenIds, generateChoices, promptTokenCount } from "../../src/generation/choice-set";
import { Rng } from "../../src/generation/rng";

const config = testConfig;

const request = testRequest;

const texts = (set: ReturnType<typeof generateChoices>) =>
  set.answers.map((answer) => (answer.kind === "text" ? answer.tokens.join("") : "tools"));

describe("choice sets (src/generation/choice-set.ts)", () => {
  it("orders choices prompt by prompt, n each, and totals them as vLLM's usage does", () => {
    const prompts = [{ text: "one two" }, { text: "", tokenIds: [7, 8, 9] }];
    const set = generateChoices(
      config({ mode: "echo" }),
      request({ n: 2 }),
      prompts,
      [2, 3],
      Rng.fromSeed(1),
    );
    assert.deepEqual(texts(set), ["one two", "one two", "7,8,9", "7,8,9"]);
    assert.equal(set.totalPromptTokens, 5);
    assert.equal(set.totalCompletionTokens, 10);
    assert.equal(set.longestChoiceTokens, 3);
    assert.equal(set.events, 3);
  });

  it("shares --max-response-bytes between the choices", () => {
    const text = "abcd ".repeat(20).trim();
    const set = generateChoices(
      config({ mode: "echo", maxResponseBytes: 36 }),
      request({ n: 4 }),
      [{ text }],
      [20],
      Rng.fromSeed(1),
    );
    for (const answer of set.answers) {
      assert.equal(answer.finishReason, "length");
      assert.equal(texts({ ...set, answers: [answer] })[0], "abcd");
    }
    const random = generateChoices(
      config({ maxResponseBytes: 64 }),
      request({ n: 8, maxTokens: 200, ignoreEos: true }),
      [{ text: "hi" }],
      [1],
      Rng.fromSeed(2),
    );
    for (const answer of random.answers) {
      assert.equal(answer.finishReason, "length");
      assert.ok(Buffer.byteLength(texts({ ...random, answers: [answer] })[0]) <= 8);
    }
  });

  it("echoes token ids as the reference does and counts a prompt by its ids or its text", () => {
    assert.deepEqual(echoOfTokenIds([1, 22, 333]), ["1,", "22,", "333"]);
    assert.equal(promptTokenCount({ text: "", tokenIds: [5, 5] }), 2);
    assert.equal(promptTokenCount({ text: "Hello, world" }), 3);
  });
});
