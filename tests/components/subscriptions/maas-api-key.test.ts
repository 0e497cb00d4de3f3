import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  MaaSApiKey,
  keyNeedsRemint,
  maasApiKeyDiff,
  maasApiKeyProvider,
} from "../../../components/subscriptions/maas-api-key";
import type { MaaSApiKeyInputs, MaaSApiKeyState } from "../../../components/subscriptions/maas-api-key";
import { FakeMaaSApi } from "../../helpers/fake-maas-api";
import { installMocks, settle } from "../../helpers/pulumi-mocks";
import type { ProviderSource } from "../../helpers/serialized-provider";
import { hostFailure, ProviderHost, serializeLikePulumi } from "../../helpers/serialized-provider";
import { fakeBin } from "../../helpers/fake-bin";
import type { FakeBin } from "../../helpers/fake-bin";
import { writeSelfSignedCertificate } from "../../../simulator/test/helpers/certs";

/** A fake maas-api over HTTPS with a self-signed certificate for 127.0.0.1, and that certificate (its own CA). */
async function httpsFake(users: Record<string, string>, subscriptions: string[]) {
  const cert = await writeSelfSignedCertificate(
    mkdtempSync(path.join(tmpdir(), "maas-api-tls-")),
    "maas-api",
  );
  const fake = await FakeMaaSApi.start(users, subscriptions, {
    cert: cert.certPem,
    key: readFileSync(cert.keyFile, "utf8"),
  });
  return { fake, ca: cert.certPem };
}

const NOW = new Date("2030-01-01T00:00:00Z");
const inputsFor = (fake: FakeMaaSApi, over: Partial<MaaSApiKeyInputs> = {}): MaaSApiKeyInputs => ({
  baseUrl: fake.baseUrl,
  token: "free-token",
  name: "free-key",
  description: "maas-kind tier free",
  expiresIn: "30d",
  subscription: "free-subscription",
  ...over,
});

