/**
 * What the suites need beyond the outputs, each check returning why it is missing (a suite then skips with
 * that reason, or fails with --strict) or undefined when it is there: kubectl and a reachable cluster for
 * port-forwards, and a gateway that answers for the routed suites.
 */
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import type { KubeTarget } from "../../../components/exec/kubectl";
import { kubectlTargetArgs } from "../../../components/exec/kubectl";
import type { Runner } from "../../../components/exec/runner";
import { HttpError, http } from "./http";

/** Why kubectl cannot reach the cluster of `target`, or undefined. */
export async function kubectlMissing(runner: Runner, target: KubeTarget): Promise<string | undefined> {
  const client = await runner.run("kubectl", ["version", "--client"]);
  if (client.notFound) return "kubectl is not on PATH (port-forwards need it)";
  const ready = await runner.run("kubectl", [
    ...kubectlTargetArgs(target.context, target.kubeconfig),
    "get",
    "--raw",
    "/readyz",
  ]);
  if (ready.code !== 0) {
    const why = ready.stderr.trim().split("\n").pop() || `exit code ${ready.code}`;
    return `the cluster of context ${target.context} is unreachable (${why})`;
  }
  return undefined;
}

/** True when a URL's host is this machine, so it is reachable without a port-forward. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Why no gateway serves the outputs' routes, or undefined: routes not created, or nothing answers. */
export async function gatewayMissing(outputs: StackOutputs, timeoutMs: number): Promise<string | undefined> {
  if (!outputs.gateway.routes) return "the stack created no HTTPRoutes (maas-kind:httpRoutes is false)";
  try {
    await http(outputs.gateway.baseUrl, { timeoutMs });
    return undefined;
  } catch (err) {
    if (err instanceof HttpError) return `no gateway answers at ${outputs.gateway.baseUrl} (${err.code})`;
    throw err;
  }
}
