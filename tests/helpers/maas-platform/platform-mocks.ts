/**
 * Pulumi mocks that answer from a platform model instead of inventing values: the cluster preflight runs its
 * real checks (the provider's `check`) through a kubectl that answers from the FakeCluster; a namespace claim
 * runs its real `create` the same way (so it creates the namespace only where the cluster lacks it); the Kind
 * cluster is adopted when the model says it exists. Everything else is answered as RecordingMocks does.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clusterPreflightProvider } from "../../../components/preflight/cluster-preflight";
import { FakeRunner } from "../fake-runner";
import { RecordingMocks } from "../pulumi-mocks";
import type { FakeCluster } from "./fake-cluster";
import { fakeKubectl } from "./fake-kubectl";
import { NAMESPACE_CLAIM_TYPE } from "./stack-effects";

const PREFLIGHT_TYPE = "pulumi-nodejs:dynamic/maas-kind:ClusterPreflight";
const KIND_CLUSTER_TYPE = "pulumi-nodejs:dynamic/maas-kind:KindClusterInstance";

/** A provider-like object with the create of a dynamic provider, looked up lazily (it may not exist yet). */
type Creator = (inputs: Record<string, unknown>) => Promise<{ outs?: Record<string, unknown> }>;

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Inputs as a provider sees them: secrets unwrapped (the mocks hand them over as signed objects). */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (SECRET_SIG in o) return plain(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export class PlatformMocks extends RecordingMocks {
  /** Failures the cluster preflight reported (each stops `up`). */
  readonly preflightFailures: string[] = [];
  /** `created` of each namespace claim, by namespace. */
  readonly claimCreated = new Map<string, boolean>();
  /** Errors the mocked providers threw (a test asserts there are none: a throw would hang the run). */
  readonly errors: string[] = [];
  /** kubectl as the program's dynamic providers ran it. */
  readonly kubectl: FakeRunner;

  constructor(
    /** The cluster as it is before `up`. */
    readonly before: FakeCluster,
    /** The cluster as `up` changes it (namespace claims create namespaces here). */
    readonly during: FakeCluster = before.clone(),
    /** Whether the Kind cluster exists before `up` (it is then adopted, never deleted). */
    readonly clusterExists: boolean = true,
    private readonly namespaceClaimCreate?: (runner: FakeRunner) => Creator,
  ) {
    super();
    this.kubectl = new FakeRunner(fakeKubectl(during));
  }

  override async newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): Promise<pulumi.runtime.MockResourceResult> {
    const result = await super.newResource(args);
    try {
      return await this.answerFromModel(args, result);
    } catch (error) {
      this.errors.push(`${args.type} ${args.name}: ${(error as Error).stack ?? String(error)}`);
      return result;
    }
  }

  private async answerFromModel(
    args: pulumi.runtime.MockResourceArgs,
    result: pulumi.runtime.MockResourceResult,
  ): Promise<pulumi.runtime.MockResourceResult> {
    const inputs = plain(args.inputs) as Record<string, unknown>;
    if (args.type === PREFLIGHT_TYPE) {
      const checked = await clusterPreflightProvider(() => this.kubectl).check!({}, inputs);
      this.preflightFailures.push(...(checked.failures ?? []).map((f) => f.reason));
      return { ...result, state: { ...result.state, ...checked.inputs } };
    }
    if (args.type === KIND_CLUSTER_TYPE)
      return { ...result, state: { ...result.state, created: !this.clusterExists } };
    if (args.type === NAMESPACE_CLAIM_TYPE && this.namespaceClaimCreate) {
      const { outs = {} } = await this.namespaceClaimCreate(this.kubectl)(inputs);
      this.claimCreated.set(inputs.name as string, outs.created === true);
      return { ...result, state: { ...result.state, ...outs } };
    }
    return result;
  }
}
