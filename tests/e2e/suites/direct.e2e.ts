/**
 * Suite 1, direct: every model's server answers on its own, bypassing the gateway — through a port-forward to
 * its Service (stack target), or at its process URL (local target). Proves the workloads run the simulator
 * with the right model name and that it speaks the OpenAI protocol: health, model list, a completion with
 * content and consistent usage, a stream that ends with [DONE].
 */
import { strict as assert } from "node:assert";
import { e2eContext } from "../context";
import {
  chatCompletionProblems,
  chatRequest,
  chatStreamProblems,
  listedModels,
} from "../lib/completion-checks";
import { http } from "../lib/http";
import {
  expectNoProblems,
  expectStatus,
  needsPortForward,
  portForwards,
  skipUnlessReady,
} from "../lib/suite";

const ctx = e2eContext();
const timeoutMs = ctx.options.requestTimeoutMs;

describe("direct: each model's server, bypassing the gateway", function () {
  const forwards = portForwards(ctx);

  before(async function () {
    if (needsPortForward(ctx)) skipUnlessReady(this, ctx, await ctx.kubectlMissing());
  });
  after(() => forwards.closeAll());

  for (const model of Object.values(ctx.outputs.models)) {
    describe(model.name, function () {
      let base = "";
      before(async () => {
        base = await forwards.baseUrl(model);
      });

      it("GET /health answers 200", async () => {
        expectStatus(await http(`${base}/health`, { timeoutMs }), 200, `GET ${base}/health`);
      });

      it(`GET /v1/models lists ${model.name}`, async () => {
        const r = await http(`${base}/v1/models`, { timeoutMs });
        expectStatus(r, 200, `GET ${base}/v1/models`);
        assert.ok(
          listedModels(r.json).includes(model.name),
          `the server lists ${JSON.stringify(listedModels(r.json))}, not ${model.name}: is it started with --model ${model.name}?`,
        );
      });

      it("a chat completion has content and usage with total = prompt + completion", async () => {
        const r = await http(`${base}/v1/chat/completions`, {
          body: chatRequest(model.name, { maxTokens: 16 }),
          timeoutMs,
        });
        expectStatus(r, 200, `POST ${base}/v1/chat/completions`);
        expectNoProblems(
          chatCompletionProblems(r.json, model.name),
          `the completion ${r.text.slice(0, 300)}`,
        );
      });

      it("a streamed chat completion sends chunks with content and usage, and ends with [DONE]", async () => {
        const r = await http(`${base}/v1/chat/completions`, {
          body: chatRequest(model.name, { maxTokens: 16, stream: true }),
          timeoutMs,
        });
        expectStatus(r, 200, `POST ${base}/v1/chat/completions (stream)`);
        assert.match(r.headers.get("content-type") ?? "", /^text\/event-stream/);
        expectNoProblems(chatStreamProblems(r.text, model.name), `the stream ending ${r.text.slice(-300)}`);
      });
    });
  }
});
