import { strict as assert } from "node:assert";
import { parseStackConfig } from "../../../components/config/stack-config";

const raw = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`maas-kind:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
  );
const models = [{ name: "model-a", tier: "free" }];
const tiers = (window: string) => [
  {
    name: "free",
    level: 0,
    limits: { requests: { limit: 5, window: "2m" }, tokens: { limit: 100, window } },
  },
];

describe("stack config: platform and subscriptions", () => {
  it("defaults to maas-kind with the subscription profile's defaults", () => {
    const c = parseStackConfig({});
    assert.equal(c.platform, "maas-kind");
    assert.deepEqual(c.subscriptions, {
      namespace: "models-as-a-service",
      tls: false,
      maasApiUrl: undefined,
      apiKeyExpiresIn: undefined,
    });
  });

  it("reads maas-subscriptions and its settings (URL without a trailing slash)", () => {
    const c = parseStackConfig(
      raw({
        platform: "maas-subscriptions",
        subscriptions: {
          namespace: "subs",
          tls: true,
          maasApiUrl: "http://localhost:8080/maas-api/",
          apiKeyExpiresIn: "30d",
        },
      }),
    );
    assert.equal(c.platform, "maas-subscriptions");
    assert.deepEqual(c.subscriptions, {
      namespace: "subs",
      tls: true,
      maasApiUrl: "http://localhost:8080/maas-api",
      apiKeyExpiresIn: "30d",
    });
  });

  it("rejects an unknown platform and bad settings, naming each key", () => {
    assert.throws(
      () => parseStackConfig(raw({ platform: "openshift" })),
      /maas-kind:platform: "openshift" is not one of maas-kind, maas-subscriptions/,
    );
    assert.throws(
      () =>
        parseStackConfig(
          raw({ subscriptions: { maasApiUrl: "ftp://x", apiKeyExpiresIn: "30 days", extra: 1 } }),
        ),
      (e: Error) => {
        assert.match(e.message, /maas-kind:subscriptions\.maasApiUrl: "ftp:\/\/x" is not an http\(s\) URL/);
        assert.match(
          e.message,
          /maas-kind:subscriptions\.apiKeyExpiresIn: "30 days" is not a maas-api lifetime/,
        );
        assert.match(e.message, /maas-kind:subscriptions\.extra: unknown key/);
        return true;
      },
    );
  });

  it("maas-subscriptions rejects a token window with no MaaSSubscription form at preview, naming the key", () => {
    assert.throws(
      () => parseStackConfig(raw({ platform: "maas-subscriptions", tiers: tiers("2h46m41s"), models })),
      /maas-kind:tiers\[0\]\.limits\.tokens\.window: "2h46m41s" has no MaaSSubscription form/,
    );
    // The same window is fine for maas-kind, and a convertible one for maas-subscriptions.
    assert.equal(
      parseStackConfig(raw({ tiers: tiers("2h46m41s"), models })).tiers[0]!.limits.tokens.windowSeconds,
      10001,
    );
    assert.equal(
      parseStackConfig(raw({ platform: "maas-subscriptions", tiers: tiers("1h30m"), models })).platform,
      "maas-subscriptions",
    );
  });
});
