import { strict as assert } from "node:assert";
import type { RunningSimulator } from "../../../simulator/src/index";
import { startSimulator } from "../../../simulator/src/index";
import { modelRouteRules } from "../../../components/routing/route-rules";
import type { LocalGateway } from "./gateway";
import { pathModel, startLocalGateway } from "./gateway";
import { PolicyEmulator } from "./policy";
import { http } from "../lib/http";
import { FREE, PREMIUM } from "../lib/decision-test-data";

const paths = ["/v1/chat/completions", "/v1/completions", "/v1/models"];
const rules = ["model-a", "model-b"].flatMap((model) =>
  modelRouteRules({ model, namespace: "llm", service: `${model}-svc`, port: 8000, paths }),
);
const chat = (maxTokens: number, extra: object = {}) => ({
  messages: [{ role: "user", content: "Hello there" }],
  max_tokens: maxTokens,
  ignore_eos: true,
  ...extra,
});

/** The suites' own client; a body that is not JSON (a stream) reads as `{}`. */
async function call(url: string, init: { method?: string; body?: object; token?: string } = {}) {
  const r = await http(url, { timeoutMs: 15_000, ...init });
  return { status: r.status, json: (r.json ?? {}) as Record<string, unknown>, text: r.text };
}

describe("e2e local target: the local gateway (tests/e2e/local/gateway.ts)", () => {
  const sims: RunningSimulator[] = [];
  const gateways: LocalGateway[] = [];
  let backends: Map<string, string>;

  before(async () => {
    for (const model of ["model-a", "model-b"]) sims.push(await startSimulator({ args: ["--model", model] }));
    backends = new Map([
      ["model-a-svc:8000", sims[0]!.url],
      ["model-b-svc:8000", sims[1]!.url],
    ]);
  });
  after(async () => {
    await Promise.all([...gateways.map((g) => g.close()), ...sims.map((s) => s.close())]);
  });

  it("reads the model from the path as the MaaS authorisation does", () => {
    assert.equal(pathModel("/llm/model-a/v1/models?x=1"), "model-a");
    assert.equal(pathModel("/llm"), undefined);
  });

  it("routes by PathPrefix to the rule's backend with the prefix rewritten, streams included", async () => {
    const gw = await startLocalGateway({ rules, backends });
    gateways.push(gw);
    const a = await call(`${gw.url}/llm/model-a/v1/chat/completions`, { body: chat(3) });
    assert.equal(a.status, 200);
    assert.equal(a.json.model, "model-a");
    const b = await call(`${gw.url}/llm/model-b/v1/models?verbose=1`);
    assert.deepEqual(
      (b.json.data as { id: string }[]).map((m) => m.id),
      ["model-b"],
    );
    const stream = await call(`${gw.url}/llm/model-b/v1/completions`, {
      body: { prompt: "Hi", max_tokens: 4, ignore_eos: true, stream: true },
    });
    assert.equal(stream.status, 200);
    assert.match(stream.text, /"model":"model-b"/);
    assert.ok(stream.text.trimEnd().endsWith("data: [DONE]"));
  });

  it("answers 404 outside every prefix (element-wise, as PathPrefix) and 503 for a backend without endpoints", async () => {
    const gw = await startLocalGateway({ rules, backends: new Map([["model-a-svc:8000", sims[0]!.url]]) });
    gateways.push(gw);
    for (const path of ["/llm/model-a/v1/modelsx", "/llm/model-c/v1/models", "/v1/models", "/"]) {
      const r = await call(`${gw.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.match(String((r.json.error as { message: string }).message), /no route matches/);
    }
    const r = await call(`${gw.url}/llm/model-b/v1/models`);
    assert.equal(r.status, 503);
    assert.match(r.text, /no endpoints for service model-b-svc:8000/);
  });

  it("with the emulated policy: 401, 403, request limit, and token limit counted from the answers' usage", async () => {
    const tiers = [
      { name: "free", allowedModels: ["model-a"], limits: FREE },
      { name: "premium", allowedModels: ["model-a", "model-b"], limits: PREMIUM },
    ];
    const policy = new PolicyEmulator(tiers, { free: "f", premium: "p" });
    const gw = await startLocalGateway({ rules, backends, policy });
    gateways.push(gw);
    const url = (m: string) => `${gw.url}/llm/${m}/v1/chat/completions`;
    assert.equal((await call(url("model-a"), { body: chat(1) })).status, 401);
    assert.equal((await call(url("model-a"), { body: chat(1), token: "nope" })).status, 401);
    assert.equal((await call(url("model-b"), { body: chat(1), token: "f" })).status, 403);
    assert.equal((await call(url("model-b"), { body: chat(1), token: "p" })).status, 200);
    // free: 100 tokens per window. Two streamed answers of 50 completion tokens pass it; the third is refused.
    const streamed = chat(50, { stream: true, stream_options: { include_usage: true } });
    const first = await call(url("model-a"), { body: streamed, token: "f" });
    assert.equal(first.status, 200);
    assert.match(first.text, /"total_tokens":52/);
    assert.equal((await call(url("model-a"), { body: streamed, token: "f" })).status, 200);
    const refused = await call(url("model-a"), { body: chat(1), token: "f" });
    assert.equal(refused.status, 429);
    assert.match(refused.text, /token rate limit of tier free \(100 per 1m\) reached: 104 used/);
    // Each refusal by the token limit still counted as a request (the request check comes first): requests 4
    // and 5 pass it and are refused by the token limit, the 6th is refused by the request limit.
    for (const _ of [4, 5]) {
      assert.match((await call(url("model-a"), { body: chat(1), token: "f" })).text, /token rate limit/);
    }
    const sixth = await call(url("model-a"), { body: chat(1), token: "f" });
    assert.equal(sixth.status, 429);
    assert.match(sixth.text, /request rate limit of tier free \(5 per 2m\) reached/);
  });

  it("emulating maas-subscriptions: a tier's API key reaches its subscription's models, and its answers count on the tier's tokens", async () => {
    const tiers = [
      {
        name: "free",
        allowedModels: ["model-a"],
        limits: { tokens: FREE.tokens },
        subscription: "free-subscription",
      },
    ];
    const key = "sk-oai-local-free";
    const policy = new PolicyEmulator(tiers, { free: "f" }, Date.now, {
      free: { key, subscription: "free-subscription", expiresAt: "2999-01-01T00:00:00Z" },
    });
    const gw = await startLocalGateway({ rules, backends, policy });
    gateways.push(gw);
    const url = (m: string) => `${gw.url}/llm/${m}/v1/chat/completions`;
    assert.equal((await call(url("model-b"), { body: chat(1), token: key })).status, 403);
    assert.equal(
      (await call(url("model-a"), { body: chat(1), token: "sk-oai-not-a-valid-key" })).status,
      401,
    );
    // No request limit: the key's answers (60 + 60 tokens) exhaust the tier's 100 tokens, then the token is refused.
    assert.equal((await call(url("model-a"), { body: chat(58), token: key })).status, 200);
    assert.equal((await call(url("model-a"), { body: chat(58), token: key })).status, 200);
    const refused = await call(url("model-a"), { body: chat(1), token: "f" });
    assert.equal(refused.status, 429);
    assert.match(refused.text, /token rate limit of tier free \(100 per 1m\) reached: 120 used/);
  });
});
