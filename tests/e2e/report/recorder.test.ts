import { strict as assert } from "node:assert";
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import Mocha from "mocha";
import type { HttpExchange } from "../lib/http";
import { HttpError, http, observeHttp } from "../lib/http";
import { evaluateRequestLimit } from "../lib/request-limit";
import { RunRecorder, suiteOf, tokensOf } from "./recorder";
import type { RunContext } from "./results";
import { noteSkipReason } from "./skip-reasons";
import { recordedResults } from "./fixtures/recorded";

const OUTPUTS = {
  models: {
    "model-a": { name: "model-a", inClusterUrl: "http://127.0.0.1:8001" },
    "model-b": { name: "model-b", inClusterUrl: "http://127.0.0.1:8002" },
  },
  tokens: { free: { token: "tok-free" }, premium: { token: "tok-premium" } },
  apiKeys: { free: { key: "sk-oai-free-key" } },
} as unknown as ConstructorParameters<typeof RunRecorder>[0];

const CONTEXT: RunContext = recordedResults().context;

/** A stand-in for a mocha runnable of `suites/<suite>.e2e.ts`. */
function runnable(title: string, suite: string, extra: object = {}): Mocha.Test {
  return {
    fullTitle: () => title,
    file: `/repo/tests/e2e/suites/${suite}.e2e.ts`,
    duration: 12,
    ...extra,
  } as unknown as Mocha.Test;
}

function exchange(
  url: string,
  fields: Partial<HttpExchange> & { status?: number; json?: unknown },
): HttpExchange {
  const { status, json, ...rest } = fields;
  return {
    url,
    method: "POST",
    request: { timeoutMs: 1000 },
    startedAt: 1000,
    ms: 5.04,
    ...(status !== undefined
      ? { result: { status, headers: new Headers(), text: JSON.stringify(json ?? {}), json, ms: 5 } }
      : {}),
    ...rest,
  };
}

