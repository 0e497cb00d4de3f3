/**
 * The stack configuration: every key of the `maas-kind:` namespace is parsed and validated here, once,
 * before any resource is declared. `parseStackConfig` is pure over a plain key → raw value map (what
 * `pulumi.runtime.allConfig()` returns), so it is unit-tested without Pulumi; `loadStackConfig` is the
 * one-line bridge to the Pulumi runtime. Any problem becomes one `ConfigError` whose message names each
 * offending key path, e.g. `maas-kind:models[1].name: "Model_B" is not a DNS label …`.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { findFlag } from "../../simulator/src/cli/flags";
import { type ContainerEngine, kindContext } from "../exec/kind-cli";
import { isDnsLabel, isDnsSubdomain, isGatewayHostname, parseDuration, parseQuantity } from "./k8s-values";
import { maasWindow } from "./maas-window";

/** The platform profiles: which MaaS the stack targets. */
export const PLATFORMS = ["maas-kind", "maas-subscriptions"] as const;
/** A platform profile. */
export type Platform = (typeof PLATFORMS)[number];

/**
 * What each profile assumes unless the stack says otherwise:
 *
 * - `tokenAudience`: the audience the profile's gateway accepts in a tier token. maas-kind: the Kind overlay's
 *   gateway AuthPolicy reviews tokens for `maas-default-gateway-sa` (models-as-a-service 30050fd3). maas-subscriptions:
 *   maas-controller's gateway AuthPolicy reviews them for the cluster audience, `https://kubernetes.default.svc`
 *   unless OpenShift names another issuer (models-as-a-service c0639b1b, maas-controller/cmd/manager/main.go
 *   `clusterAudience`, used by pkg/controller/maas/maasauthpolicy_controller.go `kubernetesTokenReview.audiences`);
 *   MaaS's own test/e2e/scripts/local-test.sh mints its token with `--audience=https://kubernetes.default.svc`.
 * - `gatewayName`: maas-kind: the Kind overlay's `maas-gateway`; maas-subscriptions: the Gateway maas-controller
 *   attaches models to, its `--gateway-name` flag's default `maas-default-gateway` (same main.go).
 */
export const PROFILE_DEFAULTS: Readonly<
  Record<Platform, { readonly tokenAudience: string; readonly gatewayName: string }>
> = {
  "maas-kind": { tokenAudience: "maas-default-gateway-sa", gatewayName: "maas-gateway" },
  "maas-subscriptions": {
    tokenAudience: "https://kubernetes.default.svc",
    gatewayName: "maas-default-gateway",
  },
};

/** The Pulumi config namespace (= the project name) this program owns. */
export const CONFIG_NAMESPACE = "maas-kind";

/** Longest model name: `<model>-kserve-workload-svc` must stay ≤ 63 characters or KServe hashes it. */
export const MAX_MODEL_NAME = 43;
/** Longest tier name: the tier is a label value and `<tier>-user` a ServiceAccount name. */
export const MAX_TIER_NAME = 58;
/** The TokenRequest API's minimum `expirationSeconds`. */
export const MIN_TOKEN_SECONDS = 600;
/** Flags the program sets itself on every simulator: the service port and the served model. */
export const RESERVED_SIMULATOR_FLAGS: readonly string[] = ["port", "model"];
/** The OpenAI API paths each model exposes through the gateway unless configured otherwise. */
export const DEFAULT_MODEL_PATHS: readonly string[] = [
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/models",
];

/**
 * maas-api's instance name when its Deployment sets neither INSTANCE_NAME nor GATEWAY_NAME (the MaaS Kind overlay
 * sets none): `constant.DefaultGatewayName` (opendatahub-io/models-as-a-service 30050fd3,
 * maas-api/internal/config/config.go `Load`, maas-api/internal/constant/const.go).
 */
export const DEFAULT_MAAS_INSTANCE = "maas-default-gateway";

/**
 * `<instance>-tier-<tier>`: the namespace whose ServiceAccounts maas-api maps to the tier, through the projected
 * group `system:serviceaccounts:<namespace>` it adds to every tier (models-as-a-service 30050fd3,
 * maas-api/internal/tier/mapper.go `ProjectedNsName`, `ProjectedSAGroup`).
 */
export function tierNamespace(instance: string, tier: string): string {
  return `${instance}-tier-${tier}`;
}

/** Gateway API release whose standard CRDs `gatewayApi.install` applies unless another is configured. */
export const DEFAULT_GATEWAY_API_VERSION = "v1.2.1";

