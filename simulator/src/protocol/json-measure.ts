/** What `measureJson` found: JSON values, deepest nesting and about how many bytes `JSON.stringify` makes. */
export interface JsonMeasure {
  /** Every value counts one: objects, arrays and the primitives inside them. */
  readonly values: number;
  /** 0 for a primitive, 1 for a flat object or array, and so on. */
  readonly depth: number;
  /** The length of the JSON text, counting string characters (a lower bound of its UTF-8 bytes). */
  readonly bytes: number;
  /** True when the walk stopped early because a limit was passed (the figures are then partial). */
  readonly exceeded: boolean;
}

/** Limits at which `measureJson` stops walking; any one passed ends the walk. */
export interface JsonLimits {
  readonly values: number;
  readonly depth: number;
  readonly bytes: number;
}

const UNLIMITED: JsonLimits = { values: Infinity, depth: Infinity, bytes: Infinity };

/**
 * Measures a parsed JSON value without recursion (an explicit stack), so a value nested thousands of
 * levels deep cannot overflow the call stack, and stops as soon as a limit is passed, so the cost is
 * bounded by the limits rather than by the value.
 */
export function measureJson(root: unknown, limits: JsonLimits = UNLIMITED): JsonMeasure {
  let values = 0;
  let depth = 0;
  let bytes = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, level] = stack.pop()!;
    values++;
    if (level > depth) depth = level;
    if (values > limits.values || depth > limits.depth || bytes > limits.bytes)
      return { values, depth, bytes, exceeded: true };
    if (typeof value === "string") bytes += value.length + 2;
    else if (typeof value === "number") bytes += String(value).length;
    else if (typeof value === "boolean") bytes += value ? 4 : 5;
    else if (value === null || value === undefined) bytes += 4;
    else if (Array.isArray(value)) {
      bytes += 2 + Math.max(0, value.length - 1);
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], level + 1]);
    } else if (typeof value === "object") {
      const entries = Object.entries(value);
      bytes += 2 + Math.max(0, entries.length - 1);
      for (let i = entries.length - 1; i >= 0; i--) {
        bytes += entries[i][0].length + 3;
        stack.push([entries[i][1], level + 1]);
      }
    }
  }
  const exceeded = values > limits.values || depth > limits.depth || bytes > limits.bytes;
  return { values, depth, bytes, exceeded };
}
