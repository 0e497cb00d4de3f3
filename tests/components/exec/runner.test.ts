import { strict as assert } from "node:assert";
import { isCommandError, processRunner, runChecked } from "../../../components/exec/runner";
import { FakeRunner } from "../../helpers/fake-runner";

describe("runner (components/exec/runner.ts)", () => {
  const runner = processRunner();

  it("runs a command without a shell and captures stdout, stderr and the exit code", async () => {
    const r = await runner.run(process.execPath, [
      "-e",
      "process.stdout.write('out $HOME'); process.stderr.write('err'); process.exit(3)",
    ]);
    assert.deepEqual(r, { code: 3, stdout: "out $HOME", stderr: "err", notFound: false });
  });

  it("passes extra environment variables and standard input", async () => {
    const r = await runner.run(
      process.execPath,
      [
        "-e",
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(process.env.X_TEST+':'+s))",
      ],
      { env: { X_TEST: "yes" }, input: "hello" },
    );
    assert.equal(r.stdout, "yes:hello");
  });

  it("reports a missing executable as notFound with code 127", async () => {
    const r = await runner.run("maas-kind-no-such-command", []);
    assert.equal(r.notFound, true);
    assert.equal(r.code, 127);
  });

  it("runChecked returns stdout or throws a CommandError naming the command, code and stderr tail, plus a hint", async () => {
    const fake = new FakeRunner((c) =>
      c.args[0] === "ok" ? { stdout: "fine" } : { code: 2, stderr: "a\nb\nboom" },
    );
    assert.equal(await runChecked(fake, "tool", ["ok"]), "fine");
    await assert.rejects(runChecked(fake, "tool", ["bad", "x"], { hint: "try this" }), (e: unknown) => {
      assert.ok(isCommandError(e));
      assert.equal(
        Object.getPrototypeOf(e),
        Error.prototype,
        "a plain Error: Pulumi cannot serialize subclasses",
      );
      assert.equal(e.message, "`tool bad x` exited with code 2: a\nb\nboom\ntry this");
      assert.deepEqual([e.name, e.command, e.args, e.result.code], ["CommandError", "tool", ["bad", "x"], 2]);
      return true;
    });
    const missing = new FakeRunner(() => ({ code: 127, notFound: true }));
    await assert.rejects(runChecked(missing, "kind", ["get", "clusters"]), /`kind` was not found on PATH/);
  });
});
