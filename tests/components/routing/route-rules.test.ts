import { strict as assert } from "node:assert";
import type { ModelRouteRule } from "../../../components/routing/route-rules";
import {
  gatewayPath,
  gatewayPathTo,
  gatewayPrefix,
  matchesPathPrefix,
  modelRouteRules,
  prefixRewrite,
  replacePrefix,
  resolveRoute,
  rewritePath,
} from "../../../components/routing/route-rules";
import { crdProblems } from "../../helpers/crd-validator";

const HTTPROUTES = "gateway-api-v1.2.1-httproutes.yaml";
const input = {
  model: "model-a",
  namespace: "llm",
  service: "model-a-kserve-workload-svc",
  port: 8000,
  paths: ["/v1/chat/completions", "/v1/completions", "/v1/models"],
};

function route(rules: unknown): unknown {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "model-a-route", namespace: "llm" },
    spec: {
      parentRefs: [
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          namespace: "istio-system",
          name: "maas-gateway",
        },
      ],
      hostnames: ["localhost", "maas.local"],
      rules,
    },
  };
}

describe("route rules (components/routing/route-rules.ts)", () => {
  it("makes one rule per path: PathPrefix /<ns>/<model><path> → ReplacePrefixMatch <path> → service:port", () => {
    const rules = modelRouteRules(input);
    assert.equal(rules.length, 3);
    assert.deepEqual(rules[0], {
      matches: [{ path: { type: "PathPrefix", value: "/llm/model-a/v1/chat/completions" } }],
      filters: [
        {
          type: "URLRewrite",
          urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v1/chat/completions" } },
        },
      ],
      backendRefs: [{ group: "", kind: "Service", name: "model-a-kserve-workload-svc", port: 8000 }],
    });
    for (const r of rules) {
      assert.equal(r.matches.length, 1, "ReplacePrefixMatch needs exactly one match");
      assert.equal(r.matches[0].path.type, "PathPrefix");
      assert.equal(r.backendRefs[0].port, 8000);
    }
  });

  it("follows the models namespace in the prefix (the gateway authorises on the path's first two segments)", () => {
    assert.equal(gatewayPrefix("models", "m"), "/models/m");
    assert.equal(gatewayPath("llm", "m", "/v1/models"), "/llm/m/v1/models");
    assert.equal(gatewayPath("llm", "m", "/"), "/llm/m");
  });

  it("passes the HTTPRoute CRD's schema and every CEL rule (Gateway API v1.2.1)", () => {
    assert.deepEqual(crdProblems(HTTPROUTES, "v1", route(modelRouteRules(input))), []);
    const sixteen = modelRouteRules({ ...input, paths: Array.from({ length: 16 }, (_, i) => `/p${i}`) });
    assert.deepEqual(crdProblems(HTTPROUTES, "v1", route(sixteen)), []);
    assert.deepEqual(crdProblems(HTTPROUTES, "v1", route(modelRouteRules({ ...input, paths: ["/"] }))), []);
  });

  it("the CRD check catches what the API server would refuse (so the test above can fail)", () => {
    const [rule] = modelRouteRules(input) as [ModelRouteRule];
    const twoMatches = {
      ...rule,
      matches: [rule.matches[0], { path: { type: "PathPrefix", value: "/other" } }],
    };
    assert.match(
      crdProblems(HTTPROUTES, "v1", route([twoMatches])).join("\n"),
      /exactly one PathPrefix match/,
    );
    const exact = { ...rule, matches: [{ path: { type: "Exact", value: "/llm/model-a/v1/models" } }] };
    assert.match(crdProblems(HTTPROUTES, "v1", route([exact])).join("\n"), /exactly one PathPrefix match/);
    const doubleSlash = { ...rule, matches: [{ path: { type: "PathPrefix", value: "/llm//x" } }] };
    assert.match(crdProblems(HTTPROUTES, "v1", route([doubleSlash])).join("\n"), /must not contain '\/\/'/);
    const noPort = { ...rule, backendRefs: [{ group: "", kind: "Service", name: "s" }] };
    assert.match(
      crdProblems(HTTPROUTES, "v1", route([noPort])).join("\n"),
      /Must have port for Service reference/,
    );
    const seventeen = modelRouteRules({ ...input, paths: Array.from({ length: 17 }, (_, i) => `/p${i}`) });
    assert.match(
      crdProblems(HTTPROUTES, "v1", route(seventeen)).join("\n"),
      /\/spec\/rules: must NOT have more than 16 items/,
    );
  });

  it("matches prefixes element-wise, as the Gateway API does", () => {
    assert.ok(matchesPathPrefix("/llm/a/v1/models", "/llm/a/v1/models"));
    assert.ok(matchesPathPrefix("/llm/a/v1/models", "/llm/a/v1/models/x"));
    assert.ok(matchesPathPrefix("/llm/a/v1/models/", "/llm/a/v1/models"));
    assert.ok(!matchesPathPrefix("/llm/a/v1/models", "/llm/a/v1/modelsx"));
    assert.ok(!matchesPathPrefix("/llm/a", "/llm/ab/v1"));
    assert.ok(matchesPathPrefix("/", "/anything"));
  });

  it("rewrites with ReplacePrefixMatch per the Gateway API's table", () => {
    const table: [string, string, string, string][] = [
      ["/foo/bar", "/foo", "/xyz", "/xyz/bar"],
      ["/foo/bar", "/foo", "/xyz/", "/xyz/bar"],
      ["/foo/bar", "/foo/", "/xyz", "/xyz/bar"],
      ["/foo/bar", "/foo/", "/xyz/", "/xyz/bar"],
      ["/foo", "/foo", "/xyz", "/xyz"],
      ["/foo/", "/foo", "/xyz", "/xyz/"],
      ["/foo/bar", "/foo", "", "/bar"],
      ["/foo/", "/foo", "", "/"],
      ["/foo", "/foo", "", "/"],
      ["/foo/", "/foo", "/", "/"],
      ["/foo", "/foo", "/", "/"],
    ];
    for (const [path, prefix, replacement, expected] of table) {
      assert.equal(replacePrefix(prefix, replacement, path), expected, `${path} ${prefix} ${replacement}`);
    }
  });

  it("resolves requests to the backend with the rewritten path, longest prefix first, keeping the query", () => {
    const rules = [
      ...modelRouteRules(input),
      ...modelRouteRules({ ...input, model: "model-b", service: "model-b-svc", paths: ["/", "/v1/models"] }),
    ];
    assert.deepEqual(
      (({ service, port, path }) => ({ service, port, path }))(
        resolveRoute(rules, "/llm/model-a/v1/chat/completions")!,
      ),
      { service: "model-a-kserve-workload-svc", port: 8000, path: "/v1/chat/completions" },
    );
    assert.equal(resolveRoute(rules, "/llm/model-a/v1/models?x=1")?.path, "/v1/models?x=1");
    assert.equal(
      resolveRoute(rules, "/llm/model-b/v1/models")?.rule.matches[0].path.value,
      "/llm/model-b/v1/models",
    );
    assert.equal(resolveRoute(rules, "/llm/model-b/health")?.path, "/health");
    assert.equal(resolveRoute(rules, "/llm/model-a/health"), undefined);
    assert.equal(resolveRoute(rules, "/v1/models"), undefined);
  });

  it("rewrites a path by the longest matching prefix, the first of equal ones", () => {
    const rules = [
      { prefix: "/a", rewrite: "/" },
      { prefix: "/a/b", rewrite: "/x" },
      { prefix: "/a/b/", rewrite: "/y" },
    ];
    assert.deepEqual(rewritePath(rules, "/a/b/c"), { index: 1, path: "/x/c" });
    assert.deepEqual(rewritePath(rules, "/a/bc"), { index: 0, path: "/bc" });
    assert.deepEqual(rewritePath(rules, "/a"), { index: 0, path: "/" });
    assert.equal(rewritePath(rules, "/b"), undefined);
    assert.deepEqual(prefixRewrite(modelRouteRules(input)[2]!), {
      prefix: "/llm/model-a/v1/models",
      rewrite: "/v1/models",
    });
  });

  it("finds the gateway path that reaches a server path: longest rewrite prefix, then prefix + remainder", () => {
    const exact = modelRouteRules({ ...input, paths: ["/v1/chat/completions"] }).map(prefixRewrite);
    assert.equal(gatewayPathTo(exact, "/v1/chat/completions"), "/llm/model-a/v1/chat/completions");
    assert.equal(gatewayPathTo(exact, "/v1/chat/completions/x"), "/llm/model-a/v1/chat/completions/x");
    assert.equal(gatewayPathTo(exact, "/v1/models"), undefined, "no rule rewrites to it");
    assert.equal(gatewayPathTo(exact, "/v1/chat/completionsx"), undefined, "element-wise, not by characters");
    // A prefix rewrite to `/` reaches every path; a more specific rewrite wins where there is one.
    const prefixed = [
      { prefix: "/ns/m/v1/completions", rewrite: "/v1/completions" },
      { prefix: "/ns/m", rewrite: "/" },
    ];
    assert.equal(gatewayPathTo(prefixed, "/v1/models"), "/ns/m/v1/models");
    assert.equal(gatewayPathTo(prefixed, "/v1/completions"), "/ns/m/v1/completions");
    assert.equal(gatewayPathTo(prefixed, "/"), "/ns/m/");
    // Only a path the gateway routes back to the same server path: here a longer prefix captures the candidate.
    const shadowed = [
      { prefix: "/ns/m", rewrite: "/v1" },
      { prefix: "/ns/m/models", rewrite: "/other" },
    ];
    assert.equal(gatewayPathTo(shadowed, "/v1/models"), undefined);
    assert.equal(gatewayPathTo(shadowed, "/v1/chat"), "/ns/m/chat");
    for (const path of ["/v1/models", "/v1/completions", "/"]) {
      const gateway = gatewayPathTo(prefixed, path);
      assert.equal(gateway && rewritePath(prefixed, gateway)?.path, path, path);
    }
  });
});
