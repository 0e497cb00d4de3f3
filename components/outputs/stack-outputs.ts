/**
 * The stack outputs: their TypeScript type, which test scripts import, and a validator for the JSON of
 * `pulumi stack output --json --show-secrets` (or a hand-written outputs file) that reports a mismatch as
 * one error naming each offending field. index.ts returns one top-level output per key of StackOutputs, so
 * that JSON is a StackOutputs. Only a type is imported from Pulumi: scripts load this without the SDK.
 */
import type { Input } from "@pulumi/pulumi";
import { z } from "zod";

/** The Kind cluster. */
export interface ClusterOutput {
  /** Kind cluster name. */
  readonly name: string;
  /** kubeconfig context (`kind-<name>`). */
  readonly context: string;
}

/** The simulator image the models run. */
export interface ImageOutput {
  /** `repository:tag`. */
  readonly ref: string;
  /** Local image id (`sha256:…`). */
  readonly id: string;
}

/** The gateway the routes attach to. */
export interface GatewayOutput {
  /** Gateway namespace. */
  readonly namespace: string;
  /** Gateway name. */
  readonly name: string;
  /** URL the gateway answers on from this machine, without a trailing slash (e.g. `http://localhost`). */
  readonly baseUrl: string;
  /** Hostnames the routes accept. */
  readonly hostnames: readonly string[];
  /** Whether HTTPRoutes were created. */
  readonly routes: boolean;
}

/** A path exposed through the gateway. */
export interface RouteOutput {
  /** Gateway-side path prefix, e.g. `/llm/model-a/v1/models`. */
  readonly prefix: string;
  /** What the prefix is rewritten to on the model server, e.g. `/v1/models`. */
  readonly rewrite: string;
}

/** One model. */
export interface ModelOutput {
  readonly name: string;
  /** Tier the model belongs to. */
  readonly tier: string;
  /** `kserve` (LLMInferenceService) or `deployment`. */
  readonly workload: "kserve" | "deployment";
  /** Namespace of the model's Service. */
  readonly namespace: string;
  /** Service name (`<model>-kserve-workload-svc`). */
  readonly service: string;
  /** Service port. */
  readonly port: number;
  /** URL inside the cluster, e.g. `http://model-a-kserve-workload-svc.llm.svc.cluster.local:8000`. */
  readonly inClusterUrl: string;
  /** Full gateway URLs of the OpenAI endpoints. */
  readonly gatewayUrls: {
    readonly chatCompletions: string;
    readonly completions: string;
    readonly models: string;
  };
  /** Every path the model's route exposes. */
  readonly routes: readonly RouteOutput[];
  /** Ready-to-paste command forwarding local port `port` to the Service. */
  readonly portForward: string;
}

/** A rate limit. */
export interface RateLimitOutput {
  readonly limit: number;
  /** Window as configured, e.g. `2m`. */
  readonly window: string;
  readonly windowSeconds: number;
}

/** The platform profiles (as `maas-kind:platform` names them): which MaaS the stack was deployed for. */
export type PlatformOutput = "maas-kind" | "maas-subscriptions";

/** One tier. */
export interface TierOutput {
  readonly name: string;
  readonly level: number;
  /** The tier's ServiceAccount (`<tier>-user`). */
  readonly serviceAccount: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** Models the tier may use. */
  readonly allowedModels: readonly string[];
  /**
   * The tier's limits as the platform enforces them. `requests` is absent where the platform has no request-count
   * limit (`maas-subscriptions`: a MaaSSubscription has token limits only).
   */
  readonly limits: { readonly requests?: RateLimitOutput; readonly tokens: RateLimitOutput };
  /** The tier's MaaSSubscription (`maas-subscriptions` only), which its API key is bound to. */
  readonly subscription?: string;
}

/** A tier's bound token. */
export interface TokenOutput {
  /** Bearer token (a secret: shown by `--show-secrets` only). */
  readonly token: string;
  /** Audience it is bound to. */
  readonly audience: string;
  /** Expiry (RFC 3339). */
  readonly expiresAt: string;
  /** ServiceAccount it was minted for, and its namespace (for re-minting). */
  readonly serviceAccount: string;
  readonly namespace: string;
  /** Requested lifetime in seconds (for re-minting). */
  readonly durationSeconds: number;
}

/** A tier's API key, minted through maas-api (`maas-subscriptions` with `subscriptions.maasApiUrl`). */
export interface ApiKeyOutput {
  /** The key, sent as `Authorization: Bearer <key>` (a secret: shown by `--show-secrets` only). */
  readonly key: string;
  /** maas-api's id of the key (`DELETE /v1/api-keys/{id}` revokes it). */
  readonly id: string;
  /** Expiry (RFC 3339). */
  readonly expiresAt: string;
  /** The MaaSSubscription the key is bound to. */
  readonly subscription: string;
}

/** Everything `pulumi stack output --json --show-secrets` prints for this stack. */
export interface StackOutputs {
  /** The platform profile; outputs of stacks older than this field read as `maas-kind`. */
  readonly platform: PlatformOutput;
  readonly cluster: ClusterOutput;
  readonly image: ImageOutput;
  readonly gateway: GatewayOutput;
  /** By model name. */
  readonly models: Readonly<Record<string, ModelOutput>>;
  /** By tier name. */
  readonly tiers: Readonly<Record<string, TierOutput>>;
  /** By tier name. */
  readonly tokens: Readonly<Record<string, TokenOutput>>;
  /** By tier name: the tiers that have an API key; empty where none are minted (and in older outputs). */
  readonly apiKeys: Readonly<Record<string, ApiKeyOutput>>;
}

