import { strict as assert } from "node:assert";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  NPM_PULUMI_VERSION,
  describeCause,
  fetchInstallScript,
  isNpmLauncher,
  pulumiOnPath,
  releaseArchive,
} from "../../scripts/pulumi-cli";
import type { DownloadIo } from "../../scripts/pulumi-cli";
import { pulumiCommand, run } from "../../scripts/pulumi";
import { fakeBin } from "../helpers/fake-bin";
import type { FakeBin } from "../helpers/fake-bin";

/** A fake `pulumi` that answers `version` and logs every call. */
const FAKE_PULUMI = `if [ "$1" = version ]; then echo v3.999.0; fi`;

describe("scripts/pulumi-cli.ts: which Pulumi CLI runs", () => {
  let tmp = "";
  let bin: FakeBin;
  let savedHome: string | undefined;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "maas-kind-pulumi-cli-"));
    bin = fakeBin({ pulumi: FAKE_PULUMI });
    savedHome = process.env.PULUMI_HOME;
    // lib/cache.js of the `pulumi` npm package reads PULUMI_HOME from process.env.
    process.env.PULUMI_HOME = path.join(tmp, "pulumi-home");
  });
  afterEach(() => {
    if (savedHome === undefined) delete process.env.PULUMI_HOME;
    else process.env.PULUMI_HOME = savedHome;
    bin.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** An empty directory to use as PATH, so no real tool is found. */
  function emptyPath(): string {
    const dir = path.join(tmp, "empty-path");
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Runs the wrapper like `npm run <argv>` with `PATH`, capturing what it tells the user. */
  async function wrapper(argv: string[], PATH: string, io: DownloadIo = {}) {
    const lines: string[] = [];
    const repo = path.join(tmp, "repo");
    mkdirSync(repo, { recursive: true });
    const code = await run(argv, { PATH }, repo, io, (l) => lines.push(l));
    return { code, text: lines.join("\n"), repo };
  }

  it("finds a pulumi on PATH and skips the npm package's launcher and non-executables", () => {
    const shimDir = path.join(tmp, "proj", "node_modules", ".bin");
    const pkgDir = path.join(tmp, "proj", "node_modules", "pulumi");
    mkdirSync(shimDir, { recursive: true });
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(path.join(pkgDir, "run.js"), "#!/usr/bin/env node\n");
    chmodSync(path.join(pkgDir, "run.js"), 0o755);
    symlinkSync(path.join(pkgDir, "run.js"), path.join(shimDir, "pulumi"));
    const notExec = path.join(tmp, "not-exec");
    mkdirSync(notExec);
    writeFileSync(path.join(notExec, "pulumi"), "");

    assert.ok(isNpmLauncher(path.join(shimDir, "pulumi")));
    assert.ok(!isNpmLauncher(path.join(bin.dir, "pulumi")));
    assert.equal(
      pulumiOnPath([shimDir, notExec, bin.dir].join(path.delimiter)),
      path.join(bin.dir, "pulumi"),
    );
    assert.equal(pulumiOnPath([shimDir, notExec].join(path.delimiter)), undefined);
    assert.equal(pulumiOnPath(undefined), undefined);
    assert.equal(pulumiCommand({ PATH: shimDir }, "/repo"), "/repo/node_modules/.bin/pulumi");
    assert.equal(pulumiCommand({ PATH: bin.dir }, "/repo"), path.join(bin.dir, "pulumi"));
  });

  it("runs the pulumi on PATH, says which one and its version, and never downloads", async () => {
    const io: DownloadIo = {
      fetchText: () => Promise.reject(new Error("must not download")),
    };
    const r = await wrapper(["up", "--stack", "bare", "--diff"], bin.dir, io);
    assert.equal(r.code, 0, r.text);
    assert.match(
      r.text,
      new RegExp(`pulumi CLI: ${path.join(bin.dir, "pulumi")} \\(v3\\.999\\.0, found on PATH\\)`),
    );
    assert.deepEqual(bin.calls(), [
      "pulumi version",
      "pulumi stack select bare --create",
      "pulumi up --yes --stack bare --diff",
    ]);
    assert.ok(existsSync(path.join(r.repo, ".pulumi")), "the file backend's directory");
  });

  it("stops at the first failing Pulumi step with its exit code", async () => {
    const failing = fakeBin({ pulumi: `${FAKE_PULUMI}\nif [ "$1" = stack ]; then exit 3; fi` });
    try {
      const r = await wrapper(["preview"], failing.dir);
      assert.equal(r.code, 3);
      assert.deepEqual(failing.calls(), ["pulumi version", "pulumi stack select dev --create"]);
    } finally {
      failing.remove();
    }
  });

  describe("without a pulumi on PATH: the npm package's download", () => {
    let server: Server;
    let base = "";
    before(async () => {
      server = createServer((req, res) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`no ${req.url ?? ""} here`);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** The npm package's installer, with its install-script fetch sent to `url` instead of get.pulumi.com. */
    const fetchFrom = (url: string): DownloadIo => ({ fetchText: () => fetchInstallScript(url) });

    it("a failed download (HTTP 500) prints the URL, the cache directory, the cause and other ways, and exits 1", async () => {
      const r = await wrapper(["up"], emptyPath(), fetchFrom(`${base}/install.sh`));
      assert.equal(r.code, 1);
      const cacheDir = path.join(tmp, "pulumi-home", "versions", NPM_PULUMI_VERSION);
      assert.match(r.text, /no `pulumi` on PATH, and downloading the Pulumi CLI v[\d.]+ .* failed/);
      assert.ok(r.text.includes("tried:     https://get.pulumi.com/install.sh"), r.text);
      assert.ok(r.text.includes(`cache dir: ${cacheDir}`), r.text);
      assert.ok(
        r.text.includes(`cause:     HTTP 500 Internal Server Error fetching ${base}/install.sh`),
        r.text,
      );
      for (const way of [
        "curl -fsSL https://get.pulumi.com | sh",
        "brew install pulumi/tap/pulumi",
        "choco install pulumi",
        `https://github.com/pulumi/pulumi/releases/tag/v${NPM_PULUMI_VERSION}`,
        path.join(cacheDir, "bin"),
        "PULUMI_HOME",
      ]) {
        assert.ok(r.text.includes(way), way);
      }
      assert.ok(!existsSync(path.join(r.repo, ".pulumi")), "nothing is set up before the CLI exists");
    });

    it("a refused connection names the network cause behind `fetch failed`", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const r = await wrapper(["outputs"], emptyPath(), fetchFrom(`http://127.0.0.1:${port}/install.sh`));
      assert.equal(r.code, 1);
      assert.match(r.text, /cause: {5}fetch failed: .*ECONNREFUSED/);
    });

    it("a failing install script is reported with the script's error", async () => {
      const r = await wrapper(["preview"], emptyPath(), {
        fetchText: () => Promise.resolve("#!/bin/sh\nexit 1\n"),
        execScript: () => {
          throw new Error("Command failed: /bin/sh /tmp/pulumi-install.sh (tarball: HTTP 404)");
        },
      });
      assert.equal(r.code, 1);
      assert.ok(r.text.includes("tried:     https://get.pulumi.com/install.sh"), r.text);
      assert.ok(
        r.text.includes("cause:     Command failed: /bin/sh /tmp/pulumi-install.sh (tarball: HTTP 404)"),
      );
    });

    it("a successful download installs into the cache, is used, and is not downloaded again", async () => {
      let fetches = 0;
      const io: DownloadIo = {
        fetchText: () => {
          fetches++;
          return Promise.resolve("#!/bin/sh\n");
        },
        execScript: (_file, args) => {
          const root = args[args.indexOf("--install-root") + 1]!;
          assert.equal(args[args.indexOf("--version") + 1], NPM_PULUMI_VERSION);
          mkdirSync(path.join(root, "bin"), { recursive: true });
          writeFileSync(
            path.join(root, "bin", "pulumi"),
            `#!/bin/sh\necho "pulumi $*" >> "${path.join(tmp, "calls.log")}"\n${FAKE_PULUMI}\n`,
          );
          chmodSync(path.join(root, "bin", "pulumi"), 0o755);
        },
      };
      const first = await wrapper(["refresh"], emptyPath(), io);
      assert.equal(first.code, 0, first.text);
      const cached = path.join(tmp, "pulumi-home", "versions", NPM_PULUMI_VERSION, "bin", "pulumi");
      assert.ok(
        first.text.includes(`pulumi CLI: ${cached} (v3.999.0, the \`pulumi\` npm package's download)`),
      );
      const second = await wrapper(["refresh"], emptyPath(), io);
      assert.equal(second.code, 0);
      assert.equal(fetches, 1, "the cached CLI is reused");
      const calls = readFileSync(path.join(tmp, "calls.log"), "utf8").trim().split("\n");
      assert.equal(calls.filter((c) => c === "pulumi refresh --yes --stack dev").length, 2);
    });
  });

  it("describes an error with its causes and names the release archive per platform", () => {
    const err = new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND get.pulumi.com") });
    assert.equal(describeCause(err), "fetch failed: getaddrinfo ENOTFOUND get.pulumi.com");
    assert.equal(releaseArchive("3.1.0", "linux", "x64"), "pulumi-v3.1.0-linux-x64.tar.gz");
    assert.equal(releaseArchive("3.1.0", "darwin", "arm64"), "pulumi-v3.1.0-darwin-arm64.tar.gz");
    assert.equal(releaseArchive("3.1.0", "win32", "x64"), "pulumi-v3.1.0-windows-x64.zip");
  });
});
