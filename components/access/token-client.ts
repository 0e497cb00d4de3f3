/**
 * Mints ServiceAccount tokens through the TokenRequest API. `TokenClient` is the small interface the
 * TokenRequest dynamic provider (and the e2e suite, to re-mint expired tokens) depends on; the real
 * implementation runs `kubectl create token … -o json` through a `Runner`, so it honours every kubeconfig
 * authentication method kubectl does and needs no Kubernetes client library.
 */
import type { KubeTarget } from "../exec/kubectl";
import { kubectlTargetArgs, withKubeconfigPath } from "../exec/kubectl";
import type { Runner } from "../exec/runner";
import { processRunner, runChecked } from "../exec/runner";

/** One TokenRequest. */
export interface TokenSpec {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The audience the token is bound to (the MaaS gateway checks `maas-default-gateway-sa`). */
  readonly audience: string;
  /** Requested lifetime; the API server may shorten it (never below 600 s). */
  readonly expirationSeconds: number;
}

/** A minted token. */
export interface MintedToken {
  readonly token: string;
  /** Expiry as the API server reports it (RFC 3339). */
  readonly expiresAt: string;
}

/** Mints tokens. */
export interface TokenClient {
  createToken(spec: TokenSpec): Promise<MintedToken>;
}

/** The kubectl arguments of one TokenRequest, printing the TokenRequest object as JSON. */
export function createTokenArgs(spec: TokenSpec, context: string, kubeconfigPath?: string): string[] {
  return [
    ...kubectlTargetArgs(context, kubeconfigPath),
    "create",
    "token",
    spec.serviceAccount,
    "--namespace",
    spec.namespace,
    "--audience",
    spec.audience,
    "--duration",
    `${spec.expirationSeconds}s`,
    "--output",
    "json",
  ];
}

/** Reads the token and its expiry out of `kubectl create token -o json` output. */
export function parseTokenRequest(json: string): MintedToken {
  let obj: { status?: { token?: unknown; expirationTimestamp?: unknown } };
  try {
    obj = JSON.parse(json) as typeof obj;
  } catch {
    throw new Error(`kubectl create token printed no JSON TokenRequest: ${json.slice(0, 200)}`);
  }
  const token = obj.status?.token;
  const expiresAt = obj.status?.expirationTimestamp;
  if (
    typeof token !== "string" ||
    token === "" ||
    typeof expiresAt !== "string" ||
    isNaN(Date.parse(expiresAt))
  ) {
    throw new Error("the TokenRequest response has no status.token or no valid status.expirationTimestamp");
  }
  return { token, expiresAt };
}

/** A TokenClient that runs kubectl. Kubeconfig contents are written to a private temporary file for the call. */
export function kubectlTokenClient(target: KubeTarget, runner: Runner = processRunner()): TokenClient {
  return {
    createToken(spec) {
      return withKubeconfigPath(target.kubeconfig, async (kubeconfigPath) => {
        const out = await runChecked(
          runner,
          "kubectl",
          createTokenArgs(spec, target.context, kubeconfigPath),
          {
            hint:
              `Minting a token for ServiceAccount ${spec.namespace}/${spec.serviceAccount} in context ` +
              `${target.context} failed: is the cluster running and the ServiceAccount there?`,
          },
        );
        return parseTokenRequest(out);
      });
    },
  };
}
