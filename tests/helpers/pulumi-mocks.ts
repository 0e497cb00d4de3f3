/**
 * Pulumi mocks for unit tests. They record every registered resource and emulate what providers would do
 * where the program reads values back: Kubernetes auto-naming (a random-looking suffix when metadata.name
 * is missing), the Docker image id, and the outputs of our dynamic providers.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { digestRef } from "../../components/image/registry-push";

/** A resource as the mocks saw it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly provider: string | undefined;
  readonly custom: boolean;
}

/** Expiry the mocked TokenRequests report. */
export const MOCK_TOKEN_EXPIRY = "2030-01-01T00:00:00Z";

const hash = (s: string): string => createHash("sha256").update(s).digest("hex");

/** What the mocked cluster Preflight reports as warnings (tests set it, e.g. to a missing Gateway). */
export let mockPreflightWarnings: string[] = [];

/** Sets the warnings the mocked Preflight reports, until set again. */
export function setMockPreflightWarnings(warnings: string[]): void {
  mockPreflightWarnings = warnings;
}

/** The kubeconfig a mocked KindCluster reports for cluster `name`. */
export function mockKubeconfig(name: string): string {
  return `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: MOCK-${name}\n  name: kind-${name}\n`;
}

/** The identity a mocked KindCluster reports for cluster `name`. */
export function mockClusterId(name: string): string {
  return `ca-${hash(name).slice(0, 16)}`;
}

export class RecordingMocks implements pulumi.runtime.Mocks {
  /** Every registration, in the order the mocks answered them. */
  readonly resources: RecordedResource[] = [];
  /**
   * Types whose registration the mocks answer (and record) only after this many milliseconds, as a slow
   * provider would: whatever waits for such a resource is recorded after it.
   */
  readonly delays = new Map<string, number>();

  newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> {
    const delay = this.delays.get(args.type);
    if (delay === undefined) return this.answer(args);
    return new Promise((res) => setTimeout(() => res(this.answer(args)), delay));
  }

  private answer(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = structuredClone(args.inputs) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    this.resources.push({
      type: args.type,
      name: args.name,
      inputs,
      provider: args.provider,
      custom: args.custom ?? false,
    });
    if (!args.custom) return { id: undefined, state: {} };
    const state: Record<string, any> = { ...inputs }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (args.type.startsWith("kubernetes:")) {
      state.metadata = { ...inputs.metadata };
      // Provider-side auto-naming: code that forgets metadata.name gets a suffixed name, as on a cluster.
      state.metadata.name ??= `${args.name}-${hash(args.name).slice(0, 8)}`;
      const ns = state.metadata.namespace as string | undefined;
      return { id: ns ? `${ns}/${state.metadata.name}` : state.metadata.name, state };
    }
    if (args.type === "docker:index/image:Image") {
      state.repoDigest = `sha256:${hash(JSON.stringify(inputs.build) + inputs.imageName)}`;
      state.baseImageName = inputs.imageName;
    }
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:TokenRequest") {
      state.token = `token-for-${inputs.namespace}/${inputs.serviceAccount}`;
      state.expiresAt = MOCK_TOKEN_EXPIRY;
    }
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:MaaSApiKey") {
      // As maas-api answers a POST /v1/api-keys (its id becomes the resource id).
      const key = `sk-oai-${hash(`${inputs.name}:${inputs.subscription}`).slice(0, 16)}`;
      Object.assign(state, {
        key,
        keyPrefix: key.slice(0, 10),
        createdAt: "2029-12-01T00:00:00Z",
        expiresAt: MOCK_TOKEN_EXPIRY,
        boundSubscription: inputs.subscription,
      });
      return { id: `key-${hash(key).slice(0, 8)}`, state };
    }
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:KindImageLoad") state.loaded = true;
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:RegistryPush") {
      // A registry's manifest digest: another hash than the local image id it was pushed from.
      state.digest = `sha256:${hash(`pushed:${inputs.image}:${inputs.imageId}`)}`;
      state.ref = digestRef(inputs.image as string, state.digest as string);
    }
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:ClusterPreflight")
      state.warnings = mockPreflightWarnings;
    if (args.type === "pulumi-nodejs:dynamic/maas-kind:KindClusterInstance") {
      // As on a machine without the cluster: the stack creates it.
      state.created = true;
      state.context = `kind-${inputs.name}`;
      state.kubeconfig = mockKubeconfig(inputs.name);
      state.clusterId = mockClusterId(inputs.name);
    }
    return { id: `${args.name}-id`, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return args.inputs;
  }

  /** Custom resources of one type. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.custom && r.type === type);
  }

  /** The one custom resource of `type` with metadata.name `name`. */
  named(type: string, name: string): RecordedResource {
    const found = this.ofType(type).filter((r) => r.inputs.metadata?.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0] as RecordedResource;
  }
}

/** Installs fresh mocks (and config) for project maas-kind, stack dev. */
export function installMocks(config: Record<string, string> = {}): RecordingMocks {
  const mocks = new RecordingMocks();
  pulumi.runtime.setAllConfig(config);
  void pulumi.runtime.setMocks(mocks, "maas-kind", "dev", false);
  return mocks;
}

/** Waits until every resource registration started so far has completed. */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** The value of an output (mocks run as an update, so values are known). */
export function resolve<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((res) => {
    pulumi.output(output).apply((v) => {
      res(v as T);
      return v;
    });
  });
}

/** The URNs a resource answers to besides its own (Pulumi keeps its `aliases` option as URNs in `__aliases`). */
export function aliasUrns(resource: pulumi.Resource): Promise<string[]> {
  const aliases = (resource as unknown as { __aliases?: pulumi.Input<string>[] }).__aliases ?? [];
  return Promise.all(aliases.map((a) => resolve(a)));
}
