import { Command, CommanderError, Option } from "commander";
import type { SimulatorConfig } from "../config/simulator-config";
import { buildConfig, type SimulatorEnv } from "./build-config";
import { readConfigFile } from "./config-file";
import { ConfigError } from "./errors";
import { FLAGS, findFlag, type FlagSpec } from "./flags";
import { RawValues } from "./values";

/** What the command line asks for: help text, or a configuration to run with. */
export type ParseResult =
  | { readonly kind: "help"; readonly text: string }
  | {
      readonly kind: "run";
      readonly config: SimulatorConfig;
      /** At most one line naming the reference-only flags that were given and are ignored. */
      readonly warnings: readonly string[];
    };

function optionFor(flag: FlagSpec): Option[] {
  const long = `--${flag.name}`;
  const names = flag.short ? `-${flag.short}, ${long}` : long;
  const description = flag.defaultText
    ? `${flag.description} (default: ${flag.defaultText})`
    : flag.description;
  const hidden = flag.origin === "klog";
  switch (flag.kind) {
    case "bool": {
      const option = new Option(`${names} [bool]`, description);
      const negated = new Option(`--no-${flag.name}`, `turn --${flag.name} off`).hideHelp();
      return [hidden ? option.hideHelp() : option, negated];
    }
    case "list": {
      const option = new Option(`${names} <values...>`, description);
      return [hidden ? option.hideHelp() : option];
    }
    default: {
      const option = new Option(`${names} <value>`, description);
      return [hidden ? option.hideHelp() : option];
    }
  }
}

function program(): Command {
  const command = new Command("llm-d-inference-sim")
    .description(
      "OpenAI-compatible LLM inference simulator, a drop-in for llm-d-inference-sim.\n" +
        "Latencies take milliseconds or durations (150ms, 1.5s). Toggles also take --no-<flag> and --flag=false.",
    )
    .helpOption("-h, --help", "show this help")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const flag of FLAGS) {
    for (const option of optionFor(flag)) command.addOption(option);
  }
  return command;
}

/** Go's flag package also reads `-v=4`; commander would read `=4`. */
function normalise(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const match = /^-v=(.*)$/.exec(arg);
    return match ? ["-v", match[1]] : [arg];
  });
}

/** Values given on the command line, by flag name; `--no-x` is x=false. `spelled` gets each as written. */
function commandLineValues(command: Command, spelled: Map<string, string>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== "cli") continue;
    const name = option.long?.replace(/^--(no-)?/, "") ?? key;
    const flag = findFlag(name);
    if (!flag) continue;
    const value: unknown = command.getOptionValue(key);
    values.set(flag.name, value);
    spelled.set(flag.name, value === false && option.negate ? `--no-${flag.name}` : `--${flag.name}`);
  }
  return values;
}

/** Checks that an ignored flag's value still has the right type, as the reference would. */
function checkAcceptedValues(raw: RawValues, names: readonly string[]): void {
  for (const name of names) {
    const flag = findFlag(name);
    if (!flag) continue;
    if (flag.kind === "int") raw.int(name, 0);
    if (flag.kind === "float") raw.float(name, 0);
    if (flag.kind === "bool") raw.bool(name, false);
    if (flag.kind === "duration") raw.duration(name, 0);
  }
}

function defaultSeed(): string {
  return String(BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n));
}

/**
 * Parses the simulator's arguments (without `node` and the script). Throws a ConfigError with a
 * one-line message for an unknown flag, a bad value or a bad config file.
 */
export function parseCommandLine(argv: readonly string[], env: SimulatorEnv = process.env): ParseResult {
  const command = program();
  try {
    command.parse(normalise(argv), { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
        return { kind: "help", text: command.helpInformation() };
      }
      throw new ConfigError(error.message.replace(/^error: /, ""));
    }
    throw error;
  }
  const spelled = new Map<string, string>();
  const cli = commandLineValues(command, spelled);
  const configFile = cli.get("config");
  const fromFile = typeof configFile === "string" ? readConfigFile(configFile) : new Map<string, unknown>();
  const merged = new Map<string, unknown>([...fromFile, ...cli]);
  merged.delete("config");
  const raw = new RawValues(merged, (name) =>
    cli.has(name) ? `--${name}` : `--config ${String(configFile)}: key '${name}'`,
  );
  const ignored = [...merged.keys()].filter((name) => findFlag(name)?.support === "accepted");
  checkAcceptedValues(raw, ignored);
  const config = buildConfig(raw, env, defaultSeed);
  const warnings =
    ignored.length === 0
      ? []
      : [
          `ignoring llm-d-inference-sim flags that do not apply to this simulator: ${ignored
            .map((name) => spelled.get(name) ?? `${name} (config file)`)
            .join(" ")}`,
        ];
  return { kind: "run", config, warnings };
}
