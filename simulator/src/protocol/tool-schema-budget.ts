import { badRequest } from "./errors";
import { isJsonObject } from "./fields";
import { measureJson } from "./json-measure";
import { resolveLocalRef } from "./json-pointer";

/** Budgets of one tool's `parameters` schema (the `--max-tool-schema-*` flags). */
export interface ToolSchemaLimits {
  /** Most JSON values in the schema, and most schema nodes once its `$ref`s are expanded. */
  readonly nodes: number;
  /** Deepest nesting (const and enum values included). */
  readonly depth: number;
  /** Largest JSON size in bytes. */
  readonly bytes: number;
}

/** Keywords whose value is one subschema / a list of subschemas / a map of subschemas. */
const ONE = ["items", "additionalProperties", "not", "contains", "if", "then", "else"] as const;
const LIST = ["prefixItems", "items", "anyOf", "oneOf", "allOf"] as const;
/** `$defs`/`definitions` are not walked: they count where a `$ref` uses them. */
const MAP = ["properties", "patternProperties"] as const;

/** A `$ref` followed on the way to a node: a cycle is a ref to a target already on the path. */
interface RefPath {
  readonly target: unknown;
  readonly parent: RefPath | undefined;
}

function onPath(path: RefPath | undefined, target: unknown): boolean {
  for (let at = path; at; at = at.parent) if (at.target === target) return true;
  return false;
}

/**
 * How many schema nodes the schema has once each `$ref` is replaced by what it points to, counting
 * until `budget` is passed. A `$ref` back to a schema already being expanded on the same path (a
 * recursive schema) counts one node and is not expanded again, so recursion costs nothing here; the
 * generator bounds it by depth and by the answer's token budget. What is counted is what a shared
 * definition costs each time it is used: definitions that use each other twice per level double with
 * every level, which is what the budget stops.
 */
export function expandedSchemaNodes(root: unknown, budget: number): number {
  let nodes = 0;
  const stack: [unknown, RefPath | undefined][] = [[root, undefined]];
  while (stack.length > 0 && nodes <= budget) {
    const [schema, path] = stack.pop()!;
    nodes++;
    if (!isJsonObject(schema)) continue;
    let refPath = path;
    if (typeof schema.$ref === "string") {
      const target = resolveLocalRef(root, schema.$ref);
      if (target !== undefined && !onPath(path, target)) {
        refPath = { target, parent: path };
        stack.push([target, refPath]);
      }
    }
    for (const keyword of ONE) if (isJsonObject(schema[keyword])) stack.push([schema[keyword], refPath]);
    for (const keyword of LIST) {
      const list = schema[keyword];
      if (Array.isArray(list)) for (const item of list) stack.push([item, refPath]);
    }
    for (const keyword of MAP) {
      const map = schema[keyword];
      if (isJsonObject(map)) for (const value of Object.values(map)) stack.push([value, refPath]);
    }
  }
  return nodes;
}

/**
 * Checks one tool's `parameters` against the budgets, whatever `--skip-tool-validation` says: its size,
 * its nesting, its number of values, and its size once `$ref`s are expanded. Throws a 400 naming the flag.
 */
export function checkToolSchemaBudget(parameters: unknown, param: string, limits: ToolSchemaLimits): void {
  const raw = measureJson(parameters, { values: limits.nodes, depth: limits.depth, bytes: limits.bytes });
  if (raw.depth > limits.depth)
    throw badRequest(
      `'${param}' is nested more than ${limits.depth} levels deep (--max-tool-schema-depth)`,
      param,
    );
  if (raw.values > limits.nodes)
    throw badRequest(`'${param}' has more than ${limits.nodes} JSON values (--max-tool-schema-nodes)`, param);
  if (raw.bytes > limits.bytes)
    throw badRequest(`'${param}' is larger than ${limits.bytes} bytes (--max-tool-schema-bytes)`, param);
  if (expandedSchemaNodes(parameters, limits.nodes) > limits.nodes)
    throw badRequest(
      `'${param}' expands to more than ${limits.nodes} schema nodes once its $refs are resolved (--max-tool-schema-nodes)`,
      param,
    );
}
