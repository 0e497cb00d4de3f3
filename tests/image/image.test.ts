/**
 * Container test (`npm run test:image`): builds simulator/Dockerfile with the real Docker engine and runs
 * the image the way a restricted Kubernetes pod would. With CI=true it never skips; elsewhere it skips
 * (saying why) when no Docker engine is reachable. MAAS_KIND_BASE_IMAGE overrides the BASE_IMAGE build
 * argument (CI passes a locally imported base because no registry is reachable there).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { writeSelfSignedCertificate } from "../../simulator/test/helpers/certs";
import { MAAS_MANIFEST_ARGS, MAAS_TLS_DIR } from "../../simulator/test/helpers/maas-manifest";
import type { Container } from "./docker";
import {
  DOCKERFILE,
  REFERENCE_ARGS,
  RESTRICTED_RUN_FLAGS,
  buildImage,
  containerLogs,
  docker,
  dockerUnavailableReason,
  effectiveBaseImage,
  formatMB,
  get,
  imageSize,
  processStartToReadyMs,
  removeContainer,
  runContainer,
  waitForHealth,
} from "./docker";

const TAG = "maas-kind-simulator:test";

describe("simulator image (real Docker engine)", function () {
  this.timeout(20 * 60_000);
  const baseImage = process.env.MAAS_KIND_BASE_IMAGE || undefined;
  const started: string[] = [];
  let ctr: Container;
  let readyMs = 0;
  let processReadyMs = 0;

  before(async function () {
    const reason = await dockerUnavailableReason();
    if (reason) {
      if (process.env.CI === "true") {
        throw new Error(`CI=true but ${reason}: the container test must run for real in CI`);
      }
      console.log(`    skipped: ${reason}. Install and start Docker to run the container test.`);
      this.skip();
    }
    await buildImage({ tag: TAG, baseImage });
    ctr = await runContainer(TAG);
    started.push(ctr.id);
    try {
      readyMs = await waitForHealth(ctr.url, ctr.startedAt);
      processReadyMs = await processStartToReadyMs(ctr.id);
    } catch (err) {
      throw new Error(`${(err as Error).message}\ncontainer logs:\n${await containerLogs(ctr.id)}`);
    }
  });

  after(async () => {
    for (const id of started) await removeContainer(id);
  });

  it("is ready on /health soon after `docker run`", async () => {
    const r = await get(`${ctr.url}/health`);
    assert.equal(r.status, 200);
    const size = await imageSize(TAG, effectiveBaseImage(baseImage, readFileSync(DOCKERFILE, "utf8")));
    console.log(
      `      image ${formatMB(size.total)} (app layers ${formatMB(size.app)}), ` +
        `docker run → /health 200 in ${readyMs.toFixed(0)} ms ` +
        `(container start → /health 200 in ${processReadyMs.toFixed(0)} ms)`,
    );
  });

  it("lists model-a on /v1/models", async () => {
    const r = await get(`${ctr.url}/v1/models`);
    assert.equal(r.status, 200);
    const body = JSON.parse(r.body) as { data: { id: string }[] };
    assert.deepEqual(
      body.data.map((m) => m.id),
      ["model-a"],
    );
  });

  it("answers a chat completion with consistent usage", async () => {
    const res = await fetch(`${ctr.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "model-a",
        messages: [{ role: "user", content: "Hello there" }],
        max_tokens: 20,
      }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      model: string;
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    assert.equal(body.model, "model-a");
    assert.ok(body.choices[0]?.message.content.length, "empty content");
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.ok(body.usage.completion_tokens >= 1 && body.usage.completion_tokens <= 20);
  });

  it("streams server-sent events ending with [DONE]", async () => {
    const res = await fetch(`${ctr.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "model-a",
        messages: [{ role: "user", content: "stream please" }],
        max_tokens: 5,
        stream: true,
      }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const frames = (await res.text()).split("\n\n").filter(Boolean);
    assert.equal(frames.at(-1), "data: [DONE]");
    assert.ok(frames.length >= 3, `only ${frames.length} frames`);
  });

  it("exposes vLLM metrics", async () => {
    const r = await get(`${ctr.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.body, /^vllm:num_requests_running\{model_name="model-a"\} 0$/m);
    assert.match(r.body, /^vllm:request_success_total\{[^}]*model_name="model-a"[^}]*\} [1-9]/m);
  });

  it("runs as uid 65532 on a read-only root filesystem", async () => {
    const out = await docker([
      "exec",
      ctr.id,
      "node",
      "-e",
      "const fs=require('fs');let ro=false;try{fs.writeFileSync('/app/x','')}catch(e){ro=e.code==='EROFS'}" +
        "console.log(process.getuid()+' '+process.getgid()+' '+ro)",
    ]);
    assert.equal(out.stdout.trim(), "65532 65532 true");
  });

  it("runs the reference manifests unchanged through /app/llm-d-inference-sim (TLS, compat flags)", async () => {
    const certDir = mkdtempSync(path.join(tmpdir(), "maas-kind-tls-"));
    try {
      await writeSelfSignedCertificate(certDir, "localhost");
      execFileSync("chmod", ["-R", "a+rX", certDir]);
      const c = await runContainer(
        TAG,
        [
          ...RESTRICTED_RUN_FLAGS,
          "--entrypoint",
          "/app/llm-d-inference-sim",
          "-v",
          `${certDir}:${MAAS_TLS_DIR}:ro`,
        ],
        MAAS_MANIFEST_ARGS,
      );
      started.push(c.id);
      const url = c.url.replace("http:", "https:");
      try {
        await waitForHealth(url, performance.now(), 30_000, "/v1/models");
      } catch (err) {
        throw new Error(`${(err as Error).message}\ncontainer logs:\n${await containerLogs(c.id)}`);
      }
      const models = await get(`${url}/v1/models`);
      assert.equal((JSON.parse(models.body) as { data: { id: string }[] }).data[0]?.id, "facebook/opt-125m");
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it("loads the ZeroMQ binding in the image: --enable-kvcache starts, publishes and counts the cache", async () => {
    // With --enable-kvcache the simulator imports zeromq's native module at start-up and connects its PUB
    // socket to the default endpoint (tcp://localhost:5557, the reference's; a connect needs no listener), so
    // a missing or wrong-libc binary fails the start. The completion's prompt is then looked up in the cache.
    const c = await runContainer(TAG, RESTRICTED_RUN_FLAGS, [...REFERENCE_ARGS, "--enable-kvcache"]);
    started.push(c.id);
    try {
      await waitForHealth(c.url, performance.now());
    } catch (err) {
      throw new Error(`${(err as Error).message}\ncontainer logs:\n${await containerLogs(c.id)}`);
    }
    const res = await fetch(`${c.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "model-a", prompt: "one two three four", max_tokens: 2 }),
    });
    assert.equal(res.status, 200);
    const metrics = await get(`${c.url}/metrics`);
    assert.match(metrics.body, /^vllm:prefix_cache_queries_total\{model_name="model-a"\} [1-9]/m);
  });

  it("stops on `docker stop` (SIGTERM) by itself, before the engine's SIGKILL, with exit code 0", async () => {
    // Exit code 0 means the simulator drained and exited on SIGTERM; a container the engine had to kill after
    // the 10 s grace period exits 137. How fast it stops is a figure of `npm run bench:image`, not a test.
    await docker(["stop", "-t", "10", ctr.id]);
    const state = (
      await docker(["inspect", "-f", "{{.State.ExitCode}} {{.State.OOMKilled}}", ctr.id])
    ).stdout.trim();
    assert.equal(state, "0 false", await containerLogs(ctr.id));
  });
});
