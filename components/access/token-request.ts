/**
 * TokenRequest: a Pulumi dynamic provider around a `TokenClient`, because Pulumi has no resource for the
 * TokenRequest API (an imperative subresource). A token is minted on create, and re-minted (an update) when a
 * `pulumi up` finds it expired or close to expiry (REMINT_WINDOW_SECONDS); a different ServiceAccount or cluster replaces
 * it. Delete does nothing: a bound token cannot be revoked on its own, it dies with its ServiceAccount or at
 * expiry. The token is a secret output.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KubeTarget } from "../exec/kubectl";
import type { MintedToken, TokenClient } from "./token-client";
import { kubectlTokenClient } from "./token-client";

/**
 * A token is re-minted when it expires within this many seconds, or within a quarter of its lifetime when
 * that is shorter (a 10-minute token would otherwise be re-minted by every `pulumi up`).
 */
export const REMINT_WINDOW_SECONDS = 600;

/** Inputs of a TokenRequest. */
export interface TokenRequestInputs {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly audience: string;
  readonly expirationSeconds: number;
  readonly context: string;
  readonly kubeconfig?: string;
}

/** State of a TokenRequest: the inputs plus the minted token. */
export interface TokenRequestState extends TokenRequestInputs, MintedToken {}

/**
 * True if a token of `lifetimeSeconds` expiring at `expiresAt` is expired or within the re-mint window at
 * `now` (or unreadable).
 */
export function needsRemint(expiresAt: string | undefined, now: Date, lifetimeSeconds: number): boolean {
  const t = expiresAt === undefined ? NaN : Date.parse(expiresAt);
  const window = Math.min(REMINT_WINDOW_SECONDS, lifetimeSeconds / 4);
  return isNaN(t) || t - now.getTime() <= window * 1000;
}

const IDENTITY = ["namespace", "serviceAccount", "context", "kubeconfig"] as const;
const SPEC = ["audience", "expirationSeconds"] as const;

/** Replace for another ServiceAccount or cluster; update (re-mint) for a new audience/duration or an expiring token. */
export function tokenRequestDiff(
  olds: Partial<TokenRequestState>,
  news: TokenRequestInputs,
  now: Date,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = IDENTITY.filter((k) => (olds[k] ?? "") !== (news[k] ?? ""));
  const changed = SPEC.some((k) => olds[k] !== news[k]);
  const changes = replaces.length > 0 || changed || needsRemint(olds.expiresAt, now, news.expirationSeconds);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** The dynamic provider; the client factory and the clock are injectable for tests. */
export function tokenRequestProvider(
  makeClient: (target: KubeTarget) => TokenClient = (target) => kubectlTokenClient(target),
  now: () => Date = () => new Date(),
): pulumi.dynamic.ResourceProvider {
  const mint = async (inputs: TokenRequestInputs): Promise<TokenRequestState> => {
    const client = makeClient({ context: inputs.context, kubeconfig: inputs.kubeconfig });
    const minted = await client.createToken({
      namespace: inputs.namespace,
      serviceAccount: inputs.serviceAccount,
      audience: inputs.audience,
      expirationSeconds: inputs.expirationSeconds,
    });
    return { ...inputs, token: minted.token, expiresAt: minted.expiresAt };
  };
  return {
    async create(inputs: TokenRequestInputs) {
      return { id: `${inputs.namespace}/${inputs.serviceAccount}`, outs: await mint(inputs) };
    },
    async diff(_id: string, olds: TokenRequestState, news: TokenRequestInputs) {
      return tokenRequestDiff(olds, news, now());
    },
    async update(_id: string, _olds: TokenRequestState, news: TokenRequestInputs) {
      return { outs: await mint(news) };
    },
    async read(id: string, props: TokenRequestState) {
      return { id, props };
    },
    async delete() {
      // A bound token cannot be revoked on its own; it dies with its ServiceAccount or at expiry.
    },
  };
}

const defaultProvider = tokenRequestProvider();

/** Arguments of a TokenRequest. */
export interface TokenRequestArgs {
  readonly namespace: pulumi.Input<string>;
  readonly serviceAccount: pulumi.Input<string>;
  /** Audience the token is bound to. */
  readonly audience: pulumi.Input<string>;
  /** Requested lifetime in seconds (≥ 600). */
  readonly expirationSeconds: pulumi.Input<number>;
  /** kubeconfig context. */
  readonly context: pulumi.Input<string>;
  /** kubeconfig path or contents; undefined → kubectl's default. */
  readonly kubeconfig?: pulumi.Input<string>;
}

/** A bound ServiceAccount token, kept only as a Pulumi secret. */
export class TokenRequest extends pulumi.dynamic.Resource {
  /** The token (secret). */
  declare readonly token: pulumi.Output<string>;
  /** When it expires (RFC 3339). */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: TokenRequestArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      { ...args, token: undefined, expiresAt: undefined },
      { ...opts, additionalSecretOutputs: ["token"] },
      "maas-kind",
      "TokenRequest",
    );
  }
}
