import { parseDurationMs } from "./duration";
import { ConfigError } from "./errors";

/**
 * Typed readers for raw flag values. A raw value is a string (or string list) from the command line, or
 * any YAML value from the config file. Each reader throws a ConfigError naming the flag.
 */
export class RawValues {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    /** Where each value came from, for error messages (`--name` or `config key 'name'`). */
    private readonly origin: (name: string) => string,
  ) {}

  /** The value as given (a string from the command line, any YAML value from the config file). */
  value(name: string): unknown {
    return this.values.get(name);
  }

  /** Where a value came from (`--name` or the config file key), for error messages. */
  where(name: string): string {
    return this.origin(name);
  }

  /** Whether the flag was given at all. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  private fail(name: string, expected: string, value: unknown): never {
    const shown = typeof value === "string" ? `'${value}'` : JSON.stringify(value);
    throw new ConfigError(`${this.origin(name)}: expected ${expected}, got ${shown}`);
  }

  int(name: string, fallback: number): number {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    if (typeof value === "string" && /^[+-]?\d+$/.test(value.trim())) {
      const parsed = Number(value.trim());
      if (Number.isSafeInteger(parsed)) return parsed;
    }
    return this.fail(name, "an integer", value);
  }

  float(name: string, fallback: number): number {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
      return Number(value);
    }
    return this.fail(name, "a number", value);
  }

  string(name: string, fallback: string): string;
  string(name: string, fallback: undefined): string | undefined;
  string(name: string, fallback: string | undefined): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return fallback;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    return this.fail(name, "a string", value);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    if (typeof value === "string") {
      // The spellings Go's strconv.ParseBool (and so the reference's pflag) accepts.
      if (["1", "t", "T", "true", "TRUE", "True"].includes(value)) return true;
      if (["0", "f", "F", "false", "FALSE", "False"].includes(value)) return false;
    }
    return this.fail(name, "true or false", value);
  }

  /** Milliseconds from a bare number (ms) or a duration such as `150ms`. */
  duration(name: string, fallback: number): number {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    const ms = parseDurationMs(value);
    if (ms === undefined) return this.fail(name, "milliseconds or a duration such as 150ms", value);
    return ms;
  }

  /** A list of strings; a YAML scalar counts as a one-element list. Objects are kept as JSON text. */
  list(name: string): string[] | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
      if (typeof item === "string") return item;
      if (typeof item === "number") return String(item);
      if (typeof item === "object" && item !== null) return JSON.stringify(item);
      return this.fail(name, "a list of strings", value);
    });
  }
}
