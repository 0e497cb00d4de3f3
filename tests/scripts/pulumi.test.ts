import { strict as assert } from "node:assert";
import { DEFAULT_PASSPHRASE, plan } from "../../scripts/pulumi";

describe("scripts/pulumi.ts", () => {
  const root = "/repo";

  it("uses a file backend inside the repository and the default passphrase when none is set", () => {
    const p = plan(["up"], {}, root);
    assert.equal(p.env.PULUMI_BACKEND_URL, "file:///repo/.pulumi");
    assert.equal(p.stateDir, "/repo/.pulumi");
    assert.equal(p.env.PULUMI_CONFIG_PASSPHRASE, DEFAULT_PASSPHRASE);
    assert.deepEqual(p.steps, [
      ["stack", "select", "dev", "--create"],
      ["up", "--yes", "--stack", "dev"],
    ]);
  });

  it("keeps the user's backend, passphrase file and stack", () => {
    const p = plan(
      ["destroy", "--target-dependents"],
      { PULUMI_BACKEND_URL: "s3://b", PULUMI_CONFIG_PASSPHRASE_FILE: "/p", PULUMI_STACK: "ci" },
      root,
    );
    assert.equal(p.env.PULUMI_BACKEND_URL, "s3://b");
    assert.equal(p.stateDir, undefined);
    assert.equal(p.env.PULUMI_CONFIG_PASSPHRASE, undefined);
    assert.deepEqual(p.steps, [
      ["stack", "select", "ci"],
      ["destroy", "--yes", "--stack", "ci", "--target-dependents"],
    ]);
    assert.deepEqual(p.notes, []);
  });

  it("never creates a stack just to read or destroy it", () => {
    for (const cmd of ["outputs", "destroy", "refresh"]) {
      assert.ok(!plan([cmd], {}, root).steps[0]!.includes("--create"), cmd);
    }
  });

  it("selects the stack named by --stack, --stack= or -s after `--` (over PULUMI_STACK), once", () => {
    for (const flags of [["--stack", "bare"], ["--stack=bare"], ["-s", "bare"]]) {
      const p = plan(["up", ...flags, "--diff"], { PULUMI_STACK: "ci" }, root);
      assert.deepEqual(p.steps, [
        ["stack", "select", "bare", "--create"],
        ["up", "--yes", "--stack", "bare", "--diff"],
      ]);
    }
    assert.throws(() => plan(["up", "--stack"], {}, root), /--stack needs a stack name/);
    assert.throws(() => plan(["up", "-s", "--diff"], {}, root), /-s needs a stack name/);
    assert.throws(() => plan(["up", "--stack="], {}, root), /--stack= needs a stack name/);
  });

  it("rejects an unknown command with the usage line", () => {
    assert.throws(() => plan(["deploy"], {}, root), /usage: .*up\|preview\|destroy/);
    assert.throws(() => plan([], {}, root), /got nothing/);
  });
});
