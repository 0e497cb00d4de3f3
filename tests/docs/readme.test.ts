import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as msg from "../../components/preflight/preflight-messages";
import { PREFLIGHT_HEADLINES } from "../../components/preflight/preflight-messages";
import { SUITES, e2eProgram } from "../e2e/options";
import { REPO_ROOT } from "../helpers/stack-config";

const README = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** The README's section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe("README", () => {
  it("lists every preflight headline in its Preflight checks table, with a fix", () => {
    const table = section("Preflight checks");
    for (const headline of Object.values(PREFLIGHT_HEADLINES)) {
      const row = table.split("\n").find((l) => l.startsWith(`| \`${headline}\``));
      assert.ok(row, `a row for "${headline}"`);
      assert.equal(
        row.split("|").filter((c) => c.trim() !== "").length,
        4,
        `"${headline}": headline, stops, cause, fix`,
      );
    }
    const rows = table.split("\n").filter((l) => /^\| `/.test(l));
    assert.equal(
      rows.length,
      Object.keys(PREFLIGHT_HEADLINES).length,
      "no row for a message that does not exist",
    );
  });

  it("every message starts with its headline (the README's table key)", () => {
    const examples: Record<keyof typeof PREFLIGHT_HEADLINES, string> = {
      engineMissing: msg.engineMissing("docker"),
      engineNotRunning: msg.engineNotRunning("podman", "x"),
      kindMissing: msg.kindMissing(),
      kubectlMissing: msg.kubectlMissing(),
      kindFailed: msg.kindFailed("docker", "x"),
      clusterMissing: msg.clusterMissing("c", [], "docker"),
      portInUse: msg.portInUse(80, "kind.httpPort"),
      privilegedPort: msg.privilegedPort("podman", 80, "kind.httpPort"),
      clusterUnreachable: msg.clusterUnreachable("kind-c", "c", "docker", "x"),
      kserveMissing: msg.kserveMissing(),
      kserveVersion: msg.kserveVersion("serving.kserve.io/v1alpha2", ["v1alpha1"]),
      gatewayApiMissing: msg.gatewayApiMissing("v1.2.1"),
      gatewayApiTooOld: msg.gatewayApiTooOld(["v1beta1"]),
      gatewayNotFound: msg.gatewayNotFound("ns", "gw", false),
    };
    for (const [key, text] of Object.entries(examples)) {
      assert.ok(text.startsWith(`${PREFLIGHT_HEADLINES[key as keyof typeof PREFLIGHT_HEADLINES]}: `), key);
    }
  });

  it("documents the cluster keys in the Configuration table", () => {
    const table = section("Configuration");
    for (const key of [
      "kind.create",
      "kind.nodeImage",
      "kind.httpPort",
      "kind.httpsPort",
      "kind.listenAddress",
      "gatewayApi.install",
      "gatewayApi.version",
      "preflight",
    ]) {
      assert.ok(table.includes(`\`${key}\``), key);
    }
  });
});

describe("README: environment tests", () => {
  it("documents every option of npm run test:e2e and every suite", () => {
    const text = section("Environment tests");
    const options = text.slice(text.indexOf("### Options"), text.indexOf("### Reading a failure"));
    for (const option of e2eProgram().options) {
      assert.ok(options.includes(`\`${option.long}`), option.long);
    }
    for (const suite of SUITES) assert.ok(text.includes(`| \`${suite}\``), suite);
  });
});
