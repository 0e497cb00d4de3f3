import assert from "node:assert/strict";
import OpenAI from "openai";
import { client, start, stopAll } from "../helpers/simulator";

/*
 * Tool schemas whose enum/const contradict the declared type are refused, as the peer refuses
 * invalidTools in pkg/llm-d-inference-sim/tools_test.go @ v0.5.1 ("invalid tools" table); generated
 * arguments then always have their declared type.
 */
const fn = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: "function" as const,
  function: { name: "f", parameters: { type: "object", properties, required } },
});

describe("tool schema types (src/protocol/tools.ts)", () => {
  after(stopAll);

  it("answers 400 for enum or const values of another type than declared, and for unknown types", async () => {
    const openai = client(await start(["--model", "m"]));
    for (const property of [
      { type: "string", enum: [5, 6] },
      { type: "integer", enum: [1, 2.5] },
      { type: "boolean", enum: ["true"] },
      { type: ["string", "null"], enum: ["a", 3] },
      { type: "number", const: "7" },
      { type: "stringstring" },
    ]) {
      await assert.rejects(
        openai.chat.completions.create({
          model: "m",
          messages: [{ role: "user", content: "hi" }],
          tools: [fn({ unit: property })],
          tool_choice: "required",
        }),
        (error: unknown) => error instanceof OpenAI.BadRequestError && /unit/.test(error.message),
        JSON.stringify(property),
      );
    }
  });

  it("generates arguments of the declared type from a consistent enum", async () => {
    const openai = client(await start(["--model", "m", "--seed", "5"]));
    for (let i = 0; i < 5; i++) {
      const answer = await openai.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        tools: [
          fn({
            level: { type: "integer", enum: [1, 2, 3] },
            unit: { type: ["string", "null"], enum: ["C", null] },
            exact: { type: "number", const: 2.5 },
          }),
        ],
        tool_choice: "required",
      });
      for (const call of answer.choices[0].message.tool_calls ?? []) {
        assert.ok(call.type === "function");
        const args = JSON.parse(call.function.arguments) as { level: unknown; unit: unknown; exact: unknown };
        assert.ok(Number.isInteger(args.level) && [1, 2, 3].includes(args.level as number));
        assert.ok(args.unit === "C" || args.unit === null);
        assert.equal(args.exact, 2.5);
      }
    }
  });

  it("keeps accepting a function without parameters or description (arguments {}), unlike the peer", async () => {
    const openai = client(await start(["--model", "m"]));
    const answer = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "ping" } }],
      tool_choice: "required",
    });
    const calls = answer.choices[0].message.tool_calls ?? [];
    assert.ok(calls.length >= 1);
    for (const call of calls) {
      assert.ok(call.type === "function");
      assert.equal(call.function.arguments, "{}");
    }
  });
});