/** The standard-channel install manifest of a Gateway API release. */
export function gatewayApiManifestUrl(version: string): string {
  return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`;
}

/** A value given to one simulator flag: `true` → `--flag`, `false` → `--no-flag`, a list → the flag repeated. */
export type SimulatorArgValue = DeepReadonly<z.output<typeof simulatorArgValue>>;

/**
 * The whole validated, frozen stack configuration: the nested view `stackConfigView` builds from the keys of
 * `stackConfigSchema`. Derived, not declared: a key reaches it only through that view, and each field's type
 * is what the schema yields (tests/components/config/stack-config.test.ts checks every key arrives).
 */
export type StackConfig = DeepReadonly<z.output<ReturnType<typeof stackConfigView>>>;
/** One model served by its own simulator workload. */
export type ModelConfig = StackConfig["models"][number];
/** A model's HorizontalPodAutoscaler (autoscaling/v2): between min and max pods, on exactly one metric. */
export type ModelAutoscaling = NonNullable<ModelConfig["autoscaling"]>;
/** A user tier: a ServiceAccount `<name>-user` that reaches every model whose tier level is ≤ `level`. */
export type TierConfig = StackConfig["tiers"][number];
/** A rate limit: at most `limit` per `window` (as configured, e.g. `2m`), `windowSeconds` in seconds. */
export type RateLimit = TierConfig["limits"]["requests"];
/** CPU and memory quantities, as Kubernetes spells them (`100m`, `128Mi`). */
export type ResourceQuantities = ModelConfig["resources"]["requests"];

/** `T` with every property and array element readonly, all the way down. */
export type DeepReadonly<T> = T extends readonly (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The registry of `registry` delivery: its host (from `imageRepository`) and optional credentials. */
export type RegistryConfig = NonNullable<StackConfig["registry"]>;

/**
 * The registry host of an image repository: its first path component when that names a host (has a `.` or a
 * `:` port, or is `localhost`), as Docker reads references; undefined for Docker Hub short names (`user/repo`).
 */
export function registryHost(repository: string): string | undefined {
  const slash = repository.indexOf("/");
  if (slash < 0) return undefined;
  const first = repository.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" ? first : undefined;
}

/**
 * A configuration problem; the message names every offending key path. A `RunError`, so Pulumi prints the
 * message alone, without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `invalid stack configuration: ${problems[0]}`
        : `invalid stack configuration (${problems.length} problems):\n  ${problems.join("\n  ")}`,
    );
    this.name = "ConfigError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Schema

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

const dnsLabel = (max: number, what: string) =>
  z.string().refine((s) => isDnsLabel(s, max), {
    error: (iss) =>
      `${show(iss.input)} is not a DNS label (lowercase letters, digits and '-', starting and ending ` +
      `with a letter or digit, at most ${max} characters)${what ? `: ${what}` : ""}`,
  });

const quantity = z.string().refine((s) => parseQuantity(s) !== undefined, {
  error: (iss) => `${show(iss.input)} is not a Kubernetes quantity (e.g. 100m, 0.5, 128Mi, 1Gi)`,
});

const duration = z.string().refine((s) => parseDuration(s) !== undefined, {
  error: (iss) => `${show(iss.input)} is not a duration (e.g. 90s, 2m, 1h, 1h30m)`,
});

const nonEmpty = z.string().min(1, { error: "must not be empty" });

const apiPath = z
  .string()
  .refine((p) => p.startsWith("/") && /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(p), {
    error: (iss) =>
      `${show(iss.input)} is not an absolute URL path (starts with '/', URL-safe characters only)`,
    abort: true,
  })
  .refine((p) => !/\/\/|\/\.\/|\/\.\.\/|%2f|#|\/\.\.?$/i.test(p), {
    error: (iss) =>
      `${show(iss.input)} must not contain '//', '/./', '/../' or '%2f', nor end in '/.' or '/..'`,
  });

const quantities = (def: { cpu: string; memory: string }) =>
  z.strictObject({ cpu: quantity.default(def.cpu), memory: quantity.default(def.memory) }).prefault({});

const DEFAULT_REQUESTS = { cpu: "100m", memory: "128Mi" };
const DEFAULT_LIMITS = { cpu: "500m", memory: "256Mi" };

const simulatorArgValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
  error: "must be a string, number, boolean or list of strings",
});

const simulatorArgs = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/, {
    error: (iss) => `flag name ${show(iss.input)} must be kebab-case, without '--'`,
  }),
  simulatorArgValue,
);

const autoscalingSchema = z.strictObject({
  minReplicas: z.int().min(1).default(1),
  maxReplicas: z.int().min(1),
  cpuUtilization: z.int().min(1).max(1000).optional(),
  requestsWaiting: z.number().positive().optional(),
});

const modelSchema = z.strictObject({
  name: dnsLabel(MAX_MODEL_NAME, "KServe derives `<name>-kserve-workload-svc` from it"),
  tier: z.string(),
  replicas: z.int().min(0).default(1),
  resources: z
    .strictObject({ requests: quantities(DEFAULT_REQUESTS), limits: quantities(DEFAULT_LIMITS) })
    .prefault({}),
  simulatorArgs: simulatorArgs.default({}),
  paths: z
    .array(apiPath)
    .min(1)
    .max(16, { error: "at most 16 paths: an HTTPRoute holds at most 16 rules" })
    .default([...DEFAULT_MODEL_PATHS]),
  autoscaling: autoscalingSchema.optional(),
});

const rateLimit = z.strictObject({ limit: z.int().min(1), window: duration });

const tierSchema = z.strictObject({
  name: dnsLabel(MAX_TIER_NAME, "it names the ServiceAccount `<name>-user`"),
  level: z.int().min(0),
  limits: z.strictObject({ requests: rateLimit, tokens: rateLimit }),
});

type TierInput = z.input<typeof tierSchema>;
const tier = (name: string, level: number, requests: number, tokens: number): TierInput => ({
  name,
  level,
  limits: { requests: { limit: requests, window: "2m" }, tokens: { limit: tokens, window: "1m" } },
});

/** Tiers when `maas-kind:tiers` is not set: the MaaS Kind setup's limits. */
export const DEFAULT_TIERS: readonly TierInput[] = [
  tier("free", 0, 5, 100),
  tier("premium", 1, 20, 50_000),
  tier("enterprise", 2, 50, 100_000),
];

/** Models when `maas-kind:models` is not set: the MaaS Kind setup's two test models. */
export const DEFAULT_MODELS: readonly { name: string; tier: string }[] = [
  { name: "model-a", tier: "free" },
  { name: "model-b", tier: "premium" },
];

const gatewaySchema = z.strictObject({
  namespace: dnsLabel(63, "").default("istio-system"),
  name: z
    .string()
    .refine((s) => isDnsLabel(s), { error: (iss) => `${show(iss.input)} is not a valid Gateway name` })
    .optional(),
  sectionName: dnsLabel(63, "").optional(),
  baseUrl: z
    .url({ protocol: /^https?$/, error: (iss) => `${show(iss.input)} is not an http(s) URL` })
    .optional(),
});

/** A CA certificate file as the stack read it at preview: where it is and its PEM text. */
export interface CaFile {
  readonly path: string;
  readonly pem: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM CA file at preview (a relative path is from the project directory, where Pulumi runs the program)
 * and parses each certificate in it, so an unreadable or unparsable file fails there, naming the key, and not
 * later inside the API-key provider.
 */
function readCaFile(file: string, ctx: z.core.$RefinementCtx<string>): CaFile {
  const fail = (message: string): never => {
    ctx.addIssue({ code: "custom", input: file, message });
    return z.NEVER;
  };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return fail(
      `cannot read ${show(file)}: ${(e as Error).message} (the PEM file of the CA that signed maas-api's certificate)`,
    );
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    return fail(
      `${show(file)} holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)`,
    );
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (e) {
      return fail(
        `${show(file)}: certificate ${i + 1} is not a valid X.509 certificate (${(e as Error).message})`,
      );
    }
  }
  return { path: file, pem: blocks.join("\n") + "\n" };
}

