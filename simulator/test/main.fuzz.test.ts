import assert from "node:assert/strict";
import net from "node:net";
import Ajv from "ajv";
import { Rng } from "../src/generation/rng";
import { type ChildSimulator, spawnSimulator } from "./helpers/child-simulator";

/**
 * Seeded, bounded fuzzing of a simulator process (issue #14): random tool schemas (well-formed and
 * hostile), mutated request bodies on every endpoint, and HTTP abuse on raw sockets, from several
 * clients at once. Asserts: no 5xx but the injected ones, the process never exits, its RSS stays under
 * a pod's 512 MiB limit, every accepted tool call's arguments satisfy their schema, and the request
 * gauges return to zero.
 *
 * FUZZ_SEED (default 14) and FUZZ_SECONDS (default 40) change the run; a failure prints the seed and
 * the case, so it can be replayed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 14);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 40);
const CLIENTS = 6;
const RSS_LIMIT_MIB = 512;
/** The message of injected `server_error` failures: the only 5xx allowed. */
const INJECTED_5XX = "The server is overloaded or not ready yet.";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NAMES = ["a", "b", "city", "__proto__", "constructor", "toString", "0", "x y", "ünï", "hasOwnProperty"];
const TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"];

/** A schema the generator is meant to satisfy (its arguments are checked against it with Ajv). */
function wellFormedSchema(rng: Rng, depth: number, root = false): Record<string, Json> {
  const type = root ? "object" : depth >= 4 ? rng.pick(TYPES.slice(0, 5)) : rng.pick(TYPES);
  const roll = root ? 9 : rng.int(0, 9);
  if (roll === 0) return { enum: [rng.pick(NAMES), rng.int(-5, 5), null, [1, 2]] };
  if (roll === 1) return { const: rng.chance(50) ? rng.pick(NAMES) : { k: [rng.int(0, 9)] } };
  if (roll === 2 && depth < 4)
    return { anyOf: [wellFormedSchema(rng, depth + 1), wellFormedSchema(rng, depth + 1)] };
  if (roll === 3) return { $ref: "#/$defs/leaf" };
  switch (type) {
    case "string": {
      const min = rng.int(0, 30);
      return rng.chance(50) ? { type, minLength: min, maxLength: min + rng.int(0, 20) } : { type };
    }
    case "integer": {
      const low = rng.float(-50, 50);
      const high = low + rng.float(1.01, 40);
      return rng.chance(50)
        ? { type, minimum: low, maximum: high }
        : { type, exclusiveMinimum: Math.floor(low), exclusiveMaximum: Math.floor(high) + 2 };
    }
    case "number":
      return rng.chance(50) ? { type, minimum: -3.5, exclusiveMaximum: rng.float(-3, 9) } : { type };
    case "object": {
      const properties: Record<string, Json> = {};
      const count = rng.int(0, 4);
      for (let i = 0; i < count; i++) properties[rng.pick(NAMES)] = wellFormedSchema(rng, depth + 1);
      const names = Object.keys(properties);
      const required = names.filter(() => rng.chance(60));
      if (rng.chance(20)) required.push("extra");
      return { type, properties, ...(required.length > 0 ? { required } : {}) };
    }
    case "array": {
      const min = rng.int(0, 3);
      return { type, items: wellFormedSchema(rng, depth + 1), minItems: min, maxItems: min + rng.int(0, 5) };
    }
    default:
      return { type };
  }
}

/** JSON text of a schema meant to hurt: recursion, blow-ups, depth, size, nonsense. */
function hostileSchemaText(rng: Rng): string {
  switch (rng.int(0, 9)) {
    case 0:
      return '{"type":"object","properties":{"a":{"$ref":"#"},"b":{"$ref":"#"},"c":{"$ref":"#"},"d":{"$ref":"#"}},"required":["a","b","c","d"]}';
    case 1:
      return '{"type":"object","properties":{"n":{"anyOf":[{"$ref":"#/properties/n"}]}},"required":["n"]}';
    case 2: {
      const depth = rng.int(100, 6000);
      return `{"type":"object","properties":{"x":{"const":${'{"i":'.repeat(depth)}1${"}".repeat(depth)}}},"required":["x"]}`;
    }
    case 3: {
      const defs = Array.from(
        { length: 25 },
        (_, i) =>
          `"d${i + 1}":{"type":"object","properties":{"l":{"$ref":"#/$defs/d${i}"},"r":{"$ref":"#/$defs/d${i}"}}}`,
      );
      return `{"type":"object","properties":{"t":{"$ref":"#/$defs/d25"}},"required":["t"],"$defs":{"d0":{"type":"integer"},${defs.join(",")}}}`;
    }
    case 4:
      return `{"type":"object","properties":{"s":{"const":"${".".repeat(rng.int(1000, 200_000))}"}},"required":["s"]}`;
    case 5:
      return `{"type":"object","properties":{"xs":{"type":"array","minItems":${rng.int(0, 10_000)},"items":{"type":"string","minLength":${rng.int(0, 1e9)}}}},"required":["xs"]}`;
    case 6:
      return `{"type":"object","properties":{"e":{"enum":[${Array.from({ length: rng.int(1, 20_000) }, (_, i) => i).join(",")}]}}}`;
    case 7:
      return `{"type":${rng.pick(['"color"', "5", "null", '["integer",7]'])},"$ref":${rng.pick(['"http://x"', "5", '"#/nope"'])}}`;
    case 8:
      return `{"type":"integer","minimum":${rng.float(0, 1)},"maximum":${rng.float(0, 1)}}`;
    default:
      return `{"properties":{"p":{"items":{"items":{"items":{"$ref":"#/properties/p"}}},"minItems":3}},"required":["p"]}`;
  }
}

