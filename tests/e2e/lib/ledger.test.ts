import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Ledger, WAIT_MARGIN_MS, ledgerKey, waitForFreshCounters, waitUntilUsable } from "./ledger";
import { FREE } from "./decision-test-data";

const free = { name: "free", namespace: "maas-api", serviceAccount: "free-user", limits: FREE };
const T0 = Date.parse("2030-01-01T12:00:00Z");

describe("e2e: waits for rate-limit windows (tests/e2e/lib/ledger.ts)", () => {
  it("needs no wait for a user never seen", () => {
    assert.equal(waitForFreshCounters(undefined, free, T0).ms, 0);
    assert.equal(waitUntilUsable(undefined, free, T0).ms, 0);
  });

  it("waits the longer window (plus a margin) after the last use before a rate-limit test", () => {
    const w = waitForFreshCounters({ lastUse: T0 - 30_000 }, free, T0);
    assert.equal(w.ms, 120_000 - 30_000 + WAIT_MARGIN_MS);
    assert.match(
      w.reason,
      /tier free's token was last used at 11:59:30 UTC; its counters \(2m \/ 1m windows\)/,
    );
    assert.equal(waitForFreshCounters({ lastUse: T0 - 200_000 }, free, T0).ms, 0);
  });

  it("before ordinary requests, waits only for a counter a rate-limit test exhausted", () => {
    assert.equal(waitUntilUsable({ lastUse: T0 - 1000 }, free, T0).ms, 0);
    const w = waitUntilUsable({ lastUse: T0 - 1000, exhaustedUntil: T0 + 60_000 }, free, T0);
    assert.equal(w.ms, 60_000 + WAIT_MARGIN_MS);
    assert.match(w.reason, /exhausted tier free's counter, which refuses requests until 12:01:00 UTC/);
  });

  it("keys users by gateway and ServiceAccount", () => {
    assert.equal(ledgerKey("http://localhost", free), "http://localhost maas-api/free-user");
  });

  it("records uses and exhaustion, and keeps them across runs in its file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "maas-kind-ledger-"));
    try {
      const file = path.join(dir, "sub", "ledger.json");
      let now = T0;
      const a = new Ledger(file, () => now);
      a.recordUse("k");
      now += 5000;
      a.recordExhausted("k", 120);
      a.recordExhausted("k", 60); // a shorter window never shortens what is recorded
      const b = new Ledger(file, () => now);
      assert.deepEqual(b.get("k"), { lastUse: T0, exhaustedUntil: T0 + 5000 + 120_000 });
      // Entries older than a day are dropped on the next write.
      now += 2 * 86_400_000;
      b.recordUse("other");
      assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, "utf8")) as object), ["other"]);
      // A missing file reads as empty; a damaged one too, with a warning; an in-memory ledger writes nothing.
      const warnings: string[] = [];
      const warn = (message: string) => warnings.push(message);
      assert.equal(new Ledger(path.join(dir, "missing.json"), Date.now, warn).get("k"), undefined);
      assert.deepEqual(warnings, []);
      writeFileSync(path.join(dir, "damaged.json"), "{not json");
      assert.equal(new Ledger(path.join(dir, "damaged.json"), Date.now, warn).get("k"), undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /ignoring the rate-limit ledger .*damaged\.json: /);
      const memory = new Ledger();
      memory.recordUse("k");
      assert.ok(memory.get("k")?.lastUse);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
