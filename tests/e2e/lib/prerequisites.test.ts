import { strict as assert } from "node:assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { MODEL_A as model, TARGET as target } from "./decision-test-data";
import { gatewayMissing, isLoopbackUrl, kubectlMissing } from "./prerequisites";
import { FakeRunner } from "../../helpers/fake-runner";

describe("e2e: prerequisites (tests/e2e/lib/prerequisites.ts)", () => {
  it("kubectl: missing binary, unreachable cluster, or ready", async () => {
    assert.match(
      (await kubectlMissing(new FakeRunner(() => ({ code: 127, notFound: true })), target)) ?? "",
      /kubectl is not on PATH/,
    );
    const down = new FakeRunner((c) =>
      c.args.includes("/readyz")
        ? { code: 1, stderr: "The connection to the server 127.0.0.1:6443 was refused" }
        : {},
    );
    assert.equal(
      await kubectlMissing(down, target),
      "the cluster of context kind-maas-local is unreachable (The connection to the server 127.0.0.1:6443 was refused)",
    );
    assert.deepEqual(down.lines[1], "kubectl --context kind-maas-local get --raw /readyz");
    assert.equal(await kubectlMissing(new FakeRunner(), target), undefined);
  });

  it("tells loopback URLs (reachable as they are) from in-cluster ones", () => {
    assert.ok(isLoopbackUrl("http://127.0.0.1:4000"));
    assert.ok(isLoopbackUrl("http://localhost:8000/x"));
    assert.ok(isLoopbackUrl("http://[::1]:8000"));
    assert.ok(!isLoopbackUrl(model.inClusterUrl));
  });

  it("gateway: no routes, nothing answering, or any HTTP answer", async () => {
    const gw = (baseUrl: string, routes = true) =>
      ({ gateway: { baseUrl, routes } }) as unknown as StackOutputs;
    assert.match(
      (await gatewayMissing(gw("http://127.0.0.1:1", false), 1000)) ?? "",
      /created no HTTPRoutes/,
    );
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    assert.equal(await gatewayMissing(gw(`http://127.0.0.1:${port}`), 5000), undefined);
    await new Promise((r) => server.close(r));
    assert.equal(
      await gatewayMissing(gw(`http://127.0.0.1:${port}`), 5000),
      `no gateway answers at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });
});
