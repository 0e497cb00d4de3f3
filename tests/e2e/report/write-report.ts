/**
 * `--report <dir>`: writes the run's `results.json`, `junit.xml` and `report.html` into `dir` (created if
 * needed) and returns their paths.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { InlineLibrary } from "./html";
import { reportHtml } from "./html";
import { junitXml } from "./junit";
import type { RunResults } from "./results";
import { packageDir, packageVersion } from "./versions";

/** Chart.js's UMD build (defines the global `Chart`), as installed. */
export function chartJs(): InlineLibrary {
  return {
    name: "Chart.js",
    version: packageVersion("chart.js"),
    license: "MIT",
    source: readFileSync(path.join(packageDir("chart.js"), "dist", "chart.umd.min.js"), "utf8"),
  };
}

/** Writes the three files; returns their paths. */
export function writeReport(dir: string, results: RunResults, library: InlineLibrary = chartJs()): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ["results.json", JSON.stringify(results, null, 1) + "\n"],
    ["junit.xml", junitXml(results)],
    ["report.html", reportHtml(results, library)],
  ];
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}
