/**
 * Fake executables on PATH, for tests that exercise the real process runner (and Pulumi-serialized provider
 * code, see serialized-provider.ts) without the real tools: each script logs its arguments to `<dir>/calls.log`.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface FakeBin {
  readonly dir: string;
  /** Logged calls, one `name arg…` line each. */
  calls(): string[];
  /** Runs `fn` with the fake tools first on PATH. */
  withPath<T>(fn: () => Promise<T>): Promise<T>;
  /** Replaces every script (and the call log) with `scripts`, keeping the directory (e.g. on a process's PATH). */
  reset(scripts: Record<string, string>): void;
  remove(): void;
}

/** Creates shell scripts `name` whose bodies are `scripts[name]`, each logging its arguments first. */
export function fakeBin(scripts: Record<string, string>): FakeBin {
  const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-fakebin-"));
  const log = path.join(dir, "calls.log");
  const write = (all: Record<string, string>) => {
    for (const [name, body] of Object.entries(all)) {
      const file = path.join(dir, name);
      writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
      chmodSync(file, 0o755);
    }
  };
  write(scripts);
  return {
    dir,
    calls: () => {
      try {
        return readFileSync(log, "utf8").trim().split("\n");
      } catch {
        return [];
      }
    },
    async withPath(fn) {
      const saved = process.env.PATH;
      process.env.PATH = `${dir}${path.delimiter}${saved ?? ""}`;
      try {
        return await fn();
      } finally {
        process.env.PATH = saved;
      }
    },
    reset(next) {
      for (const entry of readdirSync(dir)) rmSync(path.join(dir, entry), { recursive: true, force: true });
      write(next);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
