/**
 * Suite 6, load: `--concurrency` clients for `--duration` seconds send chat completions straight to the models
 * (port-forwards on the stack target, process URLs on the local target), spread round-robin over the models;
 * then a table of requests/s, p50/p95/p99 latency and errors per model and in total. Fails above
 * `--max-error-rate`. The gateway is left out on purpose: its rate limits would turn a load test into a
 * rate-limit test.
 */
import { strict as assert } from "node:assert";
import { e2eContext } from "../context";
import { chatCompletionProblems, chatRequest } from "../lib/completion-checks";
import { HttpError, http } from "../lib/http";
import type { LoadSample } from "../lib/load";
import { formatLoadTable, loadProblem, summarizeLoad } from "../lib/load";
import { needsPortForward, portForwards, skipUnlessReady } from "../lib/suite";

const ctx = e2eContext();
const { concurrency, duration, maxErrorRate, requestTimeoutMs } = ctx.options;

describe(`load: ${concurrency} concurrent clients for ${duration} s, straight to the models`, function () {
  const forwards = portForwards(ctx);
  const targets: { model: string; url: string }[] = [];

  before(async function () {
    if (needsPortForward(ctx)) skipUnlessReady(this, ctx, await ctx.kubectlMissing());
    for (const model of Object.values(ctx.outputs.models)) {
      targets.push({ model: model.name, url: `${await forwards.baseUrl(model)}/v1/chat/completions` });
    }
  });
  after(() => forwards.closeAll());

  it(`error rate at most ${maxErrorRate}%`, async function () {
    this.timeout((duration + 10) * 1000 + requestTimeoutMs);
    const samples: LoadSample[] = [];
    const start = performance.now();
    const end = start + duration * 1000;
    const client = async (i: number) => {
      const { model, url } = targets[i % targets.length]!;
      const body = chatRequest(model, { maxTokens: 16 });
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await http(url, { body, timeoutMs: requestTimeoutMs });
          const problems = r.status === 200 ? chatCompletionProblems(r.json, model) : [];
          const ok = r.status === 200 && problems.length === 0;
          samples.push({ model, ms: r.ms, ok, ...(ok ? {} : { error: problems[0] ?? String(r.status) }) });
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          samples.push({ model, ms: performance.now() - t0, ok: false, error: err.code });
        }
      }
    };
    const stop = ctx.track("load run", duration * 1000);
    try {
      await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
    } finally {
      stop();
    }
    const seconds = (performance.now() - start) / 1000;
    const rows = summarizeLoad(samples, seconds);
    ctx.log(formatLoadTable(rows));
    const problem = loadProblem(rows, maxErrorRate, samples);
    if (problem) assert.fail(problem);
  });
});
