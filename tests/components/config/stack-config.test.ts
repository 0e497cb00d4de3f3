import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import type { ContainerEngine } from "../../../components/exec/kind-cli";
import type { StackConfig } from "../../../components/config/stack-config";
import {
  ConfigError,
  DEFAULT_MODEL_PATHS,
  parseStackConfig,
  stackConfigSchema,
} from "../../../components/config/stack-config";
import { REPO_ROOT, projectDefaults, stackConfig } from "../../helpers/stack-config";

/** Parses the dev stack with `overrides` (values as in a stack file) and returns the error message. */
function problem(overrides: Record<string, unknown>): string {
  try {
    parseStackConfig(stackConfig("dev", overrides));
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for ${JSON.stringify(overrides)}`);
}

const models = (...m: unknown[]) => ({ models: m });
/** A PEM CA certificate (tests/fixtures/tls). */
const TEST_CA_FILE = path.join(REPO_ROOT, "tests/fixtures/tls/test-ca.crt");

describe("stack config (components/config/stack-config.ts)", () => {
  it("parses the dev stack into the MaaS Kind setup", () => {
    const c = parseStackConfig(stackConfig("dev"));
    assert.equal(c.cluster.name, "maas-local");
    assert.equal(c.cluster.context, "kind-maas-local");
    assert.equal(c.cluster.containerEngine, "docker");
    assert.equal(c.workload, "kserve");
    assert.equal(c.kserveApiVersion, "serving.kserve.io/v1alpha1");
    assert.equal(c.maasInstance, "maas-default-gateway");
    assert.deepEqual(c.namespaces, {
      models: "llm",
      tiers: {
        free: "maas-default-gateway-tier-free",
        premium: "maas-default-gateway-tier-premium",
        enterprise: "maas-default-gateway-tier-enterprise",
      },
    });
    assert.deepEqual(c.storage, { claimName: "empty-model", size: "1Gi", storageClass: undefined });
    assert.equal(c.image.ref, "localhost/maas-kind/simulator:dev");
    assert.deepEqual(
      c.models.map((m) => [m.name, m.tier, m.replicas]),
      [
        ["model-a", "free", 1],
        ["model-b", "premium", 1],
      ],
    );
    assert.deepEqual(c.models[0]?.resources, {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
    assert.deepEqual(c.models[0]?.paths, DEFAULT_MODEL_PATHS);
    assert.deepEqual(
      c.tiers.map((t) => [t.name, t.level, t.limits.requests.limit, t.limits.tokens.limit]),
      [
        ["free", 0, 5, 100],
        ["premium", 1, 20, 50_000],
        ["enterprise", 2, 50, 100_000],
      ],
    );
    assert.deepEqual(c.tiers[0]?.limits.requests, { limit: 5, window: "2m", windowSeconds: 120 });
    assert.deepEqual(c.tiers[0]?.limits.tokens, { limit: 100, window: "1m", windowSeconds: 60 });
    assert.equal(c.gateway.namespace, "istio-system");
    assert.equal(c.gateway.name, "maas-gateway");
    assert.equal(c.gateway.baseUrl, "http://localhost");
    assert.deepEqual(c.gateway.hostnames, ["localhost"]);
    assert.deepEqual(c.tokens, {
      audience: "maas-default-gateway-sa",
      duration: "1h",
      durationSeconds: 3600,
    });
    assert.equal(c.readinessTimeoutSeconds, 600);
    assert.deepEqual(c.kubernetes, { adoptExistingObjects: false, deleteUnreachable: false });
    assert.deepEqual(c.kind, {
      create: true,
      nodeImage: undefined,
      httpPort: 80,
      httpsPort: 443,
      listenAddress: undefined,
    });
    assert.deepEqual(c.gatewayApi, {
      install: false,
      version: "v1.2.1",
      manifestUrl:
        "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml",
    });
    assert.equal(c.preflight, true);
  });

  it("reads the kind and gatewayApi objects, and the gateway URL follows the HTTP host port", () => {
    const c = parseStackConfig(
      stackConfig("dev", {
        kind: {
          create: true,
          nodeImage: "kindest/node:v1.33.1",
          httpPort: 8080,
          httpsPort: 8443,
          listenAddress: "127.0.0.1",
        },
        gatewayApi: { install: true, version: "v1.3.0" },
        preflight: false,
      }),
    );
    assert.deepEqual(c.kind, {
      create: true,
      nodeImage: "kindest/node:v1.33.1",
      httpPort: 8080,
      httpsPort: 8443,
      listenAddress: "127.0.0.1",
    });
    assert.equal(c.gatewayApi.install, true);
    assert.match(c.gatewayApi.manifestUrl, /\/download\/v1\.3\.0\/standard-install\.yaml$/);
    assert.equal(c.preflight, false);
    assert.equal(c.gateway.baseUrl, "http://localhost:8080");
    // An explicit baseUrl wins over the port.
    const explicit = parseStackConfig(
      stackConfig("dev", { kind: { httpPort: 8080, httpsPort: 8443 }, gateway: { baseUrl: "http://gw:9/" } }),
    );
    assert.equal(explicit.gateway.baseUrl, "http://gw:9");
  });

  it("with kind.create false, takes the context and kubeconfig as configured", () => {
    const c = parseStackConfig(
      stackConfig("dev", { kind: { create: false }, kubeContext: "ctx", kubeconfig: "/k" }),
    );
    assert.equal(c.kind.create, false);
    assert.equal(c.cluster.context, "ctx");
    assert.equal(c.cluster.kubeconfig, "/k");
  });

  it("gives the same result from code defaults alone as from Pulumi.yaml's declared defaults", () => {
    assert.deepEqual(parseStackConfig({}), parseStackConfig(projectDefaults()));
    // …and the dev stack only restates the defaults of the MaaS Kind setup.
    assert.deepEqual(parseStackConfig({}), parseStackConfig(stackConfig("dev")));
  });

  it("returns a deeply frozen config", () => {
    const c = parseStackConfig({});
    assert.ok(
      Object.isFrozen(c) && Object.isFrozen(c.models) && Object.isFrozen(c.models[0]?.resources.limits),
    );
    assert.throws(() => {
      (c as { workload: string }).workload = "x";
    }, TypeError);
  });

  it("decodes raw values as Pulumi passes them: strings raw, everything else JSON; ignores other namespaces", () => {
    const c = parseStackConfig({
      "maas-kind:clusterName": "other",
      "maas-kind:readinessTimeoutSeconds": "120",
      "maas-kind:httpRoutes": "false",
      "maas-kind:imageTag": "123",
      "kubernetes:context": "ignored",
    });
    assert.equal(c.cluster.name, "other");
    assert.equal(c.cluster.context, "kind-other");
    assert.equal(c.readinessTimeoutSeconds, 120);
    assert.equal(c.gateway.createRoutes, false);
    assert.equal(c.image.tag, "123");
  });

  it("applies per-model overrides and the derived gateway URL", () => {
    const c = parseStackConfig(
      stackConfig("dev", {
        ...models({
          name: "m",
          tier: "free",
          replicas: 0,
          resources: { limits: { cpu: "2" } },
          simulatorArgs: { "max-num-seqs": 10, mode: "echo" },
          paths: ["/v1/models"],
        }),
        kind: { create: false },
        kubeContext: "my-context",
        gateway: { namespace: "gw", name: "g" },
        hostnames: ["api.example.com"],
      }),
    );
    const m = c.models[0] as StackConfig["models"][number];
    assert.equal(m.replicas, 0);
    assert.deepEqual(m.resources.limits, { cpu: "2", memory: "256Mi" });
    assert.deepEqual(m.simulatorArgs, { "max-num-seqs": 10, mode: "echo" });
    assert.deepEqual(m.paths, ["/v1/models"]);
    assert.equal(c.cluster.context, "my-context");
    assert.equal(c.gateway.baseUrl, "http://api.example.com");
  });

  it("picks Podman from KIND_EXPERIMENTAL_PROVIDER unless containerEngine is set", () => {
    assert.equal(
      parseStackConfig({}, { KIND_EXPERIMENTAL_PROVIDER: "podman" }).cluster.containerEngine,
      "podman",
    );
    assert.equal(
      parseStackConfig({ "maas-kind:containerEngine": "docker" }, { KIND_EXPERIMENTAL_PROVIDER: "podman" })
        .cluster.containerEngine,
      "docker",
    );
  });

  describe("rejects, naming the key", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["an unknown key", { replica: 2 }, /maas-kind:replica: unknown key/],
      [
        "a storage claim name with an empty DNS label",
        { storageClaim: "model..store" },
        /maas-kind:storageClaim: "model\.\.store" is not a valid PersistentVolumeClaim name/,
      ],
      ["an unknown nested key", { gateway: { nmae: "x" } }, /maas-kind:gateway\.nmae: unknown key/],
      [
        "an unknown model key",
        models({ name: "a", tier: "free", replica: 2 }),
        /maas-kind:models\[0\]\.replica: unknown key/,
      ],
      [
        "a model name that is not a DNS label",
        models({ name: "model-a", tier: "free" }, { name: "Model_B", tier: "free" }),
        /maas-kind:models\[1\]\.name: "Model_B" is not a DNS label/,
      ],
      [
        "a model name over 43 characters",
        models({ name: "m".repeat(44), tier: "free" }),
        /maas-kind:models\[0\]\.name: .*at most 43 characters/,
      ],
      [
        "an unknown tier",
        models({ name: "a", tier: "gold" }),
        /maas-kind:models\[0\]\.tier: unknown tier "gold" \(tiers: free, premium, enterprise\)/,
      ],
      [
        "duplicate model names",
        models({ name: "a", tier: "free" }, { name: "a", tier: "premium" }),
        /maas-kind:models\[1\]\.name: duplicate model "a"/,
      ],
      [
        "duplicate tier names",
        {
          tiers: [0, 1].map((level) => ({
            name: "free",
            level,
            limits: { requests: { limit: 1, window: "1m" }, tokens: { limit: 1, window: "1m" } },
          })),
        },
        /maas-kind:tiers\[1\]\.name: duplicate tier "free"/,
      ],
      [
        "a bad quantity",
        models({ name: "a", tier: "free", resources: { requests: { memory: "128MB" } } }),
        /maas-kind:models\[0\]\.resources\.requests\.memory: "128MB" is not a Kubernetes quantity/,
      ],
      [
        "requests above limits",
        models({ name: "a", tier: "free", resources: { requests: { cpu: "600m" } } }),
        /maas-kind:models\[0\]\.resources\.requests\.cpu: 600m exceeds the limit 500m/,
      ],
      [
        "a bad storage size",
        { storageSize: "1 GB" },
        /maas-kind:storageSize: "1 GB" is not a Kubernetes quantity/,
      ],
      [
        "a reserved simulator flag",
        models({ name: "a", tier: "free", simulatorArgs: { port: 9000 } }),
        /maas-kind:models\[0\]\.simulatorArgs\.port: --port is set by the program/,
      ],
      [
        "a simulator flag with a typo",
        models({ name: "a", tier: "free", simulatorArgs: { "max-num-seq": 4 } }),
        /maas-kind:models\[0\]\.simulatorArgs\.max-num-seq: --max-num-seq is not a flag of the simulator/,
      ],
      [
        "a boolean for a flag that takes a value",
        models({ name: "a", tier: "free", simulatorArgs: { "max-num-seqs": true } }),
        /simulatorArgs.*: --max-num-seqs takes an int value, not true/,
      ],
      [
        "a list for a flag that takes one value",
        models({ name: "a", tier: "free", simulatorArgs: { mode: ["echo", "random"] } }),
        /simulatorArgs\.mode: --mode takes one string value, not a list/,
      ],
      [
        "a flag with dashes",
        models({ name: "a", tier: "free", simulatorArgs: { "--mode": "echo" } }),
        /maas-kind:models\[0\]\.simulatorArgs\["--mode"\]: flag name "--mode" must be kebab-case/,
      ],
      [
        "a flag value of the wrong type",
        models({ name: "a", tier: "free", simulatorArgs: { mode: { a: 1 } } }),
        /maas-kind:models\[0\]\.simulatorArgs\.mode: must be a string, number, boolean or list of strings/,
      ],
      [
        "a path that is not absolute",
        models({ name: "a", tier: "free", paths: ["v1/models"] }),
        /maas-kind:models\[0\]\.paths\[0\]: "v1\/models" is not an absolute URL path/,
      ],
      [
        "a path the Gateway API refuses",
        models({ name: "a", tier: "free", paths: ["/v1//models"] }),
        /maas-kind:models\[0\]\.paths\[0\]: .*must not contain '\/\/'/,
      ],
      [
        "more than 16 paths",
        models({ name: "a", tier: "free", paths: Array.from({ length: 17 }, (_, i) => `/p${i}`) }),
        /maas-kind:models\[0\]\.paths: at most 16 paths/,
      ],
      ["no models", { models: [] }, /maas-kind:models: at least one model is needed/],
      [
        "an unknown workload",
        { workload: "pods" },
        /maas-kind:workload: Invalid option: expected one of "kserve"\|"deployment"/,
      ],
      [
        "a bad API version",
        { kserveApiVersion: "v1" },
        /maas-kind:kserveApiVersion: "v1" is not a serving\.kserve\.io API version/,
      ],
      ["the latest tag", { imageTag: "latest" }, /maas-kind:imageTag: must not be `latest`/],
      [
        "an uppercase repository",
        { imageRepository: "Local/Sim" },
        /maas-kind:imageRepository: "Local\/Sim" is not an image repository/,
      ],
      [
        "an IP hostname",
        { hostnames: ["127.0.0.1"] },
        /maas-kind:hostnames\[0\]: "127\.0\.0\.1" is not a lowercase DNS hostname/,
      ],
      [
        "duplicate hostnames",
        { hostnames: ["a.b", "a.b"] },
        /maas-kind:hostnames\[1\]: duplicate hostname "a\.b"/,
      ],
      [
        "a base URL that is not http(s)",
        { gateway: { baseUrl: "ftp://x" } },
        /maas-kind:gateway\.baseUrl: "ftp:\/\/x" is not an http\(s\) URL/,
      ],
      [
        "a token duration under 10m",
        { tokenDuration: "5m" },
        /maas-kind:tokenDuration: must be at least 10m/,
      ],
      [
        "a token duration that is no duration",
        { tokenDuration: "1 hour" },
        /maas-kind:tokenDuration: "1 hour" is not a duration/,
      ],
      [
        "a models namespace equal to a tier namespace",
        { modelsNamespace: "maas-default-gateway-tier-free" },
        /maas-kind:modelsNamespace: must differ from the tier namespace "maas-default-gateway-tier-free"/,
      ],
      [
        "a tier namespace longer than 63 characters",
        { maasInstance: "a".repeat(50) },
        /maas-kind:tiers\[2\]\.name: the tier's namespace "a{50}-tier-enterprise" \(<maasInstance>-tier-<tier>\) is longer than 63 characters/,
      ],
      [
        "the removed usersNamespace key",
        { usersNamespace: "maas-api" },
        /maas-kind:usersNamespace: unknown key/,
      ],
      [
        "an integer key that is not JSON",
        { readinessTimeoutSeconds: "soon" },
        /maas-kind:readinessTimeoutSeconds: "soon" is not valid JSON/,
      ],
      [
        "a negative replica count",
        models({ name: "a", tier: "free", replicas: -1 }),
        /maas-kind:models\[0\]\.replicas: /,
      ],
      [
        "a tier without limits",
        { tiers: [{ name: "free", level: 0 }] },
        /maas-kind:tiers\[0\]\.limits: is required/,
      ],
      ["an unknown container engine", { containerEngine: "lxc" }, /maas-kind:containerEngine: /],
      [
        "an unknown kind key",
        { kind: { create: true, hostPort: 80 } },
        /maas-kind:kind\.hostPort: unknown key/,
      ],
      ["kind that is not an object", { kind: true }, /maas-kind:kind: /],
      ["a kind.create that is no boolean", { kind: { create: "yes" } }, /maas-kind:kind\.create: /],
      [
        "a host port out of range",
        { kind: { httpPort: 70000 } },
        /maas-kind:kind\.httpPort: must be a port number \(1-65535\)/,
      ],
      ["a host port of 0", { kind: { httpsPort: 0 } }, /maas-kind:kind\.httpsPort: must be a port number/],
      [
        "equal host ports",
        { kind: { httpPort: 8080, httpsPort: 8080 } },
        /maas-kind:kind\.httpsPort: must differ from kind\.httpPort \(8080\)/,
      ],
      [
        "a listen address that is no IP",
        { kind: { listenAddress: "localhost" } },
        /maas-kind:kind\.listenAddress: "localhost" is not an IP address/,
      ],
      ["an empty node image", { kind: { nodeImage: "" } }, /maas-kind:kind\.nodeImage: must not be empty/],
      [
        "a kubeContext while the stack manages the cluster",
        { kubeContext: "other" },
        /maas-kind:kubeContext: cannot be set while kind\.create is true/,
      ],
      [
        "a kubeconfig while the stack manages the cluster",
        { kind: { create: true }, kubeconfig: "/k" },
        /maas-kind:kubeconfig: cannot be set while kind\.create is true.*set kind\.create: false/,
      ],
      [
        "an unknown gatewayApi key",
        { gatewayApi: { install: true, channel: "experimental" } },
        /maas-kind:gatewayApi\.channel: unknown key/,
      ],
      [
        "a Gateway API version that is no release tag",
        { gatewayApi: { install: true, version: "1.2" } },
        /maas-kind:gatewayApi\.version: "1\.2" is not a Gateway API release tag/,
      ],
      [
        "a preflight that is no boolean",
        { preflight: "off" },
        /maas-kind:preflight: "off" is not valid JSON/,
      ],
    ];
    for (const [what, overrides, expected] of cases) {
      it(what, () => assert.match(problem(overrides), expected));
    }

    it("lists several problems in one error, one line each", () => {
      const msg = problem({ workload: "pods", imageTag: "latest" });
      assert.match(
        msg,
        /^invalid stack configuration \(2 problems\):\n {2}maas-kind:workload: .*\n {2}maas-kind:imageTag: /,
      );
    });
  });
});

/** Pulumi.yaml's `config:` block: a declaration per key, as the Pulumi CLI reads it. */
interface DeclaredKey {
  readonly type: string;
  readonly description: string;
  readonly default: unknown;
  readonly items?: { readonly type: string };
}

/** The Pulumi.yaml type of a plain default value; undefined for objects and lists of objects. */
function pulumiType(value: unknown): { type: string; items?: { type: string } } | undefined {
  if (typeof value === "string" || typeof value === "boolean") return { type: typeof value };
  if (typeof value === "number" && Number.isInteger(value)) return { type: "integer" };
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return { type: "array", items: { type: "string" } };
  }
  return undefined;
}

describe("Pulumi.yaml's config block follows stackConfigSchema", () => {
  const declared = (
    parse(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
      config: Record<string, DeclaredKey>;
    }
  ).config;
  const shape = stackConfigSchema.shape as Record<string, z.ZodType>;
  /** The key's default when it is a plain value Pulumi.yaml can declare (not an object, not derived). */
  const plainDefault = (key: string): unknown => {
    const schema = shape[key]!;
    if (schema.def.type !== "default") return undefined;
    const value: unknown = schema.parse(undefined);
    return pulumiType(value) ? value : undefined;
  };

  it("declares exactly the keys whose default is a plain value", () => {
    const plain = Object.keys(shape).filter((k) => plainDefault(k) !== undefined);
    assert.deepEqual(Object.keys(declared).sort(), plain.sort());
  });

  for (const key of Object.keys(declared)) {
    it(`${key}: the schema's description, default and type`, () => {
      const schema = shape[key];
      assert.ok(schema, `${key} is a key of the schema`);
      assert.equal(declared[key]!.description, schema.description);
      assert.deepEqual(declared[key]!.default, plainDefault(key));
      const { type, items } = declared[key]!;
      assert.deepEqual(items ? { type, items } : { type }, pulumiType(plainDefault(key)));
    });
  }

  it("every key of the schema has a description", () => {
    for (const [key, schema] of Object.entries(shape)) assert.ok(schema.description, key);
  });
});

