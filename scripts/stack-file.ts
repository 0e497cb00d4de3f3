/**
 * A stack's configuration as the raw key → value map the Pulumi CLI hands the program
 * (`pulumi.runtime.allConfig()`): Pulumi.yaml's declared defaults under the values of Pulumi.<stack>.yaml, keys
 * `maas-kind:<key>`, strings raw and everything else as JSON. `parseStackConfig` (components/config/stack-config.ts) takes
 * this map, so tests and the e2e suite's local target read a stack file exactly as the program would see it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function readYaml(file: string): unknown {
  return parse(readFileSync(file, "utf8")) as unknown;
}

/** Pulumi.yaml's `config:` defaults as a raw config map. */
export function projectDefaults(repoRoot: string): Record<string, string> {
  const project = readYaml(path.join(repoRoot, "Pulumi.yaml")) as {
    config?: Record<string, { default?: unknown }>;
  };
  const out: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl.default !== undefined) out[key.includes(":") ? key : `maas-kind:${key}`] = encode(decl.default);
  }
  return out;
}

/**
 * The raw config of stack `name` (Pulumi.<name>.yaml over the project defaults), with `overrides` on top (an
 * `undefined` override removes the key). Throws if the stack file does not exist.
 */
export function readStackConfigMap(
  repoRoot: string,
  name: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, string> {
  const file = path.join(repoRoot, `Pulumi.${name}.yaml`);
  let stack: { config?: Record<string, unknown> } | null;
  try {
    stack = readYaml(file) as typeof stack;
  } catch (err) {
    throw new Error(`cannot read the config of stack "${name}" from ${file}: ${(err as Error).message}`);
  }
  const out = projectDefaults(repoRoot);
  for (const [key, value] of Object.entries(stack?.config ?? {})) out[key] = encode(value);
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `maas-kind:${key}`;
    if (value === undefined) delete out[full];
    else out[full] = encode(value);
  }
  return out;
}
