/**
 * Dynamic providers as Pulumi really runs them, for tests of their success and failure paths:
 *
 * - `loadSerializedProvider`: loads a `__provider` text (e.g. the one a resource registered on the mocks) in this
 *   process exactly as the host's `getProvider` does.
 * - `serializeLikePulumi`: the provider is built from our TypeScript compiled the way Pulumi's Node.js language
 *   host compiles a TypeScript program (ts-node with the host's options) and serialized the way
 *   `pulumi.dynamic.Resource` does, in a child process (pulumi-ts-program.cjs, which cites its sources).
 * - `ProviderHost`: Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the program the
 *   `pulumi-resource-pulumi-nodejs` plugin runs) started as a process; the test talks to it over gRPC as the
 *   engine does, so the provider text is loaded by the host's own `requireFromString(text).handler()` and a
 *   failure arrives as the gRPC status the engine shows the user (`HostError.details`).
 *
 * @pulumi/pulumi v3.248.0, sdk/nodejs/cmd/dynamic-provider/index.ts: `getProvider` loads `props.__provider` with
 * require-from-string; `create`/`update` turn a thrown value into a status whose message is `e.message`
 * (`grpcResponseFromError`), `check`/`diff`/`read`/`delete` pass it to the gRPC callback, where
 * @grpc/grpc-js 1.14's `serverErrorToStatus` takes `error.message` if the object has one, else "Unknown Error".
 */
import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** A provider factory exported by a module of the program, called with no arguments (the real runner). */
export interface ProviderSource {
  /** Module path relative to the repository root, e.g. `components/kind-lifecycle.ts`. */
  readonly module: string;
  /** Exported factory returning a `pulumi.dynamic.ResourceProvider`. */
  readonly factory: string;
}

/**
 * Loads the module text Pulumi serialized for a dynamic provider as its host does (`getProvider`:
 * `requireFromString(text).handler()`, with the require-from-string the host itself resolves) and returns the provider.
 */
export function loadSerializedProvider<T>(text: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromString = require(require.resolve("require-from-string", { paths: [PULUMI_DIR] })) as (
    code: string,
  ) => { handler: () => T };
  return requireFromString(text).handler();
}

const serialized = new Map<string, Promise<string>>();

/**
 * The `__provider` text Pulumi stores for each provider, compiled and serialized as in a real `pulumi up` (see
 * pulumi-ts-program.cjs). All sources missing from the cache are serialized by one child process. It runs with
 * PULUMI_NODEJS_TRANSPILE_ONLY=true, a setting the language host honours: ts-node then skips type checking
 * (minutes on this machine) and emits the same JavaScript (checked: the texts are byte-identical either way).
 */
export async function serializeLikePulumi(...sources: ProviderSource[]): Promise<string[]> {
  const key = (s: ProviderSource) => `${s.module}#${s.factory}`;
  const missing = sources.filter((s) => !serialized.has(key(s)));
  if (missing.length > 0) {
    const texts = new Promise<string[]>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(__dirname, "pulumi-ts-program.cjs"), JSON.stringify(missing)],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
          maxBuffer: 64 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          if (err)
            reject(new Error(`serializing ${missing.map(key).join(", ")} failed: ${stderr || err.message}`));
          else resolve(JSON.parse(stdout) as string[]);
        },
      );
    });
    missing.forEach((s, i) =>
      serialized.set(
        key(s),
        texts.then((t) => t[i] as string),
      ),
    );
  }
  return Promise.all(sources.map((s) => serialized.get(key(s)) as Promise<string>));
}

/** A failed provider call as the engine receives it. */
export class HostError extends Error {
  constructor(
    /** The gRPC status details: the text `pulumi up` prints for the failed resource. */
    readonly details: string,
    readonly code: number,
  ) {
    super(`provider host answered ${code}: ${details}`);
  }
}

/** Result of `check`: the inputs to use and the failures (each is printed as a problem with the resource). */
export interface CheckResult {
  readonly inputs: Record<string, JavaScriptValue>;
  readonly failures: { readonly property: string; readonly reason: string }[];
}

/** Result of `diff`. */
export interface DiffResult {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

type Props = Record<string, JavaScriptValue>;
type Callback<R> = (err: grpc.ServiceError | null, res: R) => void;

/**
 * A directory for the host's PATH holding only `node` and the few utilities the fake tools' scripts use, so a
 * tool that has no fake script is "not found" even when the machine has the real one.
 */
function utilitiesDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-utils-"));
  symlinkSync(process.execPath, path.join(dir, "node"));
  for (const tool of ["cat", "dirname"]) {
    for (const d of ["/usr/bin", "/bin"]) {
      try {
        symlinkSync(path.join(d, tool), path.join(dir, tool));
        break;
      } catch {
        // Try the next directory.
      }
    }
  }
  return dir;
}

