import { strict as assert } from "node:assert";
import { SUITES, parseE2eOptions } from "./options";

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseE2eOptions(argv, env, "/tmp/ledger.json");

describe("e2e: options (tests/e2e/options.ts)", () => {
  it("defaults: the stack target on stack dev, every suite in order, load 8 × 10 s at ≤ 1% errors", () => {
    const o = parse([]);
    assert.equal(o.target, "stack");
    assert.equal(o.stack, "dev");
    assert.equal(o.outputs, undefined);
    assert.deepEqual(o.suites, [...SUITES]);
    assert.deepEqual([o.concurrency, o.duration, o.maxErrorRate], [8, 10, 1]);
    assert.deepEqual([o.tokenSlack, o.maxTokensPerRequest, o.requestTimeoutMs], [1, 512, 30_000]);
    assert.equal(o.strict, false);
    assert.equal(o.ledgerFile, "/tmp/ledger.json");
  });

  it("reads PULUMI_STACK, MAAS_KIND_OUTPUTS and MAAS_KIND_E2E_LEDGER; flags win", () => {
    const env = { PULUMI_STACK: "bare", MAAS_KIND_OUTPUTS: "/o.json", MAAS_KIND_E2E_LEDGER: "/l.json" };
    const o = parse([], env);
    assert.equal(o.stack, "bare");
    assert.deepEqual(o.outputs, { path: "/o.json", origin: "MAAS_KIND_OUTPUTS" });
    assert.equal(o.ledgerFile, "/l.json");
    const f = parse(["--stack", "ci", "--outputs", "x.json", "--ledger", "y.json"], env);
    assert.equal(f.stack, "ci");
    assert.deepEqual(f.outputs, { path: "x.json", origin: "--outputs" });
    assert.equal(f.ledgerFile, "y.json");
  });

  it("is strict under CI=true unless --no-strict, and --strict anywhere", () => {
    assert.equal(parse([], { CI: "true" }).strict, true);
    assert.equal(parse(["--no-strict"], { CI: "true" }).strict, false);
    assert.equal(parse(["--strict"]).strict, true);
  });

  it("local target: emulated policy and windows × 0.1 by default; ignores MAAS_KIND_OUTPUTS; no ledger file", () => {
    const o = parse(["--target", "local"], { MAAS_KIND_OUTPUTS: "/o.json" });
    assert.equal(o.target, "local");
    assert.equal(o.outputs, undefined);
    assert.equal(o.emulatePolicy, true);
    assert.equal(o.windowScale, 0.1);
    assert.equal(o.ledgerFile, undefined);
    const p = parse(["--target", "local", "--no-emulate-policy", "--window-scale", "1", "--serve"]);
    assert.deepEqual([p.emulatePolicy, p.windowScale, p.serve], [false, 1, true]);
    assert.equal(o.platform, undefined, "the stack config's platform unless --platform");
    assert.equal(
      parse(["--target", "local", "--platform", "maas-subscriptions"]).platform,
      "maas-subscriptions",
    );
  });

  it("keeps the chosen suites in run order", () => {
    assert.deepEqual(parse(["--suites", "load, direct"]).suites, ["direct", "load"]);
  });

  it("rejects bad values and options of the other target, with one message each", () => {
    const bad: [string[], RegExp][] = [
      [["--target", "cluster"], /argument 'cluster' is invalid/],
      [["--concurrency", "0"], /--concurrency <n>' argument '0' is invalid\. must be an integer ≥ 1/],
      [["--duration", "1.5"], /must be an integer ≥ 1/],
      [["--max-error-rate", "101"], /must be a number ≥ 0 and ≤ 100/],
      [["--target", "local", "--window-scale", "0"], /must be a number > 0 and ≤ 1/],
      [["--suites", "direct,speed"], /unknown suite speed; suites: direct, routing/],
      [["--window-scale", "0.5"], /--window-scale applies to --target local only/],
      [["--serve"], /--serve applies to --target local only/],
      [["--no-emulate-policy"], /--no-emulate-policy applies to --target local only/],
      [["--platform", "maas-subscriptions"], /--platform applies to --target local only/],
      [
        ["--target", "local", "--platform", "maas-2027"],
        /maas-2027.*Allowed choices are maas-kind, maas-subscriptions/,
      ],
      [["--target", "local", "--outputs", "o.json"], /with --target local use --write-outputs/],
      [["--target", "local", "--ledger", "l.json"], /--ledger applies to --target stack only/],
      [["--frobnicate"], /unknown option '--frobnicate'/],
    ];
    for (const [argv, message] of bad) assert.throws(() => parse(argv), message, argv.join(" "));
  });
});
