/**
 * The few facts about the `kind` CLI that several parts of the stack share: which container engine runs the
 * nodes (Podman through `KIND_EXPERIMENTAL_PROVIDER=podman`), the context name kind gives a cluster, and the
 * list of existing clusters. Commands go through a `Runner`; nothing here requires a module at load time
 * beyond the runner helpers, so Pulumi can serialize it into dynamic providers.
 */
import type { Runner } from "./runner";
import { runChecked } from "./runner";

/** A container engine that builds images and runs Kind's nodes. */
export type ContainerEngine = "docker" | "podman";

/** Environment for `kind`: Podman needs `KIND_EXPERIMENTAL_PROVIDER=podman`. */
export function kindEnv(engine: ContainerEngine): Record<string, string> {
  return engine === "podman" ? { KIND_EXPERIMENTAL_PROVIDER: "podman" } : {};
}

/** The kubeconfig context kind writes for cluster `name`. */
export function kindContext(name: string): string {
  return `kind-${name}`;
}

/** `KIND_EXPERIMENTAL_PROVIDER=podman ` for Podman, nothing for Docker: a prefix for commands shown to users. */
export function kindEnvPrefix(engine: ContainerEngine): string {
  return engine === "podman" ? "KIND_EXPERIMENTAL_PROVIDER=podman " : "";
}

/** Non-empty, trimmed lines of a command's output. */
export function outputLines(s: string): string[] {
  return s
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Names of the Kind clusters of this engine (`kind get clusters`); throws a CommandError with `hint` if kind fails. */
export async function listKindClusters(
  runner: Runner,
  engine: ContainerEngine,
  hint?: string,
): Promise<string[]> {
  const out = await runChecked(runner, "kind", ["get", "clusters"], {
    env: kindEnv(engine),
    ...(hint !== undefined ? { hint } : {}),
  });
  // With no cluster, kind prints "No kind clusters found." on stderr and nothing on stdout.
  return outputLines(out);
}