describe("e2e report: the run recorder", () => {
  let runner: EventEmitter;
  let recorder: RunRecorder;
  let clock: number;

  beforeEach(() => {
    runner = new EventEmitter();
    clock = 500;
    recorder = new RunRecorder(OUTPUTS, () => clock);
    recorder.attach(runner as unknown as Mocha.Runner);
  });

  it("names the suite after the file of the running test or hook, `run` outside any", () => {
    assert.equal(suiteOf(runnable("x", "request-limits")), "request-limits");
    assert.equal(suiteOf(undefined), "run");
  });

  it("records which tier's token a request carried (never the token), its model, status, tokens and latency", () => {
    const test = runnable("tier access every tier", "tier-access");
    runner.emit("test", test);
    recorder.observe(
      exchange("http://127.0.0.1:9000/llm/model-a/v1/chat/completions", {
        request: { timeoutMs: 1000, token: "tok-free", body: { model: "model-a" } },
        status: 200,
        json: { model: "model-a", usage: { total_tokens: 7 } },
      }),
    );
    recorder.observe(
      exchange("http://127.0.0.1:9000/llm/model-b/v1/chat/completions", {
        request: { timeoutMs: 1000, token: "not-a-valid-token" },
        status: 401,
        startedAt: 900,
      }),
    );
    recorder.observe(
      exchange("http://127.0.0.1:8002/health", { method: "GET", status: 200, startedAt: 950 }),
    );
    const results = recorder.results(CONTEXT);
    assert.deepEqual(
      results.requests.map((r) => [r.t, r.credential, r.tier, r.model, r.status, r.tokens]),
      [
        [900, "invalid", undefined, "model-b", 401, undefined],
        [950, "none", undefined, "model-b", 200, undefined],
        [1000, "tier", "free", "model-a", 200, 7],
      ],
      "sorted by send time; model from the body, the /llm/<model>/ path, or the model server's URL",
    );
    assert.equal(results.requests[2]!.suite, "tier-access");
    assert.equal(results.requests[2]!.test, "tier access every tier");
    assert.equal(results.requests[2]!.ms, 5);
    assert.ok(!JSON.stringify(results).includes("tok-free"), "no token in the results");
  });

  it("records a tier's API key as credential apiKey with its tier, a foreign sk-oai- key as invalidKey (never a key)", () => {
    runner.emit("test", runnable("tier access keys", "tier-access"));
    for (const token of ["sk-oai-free-key", "sk-oai-not-a-valid-key"]) {
      recorder.observe(
        exchange("http://127.0.0.1:9000/llm/model-a/v1/chat/completions", {
          request: { timeoutMs: 1000, token, body: { model: "model-a" } },
          status: token === "sk-oai-free-key" ? 200 : 401,
        }),
      );
    }
    const results = recorder.results(CONTEXT);
    assert.deepEqual(
      results.requests.map((r) => [r.credential, r.tier, r.status]),
      [
        ["apiKey", "free", 200],
        ["invalidKey", undefined, 401],
      ],
    );
    assert.ok(!JSON.stringify(results).includes("sk-oai-free-key"), "no key in the results");
  });

  it("records a request that got no HTTP answer with its error code", () => {
    recorder.observe(
      exchange("http://127.0.0.1:8001/v1/models", {
        error: new HttpError("http://127.0.0.1:8001/v1/models", "ECONNREFUSED", "refused"),
      }),
    );
    const [r] = recorder.results(CONTEXT).requests;
    assert.equal(r!.status, undefined);
    assert.equal(r!.error, "ECONNREFUSED");
    assert.equal(r!.suite, "run");
  });

  it("reads the tokens of a streamed answer from its usage frame", () => {
    const stream =
      'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n' +
      'data: {"choices":[],"usage":{"total_tokens":12}}\n\ndata: [DONE]\n\n';
    assert.equal(tokensOf(undefined, stream), 12);
    assert.equal(tokensOf({ usage: { total_tokens: 3 } }, ""), 3);
    assert.equal(tokensOf(undefined, "not json"), undefined);
  });

  it("attributes the running test's 429s since its last verdict to the limit the verdict names", () => {
    const limits = {
      requests: { limit: 2, window: "1m", windowSeconds: 60 },
      tokens: { limit: 1000, window: "1m", windowSeconds: 60 },
    };
    const send = (status: number) =>
      recorder.observe(
        exchange("http://127.0.0.1:9000/llm/model-a/v1/chat/completions", {
          request: { timeoutMs: 1000, token: "tok-free" },
          status,
        }),
      );
    runner.emit("test", runnable("request limits free", "request-limits"));
    send(429);
    recorder.attribute(evaluateRequestLimit(limits, [{ status: 429 }]));
    [200, 200, 429].forEach(send);
    recorder.attribute(evaluateRequestLimit(limits, [{ status: 200 }, { status: 200 }, { status: 429 }]));
    runner.emit("test", runnable("request limits premium", "request-limits"));
    send(429);
    recorder.attribute(evaluateRequestLimit(limits, [{ status: 429 }, { status: 200 }]));
    assert.deepEqual(
      recorder.results(CONTEXT).requests.map((r) => [r.status, r.limit]),
      [
        [429, "earlier-counter"],
        [200, undefined],
        [200, undefined],
        [429, "requests"],
        [429, undefined],
      ],
    );
  });

  it("records passes, failures (hooks too) and skips with the reason noted on the test or its suite", () => {
    const suite = { title: "token limits", parent: undefined } as unknown as Mocha.Suite;
    const skippedBySuite = runnable("token limits premium", "token-limits", { parent: suite });
    const notApplicable = runnable("token limits enterprise", "token-limits", { parent: suite });
    noteSkipReason(suite, "no gateway answers");
    noteSkipReason(notApplicable, "not applicable: the limit is too high");
    const passing = runnable("direct health", "direct");
    runner.emit("test", passing);
    clock = 520;
    runner.emit("pass", passing);
    const hook = runnable('load "before all" hook', "load");
    runner.emit("hook", hook);
    runner.emit("fail", hook, new Error("kubectl is missing"));
    runner.emit("pending", skippedBySuite);
    runner.emit("pending", notApplicable);
    assert.deepEqual(
      recorder.results(CONTEXT).tests.map((t) => [t.suite, t.title, t.state, t.ms, t.t, t.message]),
      [
        ["direct", "direct health", "passed", 12, 500, undefined],
        ["load", 'load "before all" hook', "failed", 12, 520, "kubectl is missing"],
        ["token-limits", "token limits premium", "skipped", 0, 520, "no gateway answers"],
        [
          "token-limits",
          "token limits enterprise",
          "skipped",
          0,
          520,
          "not applicable: the limit is too high",
        ],
      ],
    );
  });

  it("sees every request a real mocha run sends through http(), tagged with its test", async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === "/fail" ? 500 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ usage: { total_tokens: 4 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const mocha = new Mocha({ reporter: Mocha.reporters.Base });
    const suite = Mocha.Suite.create(mocha.suite, "inner");
    suite.addTest(
      new Mocha.Test("sends one", async () => void (await http(`${base}/ok`, { timeoutMs: 2000 }))),
    );
    suite.addTest(
      new Mocha.Test("sends another", async () => void (await http(`${base}/fail`, { timeoutMs: 2000 }))),
    );
    const real = new RunRecorder(OUTPUTS);
    observeHttp(real.observe);
    try {
      await new Promise<void>((resolve) => real.attach(mocha.run(() => resolve())));
    } finally {
      observeHttp(undefined);
      server.close();
    }
    const results = real.results(CONTEXT);
    assert.deepEqual(
      results.requests.map((r) => [r.test, r.path, r.status, r.tokens]),
      [
        ["inner sends one", "/ok", 200, 4],
        ["inner sends another", "/fail", 500, undefined],
      ],
    );
    assert.deepEqual(
      results.tests.map((t) => [t.title, t.state]),
      [
        ["inner sends one", "passed"],
        ["inner sends another", "passed"],
      ],
    );
  });
});
