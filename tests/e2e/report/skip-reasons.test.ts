import { strict as assert } from "node:assert";
import Mocha from "mocha";
import type { E2eContext } from "../context";
import { skipUnlessReady } from "../lib/suite";
import { recordedResults } from "./fixtures/recorded";
import { RunRecorder } from "./recorder";
import { noteSkipReason, skipReasonOf } from "./skip-reasons";

describe("e2e report: skip reasons", () => {
  it("finds a test's own reason first, else the nearest suite's", () => {
    const outer = new Mocha.Suite("outer");
    const inner = Mocha.Suite.create(outer, "inner");
    const test = new Mocha.Test("t");
    inner.addTest(test);
    assert.equal(skipReasonOf(test), undefined);
    noteSkipReason(outer, "outer reason");
    assert.equal(skipReasonOf(test), "outer reason");
    noteSkipReason(inner, "inner reason");
    assert.equal(skipReasonOf(test), "inner reason");
    noteSkipReason(test, "own reason");
    assert.equal(skipReasonOf(test), "own reason");
  });

  it("reach the record from skipUnlessReady, in a before hook (its whole suite) and in a test", async () => {
    const lines: string[] = [];
    const ctx = { options: { strict: false }, log: (l: string) => lines.push(l) } as unknown as E2eContext;
    const mocha = new Mocha({ reporter: Mocha.reporters.Base });
    const hooked = Mocha.Suite.create(mocha.suite, "hooked");
    hooked.beforeAll(function () {
      skipUnlessReady(this, ctx, "no gateway answers at http://127.0.0.1:1 (ECONNREFUSED)");
    });
    hooked.addTest(new Mocha.Test("a", () => undefined));
    hooked.addTest(new Mocha.Test("b", () => undefined));
    const plain = Mocha.Suite.create(mocha.suite, "plain");
    plain.addTest(
      new Mocha.Test("c", function (this: Mocha.Context) {
        skipUnlessReady(this, ctx, "the outputs have no tier tokens");
      }),
    );
    plain.addTest(new Mocha.Test("d", () => skipUnlessReady({} as Mocha.Context, ctx, undefined)));
    const recorder = new RunRecorder({ models: {}, tokens: {} });
    await new Promise<void>((resolve) => recorder.attach(mocha.run(() => resolve())));
    assert.deepEqual(
      recorder.results(recordedResults().context).tests.map((t) => [t.title, t.state, t.message]),
      [
        ["hooked a", "skipped", "no gateway answers at http://127.0.0.1:1 (ECONNREFUSED)"],
        ["hooked b", "skipped", "no gateway answers at http://127.0.0.1:1 (ECONNREFUSED)"],
        ["plain c", "skipped", "the outputs have no tier tokens"],
        ["plain d", "passed", undefined],
      ],
    );
    assert.deepEqual(lines, [
      "skipped: no gateway answers at http://127.0.0.1:1 (ECONNREFUSED)",
      "skipped: the outputs have no tier tokens",
    ]);
  });
});
