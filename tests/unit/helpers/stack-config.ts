/**
 * The config map the Pulumi CLI would hand the program for a stack file: Pulumi.yaml's declared defaults
 * under the stack's values, with keys `maas-kind:<key>`, strings raw and everything else as JSON.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Pulumi.yaml's `config:` defaults as a raw config map. */
export function projectDefaults(): Record<string, string> {
  const project = parse(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
    config?: Record<string, { default?: unknown }>;
  };
  const out: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl.default !== undefined) out[key.includes(":") ? key : `maas-kind:${key}`] = encode(decl.default);
  }
  return out;
}

/** The raw config of stack `name` (Pulumi.<name>.yaml over the project defaults), with `overrides` on top. */
export function stackConfig(name = "dev", overrides: Record<string, unknown> = {}): Record<string, string> {
  const stack = parse(readFileSync(path.join(REPO_ROOT, `Pulumi.${name}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  };
  const out = projectDefaults();
  for (const [key, value] of Object.entries(stack.config ?? {})) out[key] = encode(value);
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `maas-kind:${key}`;
    if (value === undefined) delete out[full];
    else out[full] = encode(value);
  }
  return out;
}