const PORT_ERROR = "must be a port number (1-65535)";
const subscriptionsSchema = z.strictObject({
  namespace: dnsLabel(63, "").default("models-as-a-service"),
  tls: z.boolean().default(false),
  maasApiUrl: z
    .url({ protocol: /^https?$/, error: (iss) => `${show(iss.input)} is not an http(s) URL` })
    .optional(),
  apiKeyExpiresIn: z
    .string()
    .regex(/^[1-9]\d*(d|h|m)$/, {
      error: (iss) => `${show(iss.input)} is not a maas-api lifetime (e.g. 30d, 12h)`,
    })
    .optional(),
  maasApiCaFile: nonEmpty.transform(readCaFile).optional(),
});

const hostPort = z.int({ error: PORT_ERROR }).min(1, { error: PORT_ERROR }).max(65535, { error: PORT_ERROR });

const kindSchema = z.strictObject({
  create: z.boolean().default(true),
  nodeImage: nonEmpty.optional(),
  httpPort: hostPort.default(80),
  httpsPort: hostPort.default(443),
  listenAddress: z
    .string()
    .refine((a) => isIP(a) !== 0, { error: (iss) => `${show(iss.input)} is not an IP address` })
    .optional(),
});

const gatewayApiSchema = z.strictObject({
  install: z.boolean().default(false),
  version: z
    .string()
    .regex(/^v\d+\.\d+\.\d+(?:-rc\.\d+)?$/, {
      error: (iss) =>
        `${show(iss.input)} is not a Gateway API release tag (e.g. ${DEFAULT_GATEWAY_API_VERSION})`,
    })
    .default(DEFAULT_GATEWAY_API_VERSION),
});

/**
 * Every key of the `maas-kind:` namespace, declared once: its validation, its default and its description.
 * Pulumi.yaml's `config:` block and the configuration table of docs/configuration.md are tested against it.
 */
