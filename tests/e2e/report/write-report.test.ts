import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { recordedResults } from "./fixtures/recorded";
import { writeReport } from "./write-report";

describe("e2e report: --report <dir>", () => {
  it("writes results.json, junit.xml and report.html into the directory, creating it", () => {
    const root = mkdtempSync(path.join(tmpdir(), "e2e-report-"));
    try {
      const dir = path.join(root, "nested", "report");
      const results = recordedResults();
      const files = writeReport(dir, results);
      assert.deepEqual(
        files.map((f) => path.relative(dir, f)),
        ["results.json", "junit.xml", "report.html"],
      );
      assert.deepEqual(JSON.parse(readFileSync(files[0]!, "utf8")), results);
      assert.match(
        readFileSync(files[1]!, "utf8"),
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites>/,
      );
      assert.match(readFileSync(files[2]!, "utf8"), /^<!DOCTYPE html>/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
