/** The PlatformMocks the program tests use: the program's own dynamic providers, run against the model. */
import { namespaceClaimProvider } from "../../../components/cluster/namespace-claim";
import type { FakeCluster } from "./fake-cluster";
import { PlatformMocks } from "./platform-mocks";

/** Mocks for a run of the program on `cluster` (which exists, so the Kind cluster is adopted). */
export function platformMocks(cluster: FakeCluster): PlatformMocks {
  return new PlatformMocks(cluster, cluster.clone(), true, (runner) => async (inputs) => {
    const created = await namespaceClaimProvider(() => runner).create(inputs);
    return { outs: created.outs as Record<string, unknown> };
  });
}