export const stackConfigSchema = z.strictObject({
  platform: z
    .enum(PLATFORMS, { error: (iss) => `${show(iss.input)} is not one of ${PLATFORMS.join(", ")}` })
    .default("maas-kind")
    .describe(
      "Platform profile: maas-kind (the MaaS Kind overlay setup) or maas-subscriptions (today's MaaS: MaaSModelRef, MaaSAuthPolicy, MaaSSubscription, maas-api keys).",
    ),
  subscriptions: subscriptionsSchema
    .prefault({})
    .describe(
      "The maas-subscriptions profile: namespace (of MaaSAuthPolicy/MaaSSubscription), tls (HTTPS from KServe's certificates), maasApiUrl (mint an API key per tier there), apiKeyExpiresIn, maasApiCaFile (PEM file of the CA that signed maas-api's certificate).",
    ),
  clusterName: dnsLabel(63, "")
    .default("maas-local")
    .describe(
      "Kind cluster name (kind load … --name); the context is kind-<clusterName> unless kubeContext is set.",
    ),
  kubeContext: nonEmpty
    .optional()
    .describe(
      "kubeconfig context of every Kubernetes call; only with kind.create: false (default kind-<clusterName>).",
    ),
  kubeconfig: nonEmpty
    .optional()
    .describe(
      "kubeconfig path or contents; only with kind.create: false (default $KUBECONFIG or ~/.kube/config).",
    ),
  containerEngine: z
    .enum(["docker", "podman"])
    .optional()
    .describe(
      "docker or podman: builds the image and runs Kind (default podman if KIND_EXPERIMENTAL_PROVIDER=podman, else docker).",
    ),
  kind: kindSchema
    .prefault({})
    .describe(
      "The Kind cluster: create (create if missing, adopt if present), nodeImage, httpPort/httpsPort (host ports of the gateway's NodePorts), listenAddress.",
    ),
  gatewayApi: gatewayApiSchema
    .prefault({})
    .describe(
      "The Gateway API standard CRDs: install (by the stack, for bare clusters) and version (release tag).",
    ),
  preflight: z
    .boolean()
    .default(true)
    .describe(
      "Check the host (docker/podman, kind, kubectl) before anything is declared and the cluster (reachable, CRDs, Gateway) before the models.",
    ),
  workload: z
    .enum(["kserve", "deployment"])
    .default("kserve")
    .describe(
      "kserve: one LLMInferenceService per model; deployment: a Deployment and Service per model (no KServe).",
    ),
  kserveApiVersion: z
    .string()
    .regex(/^serving\.kserve\.io\/v\d+(?:(?:alpha|beta)\d+)?$/, {
      error: (iss) =>
        `${show(iss.input)} is not a serving.kserve.io API version (e.g. serving.kserve.io/v1alpha1)`,
    })
    .default("serving.kserve.io/v1alpha1")
    .describe("apiVersion of the LLMInferenceService objects."),
  modelsNamespace: dnsLabel(63, "")
    .default("llm")
    .describe("Namespace of the models, their Roles and HTTPRoutes."),
  maasInstance: dnsLabel(63, "")
    .default(DEFAULT_MAAS_INSTANCE)
    .describe(
      "maas-api's instance name (its INSTANCE_NAME, else GATEWAY_NAME, else maas-default-gateway): each tier's ServiceAccount lives in namespace <maasInstance>-tier-<tier>, whose group maas-api maps to that tier.",
    ),
  storageClaim: z
    .string()
    .refine(isDnsSubdomain, {
      error: (iss) => `${show(iss.input)} is not a valid PersistentVolumeClaim name`,
    })
    .default("empty-model")
    .describe("Name of the model PersistentVolumeClaim (model URI pvc://<claim>)."),
  storageSize: quantity.default("1Gi").describe("Size of the model PersistentVolumeClaim."),
  storageClass: nonEmpty
    .optional()
    .describe("StorageClass of the model PersistentVolumeClaim (default: the cluster's default class)."),
  imageRepository: z
    .string()
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, {
      error: (iss) =>
        `${show(iss.input)} is not an image repository (lowercase, e.g. localhost/maas-kind/simulator)`,
    })
    .default("localhost/maas-kind/simulator")
    .describe("Repository of the simulator image; fully qualified so Docker and Podman name it alike."),
  imageTag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
      error: (iss) => `${show(iss.input)} is not an image tag`,
    })
    .refine((t) => t !== "latest", {
      error: "must not be `latest`: the stack controls the tag so pods never pull (use e.g. `dev`)",
    })
    .default("dev")
    .describe("Tag of the simulator image (never latest)."),
  baseImage: nonEmpty
    .optional()
    .describe("BASE_IMAGE build argument of the simulator image (default: the Dockerfile's Node LTS image)."),
  imageDelivery: z
    .enum(["kind", "registry"])
    .default("kind")
    .describe(
      "kind: build, then kind load into the Kind nodes; registry: build, push to imageRepository's registry and run the image by digest (any cluster).",
    ),
  imagePlatform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/, {
      error: (iss) => `${show(iss.input)} is not one platform os/arch[/variant] (e.g. linux/amd64)`,
    })
    .optional()
    .describe("The one platform the image is built for, e.g. linux/amd64 (default: the engine's own)."),
  registryUsername: nonEmpty
    .optional()
    .describe(
      "Registry user for push and pull; with registryPassword the pods get an image pull secret (default: the engine's own login, no pull secret).",
    ),
  registryPassword: nonEmpty
    .optional()
    .describe("Password or token of registryUsername; set it with pulumi config set --secret."),
  models: z
    .array(modelSchema)
    .min(1, { error: "at least one model is needed" })
    .prefault(() => DEFAULT_MODELS.map((m) => ({ ...m })))
    .describe(
      "The models: name, tier, replicas, resources, simulatorArgs, paths, autoscaling (default model-a on free, model-b on premium).",
    ),
  tiers: z
    .array(tierSchema)
    .min(1, { error: "at least one tier is needed" })
    .prefault(() => DEFAULT_TIERS.map((t) => structuredClone(t)))
    .describe(
      "The user tiers: name, level, limits.requests and limits.tokens as {limit, window} (default free, premium, enterprise).",
    ),
  gateway: gatewaySchema
    .prefault({})
    .describe(
      "The MaaS Gateway the routes attach to: namespace, name (default maas-gateway on maas-kind, maas-default-gateway on maas-subscriptions), sectionName, baseUrl.",
    ),
  hostnames: z
    .array(
      z.string().refine(isGatewayHostname, {
        error: (iss) => `${show(iss.input)} is not a lowercase DNS hostname (an IP address is not allowed)`,
      }),
    )
    .min(1)
    .max(16, { error: "at most 16 hostnames per HTTPRoute" })
    .default(["localhost"])
    .describe("Hostnames of every HTTPRoute (the MaaS Kind Gateway's listeners serve localhost only)."),
  httpRoutes: z
    .boolean()
    .default(true)
    .describe("Create an HTTPRoute per model (needs the Gateway API CRDs)."),
  tokenAudience: nonEmpty
    .optional()
    .describe(
      "Audience of the tier tokens, the one the profile's gateway reviews them for (default maas-default-gateway-sa on maas-kind, https://kubernetes.default.svc on maas-subscriptions).",
    ),
  tokenDuration: duration
    .refine((d) => (parseDuration(d) ?? 0) >= MIN_TOKEN_SECONDS, {
      error: `must be at least 10m (the TokenRequest API minimum)`,
    })
    .default("1h")
    .describe("Lifetime of the tier tokens (≥ 10m); pulumi up re-mints tokens within 10 minutes of expiry."),
  readinessTimeoutSeconds: z
    .int()
    .min(1)
    .default(600)
    .describe("How long pulumi up waits for each model to become Ready."),
  adoptExistingObjects: z
    .boolean()
    .default(false)
    .describe(
      "Adopt Kubernetes objects that already exist instead of failing (provider upsertExistingObjects).",
    ),
  deleteUnreachable: z
    .boolean()
    .default(false)
    .describe(
      "Let refresh/destroy drop the resources of a cluster that no longer exists (provider deleteUnreachable).",
    ),
});

