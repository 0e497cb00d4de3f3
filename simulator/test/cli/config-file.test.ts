import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readConfigFile } from "../../src/cli/config-file";
import { ConfigError } from "../../src/cli/errors";

describe("--config files (src/cli/config-file.ts)", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sim-config-file-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const problem = (p: string): string => {
    try {
      readConfigFile(p);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.message;
    }
    assert.fail(`no error for ${p}`);
  };

  it("returns the values by flag name, as YAML typed them", () => {
    const values = readConfigFile(
      file("ok.yaml", "max-num-seqs: 8\nserved-model-name: [a, b]\nmode: echo\n"),
    );
    assert.deepEqual(
      [...values],
      [
        ["max-num-seqs", 8],
        ["served-model-name", ["a", "b"]],
        ["mode", "echo"],
      ],
    );
  });

  it("reads an empty file as no values", () => {
    assert.equal(readConfigFile(file("empty.yaml", "# nothing\n")).size, 0);
  });

  it("refuses unknown keys, including config itself", () => {
    assert.equal(
      problem(file("typo.yaml", "max-num-seq: 8\n")),
      `--config ${dir}/typo.yaml: unknown key 'max-num-seq'`,
    );
    assert.equal(
      problem(file("nested.yaml", "config: other.yaml\n")),
      `--config ${dir}/nested.yaml: unknown key 'config'`,
    );
  });

  it("refuses YAML that is not a mapping, or not YAML", () => {
    const expected = "expected a mapping of flag names to values";
    assert.equal(problem(file("list.yaml", "- a\n- b\n")), `--config ${dir}/list.yaml: ${expected}`);
    assert.equal(problem(file("scalar.yaml", "42\n")), `--config ${dir}/scalar.yaml: ${expected}`);
    assert.match(problem(file("bad.yaml", "a: [1, 2\n")), /^--config .*bad\.yaml: invalid YAML: [^\n]+$/);
  });

  it("names a file it cannot read", () => {
    assert.match(problem(path.join(dir, "missing.yaml")), /^--config: cannot read .*missing\.yaml: ENOENT/);
  });
});
