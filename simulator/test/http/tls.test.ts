import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { writeSelfSignedCertificate } from "../helpers/certs";
import { start, stopAll, streamedText } from "../helpers/simulator";

/** GETs a path over HTTPS; resolves the status and the server certificate's common name. */
function get(url: string, ca?: string): Promise<{ status: number; commonName: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, rejectUnauthorized: ca !== undefined }, (response) => {
      const certificate = (response.socket as TLSSocket).getPeerCertificate();
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, commonName: String(certificate.subject?.CN) }),
      );
    });
    request.on("error", reject);
  });
}

describe("simulator TLS", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sim-tls-"));
  });
  after(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves HTTPS with --ssl-certfile and --ssl-keyfile (probes included)", async () => {
    const { certFile, keyFile, certPem } = await writeSelfSignedCertificate(dir, "kserve-issued");
    const simulator = await start(["--model", "m", "--ssl-certfile", certFile, "--ssl-keyfile", keyFile]);
    assert.match(simulator.url, /^https:/);
    assert.deepEqual(await get(`${simulator.url}/health`, certPem), {
      status: 200,
      commonName: "kserve-issued",
    });
    assert.equal((await get(`${simulator.url}/ready`, certPem)).status, 200);
  });

  it("generates a certificate with --self-signed-certs", async () => {
    const simulator = await start(["--model", "m", "--self-signed-certs"]);
    assert.deepEqual(await get(`${simulator.url}/health`), { status: 200, commonName: "localhost" });
  });

  it("streams a completion over HTTPS token by token", async () => {
    const simulator = await start([
      "--model",
      "m",
      "--self-signed-certs",
      "--mode",
      "echo",
      "--inter-token-latency",
      "2",
    ]);
    const prompt = "stream ✓ over tls 🙂";
    const body = JSON.stringify({ model: "m", prompt, max_tokens: 20, stream: true });
    const text = await new Promise<string>((resolve, reject) => {
      const request = https.request(
        `${simulator.url}/v1/completions`,
        { method: "POST", rejectUnauthorized: false, headers: { "content-type": "application/json" } },
        (response) => {
          let received = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (received += chunk));
          response.on("end", () => resolve(received));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    const tokens = streamedText(text);
    assert.equal(tokens.join(""), prompt);
    assert.ok(tokens.length > 3);
    assert.ok(text.endsWith("data: [DONE]\n\n"));
  });

  it("fails to start with a clear error when the certificate file is missing", async () => {
    await assert.rejects(
      start([
        "--model",
        "m",
        "--ssl-certfile",
        path.join(dir, "none.crt"),
        "--ssl-keyfile",
        path.join(dir, "none.key"),
      ]),
      /--ssl-certfile: cannot read/,
    );
  });
});
