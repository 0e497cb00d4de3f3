/**
 * What every kubectl call of the stack shares: the target cluster (context and kubeconfig path or contents)
 * and its global arguments. Kubeconfig contents (e.g. the KindCluster's output) are written to a private
 * temporary file for the duration of a call. Node built-ins are required inside function bodies, because
 * Pulumi serializes this code into dynamic providers.
 */
import type * as nodeFs from "node:fs";
import type * as nodeOs from "node:os";
import type * as nodePath from "node:path";

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

/** kubectl's global arguments selecting the kubeconfig file (if any) and the context. */
export function kubectlTargetArgs(context: string, kubeconfigPath?: string): string[] {
  return [...(kubeconfigPath ? ["--kubeconfig", kubeconfigPath] : []), "--context", context];
}

/**
 * Calls `fn` with a kubeconfig path for `kubeconfig`: the path itself, undefined for kubectl's default, or a
 * private temporary file holding the contents, removed afterwards.
 */
export async function withKubeconfigPath<T>(
  kubeconfig: string | undefined,
  fn: (path: string | undefined) => Promise<T>,
): Promise<T> {
  if (kubeconfig === undefined || !isKubeconfigContent(kubeconfig)) return fn(kubeconfig);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("node:fs") as typeof nodeFs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require("node:os") as typeof nodeOs;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("node:path") as typeof nodePath;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "maas-kind-kubeconfig-"));
  try {
    const file = path.join(dir, "config");
    fs.writeFileSync(file, kubeconfig, { mode: 0o600 });
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