describe("MaaSApiKey", () => {
  describe("maasApiKeyDiff and keyNeedsRemint", () => {
    const olds: MaaSApiKeyState = {
      baseUrl: "http://m",
      token: "t",
      name: "k",
      subscription: "s",
      key: "sk",
      keyPrefix: "sk",
      createdAt: "2029-12-01T00:00:00Z",
      expiresAt: "2030-01-31T00:00:00Z",
      boundSubscription: "s",
    };
    const news: MaaSApiKeyInputs = { baseUrl: "http://m", token: "t", name: "k", subscription: "s" };

    it("no change while the key is valid and the inputs are the same", () => {
      assert.deepEqual(maasApiKeyDiff(olds, news, NOW), {
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
    it("replaces an expired or expiring key (diff on expiresAt), and one with another identity", () => {
      assert.deepEqual(maasApiKeyDiff({ ...olds, expiresAt: "2029-12-31T23:59:00Z" }, news, NOW).replaces, [
        "expiresAt",
      ]);
      assert.deepEqual(maasApiKeyDiff({ ...olds, expiresAt: "2030-01-01T00:09:59Z" }, news, NOW).replaces, [
        "expiresAt",
      ]);
      assert.deepEqual(maasApiKeyDiff(olds, { ...news, subscription: "other" }, NOW).replaces, [
        "subscription",
      ]);
      assert.deepEqual(maasApiKeyDiff(olds, { ...news, expiresIn: "1h" }, NOW).replaces, ["expiresIn"]);
      assert.equal(keyNeedsRemint(undefined, NOW), true);
      assert.equal(keyNeedsRemint("garbage", NOW), true);
      assert.equal(keyNeedsRemint("2030-01-01T00:10:01Z", NOW), false);
    });
    it("a new bearer token alone is an update, not a new key", () => {
      assert.deepEqual(maasApiKeyDiff(olds, { ...news, token: "t2" }, NOW), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
    it("a new, changed or dropped CA alone is an update, not a new key; update stores it", async () => {
      for (const [before, after] of [
        [undefined, "CA1"],
        ["CA1", "CA2"],
        ["CA1", undefined],
      ] as const) {
        const o = { ...olds, ...(before !== undefined ? { caCert: before } : {}) };
        const n = { ...news, ...(after !== undefined ? { caCert: after } : {}) };
        assert.deepEqual(maasApiKeyDiff(o, n, NOW), {
          changes: true,
          replaces: [],
          deleteBeforeReplace: false,
        });
        const { outs } = await maasApiKeyProvider(undefined, () => NOW).update!("key_1", o, n);
        assert.equal(outs.caCert, after);
        assert.equal("caCert" in outs, after !== undefined);
        assert.equal(outs.key, "sk");
      }
      assert.equal(
        maasApiKeyDiff({ ...olds, caCert: "CA1" }, { ...news, caCert: "CA1" }, NOW).changes,
        false,
      );
    });
  });

  describe("provider against a fake maas-api (the vendored OpenAPI shapes)", () => {
    let fake: FakeMaaSApi;
    beforeEach(async () => {
      fake = await FakeMaaSApi.start({ "free-token": "free-user", "other-token": "other" }, [
        "free-subscription",
      ]);
    });
    afterEach(async () => {
      assert.deepEqual(fake.responseProblems, []);
      await fake.close();
    });

    it("create mints a key bound to the subscription; delete revokes it; a second delete is fine (404)", async () => {
      const p = maasApiKeyProvider(undefined, () => NOW);
      const inputs = inputsFor(fake);
      const created = await p.create!(inputs);
      assert.equal(created.id, "key_1");
      assert.equal(created.outs.key, "sk-oai-secret1");
      assert.equal(created.outs.boundSubscription, "free-subscription");
      assert.match(created.outs.expiresAt, /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(fake.bodies, [
        {
          name: "free-key",
          description: "maas-kind tier free",
          expiresIn: "30d",
          subscription: "free-subscription",
        },
      ]);
      await p.delete!(created.id, created.outs);
      assert.equal(fake.keys[0]!.status, "revoked");
      fake.keys.length = 0;
      await p.delete!(created.id, created.outs);
      assert.deepEqual(fake.requests, [
        "POST /maas-api/v1/api-keys",
        "DELETE /maas-api/v1/api-keys/key_1",
        "DELETE /maas-api/v1/api-keys/key_1",
      ]);
    });

    it("create: an unknown subscription → maas-api's 400 invalid_subscription, named with the key", async () => {
      const p = maasApiKeyProvider();
      await assert.rejects(p.create!(inputsFor(fake, { subscription: "gold" })), (e: Error) => {
        assert.match(e.message, /^Minting API key free-key for subscription gold failed: /);
        assert.match(
          e.message,
          /maas-api answered 400 to POST http:\/\/127\.0\.0\.1:\d+\/maas-api\/v1\/api-keys/,
        );
        assert.match(e.message, /invalid_subscription: invalid subscription/);
        return true;
      });
    });

    it("create: a token maas-api does not accept → 401 with a hint", async () => {
      await assert.rejects(maasApiKeyProvider().create!(inputsFor(fake, { token: "nope" })), (e: Error) => {
        assert.match(e.message, /maas-api answered 401 .*unauthorized: authentication required/);
        assert.match(e.message, /The token was not accepted/);
        return true;
      });
    });

    it("create: an answer without the key, or not JSON, is an error naming what is missing", async () => {
      fake.overrides.push({
        status: 201,
        body: JSON.stringify({ id: "x", expiresAt: "2031-01-01T00:00:00Z" }),
      });
      await assert.rejects(
        maasApiKeyProvider().create!(inputsFor(fake)),
        /lacks key, keyPrefix, subscription, createdAt/,
      );
      fake.overrides.push({ status: 201, body: "<html>" });
      await assert.rejects(maasApiKeyProvider().create!(inputsFor(fake)), /is not JSON: <html>/);
      fake.overrides.push({ status: 502, body: "bad gateway" });
      await assert.rejects(
        maasApiKeyProvider().create!(inputsFor(fake)),
        /maas-api answered 502 .*: bad gateway\.$/,
      );
    });

    it("delete: another user's key → 403, named with the key", async () => {
      const p = maasApiKeyProvider();
      const created = await p.create!(inputsFor(fake));
      await assert.rejects(p.delete!(created.id, { ...created.outs, token: "other-token" }), (e: Error) => {
        assert.match(e.message, /^Revoking API key free-key \(key_1\) failed: maas-api answered 403/);
        return true;
      });
    });

    it("nothing listening → a connection error naming the URL", async () => {
      const url = fake.baseUrl;
      await fake.close();
      fake = await FakeMaaSApi.start({}, []);
      await assert.rejects(
        maasApiKeyProvider().create!(inputsFor(fake, { baseUrl: url })),
        /POST http:\/\/127\.0\.0\.1:\d+\/maas-api\/v1\/api-keys failed: .*ECONNREFUSED.*Is maas-api reachable/,
      );
    });
  });

  describe("over HTTPS", () => {
    let fake: FakeMaaSApi, ca: string;
    before(
      async () => ({ fake, ca } = await httpsFake({ "free-token": "free-user" }, ["free-subscription"])),
    );
    after(async () => fake?.close());

    it("with the CA of maas-api's certificate: mints and revokes; without it: fails naming maasApiCaFile", async () => {
      const p = maasApiKeyProvider(undefined, () => NOW);
      const created = await p.create!(inputsFor(fake, { caCert: ca }));
      assert.equal(created.outs.caCert, ca);
      await p.delete!(created.id, created.outs);
      assert.equal(fake.keys[0]!.status, "revoked");
      await assert.rejects(
        p.create!(inputsFor(fake)),
        /Minting API key free-key .* failed: POST https:\/\/127\.0\.0\.1:\d+\/maas-api\/v1\/api-keys failed: self.signed certificate.*Set maas-kind:subscriptions\.maasApiCaFile/,
      );
    });

    it("a CA that did not sign maas-api's certificate is refused, naming the key", async () => {
      const other = await writeSelfSignedCertificate(mkdtempSync(path.join(tmpdir(), "other-ca-")), "other");
      await assert.rejects(
        maasApiKeyProvider(undefined, () => NOW).create!(inputsFor(fake, { caCert: other.certPem })),
        /not signed by the CA of maas-kind:subscriptions\.maasApiCaFile/,
      );
    });
  });

  it("MaaSApiKey registers as the dynamic resource maas-kind:MaaSApiKey", async () => {
    const mocks = installMocks();
    new MaaSApiKey("free-key", {
      baseUrl: "http://m",
      token: pulumi.secret("t"),
      name: "free-key",
      subscription: "free-subscription",
    });
    await settle();
    const r = mocks.resources.find((x) => x.name === "free-key");
    assert.equal(r?.type, "pulumi-nodejs:dynamic/maas-kind:MaaSApiKey");
    assert.equal((r?.inputs as { subscription: string }).subscription, "free-subscription");
  });
});

describe("MaaSApiKey provider as Pulumi serializes and hosts it", function () {
  this.timeout(180_000);
  const SOURCE: ProviderSource = {
    module: "components/subscriptions/maas-api-key.ts",
    factory: "maasApiKeyProvider",
  };
  let text: string, host: ProviderHost, bin: FakeBin, fake: FakeMaaSApi;
  before(async () => {
    bin = fakeBin({});
    [host, [text], fake] = (await Promise.all([
      ProviderHost.start(bin.dir),
      serializeLikePulumi(SOURCE),
      FakeMaaSApi.start({ "free-token": "free-user" }, ["free-subscription"]),
    ])) as [ProviderHost, string[], FakeMaaSApi];
  });
  after(async () => {
    await host?.close();
    await fake?.close();
    bin?.remove();
  });

  it("captures no class with a superclass", () => assert.doesNotMatch(text, /__super/));

  it("create, diff, update and delete work through the host", async () => {
    const inputs = { ...inputsFor(fake) };
    const created = await host.create(text, inputs);
    assert.equal(created.outs.key, "sk-oai-secret1");
    assert.equal((await host.diff(text, created.id, created.outs, inputs)).changes, false);
    const expired = { ...created.outs, expiresAt: "2000-01-01T00:00:00Z" };
    const d = await host.diff(text, created.id, expired, inputs);
    assert.equal(d.changes, true);
    await host.delete(text, created.id, created.outs);
    assert.equal(fake.keys[0]!.status, "revoked");
  });

  it("over HTTPS, trusts the CA it is given (the serialized client needs no module of ours)", async () => {
    const tls = await httpsFake({ "free-token": "free-user" }, ["free-subscription"]);
    try {
      const inputs = { ...inputsFor(tls.fake), caCert: tls.ca };
      const created = await host.create(text, inputs);
      assert.equal(created.outs.key, "sk-oai-secret1");
      await host.delete(text, created.id, created.outs);
      assert.equal(tls.fake.keys[0]!.status, "revoked");
      const failure = await hostFailure(host.create(text, { ...inputsFor(tls.fake) }));
      assert.match(failure, /maasApiCaFile/);
    } finally {
      await tls.fake.close();
    }
  });

  it("failures reach the engine with their message", async () => {
    const failure = await hostFailure(host.create(text, { ...inputsFor(fake), subscription: "gold" }));
    assert.match(failure, /Minting API key free-key for subscription gold failed: maas-api answered 400/);
    assert.match(failure, /invalid_subscription/);
    const del = await hostFailure(
      host.delete(text, "key_9", { ...inputsFor(fake), token: "nope", key: "k", expiresAt: "x" }),
    );
    assert.match(del, /Revoking API key free-key \(key_9\) failed: maas-api answered 401/);
  });
});
