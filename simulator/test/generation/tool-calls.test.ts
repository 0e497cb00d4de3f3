import assert from "node:assert/strict";
import Ajv, { type ValidateFunction } from "ajv";
import type OpenAI from "openai";
import type { RunningSimulator } from "../../src/http/server";
import { client, post, start, stopAll } from "../helpers/simulator";

const WEATHER_PARAMETERS = {
  type: "object",
  properties: {
    city: { type: "string", minLength: 3 },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    days: { type: "integer", minimum: 1, maximum: 14 },
    threshold: { type: "number", exclusiveMinimum: 0, maximum: 1 },
    hourly: { type: "boolean" },
    tags: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 4 },
    location: {
      type: "object",
      properties: { lat: { type: "number" }, lon: { type: "number" }, label: { type: ["string", "null"] } },
      required: ["lat", "lon"],
    },
    when: { $ref: "#/$defs/moment" },
  },
  required: ["city", "days", "tags", "location", "when"],
  $defs: {
    moment: {
      anyOf: [
        { type: "string", format: "date" },
        { type: "integer", minimum: 0 },
      ],
    },
  },
} as const;

const BOOK_PARAMETERS = {
  type: "object",
  properties: { seats: { type: "integer" } },
  required: ["seats"],
} as const;

const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: "function",
    function: { name: "get_weather", description: "Weather", parameters: WEATHER_PARAMETERS },
  },
  {
    type: "function",
    function: {
      name: "book",
      parameters: BOOK_PARAMETERS,
    },
  },
];

describe("tool calls (src/generation/tool-calls.ts)", () => {
  after(stopAll);
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await start(["--model", "m", "--seed", "5"]);
  });

  it("makes tool calls whose arguments follow each tool's JSON schema", async () => {
    const ajv = new Ajv({ strict: false, logger: false });
    const validators = new Map<string, ValidateFunction>([
      ["get_weather", ajv.compile(WEATHER_PARAMETERS)],
      ["book", ajv.compile(BOOK_PARAMETERS)],
    ]);
    const openai = client(simulator);
    let calls = 0;
    for (let i = 0; i < 30; i++) {
      const answer = await openai.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "weather in Lisbon?" }],
        tools: TOOLS,
        tool_choice: "required",
      });
      const choice = answer.choices[0];
      assert.equal(choice.finish_reason, "tool_calls");
      assert.equal(choice.message.content, null);
      const toolCalls = choice.message.tool_calls ?? [];
      assert.ok(toolCalls.length >= 1 && toolCalls.length <= 2);
      for (const call of toolCalls) {
        assert.equal(call.type, "function");
        assert.match(call.id, /^chatcmpl-tool-\d{10}$/);
        const fn = (call as { function: { name: string; arguments: string } }).function;
        const validate = validators.get(fn.name);
        assert.ok(validate, `unknown function ${fn.name}`);
        assert.ok(validate(JSON.parse(fn.arguments)), `${fn.arguments}: ${ajv.errorsText(validate.errors)}`);
        calls++;
      }
      assert.ok((answer.usage?.completion_tokens ?? 0) > 3 * toolCalls.length);
    }
    assert.ok(calls >= 30);
  });

  it("calls the named function, never one with tool_choice none, and streams tool calls", async () => {
    const openai = client(simulator);
    const named = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "book" }],
      tools: TOOLS,
      tool_choice: { type: "function", function: { name: "book" } },
    });
    const calls = named.choices[0].message.tool_calls ?? [];
    assert.equal(calls.length, 1);
    assert.equal((calls[0] as { function: { name: string } }).function.name, "book");

    const none = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "just talk" }],
      tools: TOOLS,
      tool_choice: "none",
    });
    assert.equal(none.choices[0].finish_reason === "tool_calls", false);
    assert.equal(typeof none.choices[0].message.content, "string");

    const stream = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "book" }],
      tools: TOOLS,
      tool_choice: { type: "function", function: { name: "book" } },
      stream: true,
    });
    let args = "";
    let name = "";
    let finish = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      for (const call of delta?.tool_calls ?? []) {
        name ||= call.function?.name ?? "";
        args += call.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, "book");
    assert.equal(typeof JSON.parse(args).seats, "number");
    assert.equal(finish, "tool_calls");
  });

  it("keeps generated arguments bounded: a 400 for a schema asking too much, a cap without validation", async () => {
    const huge = (parameters: Record<string, unknown>) => ({
      model: "m",
      messages: [{ role: "user", content: "go" }],
      tools: [{ type: "function", function: { name: "big", parameters } }],
      tool_choice: "required",
    });
    const tooMany = { type: "object", properties: { xs: { type: "array", minItems: 2_000_000 } } };
    const rejected = await post(simulator, "/v1/chat/completions", JSON.stringify(huge(tooMany)));
    assert.equal(rejected.status, 400);
    assert.match(
      (rejected.json as { error: { message: string } }).error.message,
      /tools\[0\]\.function\.parameters\.properties\.xs\.minItems' is 2000000; the simulator generates at most 256/,
    );
    const tooLong = { type: "object", properties: { s: { type: "string", minLength: 100_000_000 } } };
    assert.equal((await post(simulator, "/v1/chat/completions", JSON.stringify(huge(tooLong)))).status, 400);

    // Without validation, nested arrays allowed up to 10^9 items each still make a bounded answer: cut
    // at the context window, as a model would be, with finish_reason "length".
    const unchecked = await start(["--model", "m", "--seed", "5", "--skip-tool-validation"]);
    const nested = {
      type: "object",
      properties: {
        grid: {
          type: "array",
          minItems: 2_000_000,
          items: { type: "array", maxItems: 1_000_000_000, items: { type: "string", minLength: 1e9 } },
        },
      },
      required: ["grid"],
    };
    const answer = await post(unchecked, "/v1/chat/completions", JSON.stringify(huge(nested)));
    assert.equal(answer.status, 200);
    const body = answer.json as {
      choices: { finish_reason: string; message: { tool_calls: { function: { arguments: string } }[] } }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    assert.equal(body.choices[0].finish_reason, "length");
    assert.equal(body.usage.completion_tokens, 1024 - body.usage.prompt_tokens);
    const args = body.choices[0].message.tool_calls[0].function.arguments;
    assert.ok(args.startsWith('{"grid":[['), args.slice(0, 40));
    assert.ok(args.length < 100_000, `arguments are ${args.length} characters long`);
  });
});
