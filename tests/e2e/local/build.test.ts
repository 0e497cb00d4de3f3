import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { staleReason } from "./build";

describe("e2e local target: simulator build check (tests/e2e/local/build.ts)", () => {
  it("rebuilds when dist/main.js is missing or older than a source file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-sim-"));
    try {
      const file = (p: string, t: number) => {
        mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        writeFileSync(path.join(dir, p), "x");
        utimesSync(path.join(dir, p), t, t);
      };
      file("package.json", 1000);
      file("src/cli/parse.ts", 2000);
      assert.match(staleReason(dir) ?? "", /dist\/main\.js does not exist/);
      file("dist/main.js", 3000);
      assert.equal(staleReason(dir), undefined);
      file("src/cli/parse.ts", 4000);
      assert.match(staleReason(dir) ?? "", /simulator\/src changed since the last build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
