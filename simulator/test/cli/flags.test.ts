import assert from "node:assert/strict";
import { FLAGS } from "../../src/cli/flags";
import { parseCommandLine } from "../../src/cli/parse";
import type { SimulatorConfig } from "../../src/config/simulator-config";

function run(args: string[], env = {}): { config: SimulatorConfig; warnings: readonly string[] } {
  const result = parseCommandLine(args, env);
  assert.equal(result.kind, "run");
  return result as { kind: "run"; config: SimulatorConfig; warnings: readonly string[] };
}

describe("the flag table's defaults", () => {
  it("--help shows each flag's real default: setting a flag to its shown default changes nothing", () => {
    const base = run(["--model", "m", "--seed", "1"]).config;
    // Defaults described rather than given as a value: a time-based seed, the model's own name, every type.
    const described = ["seed", "served-model-name", "failure-types"];
    const literal = FLAGS.filter((f) => f.defaultText !== undefined && !described.includes(f.name));
    assert.ok(literal.length > 30, `only ${literal.length} flags with a default`);
    for (const flag of literal) {
      const value = flag.defaultText === "''" ? "" : flag.defaultText!; // '' is how --help shows ""
      const shown = run(["--model", "m", "--seed", "1", `--${flag.name}`, value]).config;
      assert.deepEqual(shown, base, `--${flag.name} ${flag.defaultText} is not the default`);
    }
  });
});