/** A random JSON value, sometimes of the wrong type for wherever it lands. */
function junk(rng: Rng, depth = 0): Json {
  switch (rng.int(0, depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.chance(50);
    case 2:
      return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 63, 3, 16_385]);
    case 3:
      return rng.pick(["", "x", "\u0000", "hi there", "__proto__", "9".repeat(400)]);
    case 4:
    case 5:
      return rng.pick(["text", "json_object", "auto", "none", "required"]);
    case 6:
      return [junk(rng, depth + 1), junk(rng, depth + 1)];
    default:
      return { [rng.pick(NAMES)]: junk(rng, depth + 1), type: junk(rng, depth + 1) };
  }
}

const FIELDS = [
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
  "logprobs",
  "top_logprobs",
  "stop",
  "response_format",
  "logit_bias",
  "user",
  "best_of",
  "echo",
  "suffix",
  "seed",
  "n",
  "max_tokens",
  "max_completion_tokens",
  "stream",
  "stream_options",
  "ignore_eos",
  "tool_choice",
  "tools",
  "messages",
  "prompt",
  "model",
];

interface Outcome {
  readonly status: number;
  readonly text: string;
}

async function send(url: string, path: string, body: string): Promise<Outcome> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, text: await response.text() };
}

/** Raw HTTP on a socket: whatever comes back within `ms` (the connection may be cut on purpose). */
function raw(port: number, chunks: readonly (string | Buffer)[], ms: number, cut = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    const done = () => {
      socket.destroy();
      resolve(received);
    };
    socket.setTimeout(ms, done);
    socket.on("data", (data) => (received += data.toString("latin1")));
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => {
      for (const chunk of chunks) socket.write(chunk);
      if (cut) setTimeout(done, rng0.int(0, 20));
    });
  });
}
const rng0 = Rng.fromSeed(SEED, 99);