type Parsed = z.output<typeof stackConfigSchema>;

/** Keys whose raw config value is the string itself (others are JSON: numbers, booleans, lists, objects). */
function isStringKey(key: string): boolean {
  let s = (stackConfigSchema.shape as Record<string, z.ZodType>)[key];
  while (s && (s.def.type === "default" || s.def.type === "optional")) {
    s = (s.def as unknown as { innerType: z.ZodType }).innerType;
  }
  return s !== undefined && (s.def.type === "string" || s.def.type === "enum");
}

/** Cross-field rules: references, uniqueness, requests ≤ limits. Issues carry their key path. */
function checkConsistency(c: Parsed, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const tierNames = new Set<string>();
  checkProfile(c, issue);
  if (c.platform === "maas-subscriptions") {
    c.tiers.forEach((t, i) => {
      const seconds = parseDuration(t.limits.tokens.window);
      if (seconds !== undefined && maasWindow(seconds) === undefined)
        issue(
          ["tiers", i, "limits", "tokens", "window"],
          `${show(t.limits.tokens.window)} has no MaaSSubscription form (a whole 1-9999 s, m or h; platform maas-subscriptions)`,
        );
    });
  }
  c.tiers.forEach((t, i) => {
    if (tierNames.has(t.name)) issue(["tiers", i, "name"], `duplicate tier ${show(t.name)}`);
    tierNames.add(t.name);
  });
  const modelNames = new Set<string>();
  c.models.forEach((m, i) => {
    if (modelNames.has(m.name)) issue(["models", i, "name"], `duplicate model ${show(m.name)}`);
    modelNames.add(m.name);
    if (!tierNames.has(m.tier)) {
      issue(["models", i, "tier"], `unknown tier ${show(m.tier)} (tiers: ${[...tierNames].join(", ")})`);
    }
    for (const [flag, value] of Object.entries(m.simulatorArgs)) {
      const problem = simulatorFlagProblem(flag, value);
      if (problem) issue(["models", i, "simulatorArgs", flag], problem);
    }
    const seen = new Set<string>();
    m.paths.forEach((p, j) => {
      if (seen.has(p)) issue(["models", i, "paths", j], `duplicate path ${show(p)}`);
      seen.add(p);
    });
    if (m.autoscaling !== undefined) {
      const a = m.autoscaling;
      const at = (key: string) => ["models", i, "autoscaling", key];
      if (c.workload !== "deployment") {
        issue(
          ["models", i, "autoscaling"],
          `needs workload: deployment: a HorizontalPodAutoscaler cannot scale an LLMInferenceService (KServe ` +
            `v0.16's CRD has no scale subresource and no autoscaling fields) and KServe resets the replicas of ` +
            `its <model>-kserve Deployment on every reconcile; set replicas instead`,
        );
      }
      if ((a.cpuUtilization === undefined) === (a.requestsWaiting === undefined)) {
        issue(at("cpuUtilization"), `set exactly one of cpuUtilization and requestsWaiting`);
      }
      if (a.minReplicas > a.maxReplicas) {
        issue(at("minReplicas"), `${a.minReplicas} exceeds maxReplicas ${a.maxReplicas}`);
      }
    }
    for (const r of ["cpu", "memory"] as const) {
      const req = m.resources.requests[r];
      const lim = m.resources.limits[r];
      if ((parseQuantity(req) ?? 0) > (parseQuantity(lim) ?? Infinity)) {
        issue(["models", i, "resources", "requests", r], `${req} exceeds the limit ${lim}`);
      }
    }
  });
  c.tiers.forEach((t, i) => {
    const ns = tierNamespace(c.maasInstance, t.name);
    if (!isDnsLabel(ns, 63)) {
      issue(
        ["tiers", i, "name"],
        `the tier's namespace ${show(ns)} (<maasInstance>-tier-<tier>) is longer than 63 characters`,
      );
    } else if (ns === c.modelsNamespace) {
      issue(["modelsNamespace"], `must differ from the tier namespace ${show(ns)}`);
    }
  });
  if (c.kind.create) {
    for (const key of ["kubeContext", "kubeconfig"] as const) {
      if (c[key] !== undefined) {
        issue(
          [key],
          `cannot be set while kind.create is true: the stack then talks to the Kind cluster it creates or ` +
            `adopts through kind's own kubeconfig (context kind-${c.clusterName}); set kind.create: false to use ` +
            `another context or kubeconfig`,
        );
      }
    }
  }
  if (c.kind.httpPort === c.kind.httpsPort) {
    issue(["kind", "httpsPort"], `must differ from kind.httpPort (${c.kind.httpPort})`);
  }
  checkDelivery(c, issue);
  const hosts = new Set<string>();
  c.hostnames.forEach((h, i) => {
    if (hosts.has(h)) issue(["hostnames", i], `duplicate hostname ${show(h)}`);
    hosts.add(h);
  });
}

