/**
 * Runs the whole program (index.ts) on Pulumi mocks against a platform model, as `pulumi up` would on that
 * cluster, and reports what the run means there: the preflight's failures, the objects `up` would find already
 * existing, the cluster after `up`, and what `destroy` would then delete.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostTools } from "../../../components/preflight/host-preflight";
import type { ProgramOutputs } from "../../../components/outputs/stack-outputs";
import type { FakeHost } from "../program";
import { fakeHost } from "../program";
import { resolve, settle } from "../pulumi-mocks";
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";
import { PlatformMocks } from "./platform-mocks";
import { collisions, declaredObjects, destroyDeletes, namespaceClaims } from "./stack-effects";

/** One program run on a platform. */
export interface PlatformRun {
  readonly mocks: PlatformMocks;
  readonly host: FakeHost;
  readonly outputs: Record<string, unknown>;
  /** The Kubernetes objects the program declared. */
  readonly declared: K8sObject[];
  /** Declared objects that already existed: each one fails `up` with "already exists" (unless adopted). */
  readonly collisions: string[];
  /** Namespaces the stack created (its claims recorded `created`), and those it reuses. */
  readonly namespaces: { readonly created: string[]; readonly reused: string[] };
  /** The cluster after a successful `up` (declared objects that did not exist are added). */
  readonly after: FakeCluster;
  /** Keys of the objects `destroy` would then delete. */
  readonly destroyDeletes: string[];
  /** Of those, the ones that existed before `up`: platform objects the stack must never delete. */
  readonly destroysPlatform: string[];
}

const INDEX = require.resolve("../../../index");

/** Runs the program with `config` (a raw config map) on `cluster` (which is not changed). */
export async function runOnPlatform(
  cluster: FakeCluster,
  config: Record<string, string>,
  mocksFor: (cluster: FakeCluster) => PlatformMocks = (c) => new PlatformMocks(c),
): Promise<PlatformRun> {
  const mocks = mocksFor(cluster);
  const host = fakeHost((call) =>
    call.command === "kind" && call.args[0] === "get" && call.args[1] === "clusters"
      ? { stdout: `${config["maas-kind:clusterName"] ?? "maas-local"}\n` }
      : undefined,
  );
  pulumi.runtime.setAllConfig(config);
  void pulumi.runtime.setMocks(mocks, "maas-kind", "dev", false);
  delete require.cache[INDEX];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(INDEX) as (host?: HostTools) => Promise<ProgramOutputs>;
  let exports: Record<string, pulumi.Input<unknown>>;
  try {
    exports = (await program(host)) as unknown as Record<string, pulumi.Input<unknown>>;
  } finally {
    await settle();
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(exports)) outputs[k] = await resolve(v);

  const declared = declaredObjects(mocks.resources);
  const after = mocks.during.clone("after up");
  for (const o of declared) after.put(o);
  const namespaces = namespaceClaims(mocks.resources, mocks.claimCreated);
  const deletes = destroyDeletes(after, declared, namespaces.created);
  const existed = new Set(cluster.keys());
  return {
    mocks,
    host,
    outputs,
    declared,
    collisions: collisions(cluster, declared),
    namespaces,
    after,
    destroyDeletes: deletes,
    destroysPlatform: deletes.filter((k) => existed.has(k)),
  };
}
