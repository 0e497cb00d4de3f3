import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDurationMs } from "../../src/cli/duration";
import { ConfigError } from "../../src/cli/errors";
import { FLAGS, unknownFlagNames } from "../../src/cli/flags";
import { parseCommandLine } from "../../src/cli/parse";
import type { SimulatorConfig } from "../../src/config/simulator-config";
import { MAAS_MANIFEST_ARGS } from "../helpers/maas-manifest";

function run(args: string[], env = {}): { config: SimulatorConfig; warnings: readonly string[] } {
  const result = parseCommandLine(args, env);
  assert.equal(result.kind, "run");
  return result as { kind: "run"; config: SimulatorConfig; warnings: readonly string[] };
}

function rejects(args: string[], pattern: RegExp): void {
  assert.throws(
    () => parseCommandLine(args, {}),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

/** Every flag name the spec lists for the reference's later lines. */
const SPEC_COMPAT_NAMES = `block-size data-parallel-rank data-parallel-size dataset-in-memory dataset-path
dataset-table-name dataset-url default-embedding-dimensions ec-transfer-config enable-kvcache enable-prefix-caching
enable-request-id-headers enable-sleep-mode enforce-eager event-batch-size fake-metrics fake-metrics-refresh-interval
force-dummy-tokenizer global-cache-hit-threshold hash-seed image-emission-rate kv-cache-size kv-cache-transfer-latency
kv-cache-transfer-latency-std-dev kv-cache-transfer-time-per-token kv-cache-transfer-time-std-dev
kv-events-replay-endpoint kv-events-replay-queue-size latency-calculator log-http max-cpu-loras
max-request-body-size-mb max-tool-call-array-param-length max-tool-call-integer-param max-tool-call-number-param
min-tool-call-array-param-length min-tool-call-integer-param min-tool-call-number-param mm-encoder-only
mm-processor-kwargs mm-render-timeout omni prefill-overhead prefill-time-per-token prefill-time-std-dev
render-timeout render-url skip-tool-validation startup-duration tensor-parallel-size time-to-generate-image
time-to-generate-image-std-dev tool-call-extra-call-probability tool-call-not-required-param-probability
object-tool-call-not-required-field-probability uds-socket-path use-vllm-map-event-format zmq-endpoint
zmq-max-connect-attempts tokenizers-cache-dir`.split(/\s+/);

/** A value of the right kind for each compat flag. */
function sampleArgs(name: string): string[] {
  const flag = FLAGS.find((f) => f.name === name);
  assert.ok(flag, `flag ${name} is missing from the table`);
  switch (flag.kind) {
    case "bool":
      return [`--${name}`];
    case "int":
      return [`--${name}`, name === "block-size" ? "16" : name === "max-request-body-size-mb" ? "4" : "1"];
    case "float":
      return [`--${name}`, "1"];
    case "duration":
      return [`--${name}`, name.endsWith("-std-dev") ? "0" : "10ms"];
    case "list":
      return [`--${name}`, "{}"];
    case "string":
      if (name === "fake-metrics") return [`--${name}`, "{}"];
      return [`--${name}`, name === "latency-calculator" ? "constant" : "x"];
  }
}

describe("simulator command line", () => {
  it("applies the reference's defaults", () => {
    const { config } = run(["--model", "m"]);
    assert.equal(config.port, 8000);
    assert.deepEqual(config.servedModelNames, ["m"]);
    assert.equal(config.mode, "random");
    assert.equal(config.maxModelLen, 1024);
    assert.equal(config.maxNumSeqs, 5);
    assert.equal(config.maxWaitingQueueLength, 1000);
    assert.equal(config.timeToFirstToken, 0);
    assert.equal(config.interTokenLatency, 0);
    assert.equal(config.timeFactorUnderLoad, 1);
    assert.equal(config.failureInjectionRate, 0);
    assert.deepEqual(config.failureTypes, []);
    assert.equal(config.maxLoras, 1);
    assert.equal(config.maxRequestBodySizeMb, 4);
    assert.equal(config.selfSignedCerts, false);
    assert.match(config.seed, /^\d+$/);
  });

  it("reads latencies as integer milliseconds or as durations", () => {
    const { config } = run([
      "--model=m",
      "--time-to-first-token",
      "150",
      "--time-to-first-token-std-dev=30ms",
      "--inter-token-latency",
      "1.5s",
      "--inter-token-latency-std-dev",
      "100ms",
    ]);
    assert.equal(config.timeToFirstToken, 150);
    assert.equal(config.timeToFirstTokenStdDev, 30);
    assert.equal(config.interTokenLatency, 1500);
    assert.equal(config.interTokenLatencyStdDev, 100);
    assert.equal(parseDurationMs("1m30s"), 90_000);
    assert.equal(parseDurationMs("250us"), 0.25);
    assert.equal(parseDurationMs("-5ms"), undefined);
    assert.equal(parseDurationMs("5 parsecs"), undefined);
  });

  it("accepts model names with '/' and lists of served names", () => {
    const { config } = run([
      "--model",
      "facebook/opt-125m",
      "--served-model-name",
      "alias/one",
      "two",
      "--port",
      "9",
    ]);
    assert.equal(config.model, "facebook/opt-125m");
    assert.deepEqual(config.servedModelNames, ["alias/one", "two"]);
    assert.equal(config.port, 9);
  });

  it("runs the MaaS manifest's argument list unchanged, warning once about the ignored flag", () => {
    const { config, warnings } = run([...MAAS_MANIFEST_ARGS]);
    assert.equal(config.sslCertFile, "/var/run/kserve/tls/tls.crt");
    assert.equal(config.sslKeyFile, "/var/run/kserve/tls/tls.key");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /--no-mm-encoder-only/);
  });

  it("accepts every flag name of the reference's later lines, with --no- toggles and --flag=value", () => {
    for (const name of SPEC_COMPAT_NAMES) {
      assert.doesNotThrow(() => run(["--model", "m", ...sampleArgs(name)]), `--${name}`);
    }
    for (const toggle of [
      "mm-encoder-only",
      "enable-sleep-mode",
      "enforce-eager",
      "enable-kvcache",
      "omni",
    ]) {
      assert.doesNotThrow(() => run(["--model", "m", `--no-${toggle}`]), `--no-${toggle}`);
      assert.doesNotThrow(() => run(["--model", "m", `--${toggle}=false`]), `--${toggle}=false`);
    }
    assert.doesNotThrow(() => run(["--model", "m", "-v=5", "--logtostderr"]), "klog flags");
    assert.deepEqual(unknownFlagNames(["--no-mm-encoder-only", "--port=1", "--max-num-seqs", "3"]), []);
    assert.deepEqual(unknownFlagNames(["--bogus", "--no-port"]), [
      "unknown simulator flag --bogus",
      "unknown simulator flag --no-port",
    ]);
  });

  it("implements the applicable compat flags", () => {
    const { config, warnings } = run([
      "--model",
      "m",
      "--max-request-body-size-mb=8",
      "--startup-duration",
      "2s",
      "--prefill-time-per-token",
      "3",
      "--enable-request-id-headers",
    ]);
    assert.equal(config.maxRequestBodySizeMb, 8);
    assert.equal(config.startupDuration, 2000);
    assert.equal(config.prefillTimePerToken, 3);
    assert.equal(config.enableRequestIdHeaders, true);
    assert.deepEqual(warnings, []);
  });

  it("reads LoRA modules in the reference's JSON form and in name=path form", () => {
    const { config } = run([
      "--model",
      "base",
      "--lora-modules",
      '{"name":"sql","path":"/adapters/sql","base_model_name":"base"}',
      "chat=/adapters/chat",
    ]);
    assert.deepEqual(config.loraModules, [
      { name: "sql", path: "/adapters/sql" },
      { name: "chat", path: "/adapters/chat" },
    ]);
    rejects(
      ["--model", "base", "--lora-modules", '{"name":"x","base_model_name":"other"}'],
      /unknown base model/,
    );
  });

  it("rejects unknown flags and invalid values with one clear message", () => {
    rejects(["--model", "m", "--bogus"], /unknown option '--bogus'/);
    rejects(["--model", "m", "--mode", "foo"], /--mode must be 'random' or 'echo' \(got 'foo'\)/);
    rejects(["--model", "m", "--max-num-seqs", "0"], /--max-num-seqs must be at least 1/);
    rejects(["--model", "m", "--max-num-seqs", "two"], /--max-num-seqs: expected an integer, got 'two'/);
    rejects(
      ["--model", "m", "--time-to-first-token", "100", "--time-to-first-token-std-dev", "31"],
      /cannot be more than 30%/,
    );
    rejects(
      ["--model", "m", "--inter-token-latency", "10ms", "--inter-token-latency-std-dev", "4ms"],
      /cannot be more than 30%/,
    );
    rejects(["--model", "m", "--time-to-first-token", "soon"], /expected milliseconds or a duration/);
    rejects(["--model", "m", "--failure-types", "meteor"], /invalid type 'meteor'/);
    rejects(["--model", "m", "--failure-injection-rate", "101"], /between 0 and 100/);
    rejects(["--model", "m", "--time-factor-under-load", "0.5"], /cannot be less than 1/);
    rejects(["--model", "m", "--ssl-certfile", "/x"], /must be given together/);
    rejects(["--model", "m", "--max-request-body-size-mb", "0"], /between 1 and 512/);
    rejects(["--model", "m", "--enforce-eager=maybe"], /expected true or false/);
    rejects(["--model", "m", "--data-parallel-size", "many"], /expected an integer/);
    rejects(["--model", "m", "stray"], /too many arguments/);
    rejects(["--mode", "echo"], /--model is required/);
  });

  it("takes the model from SIM_MODEL when --model is absent", () => {
    assert.equal(run([], { SIM_MODEL: "from-env" }).config.model, "from-env");
    assert.equal(run(["--model", "flag"], { SIM_MODEL: "from-env" }).config.model, "flag");
  });

  it("shows help", () => {
    const result = parseCommandLine(["--help"], {});
    assert.equal(result.kind, "help");
    assert.match((result as { text: string }).text, /--max-num-seqs <value>/);
    assert.match((result as { text: string }).text, /--time-to-first-token <value>/);
  });

  describe("--config", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), "sim-config-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("reads a YAML file with flag names as keys; the command line wins", () => {
      const file = path.join(dir, "config.yaml");
      writeFileSync(
        file,
        [
          "model: from-file",
          "served-model-name: [a, b]",
          "max-num-seqs: 7",
          "time-to-first-token: 200ms",
          "inter-token-latency: 20",
          "lora-modules:",
          '  - \'{"name":"l1","path":"/p"}\'',
          "enforce-eager: true",
        ].join("\n"),
      );
      const { config, warnings } = run(["--config", file, "--max-num-seqs", "3"]);
      assert.equal(config.model, "from-file");
      assert.deepEqual(config.servedModelNames, ["a", "b"]);
      assert.equal(config.maxNumSeqs, 3);
      assert.equal(config.timeToFirstToken, 200);
      assert.equal(config.interTokenLatency, 20);
      assert.deepEqual(config.loraModules, [{ name: "l1", path: "/p" }]);
      assert.match(warnings[0], /enforce-eager/);
    });

    it("reads the KV-cache flags from the file (pkg/common/config.go @ v0.5.1 yaml names)", () => {
      const file = path.join(dir, "kv.yaml");
      writeFileSync(
        file,
        [
          "model: m",
          "enable-kvcache: true",
          "kv-cache-size: 64",
          "block-size: 8",
          "hash-seed: '7'",
          "zmq-endpoint: tcp://127.0.0.1:5999",
          "zmq-max-connect-attempts: 3",
          "event-batch-size: 4",
        ].join("\n"),
      );
      const { config, warnings } = run(["--config", file]);
      assert.deepEqual(warnings, []);
      assert.equal(config.enableKvCache, true);
      assert.equal(config.kvCacheSize, 64);
      assert.equal(config.blockSize, 8);
      assert.equal(config.hashSeed, "7");
      assert.equal(config.zmqEndpoint, "tcp://127.0.0.1:5999");
      assert.equal(config.zmqMaxConnectAttempts, 3);
      assert.equal(config.eventBatchSize, 4);
    });

    it("names the bad key or value", () => {
      const unknown = path.join(dir, "unknown.yaml");
      writeFileSync(unknown, "model: m\nmax-num-seq: 3\n");
      rejects(["--config", unknown], /unknown key 'max-num-seq'/);
      const bad = path.join(dir, "bad.yaml");
      writeFileSync(bad, "model: m\nmax-num-seqs: lots\n");
      rejects(["--config", bad], /key 'max-num-seqs': expected an integer/);
      rejects(["--config", path.join(dir, "missing.yaml")], /cannot read/);
    });
  });
});
