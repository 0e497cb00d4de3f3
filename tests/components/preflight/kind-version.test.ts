import { strict as assert } from "node:assert";
import {
  MIN_KIND_VERSION,
  kindVersionAtLeast,
  parseKindVersion,
} from "../../../components/preflight/kind-version";

describe("kind version (components/preflight/kind-version.ts)", () => {
  it("reads what `kind version` prints, with and without -q", () => {
    assert.deepEqual(parseKindVersion("kind v0.20.0 go1.20.4 linux/amd64\n"), {
      core: [0, 20, 0],
      text: "0.20.0",
    });
    assert.deepEqual(parseKindVersion("kind v0.24.0-alpha.12+0123456789abcd go1.22.5 darwin/arm64"), {
      core: [0, 24, 0],
      preRelease: "alpha.12",
      text: "0.24.0-alpha.12+0123456789abcd",
    });
    assert.deepEqual(parseKindVersion("0.11.1\n"), { core: [0, 11, 1], text: "0.11.1" });
    assert.equal(parseKindVersion(""), undefined);
    assert.equal(parseKindVersion("kind version unknown"), undefined);
    assert.equal(parseKindVersion("kind v0.20 go1.20"), undefined);
  });

  it(`accepts v${MIN_KIND_VERSION} and later, refuses earlier ones and pre-releases of it`, () => {
    const at = (out: string) => kindVersionAtLeast(parseKindVersion(out)!);
    assert.ok(at("kind v0.20.0 go1.20.4 linux/amd64"));
    assert.ok(at("kind v0.20.1 go1.20.4 linux/amd64"));
    assert.ok(at("kind v0.29.0 go1.24.2 linux/amd64"));
    assert.ok(at("kind v1.0.0 go1.25 linux/amd64"));
    assert.ok(at("kind v0.21.0-alpha go1.21 linux/amd64"));
    assert.ok(!at("kind v0.19.0 go1.20.4 linux/amd64"));
    assert.ok(!at("kind v0.11.1 go1.16.4 linux/amd64"));
    assert.ok(!at("kind v0.20.0-alpha.3+abc go1.20 linux/amd64"));
    assert.throws(() => kindVersionAtLeast(parseKindVersion("0.20.0")!, "x"), /not a version: x/);
  });
});
