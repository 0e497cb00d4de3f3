import { isJsonObject } from "../protocol/fields";
import type { Rng } from "./rng";

/** Bounds and probabilities of generated tool arguments (the `--*-tool-call-*` flags). */
export interface ToolArgumentSettings {
  readonly minInteger: number;
  readonly maxInteger: number;
  readonly minNumber: number;
  readonly maxNumber: number;
  readonly minArrayLength: number;
  readonly maxArrayLength: number;
  /** Percent chance that a parameter the schema does not require is generated. */
  readonly optionalParamPercent: number;
  /** Percent chance that an optional field of a nested object is generated. */
  readonly optionalFieldPercent: number;
}

type Schema = Record<string, unknown>;

const WORDS = [
  "alpha",
  "harbour",
  "Lisbon",
  "sunny",
  "ticket",
  "42nd street",
  "blue",
  "report",
  "Monday",
  "llama",
];
const MAX_DEPTH = 12;
/** Most items one generated array has, whatever its schema allows. */
export const MAX_ARRAY_ITEMS = 256;
/** Most characters a schema's `minLength` makes a generated string have. */
export const MAX_STRING_LENGTH = 4096;
/** Most values (leaves and containers) the arguments of one call have, nested arrays included. */
const MAX_VALUES = 4096;
/** Most characters that `minLength`s may add to the strings of one call's arguments, all strings together. */
const MAX_PADDING = 65_536;

const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** Generates a value that satisfies a JSON schema (the common keywords tools use). */
class ArgumentGenerator {
  /** Values still allowed (MAX_VALUES): arrays stop short when it runs out. */
  private remaining = MAX_VALUES;
  /** Characters `minLength` may still add (MAX_PADDING): strings stop short when it runs out. */
  private padding = MAX_PADDING;

  constructor(
    private readonly rng: Rng,
    private readonly settings: ToolArgumentSettings,
    private readonly root: Schema,
  ) {}

