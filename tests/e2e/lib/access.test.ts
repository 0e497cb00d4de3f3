import { strict as assert } from "node:assert";
import type { AccessCase, Credential } from "./access";
import {
  GARBAGE_API_KEY,
  accessProblems,
  accessTable,
  credentialLabel,
  expectedStatus,
  statusAccepted,
} from "./access";

const tiers = {
  free: { allowedModels: ["model-a"] },
  premium: { allowedModels: ["model-a", "model-b"] },
  enterprise: { allowedModels: ["model-a", "model-b"] },
};
const tier = (t: string): Credential => ({ kind: "tier", tier: t });
const none: Credential = { kind: "none" };
const garbage: Credential = { kind: "garbage" };

/** The matrix a correct MaaS gateway answers for the dev stack. */
function correct(): AccessCase[] {
  const out: AccessCase[] = [];
  for (const model of ["model-a", "model-b"]) {
    for (const t of Object.keys(tiers)) {
      out.push({ credential: tier(t), model, status: t === "free" && model === "model-b" ? 403 : 200 });
    }
    out.push({ credential: none, model, status: 401 }, { credential: garbage, model, status: 401 });
  }
  return out;
}

describe("e2e: tier access decisions (tests/e2e/lib/access.ts)", () => {
  it("expects 200 for allowed models, 403 for the others, 401 without a valid token", () => {
    assert.equal(expectedStatus(tiers, tier("free"), "model-a"), 200);
    assert.equal(expectedStatus(tiers, tier("free"), "model-b"), 403);
    assert.equal(expectedStatus(tiers, tier("premium"), "model-b"), 200);
    assert.equal(expectedStatus(tiers, none, "model-a"), 401);
    assert.equal(expectedStatus(tiers, garbage, "model-b"), 401);
    assert.throws(() => expectedStatus(tiers, tier("gold"), "model-a"), /no tier gold/);
  });

  it("finds nothing wrong with the matrix a correct gateway answers", () => {
    assert.deepEqual(accessProblems(correct(), tiers), []);
  });

  it("explains each kind of mismatch on a recorded matrix", () => {
    const cases = correct().map((c): AccessCase => {
      const key = `${c.credential.kind === "tier" ? c.credential.tier : c.credential.kind}/${c.model}`;
      const status = {
        "free/model-b": 200, // the cluster-wide grant of the original helper scripts
        "premium/model-b": 403,
        "enterprise/model-a": 401,
        "enterprise/model-b": 429,
        "none/model-a": 200,
        "garbage/model-b": 403,
      }[key];
      return status === undefined ? c : { ...c, status };
    });
    const problems = accessProblems(cases, tiers);
    assert.equal(problems.length, 6);
    const find = (prefix: string) => problems.find((p) => p.startsWith(prefix)) ?? "";
    assert.match(find("tier free → model-b: got 200, expected 403"), /outside its allowedModels \[model-a\]/);
    assert.match(find("tier premium → model-b: got 403, expected 200"), /RoleBinding missing/);
    assert.match(find("tier enterprise → model-a: got 401"), /npm run up/);
    assert.match(find("tier enterprise → model-b: got 429"), /rate-limited/);
    assert.match(find("no token → model-a: got 200, expected 401"), /unauthenticated request through/);
    assert.match(find("a garbage token → model-b: got 403, expected 401"), /before authorisation/);
  });

  it("prints the matrix with the expectation next to each wrong cell", () => {
    const cases = correct().map((c) =>
      c.credential.kind === "tier" && c.credential.tier === "free" && c.model === "model-b"
        ? { ...c, status: 200 }
        : c,
    );
    assert.equal(
      accessTable(cases, tiers),
      [
        "                 model-a  model-b",
        "tier free        200      200 (want 403)",
        "tier premium     200      200",
        "tier enterprise  200      200",
        "no token         401      401",
        "a garbage token  401      401",
      ].join("\n"),
    );
  });

  describe("API keys (maas-subscriptions)", () => {
    const key = (t: string): Credential => ({ kind: "apiKey", tier: t });
    const garbageKey: Credential = { kind: "garbageKey" };

    it("a tier's key expects what the tier's token does; a garbage key 401, 403 accepted too", () => {
      assert.equal(expectedStatus(tiers, key("free"), "model-a"), 200);
      assert.equal(expectedStatus(tiers, key("free"), "model-b"), 403);
      assert.equal(expectedStatus(tiers, garbageKey, "model-a"), 401);
      assert.equal(statusAccepted(tiers, garbageKey, "model-a", 403), true);
      assert.equal(statusAccepted(tiers, garbageKey, "model-a", 200), false);
      assert.equal(statusAccepted(tiers, garbage, "model-a", 403), false, "a garbage token must get 401");
      assert.equal(statusAccepted(tiers, key("free"), "model-b", 401), false);
      assert.match(GARBAGE_API_KEY, /^sk-oai-/);
    });

    it("labels the rows and explains a key reaching a model outside its subscription, or rejected", () => {
      assert.equal(credentialLabel(key("premium")), "tier premium (API key)");
      assert.equal(credentialLabel(garbageKey), "a garbage API key");
      const problems = accessProblems(
        [
          { credential: key("free"), model: "model-b", status: 200 },
          { credential: key("premium"), model: "model-a", status: 401 },
          { credential: garbageKey, model: "model-a", status: 403 },
          { credential: garbageKey, model: "model-b", status: 200 },
        ],
        tiers,
      );
      assert.equal(problems.length, 3, problems.join("\n"));
      assert.match(
        problems[0]!,
        /tier free \(API key\) → model-b: got 200, expected 403: .*MaaSSubscription/,
      );
      assert.match(problems[1]!, /the tier's API key was rejected \(expired or revoked/);
      assert.match(
        problems[2]!,
        /a garbage API key → model-b: got 200, expected 401: .*unauthenticated request/,
      );
    });

    it("the table shows an accepted 403 of a garbage key without a `want`", () => {
      const table = accessTable(
        [
          { credential: key("free"), model: "model-a", status: 200 },
          { credential: garbageKey, model: "model-a", status: 403 },
        ],
        tiers,
      );
      assert.equal(
        table,
        ["                     model-a", "tier free (API key)  200", "a garbage API key    403"].join("\n"),
      );
    });
  });
});