/** Keys one profile needs or cannot honour. */
function checkProfile(c: Parsed, issue: (path: (string | number)[], message: string) => void): void {
  const s = c.subscriptions;
  if (c.platform === "maas-subscriptions") {
    if (c.workload !== "kserve")
      issue(
        ["workload"],
        `must be kserve on platform maas-subscriptions: a MaaSModelRef names an LLMInferenceService`,
      );
    if (!c.httpRoutes)
      issue(
        ["httpRoutes"],
        `cannot be false on platform maas-subscriptions: the stack declares no HTTPRoute there, KServe's managed ` +
          `router creates one per model (router.route: {}); remove the key`,
      );
  } else {
    for (const key of ["maasApiUrl", "maasApiCaFile"] as const)
      if (s[key] !== undefined)
        issue(
          ["subscriptions", key],
          `is only used with platform maas-subscriptions (platform is ${c.platform})`,
        );
  }
  if (s.maasApiCaFile !== undefined) {
    if (s.maasApiUrl === undefined)
      issue(
        ["subscriptions", "maasApiCaFile"],
        `is only used with subscriptions.maasApiUrl (no API keys are minted)`,
      );
    else if (!s.maasApiUrl.startsWith("https:"))
      issue(
        ["subscriptions", "maasApiCaFile"],
        `is for an https maas-api, but subscriptions.maasApiUrl is ${show(s.maasApiUrl)}`,
      );
  }
}

/** Registry delivery needs a pushable repository; credentials come in pairs and only with a registry. */
function checkDelivery(c: Parsed, issue: (path: (string | number)[], message: string) => void): void {
  if (c.imageDelivery === "registry") {
    const host = registryHost(c.imageRepository);
    if (host === undefined || host === "localhost") {
      issue(
        ["imageRepository"],
        `${show(c.imageRepository)} names no registry to push to: with imageDelivery: registry, set it to ` +
          `<registry host>/<path> that this machine can push to and the cluster can pull from (e.g. ` +
          `quay.io/you/maas-simulator or 127.0.0.1:5000/maas-kind/simulator)`,
      );
    }
  } else {
    for (const key of ["registryUsername", "registryPassword"] as const) {
      if (c[key] !== undefined) issue([key], `is only used with imageDelivery: registry`);
    }
  }
  if ((c.registryUsername === undefined) !== (c.registryPassword === undefined)) {
    const missing = c.registryUsername === undefined ? "registryUsername" : "registryPassword";
    issue(
      [missing],
      `is required with ${missing === "registryUsername" ? "registryPassword" : "registryUsername"}`,
    );
  }
}

/**
 * What is wrong with one extra simulator flag, checked against the simulator's own flag table so that a typo
 * fails at preview instead of crash-looping the pod; undefined when nothing is.
 */
export function simulatorFlagProblem(flag: string, value: SimulatorArgValue): string | undefined {
  if (RESERVED_SIMULATOR_FLAGS.includes(flag))
    return `--${flag} is set by the program and cannot be overridden`;
  const spec = findFlag(flag);
  if (!spec)
    return `--${flag} is not a flag of the simulator (nor of llm-d-inference-sim); see \`npm run sim -- --help\``;
  if (typeof value === "boolean" && spec.kind !== "bool")
    return `--${flag} takes ${/^[aeiou]/.test(spec.kind) ? "an" : "a"} ${spec.kind} value, not ${value}`;
  if (Array.isArray(value) && spec.kind !== "list")
    return `--${flag} takes one ${spec.kind} value, not a list`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Error formatting

function keyPath(path: readonly PropertyKey[]): string {
  let out = CONFIG_NAMESPACE + ":";
  path.forEach((p, i) => {
    if (typeof p === "number") out += `[${p}]`;
    else if (i === 0) out += String(p);
    else out += /^[A-Za-z_][\w-]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  });
  return out;
}

function describe(issue: z.core.$ZodIssue): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => `${keyPath([...issue.path, k])}: unknown key`);
  }
  if (issue.code === "invalid_key") {
    return [`${keyPath(issue.path)}: ${issue.issues[0]?.message ?? issue.message}`];
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return [`${keyPath(issue.path)}: is required`];
  }
  return [`${keyPath(issue.path)}: ${issue.message}`];
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

