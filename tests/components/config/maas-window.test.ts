import { strict as assert } from "node:assert";
import { MAAS_WINDOW_PATTERN, maasWindow } from "../../../components/config/maas-window";
import { crdProblems } from "../../helpers/crd-validator";

describe("maasWindow", () => {
  it("takes the largest unit that divides the window exactly", () => {
    assert.equal(maasWindow(60), "1m");
    assert.equal(maasWindow(120), "2m");
    assert.equal(maasWindow(90), "90s");
    assert.equal(maasWindow(3600), "1h");
    assert.equal(maasWindow(5400), "90m");
    assert.equal(maasWindow(86400), "24h");
    assert.equal(maasWindow(9999), "9999s");
  });

  it("falls back to a smaller unit when the larger one exceeds four digits", () => {
    assert.equal(maasWindow(9999 * 3600), "9999h");
    assert.equal(maasWindow(10000 * 3600), undefined);
    // 603600 s: 167.67 h, 10060 m (five digits), 603600 s (six digits)
    assert.equal(maasWindow(603600), undefined);
  });

  it("has no form for windows no unit expresses in 1-9999", () => {
    assert.equal(maasWindow(10001), undefined);
    assert.equal(maasWindow(0), undefined);
    assert.equal(maasWindow(-60), undefined);
    assert.equal(maasWindow(1.5), undefined);
  });

  it("every result matches the CRD's pattern, as the vendored MaaSSubscription CRD validates it", () => {
    for (const s of [1, 59, 60, 61, 600, 3599, 3600, 3660, 7200, 9999, 36000, 599940]) {
      const w = maasWindow(s);
      assert.ok(w !== undefined, `${s}s`);
      assert.match(w, MAAS_WINDOW_PATTERN);
      const sub = {
        apiVersion: "maas.opendatahub.io/v1alpha1",
        kind: "MaaSSubscription",
        metadata: { name: "s", namespace: "models-as-a-service" },
        spec: {
          owner: { groups: [{ name: "g" }], users: [] },
          modelRefs: [{ name: "m", namespace: "llm", tokenRateLimits: [{ limit: 1, window: w }] }],
        },
      };
      assert.deepEqual(crdProblems("maas-c0639b1b-maassubscriptions.yaml", "v1alpha1", sub), [], w);
    }
  });
});
