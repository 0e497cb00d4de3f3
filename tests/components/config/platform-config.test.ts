import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROFILE_DEFAULTS, parseStackConfig } from "../../../components/config/stack-config";
import { REPO_ROOT } from "../../helpers/stack-config";

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
const TEST_CA_FILE = path.join(REPO_ROOT, "tests/fixtures/tls/test-ca.crt");
const subs = (subscriptions: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  raw({ platform: "maas-subscriptions", subscriptions, ...extra });

describe("stack config: platform and subscriptions", () => {
  it("defaults to maas-kind with the subscription profile's defaults", () => {
    const c = parseStackConfig({});
    assert.equal(c.platform, "maas-kind");
    assert.deepEqual(c.subscriptions, {
      namespace: "models-as-a-service",
      tls: false,
      maasApiUrl: undefined,
      apiKeyExpiresIn: undefined,
      maasApiCa: undefined,
    });
  });

  it("reads maas-subscriptions and its settings (URL without a trailing slash)", () => {
    const c = parseStackConfig(
      subs({
        namespace: "subs",
        tls: true,
        maasApiUrl: "http://localhost:8080/maas-api/",
        apiKeyExpiresIn: "30d",
      }),
    );
    assert.equal(c.platform, "maas-subscriptions");
    assert.deepEqual(c.subscriptions, {
      namespace: "subs",
      tls: true,
      maasApiUrl: "http://localhost:8080/maas-api",
      apiKeyExpiresIn: "30d",
      maasApiCa: undefined,
    });
  });

  it("rejects an unknown platform and bad settings, naming each key", () => {
    assert.throws(
      () => parseStackConfig(raw({ platform: "openshift" })),
      /maas-kind:platform: "openshift" is not one of maas-kind, maas-subscriptions/,
    );
    assert.throws(
      () => parseStackConfig(subs({ maasApiUrl: "ftp://x", apiKeyExpiresIn: "30 days", extra: 1 })),
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

  it("the token audience and the gateway name are the profile's unless configured", () => {
    const kind = parseStackConfig({});
    const subscriptions = parseStackConfig(raw({ platform: "maas-subscriptions" }));
    assert.equal(kind.tokens.audience, "maas-default-gateway-sa");
    assert.equal(kind.gateway.name, "maas-gateway");
    assert.equal(subscriptions.tokens.audience, "https://kubernetes.default.svc");
    assert.equal(subscriptions.gateway.name, "maas-default-gateway");
    assert.deepEqual(PROFILE_DEFAULTS["maas-subscriptions"], {
      tokenAudience: "https://kubernetes.default.svc",
      gatewayName: "maas-default-gateway",
    });
    for (const platform of ["maas-kind", "maas-subscriptions"]) {
      const c = parseStackConfig(raw({ platform, tokenAudience: "aud", gateway: { name: "gw" } }));
      assert.equal(c.tokens.audience, "aud", platform);
      assert.equal(c.gateway.name, "gw", platform);
    }
  });

  it("reads and parses maas-api's CA file at preview; keeps only the certificates", () => {
    const c = parseStackConfig(
      subs({ maasApiUrl: "https://maas.test/maas-api", maasApiCaFile: TEST_CA_FILE }),
    );
    assert.equal(c.subscriptions.maasApiCa?.path, TEST_CA_FILE);
    assert.match(
      c.subscriptions.maasApiCa?.pem ?? "",
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/,
    );
  });

  it("a CA file that is missing, not PEM or not a certificate fails at preview, naming the key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-ca-"));
    const notPem = path.join(dir, "not-pem.txt");
    writeFileSync(notPem, "hello\n");
    const broken = path.join(dir, "broken.pem");
    writeFileSync(broken, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    const url = "https://maas.test/maas-api";
    const cases: [string, RegExp][] = [
      [
        path.join(dir, "missing.pem"),
        /maas-kind:subscriptions\.maasApiCaFile: cannot read ".*missing\.pem": ENOENT/,
      ],
      [notPem, /maas-kind:subscriptions\.maasApiCaFile: ".*not-pem\.txt" holds no PEM certificate/],
      [
        broken,
        /maas-kind:subscriptions\.maasApiCaFile: ".*broken\.pem": certificate 1 is not a valid X\.509/,
      ],
    ];
    for (const [file, message] of cases)
      assert.throws(() => parseStackConfig(subs({ maasApiUrl: url, maasApiCaFile: file })), message);
  });

  it("refuses combinations the profiles cannot honour, naming the key", () => {
    const fails = (values: Record<string, string>, message: RegExp) =>
      assert.throws(() => parseStackConfig(values), message);
    fails(
      subs({ maasApiCaFile: TEST_CA_FILE }),
      /maas-kind:subscriptions\.maasApiCaFile: is only used with subscriptions\.maasApiUrl/,
    );
    fails(
      subs({ maasApiUrl: "http://maas.test", maasApiCaFile: TEST_CA_FILE }),
      /maas-kind:subscriptions\.maasApiCaFile: is for an https maas-api, but subscriptions\.maasApiUrl is "http:\/\/maas\.test"/,
    );
    fails(
      raw({ subscriptions: { maasApiUrl: "http://maas.test" } }),
      /maas-kind:subscriptions\.maasApiUrl: is only used with platform maas-subscriptions \(platform is maas-kind\)/,
    );
    fails(
      subs({}, { workload: "deployment" }),
      /maas-kind:workload: must be kserve on platform maas-subscriptions/,
    );
    fails(
      subs({}, { httpRoutes: false }),
      /maas-kind:httpRoutes: cannot be false on platform maas-subscriptions/,
    );
  });
});
