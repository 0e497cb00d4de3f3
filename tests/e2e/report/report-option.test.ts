import { strict as assert } from "node:assert";
import { parseE2eOptions } from "../options";

const parse = (...argv: string[]) => parseE2eOptions(argv, {}, "/tmp/ledger.json");

describe("e2e report: the --report option", () => {
  it("is off unless given a directory", () => {
    assert.equal(parse().report, undefined);
    assert.equal(parse("--target", "local", "--report", "/tmp/r").report, "/tmp/r");
    assert.equal(parse("--report", "out").report, "out");
  });

  it("cannot go with --serve, which runs no tests", () => {
    assert.throws(() => parse("--target", "local", "--serve", "--report", "/tmp/r"), /--serve runs no tests/);
  });
});
