/**
 * A throwaway OCI registry on loopback: Debian's `docker-registry` package (the CNCF Distribution registry)
 * serving a temporary directory on 127.0.0.1:<free port>, for the registry test. The config is ours, not the
 * package's /etc/docker/registry/config.yml (which listens on all addresses at :5000, stores under
 * /var/lib/docker-registry and asks for htpasswd auth).
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** Where Debian's docker-registry package installs the daemon. */
export const REGISTRY_BIN = process.env.MAAS_KIND_REGISTRY_BIN ?? "/usr/bin/docker-registry";

export interface LocalRegistry {
  /** `127.0.0.1:<port>`: the registry host of image references. */
  readonly server: string;
  /** Base URL of the Registry API, `http://127.0.0.1:<port>`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Why the registry test cannot run here, or undefined. */
export function registryUnavailableReason(): string | undefined {
  return existsSync(REGISTRY_BIN)
    ? undefined
    : `${REGISTRY_BIN} is missing (apt-get install docker-registry)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The registry's config: loopback only, storage in `dir`, deletes allowed, no auth. */
export function registryConfig(dir: string, port: number): string {
  return [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${path.join(dir, "data")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "",
  ].join("\n");
}

/** Starts the registry and waits until `GET /v2/` answers 200. */
export async function startRegistry(timeoutMs = 30_000): Promise<LocalRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-registry-"));
  const port = await freePort();
  const config = path.join(dir, "config.yml");
  writeFileSync(config, registryConfig(dir, port));
  let log = "";
  const child: ChildProcess = spawn(REGISTRY_BIN, ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) return { server: `127.0.0.1:${port}`, url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`docker-registry did not answer on ${url}/v2/ (exit ${child.exitCode}); its log:\n${log}`);
}

/** The manifest media types a client accepts, as Docker sends them: index/list first, then single manifests. */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** What the registry serves for `<name>:<reference>`: its Docker-Content-Digest header, media type and body. */
export async function manifest(
  registry: LocalRegistry,
  name: string,
  reference: string,
): Promise<{ digest: string; mediaType: string; body: Buffer }> {
  const r = await fetch(`${registry.url}/v2/${name}/manifests/${reference}`, {
    headers: { Accept: MANIFEST_ACCEPT },
  });
  if (r.status !== 200)
    throw new Error(`GET /v2/${name}/manifests/${reference}: ${r.status} ${await r.text()}`);
  return {
    digest: r.headers.get("docker-content-digest") ?? "",
    mediaType: r.headers.get("content-type") ?? "",
    body: Buffer.from(await r.arrayBuffer()),
  };
}
