import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import {
  MANAGED_ROUTE_PORT,
  managedRouteName,
  managedRouteRules,
} from "../../../components/subscriptions/managed-route";
import { resolveRoute } from "../../../components/routing/route-rules";
import { CRD_DIR } from "../../helpers/crd-validator";

/** KServe v0.17.0's well-known route config, vendored unmodified. */
const ROUTE_CONFIG = path.join(CRD_DIR, "kserve@v0.17.0/config/llmisvcconfig/config-llm-router-route.yaml");

interface Rule {
  backendRefs: { group?: string; kind: string; name: string; port: number }[];
  matches: { path: { type: string; value: string } }[];
  filters: { type: string; urlRewrite: { path: { type: string; replacePrefixMatch: string } } }[];
}

/**
 * The template's rules for one service as KServe v0.17.0 renders them without a scheduler: the Go template over
 * the service's metadata (the three forms the file uses), then config_merge.go's rewrite of every InferencePool
 * backend to the Service `<name>-kserve-workload-svc`.
 */
function renderedRules(namespace: string, name: string): Rule[] {
  const text = readFileSync(ROUTE_CONFIG, "utf8").replace(/\{\{(.*?)\}\}/g, (_m, e: string) => {
    const expr = e.trim();
    if (expr === ".ObjectMeta.Namespace") return namespace;
    if (expr === ".ObjectMeta.Name") return name;
    const child = /^ChildName \.ObjectMeta\.Name `([^`]*)`$/.exec(expr);
    if (child) return name + child[1];
    if (/^\.GlobalConfig\./.test(expr)) return "gateway-from-global-config";
    throw new Error(`unmodelled template expression ${expr}`);
  });
  const rules = (parse(text) as { spec: { router: { route: { http: { spec: { rules: Rule[] } } } } } }).spec
    .router.route.http.spec.rules;
  return rules.map((r) => ({
    ...r,
    backendRefs: r.backendRefs.map((b) =>
      b.kind === "InferencePool"
        ? { ...b, group: "", kind: "Service", name: `${name}-kserve-workload-svc` }
        : b,
    ),
  }));
}

describe("KServe's managed route (components/subscriptions/managed-route.ts)", () => {
  const input = { namespace: "llm", model: "model-a", service: "model-a-kserve-workload-svc" };

  it("is the vendored v0.17.0 route template, rendered for the model without a scheduler", () => {
    const ours = managedRouteRules(input);
    const theirs = renderedRules("llm", "model-a");
    assert.equal(ours.length, theirs.length);
    ours.forEach((rule, i) => {
      const t = theirs[i]!;
      assert.deepEqual(rule.matches, t.matches, `rule ${i} matches`);
      assert.deepEqual(rule.filters, t.filters, `rule ${i} filters`);
      assert.deepEqual(
        rule.backendRefs.map((b) => ({ group: b.group, kind: b.kind, name: b.name, port: b.port })),
        t.backendRefs.map((b) => ({ group: b.group ?? "", kind: b.kind, name: b.name, port: b.port })),
        `rule ${i} backend`,
      );
    });
    assert.equal(MANAGED_ROUTE_PORT, 8000);
    assert.equal(managedRouteName("model-a"), "model-a-kserve-route");
  });

  it("routes every path under /<namespace>/<model>/ to the model, rewritten to the server's own path", () => {
    const rules = managedRouteRules(input);
    const cases: [string, string | undefined][] = [
      ["/llm/model-a/v1/chat/completions", "/v1/chat/completions"],
      ["/llm/model-a/v1/completions?x=1", "/v1/completions?x=1"],
      ["/llm/model-a/v1/models", "/v1/models"],
      ["/llm/model-a", "/"],
      ["/llm/model-ab/v1/models", undefined],
      ["/llm/model-b/v1/models", undefined],
    ];
    for (const [request, expected] of cases)
      assert.equal(resolveRoute(rules, request)?.path, expected, request);
  });
});