/**
 * Parses and validates the raw config map (keys `maas-kind:<key>`, values as Pulumi passes them: plain strings
 * for string keys, JSON text for everything else). Keys of other namespaces are ignored. `env` supplies
 * `KIND_EXPERIMENTAL_PROVIDER`, which picks Podman when `containerEngine` is not set.
 * @throws ConfigError naming every offending key.
 */
export function parseStackConfig(
  raw: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv = {},
): StackConfig {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    const sep = fullKey.indexOf(":");
    if (fullKey.slice(0, sep) !== CONFIG_NAMESPACE) continue;
    const key = fullKey.slice(sep + 1);
    if (isStringKey(key)) {
      input[key] = value;
      continue;
    }
    try {
      input[key] = JSON.parse(value);
    } catch {
      // An unknown key reads as a string; the schema then reports it as unknown.
      if (key in stackConfigSchema.shape)
        problems.push(`${keyPath([key])}: ${show(value)} is not valid JSON for this key`);
      else input[key] = value;
    }
  }
  const result = stackConfigView(env).safeParse(input, { reportInput: true });
  if (!result.success) problems.push(...result.error.issues.flatMap(describe));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze(result.data);
}

/** Reads the running stack's configuration through the Pulumi runtime and validates it. */
export function loadStackConfig(): StackConfig {
  return parseStackConfig(pulumi.runtime.allConfig(), process.env);
}

/** A `{limit, window}` rate limit with its window in seconds. */
function rate(r: { limit: number; window: string }) {
  return { limit: r.limit, window: r.window, windowSeconds: parseDuration(r.window) as number };
}

/** `http://<first hostname>[:<httpPort>]`: where the gateway answers when `gateway.baseUrl` is not set. */
export function defaultGatewayBaseUrl(hostnames: readonly string[], httpPort: number): string {
  const host = hostnames[0]?.replace(/^\*\./, "") ?? "localhost";
  return `http://${host}${httpPort === 80 ? "" : `:${httpPort}`}`;
}

/**
 * The typed configuration as a schema: `stackConfigSchema`'s keys, the cross-key rules, then the nested view
 * every consumer reads (`config.cluster.name`, `config.kind.create`, …). `StackConfig` is this view's output
 * type, so the view is the one place a key is placed; `env` supplies `KIND_EXPERIMENTAL_PROVIDER`.
 */
