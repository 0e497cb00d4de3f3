/**
 * The local target runs the simulator as its image does, from `simulator/dist/main.js`. When dist/ is missing
 * or older than any source file, it is compiled first (the same `tsc -p tsconfig.build.json` as
 * `npm run build:sim`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Why `simulator/dist` must be rebuilt, or undefined when it is up to date. */
export function staleReason(simulatorDir: string): string | undefined {
  const main = path.join(simulatorDir, "dist", "main.js");
  if (!existsSync(main)) return "simulator/dist/main.js does not exist";
  const sources = Math.max(
    newest(path.join(simulatorDir, "src")),
    statSync(path.join(simulatorDir, "package.json")).mtimeMs,
  );
  return sources > newest(path.join(simulatorDir, "dist"))
    ? "simulator/src changed since the last build"
    : undefined;
}

/** Builds the simulator if needed; returns the path of `dist/main.js`. */
export function ensureSimulatorBuilt(repoRoot: string, log: (line: string) => void): string {
  const dir = path.join(repoRoot, "simulator");
  const reason = staleReason(dir);
  if (reason) {
    log(`building the simulator (${reason})`);
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.build.json")], {
      cwd: dir,
      encoding: "utf8",
    });
    if (r.status !== 0) {
      throw new Error(`building the simulator failed (npm run build:sim):\n${r.stdout}${r.stderr}`);
    }
  }
  return path.join(dir, "dist", "main.js");
}