/** Pulumi's dynamic-provider host, running as a process, driven over gRPC as the engine drives it. */
export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: ResourceProviderClient,
    private readonly utilities: string,
  ) {}

  /**
   * Starts the host as the engine does (`node <@pulumi/pulumi>/cmd/dynamic-provider <engine address>`, see the
   * package's `pulumi-resource-pulumi-nodejs`), in the repository root, with PATH = `binDir` (the fake tools)
   * and the utilities only.
   */
  static async start(binDir: string): Promise<ProviderHost> {
    const utilities = utilitiesDir();
    const child = spawn(
      process.execPath,
      [path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js"), "127.0.0.1:1"],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PATH: [binDir, utilities].join(path.delimiter) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (b: Buffer) => {
        out += b.toString("utf8");
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`the provider host exited (${code}): ${stderr}`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(child, client, utilities);
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill();
      await exited;
    }
    rmSync(this.utilities, { recursive: true, force: true });
  }

  private call<R>(invoke: (cb: Callback<R>) => void): Promise<R> {
    return new Promise((resolve, reject) =>
      invoke((err, res) => (err ? reject(new HostError(err.details, err.code)) : resolve(res))),
    );
  }

  async check(provider: string, news: Props, olds: Props = {}): Promise<CheckResult> {
    const req = new proto.CheckRequest()
      .setUrn(URN)
      .setOlds(Struct.fromJavaScript({ ...olds, __provider: provider }))
      .setNews(Struct.fromJavaScript({ ...news, __provider: provider }));
    const res = await this.call<proto.CheckResponse>((cb) => this.client.check(req, cb));
    return {
      inputs: withoutProvider(res.getInputs()?.toJavaScript() ?? {}),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(provider: string, id: string, olds: Props, news: Props): Promise<DiffResult> {
    const req = new proto.DiffRequest()
      .setId(id)
      .setUrn(URN)
      .setOlds(Struct.fromJavaScript({ ...olds, __provider: provider }))
      .setNews(Struct.fromJavaScript({ ...news, __provider: provider }));
    const res = await this.call<proto.DiffResponse>((cb) => this.client.diff(req, cb));
    return {
      changes: res.getChanges() === proto.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(provider: string, inputs: Props): Promise<{ id: string; outs: Props }> {
    const req = new proto.CreateRequest()
      .setUrn(URN)
      .setProperties(Struct.fromJavaScript({ ...inputs, __provider: provider }));
    const res = await this.call<proto.CreateResponse>((cb) => this.client.create(req, cb));
    return { id: res.getId(), outs: withoutProvider(res.getProperties()?.toJavaScript() ?? {}) };
  }

  async read(provider: string, id: string, props: Props): Promise<{ id: string; props: Props }> {
    const req = new proto.ReadRequest()
      .setId(id)
      .setUrn(URN)
      .setProperties(Struct.fromJavaScript({ ...props, __provider: provider }));
    const res = await this.call<proto.ReadResponse>((cb) => this.client.read(req, cb));
    return { id: res.getId(), props: withoutProvider(res.getProperties()?.toJavaScript() ?? {}) };
  }

  async update(provider: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new proto.UpdateRequest()
      .setId(id)
      .setUrn(URN)
      .setOlds(Struct.fromJavaScript({ ...olds, __provider: provider }))
      .setNews(Struct.fromJavaScript({ ...news, __provider: provider }));
    const res = await this.call<proto.UpdateResponse>((cb) => this.client.update(req, cb));
    return withoutProvider(res.getProperties()?.toJavaScript() ?? {});
  }

  async delete(provider: string, id: string, props: Props): Promise<void> {
    const req = new proto.DeleteRequest()
      .setId(id)
      .setUrn(URN)
      .setProperties(Struct.fromJavaScript({ ...props, __provider: provider }));
    await this.call<unknown>((cb) => this.client.delete(req, cb));
  }
}

const URN = "urn:pulumi:test::maas-kind::pulumi-nodejs:dynamic:Resource::under-test";

function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/** The text the engine shows for a rejected call (fails the test if the call succeeded). */
export async function hostFailure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof HostError) return e.details;
    throw e;
  }
  throw new Error("the provider call succeeded; a failure was expected");
}
