import assert from "node:assert/strict";
import type { RunningSimulator } from "../../src/http/server";
import { client, post, start, stopAll } from "../helpers/simulator";

/** Issue #14, item 10: request fields are typed and ranged as vLLM does (src/protocol/sampling-fields.ts). */

const CHAT = "/v1/chat/completions";
const messages = [{ role: "user", content: "hi" }];

type ErrorJson = { error: { message: string; type: string; param: string | null; code: number } };

describe("sampling fields (src/protocol/sampling-fields.ts, issue #14)", () => {
  after(stopAll);

  describe("request fields, checked as vLLM checks them (#10)", () => {
    let simulator: RunningSimulator;
    before(async () => {
      simulator = await start(["--model", "m"]);
    });

    const TEXT = "/v1/completions";
    const BAD: readonly [string, string, Record<string, unknown>, string][] = [
      ["temperature a string", CHAT, { temperature: "hot" }, "temperature"],
      ["temperature above 2", CHAT, { temperature: 2.5 }, "temperature"],
      ["temperature negative", TEXT, { temperature: -0.1 }, "temperature"],
      ["top_p zero", CHAT, { top_p: 0 }, "top_p"],
      ["top_p above 1", TEXT, { top_p: 1.5 }, "top_p"],
      ["top_p an array", CHAT, { top_p: [1] }, "top_p"],
      ["presence_penalty above 2", CHAT, { presence_penalty: 3 }, "presence_penalty"],
      ["frequency_penalty a boolean", TEXT, { frequency_penalty: true }, "frequency_penalty"],
      ["repetition_penalty zero", CHAT, { repetition_penalty: 0 }, "repetition_penalty"],
      ["chat logprobs a number", CHAT, { logprobs: 5 }, "logprobs"],
      ["text logprobs a boolean", TEXT, { logprobs: true }, "logprobs"],
      ["text logprobs negative", TEXT, { logprobs: -1 }, "logprobs"],
      ["top_logprobs without logprobs", CHAT, { top_logprobs: 3 }, "top_logprobs"],
      ["top_logprobs a string", CHAT, { logprobs: true, top_logprobs: "3" }, "top_logprobs"],
      ["stop a number", CHAT, { stop: 5 }, "stop"],
      ["stop with a number", TEXT, { stop: ["a", 5] }, "stop[1]"],
      ["stop with an empty string", CHAT, { stop: [""] }, "stop[0]"],
      ["response_format a string", CHAT, { response_format: "json" }, "response_format"],
      ["response_format of unknown type", CHAT, { response_format: { type: "xml" } }, "response_format.type"],
      [
        "response_format json_schema without a name",
        CHAT,
        { response_format: { type: "json_schema", json_schema: { schema: {} } } },
        "response_format.json_schema.name",
      ],
      ["logit_bias an array", CHAT, { logit_bias: [1] }, "logit_bias"],
      ["logit_bias with a word key", CHAT, { logit_bias: { hello: 1 } }, "logit_bias"],
      ["logit_bias with a string bias", TEXT, { logit_bias: { "42": "1" } }, "logit_bias.42"],
      ["user a number", CHAT, { user: 42 }, "user"],
      ["best_of a string", TEXT, { best_of: "2" }, "best_of"],
      ["best_of below n", TEXT, { best_of: 1, n: 2 }, "best_of"],
      ["echo a string", TEXT, { echo: "yes" }, "echo"],
      ["suffix a number", TEXT, { suffix: 3 }, "suffix"],
      ["seed beyond int64", CHAT, { seed: 1e20 }, "seed"],
      ["seed a fraction", CHAT, { seed: 1.5 }, "seed"],
      ["n zero", CHAT, { n: 0 }, "n"],
      ["n beyond vLLM's maximum", TEXT, { n: 100_000 }, "n"],
    ];

    for (const [name, path, fields, param] of BAD) {
      it(`answers 400 with param '${param}' for ${name}`, async () => {
        const base = path === CHAT ? { model: "m", messages } : { model: "m", prompt: "hi" };
        const response = await post(simulator, path, JSON.stringify({ ...base, ...fields }));
        assert.equal(response.status, 400, response.text);
        assert.equal((response.json as ErrorJson).error.param, param, response.text);
      });
    }

    it("accepts the values vLLM accepts", async () => {
      const openai = client(simulator);
      const chat = await openai.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
        temperature: 0,
        top_p: 1,
        presence_penalty: -2,
        frequency_penalty: 2,
        logprobs: true,
        top_logprobs: 5,
        stop: ["\n", "END"],
        response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
        logit_bias: { "50256": -100 },
        user: "u",
        seed: -1,
        n: 2,
      });
      assert.equal(chat.object, "chat.completion");
      const text = await openai.completions.create({
        model: "m",
        prompt: "hi",
        temperature: 2,
        logprobs: 0,
        best_of: 3,
        n: 2,
        echo: false,
        suffix: "!",
        stop: "END",
        seed: 9_007_199_254_740_991,
      });
      assert.equal(text.object, "text_completion");
    });
  });
});
