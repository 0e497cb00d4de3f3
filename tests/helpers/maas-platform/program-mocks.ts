/** The PlatformMocks the program tests use: the program's own dynamic providers, run against the model. */
import type { FakeCluster } from "./fake-cluster";
import { PlatformMocks } from "./platform-mocks";

/** Mocks for a run of the program on `cluster`. */
export function platformMocks(cluster: FakeCluster): PlatformMocks {
  return new PlatformMocks(cluster);
}
