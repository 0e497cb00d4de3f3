/**
 * The config map the Pulumi CLI would hand the program for a stack file of this repository (see
 * scripts/stack-file.ts): Pulumi.yaml's declared defaults under the stack's values.
 */
import * as path from "node:path";
import * as stackFile from "../../scripts/stack-file";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Pulumi.yaml's `config:` defaults as a raw config map. */
export function projectDefaults(): Record<string, string> {
  return stackFile.projectDefaults(REPO_ROOT);
}

/** The raw config of stack `name` (Pulumi.<name>.yaml over the project defaults), with `overrides` on top. */
export function stackConfig(name = "dev", overrides: Record<string, unknown> = {}): Record<string, string> {
  return stackFile.readStackConfigMap(REPO_ROOT, name, overrides);
}
