import assert from "node:assert/strict";
import Ajv from "ajv";
import type OpenAI from "openai";
import { countTokens } from "../../src/generation/tokenizer";
import type { RunningSimulator } from "../../src/http/server";
import { type ChildSimulator, spawnSimulator } from "../helpers/child-simulator";
import { client, post, start, stopAll } from "../helpers/simulator";

/** Issue #14: tool schemas cost a bounded amount of work (src/protocol/tool-schema-budget.ts, src/generation/). */

const CHAT = "/v1/chat/completions";
const messages = [{ role: "user", content: "hi" }];

type ErrorJson = { error: { message: string; type: string; param: string | null; code: number } };

function tool(parameters: unknown) {
  return [{ type: "function", function: { name: "f", parameters } }];
}

function chatBody(extra: Record<string, unknown>): string {
  return JSON.stringify({ model: "m", messages, ...extra });
}

/** JSON text of `{"inner":…}` nested `depth` times around a string (JSON.stringify itself overflows here). */
function nestedJson(depth: number): string {
  return '{"inner":'.repeat(depth) + '"leaf"' + "}".repeat(depth);
}

async function timed<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("tool schema budgets (src/protocol/tool-schema-budget.ts, issue #14)", () => {
  after(stopAll);

  describe("tool schemas", () => {
    let simulator: RunningSimulator;
    before(async () => {
      simulator = await start(["--model", "m", "--seed", "3"]);
    });

    it("answers a schema with four required `$ref: '#'` properties quickly, cut at the context window (#2)", async function () {
      this.timeout(30_000);
      // Runs in its own process: before the fix this request froze the event loop for over a minute.
      const child: ChildSimulator = await spawnSimulator(["--model", "m", "--seed", "3"]);
      try {
        const parameters = {
          type: "object",
          properties: { a: { $ref: "#" }, b: { $ref: "#" }, c: { $ref: "#" }, d: { $ref: "#" } },
          required: ["a", "b", "c", "d"],
        };
        const started = performance.now();
        const answer = timed(
          fetch(`${child.url}${CHAT}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: chatBody({ tools: tool(parameters), tool_choice: "required" }),
          }),
          5000,
          "recursive schema",
        );
        const health = await timed(fetch(`${child.url}/health`), 1000, "/health during the request");
        assert.equal(health.status, 200);
        const response = await answer;
        const json = (await response.json()) as {
          choices: { finish_reason: string }[];
          usage: { completion_tokens: number; prompt_tokens: number };
        };
        assert.equal(response.status, 200);
        assert.equal(json.choices[0].finish_reason, "length");
        assert.equal(json.usage.completion_tokens, 1024 - json.usage.prompt_tokens);
        assert.ok(performance.now() - started < 5000);
      } finally {
        child.kill();
      }
    });

    it("answers 200 for a recursive `$ref` inside anyOf/oneOf (#3)", async () => {
      for (const keyword of ["anyOf", "oneOf"]) {
        const parameters = {
          type: "object",
          properties: { next: { [keyword]: [{ $ref: "#/properties/next" }] } },
          required: ["next"],
        };
        const response = await post(
          simulator,
          CHAT,
          chatBody({ tools: tool(parameters), tool_choice: "required" }),
        );
        assert.equal(response.status, 200, `${keyword}: ${response.text.slice(0, 300)}`);
      }
    });

    it("rejects a const or enum nested 5,000 levels deep with a 400 naming the depth limit (#4)", async () => {
      for (const keyword of ["const", "enum"]) {
        const deep = nestedJson(5000);
        const x = keyword === "const" ? `{"const":${deep}}` : `{"enum":[${deep}]}`;
        const parameters = `{"type":"object","properties":{"x":${x}},"required":["x"]}`;
        const response = await post(
          simulator,
          CHAT,
          `{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"required","tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`,
        );
        assert.equal(response.status, 400, `${keyword}: ${response.text.slice(0, 300)}`);
        const error = (response.json as ErrorJson).error;
        assert.match(error.message, /--max-tool-schema-depth/);
        assert.equal(error.param, "tools[0].function.parameters");
      }
    });

    it("rejects schemas over the node and size budgets, naming the limit, even with --skip-tool-validation", async () => {
      const lenient = await start([
        "--model",
        "m",
        "--skip-tool-validation",
        "--max-tool-schema-nodes",
        "50",
      ]);
      const wide = {
        type: "object",
        properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, { type: "integer" }])),
      };
      const response = await post(lenient, CHAT, chatBody({ tools: tool(wide) }));
      assert.equal(response.status, 400, response.text);
      assert.match((response.json as ErrorJson).error.message, /--max-tool-schema-nodes/);
      // A DAG of refs doubling at each level expands past the node budget without being large itself.
      const defs: Record<string, unknown> = { d0: { type: "integer" } };
      for (let i = 1; i <= 30; i++)
        defs[`d${i}`] = {
          type: "object",
          properties: { l: { $ref: `#/$defs/d${i - 1}` }, r: { $ref: `#/$defs/d${i - 1}` } },
        };
      const dag = { type: "object", properties: { top: { $ref: "#/$defs/d30" } }, $defs: defs };
      const expanded = await post(simulator, CHAT, chatBody({ tools: tool(dag), tool_choice: "required" }));
      assert.equal(expanded.status, 400, expanded.text.slice(0, 300));
      assert.match((expanded.json as ErrorJson).error.message, /--max-tool-schema-nodes/);
      const bigConst = {
        type: "object",
        properties: { x: { const: "x".repeat(3 * 1024 * 1024) } },
        required: ["x"],
      };
      const big = await post(simulator, CHAT, chatBody({ tools: tool(bigConst), tool_choice: "required" }));
      assert.equal(big.status, 400, big.text.slice(0, 300));
      assert.match((big.json as ErrorJson).error.message, /--max-tool-schema-bytes/);
    });

    it("keeps tool-call answers within max_tokens and the context window, with usage as sent (#5)", async () => {
      const openai = client(simulator);
      const parameters = {
        type: "object",
        properties: { items: { type: "array", minItems: 200, items: { type: "string", minLength: 40 } } },
        required: ["items"],
      };
      for (const [maxTokens, stream] of [
        [1, false],
        [7, false],
        [50, true],
        [undefined, false],
        [undefined, true],
      ] as const) {
        const request = {
          model: "m",
          messages: [{ role: "user" as const, content: "call f" }],
          tools: tool(parameters) as OpenAI.Chat.Completions.ChatCompletionTool[],
          tool_choice: "required" as const,
          ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
        };
        let finish: string | null;
        let completionTokens: number;
        let promptTokens: number;
        let argumentsText = "";
        if (stream) {
          const chunks = await openai.chat.completions.create({
            ...request,
            stream: true,
            stream_options: { include_usage: true },
          });
          finish = null;
          completionTokens = -1;
          promptTokens = -1;
          for await (const chunk of chunks) {
            for (const call of chunk.choices[0]?.delta.tool_calls ?? [])
              argumentsText += call.function?.arguments ?? "";
            finish = chunk.choices[0]?.finish_reason ?? finish;
            if (chunk.usage) {
              completionTokens = chunk.usage.completion_tokens;
              promptTokens = chunk.usage.prompt_tokens;
            }
          }
        } else {
          const answer = await openai.chat.completions.create(request);
          finish = answer.choices[0].finish_reason;
          completionTokens = answer.usage?.completion_tokens ?? -1;
          promptTokens = answer.usage?.prompt_tokens ?? -1;
          for (const call of answer.choices[0].message.tool_calls ?? [])
            if (call.type === "function") argumentsText += call.function.arguments;
        }
        const limit = maxTokens ?? 1024 - promptTokens;
        assert.equal(finish, "length", `max_tokens ${maxTokens}, stream ${stream}`);
        assert.equal(completionTokens, limit, `max_tokens ${maxTokens}, stream ${stream}`);
        assert.equal(countTokens(argumentsText), Math.max(0, limit - 3));
      }
    });

    it("generates arguments that keep their own schema: required __proto__/constructor, fractional integer bounds (#10)", async () => {
      const ajv = new Ajv({ strict: false, logger: false });
      // JSON text: in an object literal `__proto__` would set the prototype instead of being a key.
      const schemas = [
        '{"type":"object","properties":{"__proto__":{"type":"integer"},"constructor":{"type":"string"},"toString":{"type":"boolean"}},"required":["__proto__","constructor","toString","hasOwnProperty"]}',
        '{"type":"object","properties":{"n":{"type":"integer","minimum":0.5,"maximum":1.6}},"required":["n"]}',
        '{"type":"object","properties":{"n":{"type":"integer","exclusiveMinimum":0.5,"maximum":1.9}},"required":["n"]}',
        '{"type":"object","properties":{"n":{"type":"integer","minimum":-1.5,"exclusiveMaximum":-0.5}},"required":["n"]}',
      ];
      for (const parameters of schemas) {
        const body = `{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"required","tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`;
        const validate = ajv.compile(JSON.parse(parameters) as object);
        for (let i = 0; i < 10; i++) {
          const response = await post(simulator, CHAT, body);
          assert.equal(response.status, 200, response.text);
          const call = (
            response.json as { choices: { message: { tool_calls: { function: { arguments: string } }[] } }[] }
          ).choices[0].message.tool_calls[0];
          const args = JSON.parse(call.function.arguments) as unknown;
          assert.ok(
            validate(args),
            `${call.function.arguments} breaks ${parameters}: ${ajv.errorsText(validate.errors)}`,
          );
        }
      }
      const empty = {
        type: "object",
        properties: { n: { type: "integer", minimum: 0.5, maximum: 0.6 } },
        required: ["n"],
      };
      const response = await post(simulator, CHAT, chatBody({ tools: tool(empty), tool_choice: "required" }));
      assert.equal(response.status, 400, response.text);
      assert.equal((response.json as ErrorJson).error.param, "tools[0].function.parameters.properties.n");
    });
  });
});
