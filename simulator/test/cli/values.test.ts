import assert from "node:assert/strict";
import { ConfigError } from "../../src/cli/errors";
import { RawValues } from "../../src/cli/values";

const values = (entries: Record<string, unknown>) =>
  new RawValues(new Map(Object.entries(entries)), (name) => `--${name}`);

/** The ConfigError message `read` throws. */
function problem(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail("no error");
}

describe("raw flag values (src/cli/values.ts)", () => {
  it("falls back when a flag is absent, and says whether it was given", () => {
    const v = values({});
    assert.equal(v.has("port"), false);
    assert.equal(v.int("port", 8000), 8000);
    assert.equal(v.float("p", 0.5), 0.5);
    assert.equal(v.string("model", "m"), "m");
    assert.equal(v.string("model", undefined), undefined);
    assert.equal(v.bool("b", true), true);
    assert.equal(v.duration("d", 7), 7);
    assert.equal(v.list("l"), undefined);
    assert.equal(values({ port: "1" }).has("port"), true);
  });

  it("reads integers from numbers and integer strings only", () => {
    assert.equal(values({ n: 8 }).int("n", 0), 8);
    assert.equal(values({ n: " -3 " }).int("n", 0), -3);
    assert.equal(values({ n: "+4" }).int("n", 0), 4);
    assert.equal(
      problem(() => values({ n: "1.5" }).int("n", 0)),
      "--n: expected an integer, got '1.5'",
    );
    assert.equal(
      problem(() => values({ n: 1.5 }).int("n", 0)),
      "--n: expected an integer, got 1.5",
    );
    assert.match(
      problem(() => values({ n: "99999999999999999999" }).int("n", 0)),
      /expected an integer/,
    );
  });

  it("reads finite numbers, not blanks", () => {
    assert.equal(values({ x: "0.25" }).float("x", 0), 0.25);
    assert.equal(values({ x: 3 }).float("x", 0), 3);
    assert.equal(
      problem(() => values({ x: " " }).float("x", 0)),
      "--x: expected a number, got ' '",
    );
    assert.equal(
      problem(() => values({ x: "Infinity" }).float("x", 0)),
      "--x: expected a number, got 'Infinity'",
    );
  });

  it("reads strings, numbers as text, and null as absent", () => {
    assert.equal(values({ s: "a" }).string("s", "x"), "a");
    assert.equal(values({ s: 12 }).string("s", "x"), "12");
    assert.equal(values({ s: null }).string("s", "x"), "x");
    assert.equal(
      problem(() => values({ s: { a: 1 } }).string("s", "x")),
      '--s: expected a string, got {"a":1}',
    );
  });

  it("reads booleans as Go's strconv.ParseBool spells them", () => {
    for (const t of ["1", "t", "T", "true", "TRUE", "True"])
      assert.equal(values({ b: t }).bool("b", false), true, t);
    for (const f of ["0", "f", "F", "false", "FALSE", "False"])
      assert.equal(values({ b: f }).bool("b", true), false, f);
    assert.equal(values({ b: false }).bool("b", true), false);
    assert.equal(
      problem(() => values({ b: "yes" }).bool("b", false)),
      "--b: expected true or false, got 'yes'",
    );
  });

  it("reads latencies as milliseconds or durations", () => {
    assert.equal(values({ d: "1.5s" }).duration("d", 0), 1500);
    assert.equal(values({ d: 20 }).duration("d", 0), 20);
    assert.equal(
      problem(() => values({ d: "5 days" }).duration("d", 0)),
      "--d: expected milliseconds or a duration such as 150ms, got '5 days'",
    );
  });

  it("reads lists: a scalar is one element, objects stay JSON text", () => {
    assert.deepEqual(values({ l: ["a", 2, { k: "v" }] }).list("l"), ["a", "2", '{"k":"v"}']);
    assert.deepEqual(values({ l: "a" }).list("l"), ["a"]);
    assert.equal(values({ l: null }).list("l"), undefined);
    assert.equal(
      problem(() => values({ l: ["a", true] }).list("l")),
      '--l: expected a list of strings, got ["a",true]',
    );
  });

  it("names where the value came from", () => {
    const fromFile = new RawValues(new Map([["port", "x"]]), (name) => `config key '${name}'`);
    assert.equal(
      problem(() => fromFile.int("port", 0)),
      "config key 'port': expected an integer, got 'x'",
    );
  });
});
