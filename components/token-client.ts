/**
 * Mints ServiceAccount tokens through the TokenRequest API. `TokenClient` is the small interface the
 * TokenRequest dynamic provider (and the e2e suite, to re-mint expired tokens) depends on; the real
 * implementation runs `kubectl create token … -o json` through a `Runner`, so it honours every kubeconfig
 * authentication method kubectl does and needs no Kubernetes client library.
 */
import type * as nodeFs from "node:fs";
import type * as nodeOs from "node:os";
import type * as nodePath from "node:path";
import type { Runner } from "./runner";
import { processRunner, runChecked } from "./runner";

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

/** Which cluster to talk to. */
export interface KubeTarget {
  /** kubeconfig context, e.g. `kind-maas-local`. */
  readonly context: string;
  /** kubeconfig file path or contents; undefined → kubectl's default (`$KUBECONFIG`, `~/.kube/config`). */
  readonly kubeconfig?: string;
}

/** True if `kubeconfig` holds a kubeconfig document rather than a path to one. */
export function isKubeconfigContent(kubeconfig: string): boolean {
  return kubeconfig.includes("\n") || /^\s*(apiVersion|kind|clusters)\s*:/.test(kubeconfig);
}

/** The kubectl arguments of one TokenRequest, printing the TokenRequest object as JSON. */
export function createTokenArgs(spec: TokenSpec, context: string, kubeconfigPath?: string): string[] {
  return [
    ...(kubeconfigPath ? ["--kubeconfig", kubeconfigPath] : []),
    "--context",
    context,
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
    async createToken(spec) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fs = require("node:fs") as typeof nodeFs;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const os = require("node:os") as typeof nodeOs;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const path = require("node:path") as typeof nodePath;
      let dir: string | undefined;
      let kubeconfigPath = target.kubeconfig;
      if (kubeconfigPath !== undefined && isKubeconfigContent(kubeconfigPath)) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "maas-kind-kubeconfig-"));
        kubeconfigPath = path.join(dir, "config");
        fs.writeFileSync(kubeconfigPath, target.kubeconfig as string, { mode: 0o600 });
      }
      try {
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
      } finally {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
