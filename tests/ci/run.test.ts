import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fakeBin } from "../helpers/fake-bin";
import type { FakeBin } from "../helpers/fake-bin";
import { REPO_ROOT } from "../helpers/stack-config";

/** True while `pid` runs (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/**
 * .ci/run on fake tools: `npm`, `node`, `chromium`, `xmllint` and `docker-registry` do nothing (or `npm` fails at one command), `docker info` answers while
 * the state file `up` exists, and `dockerd` is a daemon that creates it, records its pid, and removes it on
 * SIGTERM (or, `stubborn`, ignores SIGTERM).
 */
function ciRun(
  state: string,
  opts: { failAt?: string; stubborn?: boolean } = {},
): { bin: FakeBin; run: () => string } {
  const bin = fakeBin({
    node: `echo v20.19.0`,
    chromium: `echo "Chromium 156.0.0.0"`,
    // As the real one: several lines on stderr. The pause lets a reader that stops after one line go first, so
    // a \`| head -n 1\` in .ci/run would end in SIGPIPE (141) here as it did in CI.
    xmllint: `echo "xmllint: using libxml version 20914" >&2; sleep 0.2; echo "   compiled with: Threads Tree Output" >&2`,
    "docker-registry": `echo "docker-registry github.com/docker/distribution v2.8.2+ds1"`,
    npm: `case "$*" in --version) echo 10.8.2 ;; "${opts.failAt ?? "-"}") exit 7 ;; esac`,
    docker: `case "$1" in info) [ -e "${state}/up" ] ;; version) echo "client 0, engine 0" ;; esac`,
    dockerd: [
      `echo $$ > "${state}/dockerd.pid"`,
      opts.stubborn ? `trap '' TERM` : `trap 'rm -f "${state}/up"; exit 0' TERM`,
      `touch "${state}/up"`,
      `while :; do sleep 0.1; done`,
    ].join("\n"),
  });
  return {
    bin,
    run: () => {
      const r = spawnSync("bash", [path.join(REPO_ROOT, ".ci", "run")], {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          PATH: `${bin.dir}${path.delimiter}/usr/bin${path.delimiter}/bin`,
          TMPDIR: state,
          MAAS_KIND_BASE_IMAGE: "test/base:1",
          CI_DOCKERD_WAIT: "10",
          CI_STOP_WAIT: "2",
        },
      });
      return `${r.status}\n${r.stdout}${r.stderr}`;
    },
  };
}

describe(".ci/run: the daemons it starts", function () {
  this.timeout(60_000);
  let state = "";
  let bin: FakeBin | undefined;
  beforeEach(() => (state = mkdtempSync(path.join(tmpdir(), "maas-kind-ci-"))));
  afterEach(() => {
    const pidFile = path.join(state, "dockerd.pid");
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8"));
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
    bin?.remove();
    rmSync(state, { recursive: true, force: true });
  });

  const dockerdPid = () => Number(readFileSync(path.join(state, "dockerd.pid"), "utf8"));

  it("starts dockerd when no engine answers and stops it when CI passes", () => {
    const ci = ciRun(state);
    bin = ci.bin;
    const out = ci.run();
    assert.match(out, /^0\n/, out);
    assert.match(out, /=== ok ===/);
    assert.match(out, /ci: started dockerd \(pid \d+/);
    assert.match(out, /ci: stopping dockerd/);
    assert.ok(!alive(dockerdPid()), "dockerd is stopped");
    assert.ok(!existsSync(path.join(state, "up")), "it stopped on SIGTERM");
    assert.ok(ci.bin.calls().includes("npm run test:image"));
    const calls = ci.bin.calls();
    const kind = calls.indexOf("npm run test:e2e -- --target local --report reports/e2e");
    const subs = calls.indexOf(
      "npm run test:e2e -- --target local --platform maas-subscriptions --report reports/e2e-subscriptions",
    );
    assert.ok(kind >= 0 && subs > kind, `both local e2e runs, maas-kind first:\n${calls.join("\n")}`);
    assert.equal(calls.filter((c) => c === "npm run test:report").length, 2, "a report test for each run");
  });

  it("stops it when a later step fails, and exits with that failure", () => {
    const ci = ciRun(state, { failAt: "run test:image" });
    bin = ci.bin;
    const out = ci.run();
    assert.match(out, /^7\n/, out);
    assert.match(out, /ci: FAILED at line \d+: npm run test:image/);
    assert.ok(!alive(dockerdPid()), "dockerd is stopped");
  });

  it("kills a dockerd that ignores SIGTERM after CI_STOP_WAIT", () => {
    const ci = ciRun(state, { stubborn: true });
    bin = ci.bin;
    const out = ci.run();
    assert.match(out, /^0\n/, out);
    assert.match(out, /did not stop within 2 s: killing it/);
    assert.ok(!alive(dockerdPid()), "dockerd is gone");
  });

  it("uses an engine that already runs and leaves it running", () => {
    writeFileSync(path.join(state, "up"), "");
    const ci = ciRun(state);
    bin = ci.bin;
    const out = ci.run();
    assert.match(out, /^0\n/, out);
    assert.match(out, /using the Docker Engine that is already running/);
    assert.ok(!ci.bin.calls().some((c) => c.startsWith("dockerd")), "dockerd is not started");
    assert.ok(!/stopping dockerd/.test(out));
    assert.ok(existsSync(path.join(state, "up")), "the running engine is left alone");
  });
});
