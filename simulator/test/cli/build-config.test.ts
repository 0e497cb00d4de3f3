import assert from "node:assert/strict";
import { buildConfig, type SimulatorEnv } from "../../src/cli/build-config";
import { ConfigError } from "../../src/cli/errors";
import { RawValues } from "../../src/cli/values";
import { DEFAULTS } from "../../src/config/simulator-config";

const build = (values: Record<string, unknown>, env: SimulatorEnv = {}) =>
  buildConfig(new RawValues(new Map(Object.entries(values)), (name) => `--${name}`), env, () => "99");

/** The ConfigError message building `values` throws. */
function problem(values: Record<string, unknown>): string {
  try {
    build({ model: "m", ...values });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail(`no error for ${JSON.stringify(values)}`);
}

describe("simulator configuration (src/cli/build-config.ts)", () => {
  it("fills every setting from DEFAULTS, serves the model under its own name, and takes the default seed", () => {
    const config = build({ model: "org/m" }, { POD_NAME: "p", POD_NAMESPACE: "" });
    const { model, servedModelNames, seed, ...rest } = config;
    // DEFAULTS spells max-cpu-loras as 0, "as many as --max-loras"; the built config holds the number.
    assert.deepEqual(rest, {
      ...DEFAULTS,
      maxCpuLoras: DEFAULTS.maxLoras,
      podName: "p",
      podNamespace: undefined,
    });
    assert.deepEqual([model, servedModelNames, seed], ["org/m", ["org/m"], "99"]);
  });

  it("takes the hash seed from --hash-seed, else PYTHONHASHSEED (pkg/common/config.go @ v0.5.1)", () => {
    assert.equal(build({ model: "m" }).hashSeed, "");
    assert.equal(build({ model: "m" }, { PYTHONHASHSEED: "5" }).hashSeed, "5");
    assert.equal(build({ model: "m", "hash-seed": "9" }, { PYTHONHASHSEED: "5" }).hashSeed, "9");
    assert.equal(build({ model: "m", "hash-seed": "" }, { PYTHONHASHSEED: "5" }).hashSeed, "5");
  });

  it("takes the model from SIM_MODEL, and requires one", () => {
    assert.equal(build({}, { SIM_MODEL: "env-model" }).model, "env-model");
    assert.equal(build({ model: "flag" }, { SIM_MODEL: "env-model" }).model, "flag");
    assert.throws(() => build({}), /^ConfigError: --model is required \(the base model name\)$/);
  });

  it("derives max-cpu-loras from max-loras when it is 0, and drops empty served names and failure types", () => {
    const config = build({
      model: "m",
      "max-loras": 3,
      "served-model-name": ["a", "", "b"],
      "failure-types": ["rate_limit", " "],
      seed: " 7 ",
    });
    assert.equal(config.maxCpuLoras, 3);
    assert.deepEqual(config.servedModelNames, ["a", "b"]);
    assert.deepEqual(config.failureTypes, ["rate_limit"]);
    assert.equal(config.seed, "7");
  });

  it("reads LoRA modules in JSON and name=path form", () => {
    const config = build({
      model: "m",
      "lora-modules": ['{"name":"a","path":"/a","base_model_name":"m"}', '{"name":"b"}', "c=/x=y"],
    });
    assert.deepEqual(config.loraModules, [
      { name: "a", path: "/a" },
      { name: "b", path: "" },
      { name: "c", path: "/x=y" },
    ]);
  });

  const rejects: [Record<string, unknown>, string][] = [
    [{ mode: "fast" }, "--mode must be 'random' or 'echo' (got 'fast')"],
    [{ port: 70000 }, "--port must be between 0 and 65535 (got 70000)"],
    [
      { "time-to-first-token": 100, "time-to-first-token-std-dev": 31 },
      "--time-to-first-token-std-dev (31ms) cannot be more than 30% of --time-to-first-token (100ms)",
    ],
    [
      { "inter-token-latency": "10ms", "inter-token-latency-std-dev": "4ms" },
      "--inter-token-latency-std-dev (4ms) cannot be more than 30% of --inter-token-latency (10ms)",
    ],
    [{ "time-factor-under-load": 0.5 }, "--time-factor-under-load cannot be less than 1 (got 0.5)"],
    [{ "max-num-seqs": 0 }, "--max-num-seqs must be at least 1 (got 0)"],
    [{ "max-loras": 2, "max-cpu-loras": 1 }, "--max-cpu-loras (1) cannot be less than --max-loras (2)"],
    [{ "lora-modules": ["{bad"] }, "--lora-modules: invalid JSON {bad"],
    [{ "lora-modules": ['{"path":"/a"}'] }, '--lora-modules: empty LoRA name in {"path":"/a"}'],
    [{ "lora-modules": ["=/a"] }, "--lora-modules: empty LoRA name in '=/a'"],
    [
      { "lora-modules": ['{"name":"a","base_model_name":"other"}'] },
      "--lora-modules: unknown base model 'other' for LoRA 'a'",
    ],
    [{ "failure-injection-rate": 101 }, "--failure-injection-rate must be between 0 and 100 (got 101)"],
    [{ "failure-types": ["oops"] }, "--failure-types: invalid type 'oops', valid types are "],
    [{ "ssl-certfile": "/c" }, "--ssl-certfile and --ssl-keyfile must be given together"],
    [
      { "ssl-certfile": "/c", "ssl-keyfile": "/k", "self-signed-certs": true },
      "--self-signed-certs cannot be combined with --ssl-certfile/--ssl-keyfile",
    ],
    [{ "max-request-body-size-mb": 513 }, "--max-request-body-size-mb must be between 1 and 512 (got 513)"],
    [
      { "latency-calculator": "linear" },
      "--latency-calculator must be 'constant' or 'per-token' (got 'linear')",
    ],
    [{ "block-size": 10 }, "--block-size must be one of 8, 16, 32, 64, 128 (got 10)"],
    [{ "event-batch-size": 0 }, "--event-batch-size must be at least 1 (got 0)"],
    [{ "zmq-max-connect-attempts": 11 }, "--zmq-max-connect-attempts must be between 0 and 10 (got 11)"],
    [
      { "min-tool-call-integer-param": 5, "max-tool-call-integer-param": 4 },
      "--max-tool-call-integer-param cannot be less than --min-tool-call-integer-param",
    ],
    [{ "min-tool-call-array-param-length": -1 }, "--min-tool-call-array-param-length cannot be negative"],
    [{ seed: "x1" }, "--seed must be an integer (got 'x1')"],
    [
      { "log-level": "loud" },
      "--log-level must be one of fatal, error, warn, info, debug, trace, silent (got 'loud')",
    ],
  ];
  for (const [values, message] of rejects) {
    it(`rejects ${JSON.stringify(values)}`, () => {
      const actual = problem(values);
      if (message.endsWith(" ")) assert.ok(actual.startsWith(message), actual);
      else assert.equal(actual, message);
    });
  }
});
