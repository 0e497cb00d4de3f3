/**
 * Every external command the stack runs (docker, podman, kind, kubectl) goes through a `Runner`, so the
 * decisions around them are unit-tested with a fake and the real one is this small file. The real runner
 * never uses a shell: arguments are passed as a list.
 */
import type * as nodeChildprocess from "node:child_process";

/** What a finished command returned. */
export interface CommandResult {
  /** Exit code; 127 when the command was not found. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the executable does not exist on PATH. */
  readonly notFound: boolean;
}

/** Per-command options. */
export interface RunOptions {
  /** Extra environment variables, merged over the current environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Text written to the command's standard input. */
  readonly input?: string;
}

/** Runs one command to completion. Never rejects for a non-zero exit: callers decide what failure means. */
export interface Runner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** A command that failed: an `Error` whose message says which, how, the tail of its stderr, and a hint. */
export interface CommandError extends Error {
  readonly name: "CommandError";
  readonly command: string;
  readonly args: readonly string[];
  readonly result: CommandResult;
}

/**
 * The message of a failed command: which command, how it failed (not found, or its exit code and the last 5
 * lines of its stderr), then the hint if there is one.
 */
function commandFailureMessage(
  command: string,
  args: readonly string[],
  result: CommandResult,
  hint?: string,
): string {
  const line = [command, ...args].join(" ");
  const detail = result.notFound
    ? `\`${command}\` was not found on PATH`
    : `\`${line}\` exited with code ${result.code}: ${result.stderr.trim().split("\n").slice(-5).join("\n") || "(no output)"}`;
  return hint ? `${detail}\n${hint}` : detail;
}

/**
 * A CommandError: a plain `Error` with the command's facts as extra properties, deliberately not an instance of
 * an `Error` subclass. This code runs inside Pulumi dynamic providers, which Pulumi serializes, and its closure
 * serializer (@pulumi/pulumi v3.248.0, sdk/nodejs/runtime/closure: parseFunction.ts keeps only a class's
 * constructor, createClosure.ts + rewriteSuper.ts turn `super(message)` into `__super.call(this, message)`, and
 * `isDefaultFunctionPrototypeAsync` drops the class's prototype) turns a subclass of `Error` into a function
 * whose instances have no `message` (`Error.call` ignores `this`) and are not `instanceof Error`: the provider
 * host then reports "undefined" or "Unknown Error". The properties must not include a numeric `code`: the host's
 * gRPC library would take it as the call's status code.
 */
export function commandError(
  command: string,
  args: readonly string[],
  result: CommandResult,
  hint?: string,
): CommandError {
  const error = new Error(commandFailureMessage(command, args, result, hint));
  return Object.assign(error, { name: "CommandError" as const, command, args: [...args], result });
}

/** True for an error made by `commandError`. */
export function isCommandError(e: unknown): e is CommandError {
  return e instanceof Error && e.name === "CommandError" && "command" in e && "result" in e;
}

/** Runs a command and returns its stdout, or throws a CommandError (with an optional hint) if it fails. */
export async function runChecked(
  runner: Runner,
  command: string,
  args: readonly string[],
  options?: RunOptions & { readonly hint?: string },
): Promise<string> {
  const result = await runner.run(command, args, options);
  if (result.code !== 0) throw commandError(command, args, result, options?.hint);
  return result.stdout;
}

/**
 * The real runner: `child_process.spawn` without a shell. Its body requires what it needs when called, so
 * it serializes cleanly into Pulumi dynamic providers.
 */
export function processRunner(): Runner {
  return {
    run(command, args, options) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cp = require("node:child_process") as typeof nodeChildprocess;
      return new Promise((resolve) => {
        const child = cp.spawn(command, [...args], {
          env: { ...process.env, ...options?.env },
          stdio: ["pipe", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e: NodeJS.ErrnoException) => {
          const notFound = e.code === "ENOENT";
          resolve({ code: notFound ? 127 : 1, stdout: "", stderr: e.message, notFound });
        });
        child.on("close", (code) => {
          resolve({
            code: code ?? 1,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
            notFound: false,
          });
        });
        child.stdin.on("error", () => undefined);
        child.stdin.end(options?.input ?? "");
      });
    },
  };
}