function httpAbuse(rng: Rng): { chunks: (string | Buffer)[]; cut: boolean } {
  const path = rng.pick(["/v1/chat/completions", "/v1/completions", "/tokenize", "/health", "/nope"]);
  const cases: (() => (string | Buffer)[])[] = [
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}`],
    () => [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(rng.int(10_000, 40_000))}\r\n\r\n`],
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n{`],
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n`],
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}`],
    () => [`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a`],
    () => [Buffer.from(Array.from({ length: rng.int(1, 300) }, () => rng.int(0, 255)))],
    () => [`GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: x\r\n\r\nBOGUS\r\n\r\n`],
    () => [
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
      ...Array.from({ length: rng.int(1, 40) }, () => `8000\r\n${"x".repeat(0x8000)}\r\n`),
    ],
  ];
  return { chunks: rng.pick(cases)(), cut: rng.chance(30) };
}

/** Status codes in raw HTTP answers (pipelined answers included). */
function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((match) => Number(match[1]));
}

describe("simulator fuzz (issue #14)", () => {
  let simulator: ChildSimulator;
  before(async () => {
    simulator = await spawnSimulator([
      "--model",
      "m",
      "--seed",
      String(SEED),
      "--max-num-seqs",
      "4",
      "--max-waiting-queue-length",
      "8",
      "--max-request-body-size-mb",
      "1",
      "--failure-injection-rate",
      "5",
      "--inter-token-latency",
      "0",
    ]);
  });
  after(() => simulator?.kill());

  it(`survives ${SECONDS} s of seeded fuzzing (seed ${SEED}) within ${RSS_LIMIT_MIB} MiB, with no 5xx but injected ones`, async function () {
    this.timeout((SECONDS + 60) * 1000);
    // ownProperties: otherwise Ajv reads a missing `toString` key as Object.prototype's function.
    const ajv = new Ajv({ strict: false, logger: false, validateFormats: false, ownProperties: true });
    const deadline = performance.now() + SECONDS * 1000;
    const counts = { requests: 0, schemas: 0, validated: 0, abuse: 0, statuses: new Map<number, number>() };
    let peak = 0;
    const problems: string[] = [];
    const sampler = setInterval(() => {
      void simulator.rssMiB().then((rss) => (peak = Math.max(peak, rss ?? 0)));
    }, 100);
    const note = (status: number) => counts.statuses.set(status, (counts.statuses.get(status) ?? 0) + 1);
    const check = (what: string, outcome: Outcome) => {
      note(outcome.status);
      if (outcome.status >= 500 && !outcome.text.includes(INJECTED_5XX))
        problems.push(`${what}: ${outcome.status} ${outcome.text.slice(0, 300)}`);
    };

    const client = async (index: number) => {
      const rng = Rng.fromSeed(SEED, index);
      while (performance.now() < deadline && problems.length === 0) {
        counts.requests++;
        const kind = rng.int(0, 9);
        const stream = rng.chance(30);
        if (kind <= 3) {
          counts.schemas++;
          const schema = { ...wellFormedSchema(rng, 0, true), $defs: { leaf: { type: "string" } } };
          const text = JSON.stringify(schema);
          const body = `{"messages":[{"role":"user","content":"go"}],"tool_choice":"required","stream":${stream},"max_tokens":${rng.int(1, 400)},"tools":[{"type":"function","function":{"name":"f","parameters":${text}}}]}`;
          const outcome = await send(simulator.url, "/v1/chat/completions", body);
          check(`schema ${text}`, outcome);
          if (outcome.status === 200 && !stream) {
            const answer = JSON.parse(outcome.text) as {
              choices: {
                finish_reason: string;
                message: { tool_calls?: { function: { arguments: string } }[] };
              }[];
            };
            if (answer.choices[0].finish_reason === "tool_calls") {
              const validate = ajv.compile(JSON.parse(text) as object);
              for (const call of answer.choices[0].message.tool_calls ?? []) {
                counts.validated++;
                if (!validate(JSON.parse(call.function.arguments)))
                  problems.push(
                    `arguments ${call.function.arguments} break ${text}: ${ajv.errorsText(validate.errors)}`,
                  );
              }
            }
          }
        } else if (kind <= 5) {
          counts.schemas++;
          const text = hostileSchemaText(rng);
          const body = `{"messages":[{"role":"user","content":"go"}],"tool_choice":"required","stream":${stream},"tools":[{"type":"function","function":{"name":"f","parameters":${text}}}]}`;
          check(
            `hostile schema ${text.slice(0, 200)}`,
            await send(simulator.url, "/v1/chat/completions", body),
          );
        } else if (kind <= 7) {
          const path = rng.pick([
            "/v1/chat/completions",
            "/v1/completions",
            "/tokenize",
            "/v1/load_lora_adapter",
            "/v1/unload_lora_adapter",
          ]);
          const body: Record<string, Json> = path.includes("chat")
            ? { messages: [{ role: "user", content: "hi" }] }
            : path.includes("lora")
              ? { lora_name: `l${rng.int(0, 200)}`, lora_path: "/p" }
              : { prompt: "hi there" };
          for (let i = rng.int(1, 4); i > 0; i--) body[rng.pick(FIELDS)] = junk(rng);
          let text = JSON.stringify(body);
          if (rng.chance(15)) text = text.slice(0, rng.int(0, text.length));
          if (rng.chance(10)) text = `{"__proto__":{"x":1},"constructor":1,${text.slice(1)}`;
          if (rng.chance(5)) text = text.replace("hi", "hi".repeat(rng.int(1000, 300_000)));
          check(`${path} ${text.slice(0, 200)}`, await send(simulator.url, path, text));
        } else {
          counts.abuse++;
          const { chunks, cut } = httpAbuse(rng);
          const answer = await raw(simulator.port, chunks, 3000, cut);
          for (const status of statuses(answer)) {
            note(status);
            if (status >= 500)
              problems.push(`raw ${String(chunks[0]).slice(0, 120)}: ${answer.slice(0, 300)}`);
          }
        }
        if (simulator.child.exitCode !== null)
          problems.push(`the simulator exited (${simulator.child.exitCode})`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    clearInterval(sampler);
    const summary = `seed ${SEED}: ${counts.requests} cases (${counts.schemas} schemas, ${counts.validated} argument sets validated, ${counts.abuse} raw HTTP), statuses ${JSON.stringify(Object.fromEntries(counts.statuses))}, peak RSS ${peak.toFixed(0)} MiB`;
    console.log(`      ${summary}`);
    assert.deepEqual(problems.slice(0, 5), [], summary);
    assert.equal(simulator.child.exitCode, null, "the simulator is still running");
    assert.ok(peak < RSS_LIMIT_MIB, `peak RSS ${peak.toFixed(0)} MiB ≥ ${RSS_LIMIT_MIB}`);
    const health = await fetch(`${simulator.url}/health`);
    assert.equal(health.status, 200);
    const metrics = await (await fetch(`${simulator.url}/metrics`)).text();
    assert.match(metrics, /vllm:num_requests_running\{[^}]*\} 0\n/);
    assert.match(metrics, /vllm:num_requests_waiting\{[^}]*\} 0\n/);
  });
});
