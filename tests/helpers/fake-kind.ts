/**
 * A scripted machine for the `kind` CLI behind a FakeRunner: it keeps a set of clusters, creates (with a new CA
 * each time, as kind does) and deletes them, prints their kubeconfigs, and can be told to fail a command.
 */
import type { CommandResult } from "../../components/exec/runner";
import type { RecordedCall } from "./fake-runner";
import { FakeRunner } from "./fake-runner";

/** The kubeconfig kind prints for `name`, with a CA that identifies the cluster instance. */
export function fakeKubeconfig(name: string, ca: string): string {
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${ca}`,
    "    server: https://127.0.0.1:40000",
    `  name: kind-${name}`,
    "contexts:",
    "- context:",
    `    cluster: kind-${name}`,
    `    user: kind-${name}`,
    `  name: kind-${name}`,
    `current-context: kind-${name}`,
    "kind: Config",
    "users: []",
    "",
  ].join("\n");
}

export class FakeKind {
  /** Cluster name → CA of its current instance. */
  readonly clusters = new Map<string, string>();
  private generation = 0;
  /** Command lines (`kind create cluster …`) that fail, with their stderr. */
  readonly failures = new Map<string, Partial<CommandResult>>();
  readonly runner: FakeRunner;

  constructor(...existing: string[]) {
    for (const name of existing) this.recreate(name);
    this.runner = new FakeRunner((call) => this.answer(call));
  }

  /** (Re-)creates `name` outside the stack, with a new CA. */
  recreate(name: string): void {
    this.clusters.set(name, `CA-${name}-${++this.generation}`);
  }

  /** Makes every call whose `command args…` line starts with `prefix` fail with `result`. */
  fail(prefix: string, result: Partial<CommandResult> = { code: 1, stderr: `${prefix}: failed` }): this {
    this.failures.set(prefix, { code: 1, ...result });
    return this;
  }

  private answer(call: RecordedCall): Partial<CommandResult> | undefined {
    const line = [call.command, ...call.args].join(" ");
    for (const [prefix, result] of this.failures) if (line.startsWith(prefix)) return result;
    if (call.command !== "kind") return undefined;
    const [verb, what] = call.args;
    const name = call.args[call.args.indexOf("--name") + 1] ?? "kind";
    if (verb === "get" && what === "clusters") {
      return this.clusters.size === 0
        ? { stderr: "No kind clusters found.\n" }
        : { stdout: [...this.clusters.keys()].sort().join("\n") + "\n" };
    }
    if (verb === "create" && what === "cluster") {
      if (this.clusters.has(name))
        return { code: 1, stderr: `ERROR: node(s) already exist for a cluster with the name "${name}"` };
      this.recreate(name);
      return { stderr: `Creating cluster "${name}" ...\n` };
    }
    if (verb === "delete" && what === "cluster") {
      this.clusters.delete(name);
      return { stderr: `Deleting cluster "${name}" ...\n` };
    }
    if (verb === "get" && what === "kubeconfig") {
      const ca = this.clusters.get(name);
      return ca === undefined
        ? { code: 1, stderr: `ERROR: could not locate any control plane nodes for cluster named '${name}'` }
        : { stdout: fakeKubeconfig(name, ca) };
    }
    return undefined;
  }
}
