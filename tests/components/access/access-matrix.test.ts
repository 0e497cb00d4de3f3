import { strict as assert } from "node:assert";
import {
  allowedModels,
  allowedTiers,
  modelAccessRoleName,
  tierServiceAccount,
} from "../../../components/access/access-matrix";
import type { TierConfig } from "../../../components/config/stack-config";

const tier = (name: string, level: number): TierConfig => ({
  name,
  level,
  limits: {
    requests: { limit: 1, window: "1m", windowSeconds: 60 },
    tokens: { limit: 1, window: "1m", windowSeconds: 60 },
  },
});

// Listed out of level order, with two tiers on one level, so the rule (not the order) decides.
const tiers = [tier("premium", 1), tier("free", 0), tier("enterprise", 2), tier("partner", 1)];
const models = [
  { name: "big", tier: "enterprise" },
  { name: "small", tier: "free" },
  { name: "mid", tier: "premium" },
  { name: "mid-2", tier: "partner" },
];

describe("access matrix (components/access/access-matrix.ts)", () => {
  it("names the tier ServiceAccount and the model Role", () => {
    assert.equal(tierServiceAccount("free"), "free-user");
    assert.equal(modelAccessRoleName("model-a", "dev"), "maas-kind-dev-model-a-access");
  });

  it("gives a tier every model at or below its level, in model order", () => {
    assert.deepEqual(allowedModels(tiers, models, "free"), ["small"]);
    assert.deepEqual(allowedModels(tiers, models, "premium"), ["small", "mid", "mid-2"]);
    assert.deepEqual(allowedModels(tiers, models, "partner"), ["small", "mid", "mid-2"]);
    assert.deepEqual(allowedModels(tiers, models, "enterprise"), ["big", "small", "mid", "mid-2"]);
  });

  it("gives a model every tier at or above its tier's level, in tier order", () => {
    assert.deepEqual(allowedTiers(tiers, models[0]!), ["enterprise"]);
    assert.deepEqual(allowedTiers(tiers, models[1]!), ["premium", "free", "enterprise", "partner"]);
    assert.deepEqual(allowedTiers(tiers, models[2]!), ["premium", "enterprise", "partner"]);
  });

  it("agrees both ways: tier t allows model m exactly when m allows t", () => {
    for (const t of tiers) {
      for (const m of models) {
        assert.equal(
          allowedModels(tiers, models, t.name).includes(m.name),
          allowedTiers(tiers, m).includes(t.name),
          `${t.name} × ${m.name}`,
        );
      }
    }
  });

  it("throws on an unknown tier, of the caller or of a model", () => {
    assert.throws(() => allowedModels(tiers, models, "gold"), /unknown tier gold/);
    assert.throws(() => allowedModels(tiers, [{ name: "x", tier: "gold" }], "free"), /unknown tier gold/);
    assert.throws(() => allowedTiers(tiers, { name: "x", tier: "gold" }), /unknown tier gold/);
  });
});
