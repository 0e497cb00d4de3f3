import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";
import { managedModelOutput, modelOutput } from "../../../components/outputs/endpoints";
import { stackConfig } from "../../helpers/stack-config";
import { routedUrl } from "./routed-url";

const created = { name: "model-a", namespace: "llm", service: "model-a-kserve-workload-svc", port: 8000 };
const PATHS = ["/v1/chat/completions", "/v1/completions", "/v1/models"] as const;

describe("e2e: gateway URLs from the outputs' routes (tests/e2e/lib/routed-url.ts)", () => {
  it("maas-subscriptions: the managed route's prefix rewrite reaches /v1/models; every URL is the outputs' own", () => {
    const config = parseStackConfig(stackConfig("dev", { platform: "maas-subscriptions" }));
    const m = managedModelOutput(config, created);
    const base = config.gateway.baseUrl;
    assert.ok(!m.routes.some((r) => r.rewrite === "/v1/models"), "no exact rule: only the prefix reaches it");
    assert.equal(routedUrl(base, m, "/v1/models"), m.gatewayUrls.models);
    assert.equal(routedUrl(base, m, "/v1/chat/completions"), m.gatewayUrls.chatCompletions);
    assert.equal(routedUrl(base, m, "/v1/completions"), m.gatewayUrls.completions);
    assert.equal(routedUrl(`${base}/`, m, "/health"), `${base}/llm/model-a/health`);
  });

  it("maas-kind: a path outside the configured paths is not routed", () => {
    const dev = parseStackConfig(stackConfig("dev"));
    const config = { ...dev, models: dev.models.map((m) => ({ ...m, paths: ["/v1/chat/completions"] })) };
    const m = modelOutput(config, created);
    assert.equal(routedUrl(config.gateway.baseUrl, m, "/v1/chat/completions"), m.gatewayUrls.chatCompletions);
    assert.equal(routedUrl(config.gateway.baseUrl, m, "/v1/models"), undefined);
    const all = modelOutput(dev, created);
    for (const p of PATHS) assert.ok(routedUrl(dev.gateway.baseUrl, all, p), p);
  });
});