  /** `$ref` to `#/$defs/x` or `#/definitions/x` inside the parameters schema. */
  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === "string" && hops < MAX_DEPTH; hops++) {
      const path = current.$ref.replace(/^#\/?/, "").split("/").filter(Boolean);
      let target: unknown = this.root;
      for (const part of path)
        target = isJsonObject(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
      if (!isJsonObject(target)) return {};
      current = target;
    }
    return current;
  }

  value(input: unknown, depth: number, optionalPercent: number): unknown {
    this.remaining--;
    const schema = isJsonObject(input) ? this.resolve(input) : {};
    if ("const" in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return this.rng.pick(schema.enum);
    const alternatives = Array.isArray(schema.anyOf)
      ? schema.anyOf
      : Array.isArray(schema.oneOf)
        ? schema.oneOf
        : undefined;
    if (alternatives && alternatives.length > 0)
      return this.value(this.rng.pick(alternatives), depth + 1, optionalPercent);
    const merged = Array.isArray(schema.allOf)
      ? mergeAllOf(
          schema,
          schema.allOf.map((part) => (isJsonObject(part) ? this.resolve(part) : {})),
        )
      : schema;
    if (depth > MAX_DEPTH) return null;
    switch (this.typeOf(merged)) {
      case "string":
        return this.string(merged);
      case "integer":
        return this.integer(merged);
      case "number":
        return this.number(merged);
      case "boolean":
        return this.rng.next() < 0.5;
      case "null":
        return null;
      case "array":
        return this.array(merged, depth);
      case "object":
        return this.object(merged, depth, optionalPercent);
      default:
        return this.string(merged);
    }
  }

  private typeOf(schema: Schema): string {
    const type = schema.type;
    if (typeof type === "string") return type;
    if (Array.isArray(type) && type.length > 0) {
      const concrete = type.filter((t) => t !== "null");
      return String(this.rng.pick(concrete.length > 0 ? concrete : type));
    }
    if (isJsonObject(schema.properties)) return "object";
    if (schema.items !== undefined) return "array";
    return "string";
  }

  private string(schema: Schema): string {
    switch (schema.format) {
      case "date":
        return `2025-0${this.rng.int(1, 9)}-1${this.rng.int(0, 9)}`;
      case "date-time":
        return `2025-0${this.rng.int(1, 9)}-1${this.rng.int(0, 9)}T1${this.rng.int(0, 9)}:${this.rng.int(10, 59)}:00Z`;
      case "email":
        return `user${this.rng.digits(3)}@example.com`;
      case "uri":
        return `https://example.com/${this.rng.pick(WORDS).replace(/\s/g, "-")}`;
      case "uuid":
        return "00000000-0000-4000-8000-" + this.rng.digits(12);
    }
    let text = this.rng.pick(WORDS);
    const minLength = Math.min(finite(schema.minLength) ?? 0, MAX_STRING_LENGTH, text.length + this.padding);
    const maxLength = finite(schema.maxLength);
    const start = text.length;
    while (text.length < minLength) text += ` ${this.rng.pick(WORDS)}`;
    this.padding -= Math.max(0, text.length - start);
    if (maxLength !== undefined && text.length > maxLength)
      text = text.slice(0, Math.max(minLength, maxLength));
    return text;
  }

  private bounds(schema: Schema, low: number, high: number, step: number): [number, number] {
    let min = finite(schema.minimum) ?? low;
    let max = finite(schema.maximum) ?? high;
    const exclusiveMin = finite(schema.exclusiveMinimum);
    const exclusiveMax = finite(schema.exclusiveMaximum);
    if (exclusiveMin !== undefined) min = Math.max(min, exclusiveMin + step);
    if (exclusiveMax !== undefined) max = Math.min(max, exclusiveMax - step);
    // A schema bound outside the configured range wins over the configured range.
    if (finite(schema.minimum) !== undefined || exclusiveMin !== undefined) max = Math.max(max, min);
    if (finite(schema.maximum) !== undefined || exclusiveMax !== undefined) min = Math.min(min, max);
    return min <= max ? [min, max] : [min, min];
  }

  private integer(schema: Schema): number {
    const [min, max] = this.bounds(schema, this.settings.minInteger, this.settings.maxInteger, 1);
    return this.rng.int(Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max)));
  }

  private number(schema: Schema): number {
    const [min, max] = this.bounds(schema, this.settings.minNumber, this.settings.maxNumber, 1e-4);
    const value = Math.round(this.rng.float(min, max) * 10_000) / 10_000;
    return Math.min(max, Math.max(min, value));
  }

  private array(schema: Schema, depth: number): unknown[] {
    const tuple = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : undefined;
    if (tuple) return tuple.map((item) => this.value(item, depth + 1, this.settings.optionalFieldPercent));
    let min = finite(schema.minItems) ?? this.settings.minArrayLength;
    let max = finite(schema.maxItems) ?? this.settings.maxArrayLength;
    if (finite(schema.minItems) !== undefined) max = Math.max(max, min);
    if (finite(schema.maxItems) !== undefined) min = Math.min(min, max);
    const length = Math.min(this.rng.int(min, max), MAX_ARRAY_ITEMS, Math.max(0, this.remaining));
    const items: unknown[] = [];
    for (let i = 0; i < length; i++)
      items.push(this.value(schema.items, depth + 1, this.settings.optionalFieldPercent));
    return items;
  }

  private object(schema: Schema, depth: number, optionalPercent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const required = new Set(
      Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : [],
    );
    for (const [name, property] of Object.entries(properties)) {
      if (!required.has(name) && !this.rng.chance(optionalPercent)) continue;
      result[name] = this.value(property, depth + 1, this.settings.optionalFieldPercent);
    }
    for (const name of required) {
      if (!(name in result)) result[name] = this.rng.pick(WORDS);
    }
    return result;
  }
}

function mergeAllOf(base: Schema, parts: Schema[]): Schema {
  const merged: Schema = { ...base };
  delete merged.allOf;
  const properties: Schema = isJsonObject(base.properties) ? { ...base.properties } : {};
  const required = new Set<unknown>(Array.isArray(base.required) ? base.required : []);
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === "properties" && isJsonObject(value)) Object.assign(properties, value);
      else if (key === "required" && Array.isArray(value)) value.forEach((r) => required.add(r));
      else if (!(key in merged)) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** Arguments for a function whose `parameters` is the given JSON schema (an object schema). */
export function generateArguments(
  rng: Rng,
  settings: ToolArgumentSettings,
  parameters: unknown,
): Record<string, unknown> {
  const root = isJsonObject(parameters) ? parameters : {};
  const generator = new ArgumentGenerator(rng, settings, root);
  const value = generator.value({ ...root, type: "object" }, 0, settings.optionalParamPercent);
  return isJsonObject(value) ? value : {};
}
