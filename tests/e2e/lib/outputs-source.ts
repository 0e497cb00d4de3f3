/**
 * Where the stack target's outputs come from: a JSON file (`--outputs FILE` or `MAAS_KIND_OUTPUTS`), else
 * `pulumi stack output --json --show-secrets` for the selected stack (a `pulumi` on PATH, else the npm package's
 * launcher), with the environment scripts/pulumi.ts sets (local file backend, passphrase). Either way the JSON
 * is validated with `parseStackOutputs` first, so a mismatch is one error naming each field.
 */
import { readFileSync } from "node:fs";
import type { StackOutputs } from "../../../components/outputs/stack-outputs";
import { parseStackOutputs } from "../../../components/outputs/stack-outputs";
import type { Runner } from "../../../components/exec/runner";
import { plan, pulumiCommand } from "../../../scripts/pulumi";

/** Where the outputs are read from. */
export type OutputsSource =
  | { readonly kind: "file"; readonly path: string; readonly origin: string }
  | { readonly kind: "pulumi"; readonly stack: string };

/** `outputs file x.json (from --outputs)` / `pulumi stack output of stack dev`. */
export function describeSource(source: OutputsSource): string {
  return source.kind === "file"
    ? `outputs file ${source.path} (from ${source.origin})`
    : `\`pulumi stack output --json --show-secrets\` of stack ${source.stack}`;
}

/** The Pulumi CLI invocation (arguments and environment) that prints the outputs of `stack`. */
export function pulumiOutputsCommand(
  stack: string,
  env: NodeJS.ProcessEnv,
  repoRoot: string,
): { readonly command: string; readonly args: readonly string[]; readonly env: Record<string, string> } {
  const p = plan(["outputs", "--show-secrets"], { ...env, PULUMI_STACK: stack }, repoRoot);
  const args = p.steps[p.steps.length - 1]!;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.env)) if (v !== undefined) out[k] = v;
  return { command: pulumiCommand(env, repoRoot), args, env: out };
}

function parse(text: string, where: string): StackOutputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parseStackOutputs(json);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

/** Reads and validates the outputs; every failure is one error saying what to do. */
export async function readStackOutputs(
  source: OutputsSource,
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  runner: Runner,
): Promise<StackOutputs> {
  if (source.kind === "file") {
    let text: string;
    try {
      text = readFileSync(source.path, "utf8");
    } catch (err) {
      throw new Error(`cannot read the ${describeSource(source)}: ${(err as Error).message}`);
    }
    return parse(text, describeSource(source));
  }
  const cmd = pulumiOutputsCommand(source.stack, env, repoRoot);
  const r = await runner.run(cmd.command, cmd.args, { env: cmd.env });
  if (r.code !== 0) {
    const why = r.notFound
      ? `the Pulumi CLI (${cmd.command}) is not installed: run \`npm install\``
      : r.stderr.trim().split("\n").slice(-3).join("\n  ") || `exit code ${r.code}`;
    throw new Error(
      `cannot read the outputs of stack ${source.stack}:\n  ${why}\n` +
        `Deploy the stack with \`npm run up\` (PULUMI_STACK / --stack select another), or name an outputs file ` +
        `with --outputs FILE or MAAS_KIND_OUTPUTS; \`--target local\` needs neither.`,
    );
  }
  return parse(r.stdout, `the outputs of stack ${source.stack}`);
}
