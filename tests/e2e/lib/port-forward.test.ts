import { strict as assert } from "node:assert";
import { MODEL_A as model, TARGET as target } from "./decision-test-data";
import { forwardedPort, portForwardArgs, PortForwardPool } from "./port-forward";
import { fakeBin } from "../../helpers/fake-bin";

describe("e2e: port-forwards (tests/e2e/lib/port-forward.ts)", () => {
  it("forwards a free local port to the model's Service and reads the port kubectl chose", () => {
    assert.deepEqual(portForwardArgs({ context: "kind-maas-local", kubeconfig: "/k" }, model), [
      "--kubeconfig", "/k", "--context", "kind-maas-local", "--namespace", "llm",
      "port-forward", "--address", "127.0.0.1", "svc/model-a-kserve-workload-svc", "0:8000",
    ]); // prettier-ignore
    assert.equal(forwardedPort("Forwarding from 127.0.0.1:41234 -> 8000"), 41234);
    assert.equal(forwardedPort("Forwarding from [::1]:41234 -> 8000"), undefined);
    assert.equal(forwardedPort("Handling connection for 41234"), undefined);
  });

  it("runs kubectl port-forward, uses the port it prints, and closes it; reports a failing forward", async () => {
    const bin = fakeBin({
      kubectl: [
        'case "$*" in',
        '  *svc/broken*) echo "error: services \\"broken\\" not found" >&2; exit 1 ;;',
        "esac",
        'echo "Forwarding from 127.0.0.1:41234 -> 8000"',
        'echo "Forwarding from [::1]:41234 -> 8000"',
        "exec sleep 30",
      ].join("\n"),
    });
    try {
      await bin.withPath(async () => {
        const lines: string[] = [];
        const pool = new PortForwardPool(target, (l) => lines.push(l), 10_000);
        assert.equal(await pool.baseUrl(model), "http://127.0.0.1:41234");
        assert.equal(await pool.baseUrl(model), "http://127.0.0.1:41234", "one forward per model");
        assert.equal(
          await pool.baseUrl({ ...model, inClusterUrl: "http://127.0.0.1:5" }),
          "http://127.0.0.1:5",
        );
        await assert.rejects(
          pool.baseUrl({ ...model, name: "broken", service: "broken" }),
          /svc\/broken 0:8000: exited with 1 before forwarding\nerror: services "broken" not found/,
        );
        await pool.closeAll();
        assert.deepEqual(lines, [
          "port-forward llm/svc/model-a-kserve-workload-svc:8000 → http://127.0.0.1:41234",
        ]);
      });
      assert.equal(bin.calls().filter((c) => c.includes("model-a-kserve-workload-svc")).length, 1);
    } finally {
      bin.remove();
    }
  });
});