/** Every key of the schema: the top-level keys and, for object-valued ones, `<key>.<field>`. */
type SchemaInput = z.input<typeof stackConfigSchema>;
type FieldsOf<K extends keyof SchemaInput> =
  NonNullable<SchemaInput[K]> extends readonly unknown[]
    ? never
    : NonNullable<SchemaInput[K]> extends object
      ? `${K}.${keyof NonNullable<SchemaInput[K]> & string}`
      : never;
type ConfigKey = keyof SchemaInput | { [K in keyof SchemaInput]-?: FieldsOf<K> }[keyof SchemaInput];

/**
 * Where each key lands in `StackConfig`: `set` (stack-file values that change it from its default) and `at`
 * (reads it back). The `satisfies` makes this a compile-time check: a key added to `stackConfigSchema` (or to
 * its kind, gatewayApi or gateway objects) without an entry here fails `tsc`, and the test below fails if the
 * entry's value does not reach the typed config.
 */
const KEY_REACHES = {
  clusterName: { set: { clusterName: "other" }, at: (c) => [c.cluster.name, c.cluster.context] },
  kubeContext: { set: { kind: { create: false }, kubeContext: "ctx" }, at: (c) => c.cluster.context },
  kubeconfig: { set: { kind: { create: false }, kubeconfig: "/k" }, at: (c) => c.cluster.kubeconfig },
  containerEngine: { set: { containerEngine: "podman" }, at: (c) => c.cluster.containerEngine },
  kind: { set: { kind: { create: false } }, at: (c) => c.kind },
  "kind.create": { set: { kind: { create: false } }, at: (c) => c.kind.create },
  "kind.nodeImage": { set: { kind: { nodeImage: "kindest/node:v1.33.1" } }, at: (c) => c.kind.nodeImage },
  "kind.httpPort": { set: { kind: { httpPort: 8080 } }, at: (c) => [c.kind.httpPort, c.gateway.baseUrl] },
  "kind.httpsPort": { set: { kind: { httpsPort: 8443 } }, at: (c) => c.kind.httpsPort },
  "kind.listenAddress": { set: { kind: { listenAddress: "127.0.0.1" } }, at: (c) => c.kind.listenAddress },
  gatewayApi: { set: { gatewayApi: { install: true } }, at: (c) => c.gatewayApi },
  "gatewayApi.install": { set: { gatewayApi: { install: true } }, at: (c) => c.gatewayApi.install },
  "gatewayApi.version": {
    set: { gatewayApi: { version: "v1.3.0" } },
    at: (c) => [c.gatewayApi.version, c.gatewayApi.manifestUrl],
  },
  preflight: { set: { preflight: false }, at: (c) => c.preflight },
  workload: { set: { workload: "deployment" }, at: (c) => c.workload },
  kserveApiVersion: { set: { kserveApiVersion: "serving.kserve.io/v1" }, at: (c) => c.kserveApiVersion },
  modelsNamespace: { set: { modelsNamespace: "models" }, at: (c) => c.namespaces.models },
  maasInstance: { set: { maasInstance: "mine" }, at: (c) => c.namespaces.tiers },
  storageClaim: { set: { storageClaim: "claim" }, at: (c) => c.storage.claimName },
  storageSize: { set: { storageSize: "2Gi" }, at: (c) => c.storage.size },
  storageClass: { set: { storageClass: "fast" }, at: (c) => c.storage.storageClass },
  imageRepository: { set: { imageRepository: "r/sim" }, at: (c) => [c.image.repository, c.image.ref] },
  imageTag: { set: { imageTag: "v2" }, at: (c) => [c.image.tag, c.image.ref] },
  baseImage: { set: { baseImage: "node:22" }, at: (c) => c.image.baseImage },
  imageDelivery: {
    set: { imageDelivery: "registry", imageRepository: "quay.io/u/sim" },
    at: (c) => [c.image.delivery, c.registry],
  },
  imagePlatform: { set: { imagePlatform: "linux/arm64" }, at: (c) => c.image.platform },
  registryUsername: {
    set: {
      imageDelivery: "registry",
      imageRepository: "quay.io/u/sim",
      registryUsername: "u",
      registryPassword: "p",
    },
    at: (c) => c.registry?.credentials?.username,
  },
  registryPassword: {
    set: {
      imageDelivery: "registry",
      imageRepository: "quay.io/u/sim",
      registryUsername: "u",
      registryPassword: "p",
    },
    at: (c) => c.registry?.credentials?.password,
  },
  models: {
    set: { models: [{ name: "m", tier: "free", replicas: 2, simulatorArgs: { "max-num-seqs": 3 } }] },
    at: (c) => c.models,
  },
  tiers: {
    set: {
      tiers: ["free", "premium"].map((name, level) => ({
        name,
        level,
        limits: { requests: { limit: 1, window: "3m" }, tokens: { limit: 2, window: "1h" } },
      })),
    },
    at: (c) => c.tiers,
  },
  gateway: { set: { gateway: { name: "gw" } }, at: (c) => c.gateway },
  "gateway.namespace": { set: { gateway: { namespace: "gw-ns" } }, at: (c) => c.gateway.namespace },
  "gateway.name": { set: { gateway: { name: "gw" } }, at: (c) => c.gateway.name },
  "gateway.sectionName": { set: { gateway: { sectionName: "http" } }, at: (c) => c.gateway.sectionName },
  "gateway.baseUrl": { set: { gateway: { baseUrl: "http://gw:9/" } }, at: (c) => c.gateway.baseUrl },
  hostnames: { set: { hostnames: ["maas.test"] }, at: (c) => [c.gateway.hostnames, c.gateway.baseUrl] },
  httpRoutes: { set: { httpRoutes: false }, at: (c) => c.gateway.createRoutes },
  tokenAudience: { set: { tokenAudience: "aud" }, at: (c) => c.tokens.audience },
  tokenDuration: { set: { tokenDuration: "2h" }, at: (c) => [c.tokens.duration, c.tokens.durationSeconds] },
  readinessTimeoutSeconds: { set: { readinessTimeoutSeconds: 5 }, at: (c) => c.readinessTimeoutSeconds },
  adoptExistingObjects: { set: { adoptExistingObjects: true }, at: (c) => c.kubernetes.adoptExistingObjects },
  deleteUnreachable: { set: { deleteUnreachable: true }, at: (c) => c.kubernetes.deleteUnreachable },
  platform: { set: { platform: "maas-subscriptions" }, at: (c) => c.platform },
  subscriptions: { set: { subscriptions: { tls: true } }, at: (c) => c.subscriptions },
  "subscriptions.namespace": {
    set: { subscriptions: { namespace: "subs" } },
    at: (c) => c.subscriptions.namespace,
  },
  "subscriptions.tls": { set: { subscriptions: { tls: true } }, at: (c) => c.subscriptions.tls },
  "subscriptions.maasApiUrl": {
    set: { platform: "maas-subscriptions", subscriptions: { maasApiUrl: "http://m:1/" } },
    at: (c) => c.subscriptions.maasApiUrl,
  },
  "subscriptions.apiKeyExpiresIn": {
    set: { subscriptions: { apiKeyExpiresIn: "1d" } },
    at: (c) => c.subscriptions.apiKeyExpiresIn,
  },
  "subscriptions.maasApiCaFile": {
    set: {
      platform: "maas-subscriptions",
      subscriptions: { maasApiUrl: "https://m:1", maasApiCaFile: TEST_CA_FILE },
    },
    at: (c) => c.subscriptions.maasApiCa,
  },
} satisfies Record<ConfigKey, { set: Record<string, unknown>; at: (c: StackConfig) => unknown }>;

