import { isJsonObject } from "../protocol/fields";
import { measureJson } from "../protocol/json-measure";
import { resolveLocalRef } from "../protocol/json-pointer";
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

/**
 * How much one call's arguments may cost. Generation stops descending once either runs out (the rest
 * of the value is `null` placeholders), so a recursive or huge schema costs at most this much.
 */
export interface ArgumentBudget {
  /** Values (leaves and containers): each is at least one token, so the token budget + 1 is enough. */
  readonly values: number;
  /** Characters of text (strings, const and enum values). */
  readonly chars: number;
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

/** Approximate JSON sizes of const and enum values, measured once per value. */
const literalSizes = new WeakMap<object, number>();

function literalSize(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  if (typeof value !== "object" || value === null) return 8;
  let size = literalSizes.get(value);
  if (size === undefined) {
    size = measureJson(value).bytes;
    literalSizes.set(value, size);
  }
  return size;
}

/** Generates a value that satisfies a JSON schema (the common keywords tools use). */
class ArgumentGenerator {
  /** Values still allowed (MAX_VALUES): arrays stop short when it runs out. */
  private remaining = MAX_VALUES;
  /** Characters `minLength` may still add (MAX_PADDING): strings stop short when it runs out. */
  private padding = MAX_PADDING;
  /** Values and characters left of the call's budget. */
  private values: number;
  private chars: number;
  /** The budget ran out: the arguments are longer than the answer may be, and will be cut. */
  exhausted = false;

  constructor(
    private readonly rng: Rng,
    private readonly settings: ToolArgumentSettings,
    private readonly root: Schema,
    budget: ArgumentBudget,
  ) {
    this.values = budget.values;
    this.chars = budget.chars;
  }

  /** Follows local `$ref`s (`#`, `#/$defs/x`, `#/properties/a`…) inside the parameters schema. */
  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === "string" && hops < MAX_DEPTH; hops++) {
      const target = resolveLocalRef(this.root, current.$ref);
      if (!isJsonObject(target)) return {};
      current = target;
    }
    return current;
  }

  /** Takes `chars` characters from the budget; false (and exhausted) when there are not enough. */
  private spend(chars: number): boolean {
    this.chars -= chars;
    if (this.chars < 0) this.exhausted = true;
    return !this.exhausted;
  }

  value(input: unknown, depth: number, optionalPercent: number): unknown {
    this.remaining--;
    if (this.exhausted) return null;
    if (--this.values < 0) {
      this.exhausted = true;
      return null;
    }
    const schema = isJsonObject(input) ? this.resolve(input) : {};
    if ("const" in schema) return this.spend(literalSize(schema.const)) ? schema.const : null;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      const choice: unknown = this.rng.pick(schema.enum);
      return this.spend(literalSize(choice)) ? choice : null;
    }
    // Before anyOf/oneOf: a recursive $ref through them must not get past the depth limit.
    if (depth > MAX_DEPTH) return null;
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
    this.spend(text.length + 2);
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
    const [min, max] = integerBounds(schema, this.settings.minInteger, this.settings.maxInteger);
    return this.rng.int(min, Math.max(min, max));
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
    // No prototype: `__proto__`, `constructor` and the like are plain keys of the arguments.
    const result = Object.create(null) as Record<string, unknown>;
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const required = new Set(
      Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : [],
    );
    for (const [name, property] of Object.entries(properties)) {
      if (!required.has(name) && !this.rng.chance(optionalPercent)) continue;
      result[name] = this.value(property, depth + 1, this.settings.optionalFieldPercent);
    }
    for (const name of required) {
      if (!Object.hasOwn(result, name)) result[name] = this.rng.pick(WORDS);
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
      if (key === "properties" && isJsonObject(value)) {
        for (const [name, property] of Object.entries(value))
          Object.defineProperty(properties, name, {
            value: property,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      } else if (key === "required" && Array.isArray(value)) value.forEach((r) => required.add(r));
      else if (!Object.hasOwn(merged, key)) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/**
 * The integers a schema's `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum` allow, within the
 * configured range unless the schema's own bounds lie outside it. `[min, max]` with min > max when no
 * integer fits (e.g. minimum 0.5, maximum 0.6).
 */
export function integerBounds(schema: Schema, low: number, high: number): [number, number] {
  const minimum = finite(schema.minimum);
  const maximum = finite(schema.maximum);
  const exclusiveMin = finite(schema.exclusiveMinimum);
  const exclusiveMax = finite(schema.exclusiveMaximum);
  let lowest = -Infinity;
  if (minimum !== undefined) lowest = Math.ceil(minimum);
  if (exclusiveMin !== undefined) lowest = Math.max(lowest, Math.floor(exclusiveMin) + 1);
  let highest = Infinity;
  if (maximum !== undefined) highest = Math.floor(maximum);
  if (exclusiveMax !== undefined) highest = Math.min(highest, Math.ceil(exclusiveMax) - 1);
  if (lowest > highest) return [lowest, highest];
  // The configured range, moved inside the schema's bounds when it lies outside them.
  let min = Math.max(Math.ceil(low), lowest);
  let max = Math.min(Math.floor(high), highest);
  if (min > max) {
    if (min > highest) min = max = highest;
    else max = min;
  }
  return [min, max];
}

/** Arguments for one call, and whether they ran past the budget (then they are longer than allowed). */
export interface GeneratedArguments {
  readonly value: Record<string, unknown>;
  readonly exhausted: boolean;
}

/** Arguments for a function whose `parameters` is the given JSON schema (an object schema). */
export function generateArguments(
  rng: Rng,
  settings: ToolArgumentSettings,
  parameters: unknown,
  budget: ArgumentBudget = { values: Infinity, chars: Infinity },
): GeneratedArguments {
  const root = isJsonObject(parameters) ? parameters : {};
  const generator = new ArgumentGenerator(rng, settings, root, budget);
  const value = generator.value({ ...root, type: "object" }, 0, settings.optionalParamPercent);
  return {
    value: isJsonObject(value) ? value : (Object.create(null) as Record<string, unknown>),
    exhausted: generator.exhausted,
  };
}