/** What the program (index.ts) returns: each key of StackOutputs, as a value or an Output of it. */
export type ProgramOutputs = { readonly [K in keyof StackOutputs]: Input<StackOutputs[K]> };

// ---------------------------------------------------------------------------------------------------------

const str = z.string().min(1);
const url = z.url({ protocol: /^https?$/ });
const rate = z.object({ limit: z.int().positive(), window: str, windowSeconds: z.int().positive() });

const model = z.object({
  name: str,
  tier: str,
  workload: z.enum(["kserve", "deployment"]),
  namespace: str,
  service: str,
  port: z.int().min(1).max(65535),
  inClusterUrl: url,
  gatewayUrls: z.object({ chatCompletions: url, completions: url, models: url }),
  routes: z.array(z.object({ prefix: str, rewrite: str })),
  portForward: str,
});

const tier = z.object({
  name: str,
  level: z.int().min(0),
  serviceAccount: str,
  namespace: str,
  allowedModels: z.array(str),
  limits: z.object({ requests: rate.optional(), tokens: rate }),
  subscription: str.optional(),
});

const secretValue = str.refine((t) => t !== "[secret]", {
  error: 'is "[secret]": read the outputs with `--show-secrets`',
});

const apiKey = z.object({
  key: secretValue,
  id: str,
  expiresAt: z.iso.datetime({ offset: true }),
  subscription: str,
});

const token = z.object({
  token: secretValue,
  audience: str,
  expiresAt: z.iso.datetime({ offset: true }),
  serviceAccount: str,
  namespace: str,
  durationSeconds: z.int().positive(),
});

/** Zod schema of StackOutputs; extra fields are allowed (and dropped) so newer stacks stay readable. */
export const stackOutputsSchema: z.ZodType<StackOutputs, unknown> = z.object({
  platform: z.enum(["maas-kind", "maas-subscriptions"]).default("maas-kind"),
  cluster: z.object({ name: str, context: str }),
  image: z.object({ ref: str, id: str }),
  gateway: z.object({
    namespace: str,
    name: str,
    baseUrl: url,
    hostnames: z.array(str),
    routes: z.boolean(),
  }),
  models: z.record(z.string(), model),
  tiers: z.record(z.string(), tier),
  tokens: z.record(z.string(), token),
  apiKeys: z.record(z.string(), apiKey).default({}),
});

/** Outputs that do not match StackOutputs; the message lists each offending field. */
export class StackOutputsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the stack outputs do not match StackOutputs:\n  ${problems.join("\n  ")}`);
    this.name = "StackOutputsError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("") || "(root)";
}

/** Validates parsed JSON as StackOutputs, cross-checking that every model's tier and every allowed model exists. */
export function parseStackOutputs(json: unknown): StackOutputs {
  if (json !== null && typeof json === "object") {
    const hidden = (["tokens", "apiKeys"] as const).filter(
      (k) => (json as Record<string, unknown>)[k] === "[secret]",
    );
    if (hidden.length > 0)
      throw new StackOutputsError(
        hidden.map((k) => `.${k}: is "[secret]": read the outputs with \`--show-secrets\``),
      );
  }
  const r = stackOutputsSchema.safeParse(json);
  if (!r.success)
    throw new StackOutputsError(r.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`));
  const o = r.data;
  const problems: string[] = [];
  for (const [name, m] of Object.entries(o.models)) {
    if (m.name !== name)
      problems.push(`.models.${name}.name: is ${JSON.stringify(m.name)}, expected the key`);
    if (!(m.tier in o.tiers)) problems.push(`.models.${name}.tier: unknown tier ${JSON.stringify(m.tier)}`);
  }
  for (const [name, t] of Object.entries(o.tiers)) {
    for (const m of t.allowedModels) {
      if (!(m in o.models)) problems.push(`.tiers.${name}.allowedModels: unknown model ${JSON.stringify(m)}`);
    }
  }
  for (const name of Object.keys(o.tokens)) {
    if (!(name in o.tiers)) problems.push(`.tokens.${name}: no tier ${JSON.stringify(name)}`);
  }
  for (const [name, k] of Object.entries(o.apiKeys)) {
    const t = o.tiers[name];
    if (t === undefined) problems.push(`.apiKeys.${name}: no tier ${JSON.stringify(name)}`);
    else if (t.subscription !== undefined && k.subscription !== t.subscription)
      problems.push(
        `.apiKeys.${name}.subscription: is ${JSON.stringify(k.subscription)}, the tier's is ${JSON.stringify(t.subscription)}`,
      );
  }
  if (o.platform === "maas-kind") {
    for (const [name, t] of Object.entries(o.tiers)) {
      if (t.limits.requests === undefined)
        problems.push(`.tiers.${name}.limits.requests: required on maas-kind`);
    }
  }
  if (problems.length > 0) throw new StackOutputsError(problems);
  return o;
}