/** Compile-time equality of two types. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

describe("StackConfig is derived from stackConfigSchema", () => {
  /** The raw config map Pulumi would pass for these stack-file values. */
  const raw = (set: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(set).map(([k, v]) => [`maas-kind:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  const defaults = parseStackConfig({});

  for (const [key, { set, at }] of Object.entries(KEY_REACHES)) {
    it(`${key} reaches the typed config`, () => {
      assert.notDeepEqual(at(parseStackConfig(raw(set))), at(defaults), `${key} changes StackConfig`);
    });
  }

  it("keeps the field types consumers rely on", () => {
    assertType<Equals<StackConfig["cluster"]["containerEngine"], ContainerEngine>>();
    assertType<Equals<StackConfig["cluster"]["kubeconfig"], string | undefined>>();
    assertType<Equals<StackConfig["workload"], "kserve" | "deployment">>();
    assertType<Equals<StackConfig["models"], readonly StackConfig["models"][number][]>>();
    assertType<Equals<StackConfig["tiers"][number]["limits"]["tokens"]["windowSeconds"], number>>();
    assertType<Equals<StackConfig["gateway"]["hostnames"], readonly string[]>>();
    // Every field, however deep, is readonly.
    assert.throws(() => {
      // @ts-expect-error a StackConfig field cannot be assigned
      defaults.cluster.name = "x";
    }, TypeError);
  });
});
