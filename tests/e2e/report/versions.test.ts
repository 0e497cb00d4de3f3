import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { packageDir, packageVersion, runVersions } from "./versions";
import packageJson from "../../../package.json";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

describe("e2e report: versions", () => {
  it("finds installed packages, also those that do not export their package.json", () => {
    assert.equal(path.basename(packageDir("chart.js")), "chart.js");
    assert.equal(packageVersion("chart.js"), packageJson.devDependencies["chart.js"]);
    assert.equal(packageVersion("mocha"), packageJson.devDependencies.mocha);
  });

  it("names Node, the project, the simulator, mocha, Chart.js and the commit of a checkout", () => {
    const v = runVersions(REPO_ROOT);
    assert.equal(v.node, process.version);
    assert.equal(v["maas-kind"], packageJson.version);
    assert.match(v.simulator!, /^\d+\.\d+\.\d+/);
    assert.equal(v["chart.js"], packageJson.devDependencies["chart.js"]);
    assert.match(v.commit ?? "", /^[0-9a-f]{12}$/);
  });

  it("names no commit outside a git checkout", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "versions-"));
    try {
      mkdirSync(path.join(dir, "simulator"));
      writeFileSync(path.join(dir, "package.json"), '{"version":"9.9.9"}');
      writeFileSync(path.join(dir, "simulator", "package.json"), '{"version":"1.2.3"}');
      const v = runVersions(dir);
      assert.deepEqual([v["maas-kind"], v.simulator, v.commit], ["9.9.9", "1.2.3", undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
