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

/** A command that failed; the message says which, how, and the tail of its stderr. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly result: CommandResult,
    hint?: string,
  ) {
    const line = [command, ...args].join(" ");
    const detail = result.notFound
      ? `\`${command}\` was not found on PATH`
      : `\`${line}\` exited with code ${result.code}: ${result.stderr.trim().split("\n").slice(-5).join("\n") || "(no output)"}`;
    super(hint ? `${detail}\n${hint}` : detail);
    this.name = "CommandError";
  }
}

/** Runs a command and returns its stdout, or throws a CommandError (with an optional hint) if it fails. */
export async function runChecked(
  runner: Runner,
  command: string,
  args: readonly string[],
  options?: RunOptions & { readonly hint?: string },
): Promise<string> {
  const result = await runner.run(command, args, options);
  if (result.code !== 0) throw new CommandError(command, args, result, options?.hint);
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
