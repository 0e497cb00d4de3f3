import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseStackConfig } from "../../../components/config/stack-config";
import { describeSource, pulumiOutputsCommand, readStackOutputs } from "./outputs-source";
import { localOutputs } from "../local/local-outputs";
import { FakeRunner } from "../../helpers/fake-runner";
import { REPO_ROOT, stackConfig } from "../../helpers/stack-config";

const outputs = localOutputs(parseStackConfig(stackConfig("dev")), {
  gatewayUrl: "http://localhost",
  processUrls: { "model-a": "http://10.0.0.1:8000", "model-b": "http://10.0.0.2:8000" },
  tokens: { free: { token: "t", expiresAt: "2030-01-01T00:00:00Z" } },
  windowScale: 1,
  runs: "x",
});

describe("e2e: where the stack target's outputs come from (tests/e2e/lib/outputs-source.ts)", () => {
  let dir = "";
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "maas-kind-outputs-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return { kind: "file" as const, path: path.join(dir, name), origin: "MAAS_KIND_OUTPUTS" };
  };

  it("reads and validates an outputs file", async () => {
    const o = await readStackOutputs(
      file("ok.json", JSON.stringify(outputs)),
      REPO_ROOT,
      {},
      new FakeRunner(),
    );
    assert.deepEqual(o, outputs);
  });

  it("reports an unreadable, non-JSON or mismatching file as one error naming the source", async () => {
    const runner = new FakeRunner();
    await assert.rejects(
      readStackOutputs(
        { kind: "file", path: path.join(dir, "none.json"), origin: "--outputs" },
        REPO_ROOT,
        {},
        runner,
      ),
      /cannot read the outputs file .*none\.json \(from --outputs\): ENOENT/,
    );
    await assert.rejects(
      readStackOutputs(file("bad.json", "{"), REPO_ROOT, {}, runner),
      /bad\.json .* is not JSON/,
    );
    const masked = { ...outputs, tokens: "[secret]" };
    await assert.rejects(
      readStackOutputs(file("masked.json", JSON.stringify(masked)), REPO_ROOT, {}, runner),
      /masked\.json \(from MAAS_KIND_OUTPUTS\): the stack outputs do not match StackOutputs:\n {2}\.tokens: is "\[secret\]"/,
    );
  });

  it("otherwise runs `pulumi stack output --json --show-secrets` with the npm scripts' backend and passphrase", async () => {
    const cmd = pulumiOutputsCommand("bare", {}, "/repo");
    assert.equal(cmd.command, "/repo/node_modules/.bin/pulumi");
    assert.deepEqual(cmd.args, ["stack", "output", "--json", "--stack", "bare", "--show-secrets"]);
    assert.equal(cmd.env.PULUMI_BACKEND_URL, "file:///repo/.pulumi");
    assert.equal(cmd.env.PULUMI_CONFIG_PASSPHRASE, "maas-kind-local");
    const runner = new FakeRunner(() => ({ stdout: JSON.stringify(outputs) }));
    assert.deepEqual(
      await readStackOutputs({ kind: "pulumi", stack: "dev" }, REPO_ROOT, {}, runner),
      outputs,
    );
    assert.deepEqual(runner.calls[0]?.args.slice(-3), ["--stack", "dev", "--show-secrets"]);
    assert.equal(
      describeSource({ kind: "pulumi", stack: "dev" }),
      "`pulumi stack output --json --show-secrets` of stack dev",
    );
  });

  it("says how to get outputs when the stack cannot be read", async () => {
    const runner = new FakeRunner(() => ({ code: 255, stderr: "error: no stack named 'dev' found" }));
    await assert.rejects(
      readStackOutputs({ kind: "pulumi", stack: "dev" }, REPO_ROOT, {}, runner),
      (err: Error) =>
        /cannot read the outputs of stack dev:\n {2}error: no stack named 'dev' found/.test(err.message) &&
        /`npm run up`/.test(err.message) &&
        /--outputs FILE or MAAS_KIND_OUTPUTS/.test(err.message),
    );
    const missing = new FakeRunner(() => ({ code: 127, notFound: true }));
    await assert.rejects(
      readStackOutputs({ kind: "pulumi", stack: "dev" }, REPO_ROOT, {}, missing),
      /the Pulumi CLI .* is not installed: run `npm install`/,
    );
  });
});
