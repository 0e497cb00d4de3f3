import { strict as assert } from "node:assert";
import {
  isDnsLabel,
  isDnsSubdomain,
  isGatewayHostname,
  parseDuration,
  parseQuantity,
} from "../../../components/config/k8s-values";

describe("k8s-values", () => {
  it("accepts DNS labels and rejects uppercase, underscores, edge dashes and overlong names", () => {
    for (const ok of ["a", "model-a", "m0", "a".repeat(63)]) assert.ok(isDnsLabel(ok), ok);
    for (const bad of ["", "Model", "model_b", "-a", "a-", "a.b", "a".repeat(64)])
      assert.ok(!isDnsLabel(bad), bad);
    assert.ok(isDnsLabel("a".repeat(43), 43));
    assert.ok(!isDnsLabel("a".repeat(44), 43));
  });

  it("accepts DNS subdomains and Gateway hostnames with one leading wildcard, not IP addresses", () => {
    assert.ok(isDnsSubdomain("maas.local"));
    assert.ok(!isDnsSubdomain("maas..local"));
    assert.ok(isGatewayHostname("localhost"));
    assert.ok(isGatewayHostname("*.example.com"));
    assert.ok(!isGatewayHostname("*.*.example.com"));
    assert.ok(!isGatewayHostname("10.0.0.1"));
    assert.ok(!isGatewayHostname("Maas.local"));
  });

  it("parses Kubernetes quantities with binary, decimal and exponent suffixes", () => {
    assert.equal(parseQuantity("100m"), 0.1);
    assert.equal(parseQuantity("128Mi"), 128 * 2 ** 20);
    assert.equal(parseQuantity("1Gi"), 2 ** 30);
    assert.equal(parseQuantity("1.5"), 1.5);
    assert.equal(parseQuantity("2k"), 2000);
    assert.equal(parseQuantity("1e3"), 1000);
    assert.equal(parseQuantity(".5"), 0.5);
    for (const bad of ["", "1 Gi", "1GB", "-1", "m", "1.2.3", "1Mii", "abc"]) {
      assert.equal(parseQuantity(bad), undefined, bad);
    }
  });

  it("parses durations to seconds and rejects zero and unknown units", () => {
    assert.equal(parseDuration("90s"), 90);
    assert.equal(parseDuration("2m"), 120);
    assert.equal(parseDuration("1h"), 3600);
    assert.equal(parseDuration("1h30m"), 5400);
    for (const bad of ["", "0s", "1d", "m", "1.5h", "30"]) assert.equal(parseDuration(bad), undefined, bad);
  });
});