export function stackConfigView(env: NodeJS.ProcessEnv) {
  return stackConfigSchema.superRefine(checkConsistency).transform((c) => ({
    /**
     * `maas-kind`: the MaaS Kind overlay setup (gateway-wide policies, tier ConfigMap); `maas-subscriptions`:
     * today's MaaS (maas-controller custom resources, maas-api keys).
     */
    platform: c.platform,
    /** The `maas-subscriptions` profile's settings (unused by `maas-kind`). */
    subscriptions: {
      /** Namespace of the MaaSAuthPolicy and MaaSSubscription objects. */
      namespace: c.subscriptions.namespace,
      /** True: models serve HTTPS from KServe's certificates (OpenShift); false: plain HTTP (Kind). */
      tls: c.subscriptions.tls,
      /** maas-api's root URL, without a trailing slash; when set, the stack mints one API key per tier there. */
      maasApiUrl: c.subscriptions.maasApiUrl?.replace(/\/+$/, ""),
      /** Lifetime of the API keys as maas-api reads it (`30d`, `1h`); undefined → maas-api's maximum. */
      apiKeyExpiresIn: c.subscriptions.apiKeyExpiresIn,
      /** The CA that signed maas-api's certificate (read at preview); undefined → Node's trusted CAs. */
      maasApiCa: c.subscriptions.maasApiCaFile,
    },
    cluster: {
      /** Kind cluster name (`kind load … --name`). */
      name: c.clusterName,
      /** kubeconfig context every Kubernetes call uses; `kind-<name>` unless configured. */
      context: c.kubeContext ?? kindContext(c.clusterName),
      /** kubeconfig path or contents; undefined → `$KUBECONFIG` or `~/.kube/config`. */
      kubeconfig: c.kubeconfig,
      /** Container engine that builds the image and runs Kind's nodes. */
      containerEngine:
        c.containerEngine ??
        ((env.KIND_EXPERIMENTAL_PROVIDER === "podman" ? "podman" : "docker") satisfies ContainerEngine),
    },
    /** The Kind cluster's lifecycle and layout. */
    kind: {
      /** True: create the cluster if missing (adopt it if present); false: use an existing context as is. */
      create: c.kind.create,
      /** Node image (`kindest/node:<version>`); undefined → kind's default for its version. */
      nodeImage: c.kind.nodeImage,
      /** Host port mapped to the gateway's HTTP NodePort 30080. */
      httpPort: c.kind.httpPort,
      /** Host port mapped to the gateway's HTTPS NodePort 30443. */
      httpsPort: c.kind.httpsPort,
      /** Host address the ports bind to; undefined → kind's default (all addresses). */
      listenAddress: c.kind.listenAddress,
    },
    /** The Gateway API standard CRDs, installed by the stack when asked. */
    gatewayApi: {
      install: c.gatewayApi.install,
      /** Release tag, e.g. `v1.2.1`. */
      version: c.gatewayApi.version,
      /** Its `standard-install.yaml`. */
      manifestUrl: gatewayApiManifestUrl(c.gatewayApi.version),
    },
    /** Whether the preflight checks run (host before anything is declared, cluster before the models). */
    preflight: c.preflight,
    /** `kserve`: one LLMInferenceService per model; `deployment`: a plain Deployment + Service per model. */
    workload: c.workload,
    /** apiVersion of LLMInferenceService objects. */
    kserveApiVersion: c.kserveApiVersion,
    maasInstance: c.maasInstance,
    namespaces: {
      models: c.modelsNamespace,
      tiers: Object.fromEntries(c.tiers.map((t) => [t.name, tierNamespace(c.maasInstance, t.name)])),
    },
    storage: { claimName: c.storageClaim, size: c.storageSize, storageClass: c.storageClass },
    image: {
      repository: c.imageRepository,
      tag: c.imageTag,
      /** `<repository>:<tag>`: what pods run. */
      ref: `${c.imageRepository}:${c.imageTag}`,
      /** `BASE_IMAGE` build argument; undefined → the Dockerfile's default. */
      baseImage: c.baseImage,
      /** `kind`: `kind load` into the nodes; `registry`: push, and pods run `<repository>@<digest>`. */
      delivery: c.imageDelivery,
      /** The one platform the image is built for (`linux/amd64`); undefined → the engine's own. */
      platform: c.imagePlatform,
    },
    /** Where registry mode pushes (host from `imageRepository`), and its credentials; undefined in `kind` mode. */
    registry:
      c.imageDelivery === "registry"
        ? {
            server: registryHost(c.imageRepository) as string,
            credentials:
              c.registryUsername !== undefined && c.registryPassword !== undefined
                ? { username: c.registryUsername, password: c.registryPassword }
                : undefined,
          }
        : undefined,
    /**
     * The models, each served by its own simulator workload: `name` (DNS label of ≤ 43 characters: the
     * LLMInferenceService, Service prefix, Role and route name), `tier` (the lowest tier that may use it),
     * `replicas`, `resources` (requests never exceed limits), `simulatorArgs` (extra simulator flags without
     * `--`), `autoscaling` (a HorizontalPodAutoscaler, `deployment` workload only) and `paths` (routed through
     * the gateway as `/<models namespace>/<model><path>` → `<path>`).
     */
    models: c.models.map((m) => ({ ...m, paths: [...m.paths] })),
    /** The user tiers: `<name>-user` reaches every model whose tier level is ≤ `level`, within `limits`. */
    tiers: c.tiers.map((t) => ({
      name: t.name,
      level: t.level,
      limits: { requests: rate(t.limits.requests), tokens: rate(t.limits.tokens) },
    })),
    gateway: {
      namespace: c.gateway.namespace,
      /** The Gateway's name; the profile's (PROFILE_DEFAULTS) unless configured. */
      name: c.gateway.name ?? PROFILE_DEFAULTS[c.platform].gatewayName,
      /** Listener section of the Gateway to attach to; undefined → every listener. */
      sectionName: c.gateway.sectionName,
      /** URL the gateway answers on from this machine, without a trailing slash. */
      baseUrl: (c.gateway.baseUrl ?? defaultGatewayBaseUrl(c.hostnames, c.kind.httpPort)).replace(/\/+$/, ""),
      hostnames: c.hostnames,
      /**
       * Whether the models get HTTPRoutes on the gateway (false on a cluster without Gateway API CRDs): on
       * maas-kind the stack's own ModelRoutes; on maas-subscriptions KServe's managed router's (always true).
       */
      createRoutes: c.httpRoutes,
    },
    tokens: {
      /** The audience the profile's gateway accepts (PROFILE_DEFAULTS) unless configured. */
      audience: c.tokenAudience ?? PROFILE_DEFAULTS[c.platform].tokenAudience,
      duration: c.tokenDuration,
      durationSeconds: parseDuration(c.tokenDuration) as number,
    },
    /** How long `pulumi up` waits for each model to become Ready. */
    readinessTimeoutSeconds: c.readinessTimeoutSeconds,
    kubernetes: {
      /** Provider `upsertExistingObjects`: adopt objects that already exist instead of failing. */
      adoptExistingObjects: c.adoptExistingObjects,
      /** Provider `deleteUnreachable`: drop resources of a vanished cluster from state on refresh/destroy. */
      deleteUnreachable: c.deleteUnreachable,
    },
  }));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
