import { strict as assert } from "node:assert";
import { ConfigError } from "../components/config/stack-config";
import { failProgram } from "./helpers/program";
import { stackConfig } from "./helpers/stack-config";

describe("the program (index.ts) and the platform profile", () => {
  it("stops at preview, naming the key, for a profile it does not compose yet; declares nothing", async () => {
    const { error, mocks, host } = await failProgram(stackConfig("dev", { platform: "maas-subscriptions" }));
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /maas-kind:platform: maas-subscriptions is not composed by this program yet/);
    assert.deepEqual(mocks.resources, []);
    assert.deepEqual(host.runner.calls, [], "the host preflight did not run");
  });
});
