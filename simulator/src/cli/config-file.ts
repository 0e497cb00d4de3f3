import { readFileSync } from "node:fs";
import type * as YamlModule from "yaml";
import { ConfigError } from "./errors";
import { findFlag } from "./flags";

/**
 * Reads a `--config` YAML file: a mapping whose keys are flag names (as the reference's config files
 * are), e.g. `max-num-seqs: 8` or `served-model-name: [a, b]`. Returns the raw values by flag name; an
 * unknown key, a file that can't be read, or YAML that is not a mapping is a ConfigError naming it.
 */
export function readConfigFile(file: string): Map<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`--config: cannot read ${file}: ${(error as Error).message}`);
  }
  // Loaded here only: most runs have no config file, and start-up time matters.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require("yaml") as typeof YamlModule;
  let document: unknown;
  try {
    document = YAML.parse(text);
  } catch (error) {
    throw new ConfigError(`--config ${file}: invalid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const values = new Map<string, unknown>();
  if (document === null || document === undefined) return values;
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new ConfigError(`--config ${file}: expected a mapping of flag names to values`);
  }
  for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
    if (key === "config" || findFlag(key) === undefined) {
      throw new ConfigError(`--config ${file}: unknown key '${key}'`);
    }
    values.set(key, value);
  }
  return values;
}
