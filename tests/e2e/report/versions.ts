/** The versions a report names: Node, this project and its simulator, mocha, the charting library, the commit. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const versionIn = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;

/** The directory of an installed package (from its main entry; some packages do not export package.json). */
export function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (path.basename(dir) !== name.split("/").pop() && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
}

/** The version of an installed package. */
export function packageVersion(name: string): string {
  return versionIn(path.join(packageDir(name), "package.json"));
}

/** Name → version; the git commit only when `repoRoot` is a git checkout with git installed. */
export function runVersions(repoRoot: string): Record<string, string> {
  const versions: Record<string, string> = {
    node: process.version,
    "maas-kind": versionIn(path.join(repoRoot, "package.json")),
    simulator: versionIn(path.join(repoRoot, "simulator", "package.json")),
    mocha: packageVersion("mocha"),
    "chart.js": packageVersion("chart.js"),
  };
  try {
    const commit = execFileSync("git", ["-C", repoRoot, "rev-parse", "--short=12", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (commit) versions.commit = commit;
  } catch {
    // not a checkout, or no git: the report simply names no commit
  }
  return versions;
}
