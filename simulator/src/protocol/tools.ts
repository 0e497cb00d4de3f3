import { integerBounds, MAX_ARRAY_ITEMS, MAX_STRING_LENGTH } from "../generation/tool-arguments";
import { badRequest } from "./errors";
import { isJsonObject, type JsonObject } from "./fields";
import { resolveLocalRef } from "./json-pointer";
import { checkToolSchemaBudget, type ToolSchemaLimits } from "./tool-schema-budget";
import type { ToolChoice, ToolDefinition } from "./types";

const SCHEMA_TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

/** Whether a JSON value is of a JSON-schema type. */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "string":
    case "boolean":
      return typeof value === type;
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    default:
      return isJsonObject(value);
  }
}

/** Checks the JSON-schema keywords the argument generator relies on; throws a 400 naming the path. */
function checkSchema(schema: unknown, param: string, root: unknown, depth = 0): void {
  if (!isJsonObject(schema)) throw badRequest(`'${param}' must be a JSON schema object`, param);
  if (depth > 32) throw badRequest(`'${param}' is nested too deeply`, param);
  if (schema.$ref !== undefined) {
    if (typeof schema.$ref !== "string" || !isJsonObject(resolveLocalRef(root, schema.$ref)))
      throw badRequest(
        `'${param}.$ref' must point to a schema inside the parameters (such as '#/$defs/name'); got ${JSON.stringify(schema.$ref)}`,
        `${param}.$ref`,
      );
  }
  checkRanges(schema, param);
  const type = schema.type;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  for (const t of types) {
    if (typeof t !== "string" || !SCHEMA_TYPES.has(t)) {
      throw badRequest(`'${param}.type' has an unsupported type ${JSON.stringify(t)}`, `${param}.type`);
    }
  }
  if (schema.properties !== undefined) {
    if (!isJsonObject(schema.properties))
      throw badRequest(`'${param}.properties' must be an object`, `${param}.properties`);
    for (const [name, property] of Object.entries(schema.properties)) {
      checkSchema(property, `${param}.properties.${name}`, root, depth + 1);
    }
  }
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== "string")) {
      throw badRequest(`'${param}.required' must be an array of strings`, `${param}.required`);
    }
  }
  if (schema.items !== undefined && !Array.isArray(schema.items) && typeof schema.items !== "boolean") {
    checkSchema(schema.items, `${param}.items`, root, depth + 1);
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
    throw badRequest(`'${param}.enum' must be a non-empty array`, `${param}.enum`);
  }
  // Values the declared type contradicts would be generated as arguments of the wrong type; the
  // reference refuses such a tool (pkg/llm-d-inference-sim/tools_test.go @ v0.5.1, invalidTools[0]).
  if (types.length > 0) {
    const candidates = Array.isArray(schema.enum) ? schema.enum : [];
    for (const value of "const" in schema ? [...candidates, schema.const] : candidates) {
      if (!types.some((t) => hasType(value, t as string))) {
        const keyword = candidates.includes(value) ? "enum" : "const";
        throw badRequest(
          `'${param}.${keyword}' has ${JSON.stringify(value)}, which is not of type ${types.join(" or ")}`,
          `${param}.${keyword}`,
        );
      }
    }
  }
  for (const keyword of ["minItems", "maxItems", "minLength", "maxLength"]) {
    const value = schema[keyword];
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
      throw badRequest(`'${param}.${keyword}' must be a non-negative integer`, `${param}.${keyword}`);
    }
  }
  for (const [keyword, limit] of [
    ["minItems", MAX_ARRAY_ITEMS],
    ["minLength", MAX_STRING_LENGTH],
  ] as const) {
    const value = schema[keyword];
    if (typeof value === "number" && value > limit) {
      throw badRequest(
        `'${param}.${keyword}' is ${value}; the simulator generates at most ${limit}`,
        `${param}.${keyword}`,
      );
    }
  }
  if (
    typeof schema.minItems === "number" &&
    typeof schema.maxItems === "number" &&
    schema.minItems > schema.maxItems
  ) {
    throw badRequest(`'${param}.minItems' is greater than maxItems`, `${param}.minItems`);
  }
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const value = schema[keyword];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) {
      throw badRequest(`'${param}.${keyword}' must be a non-empty array`, `${param}.${keyword}`);
    }
    value.forEach((part, index) => checkSchema(part, `${param}.${keyword}[${index}]`, root, depth + 1));
  }
  for (const keyword of ["$defs", "definitions"]) {
    const defs = schema[keyword];
    if (defs === undefined) continue;
    if (!isJsonObject(defs))
      throw badRequest(`'${param}.${keyword}' must be an object`, `${param}.${keyword}`);
    for (const [name, def] of Object.entries(defs))
      checkSchema(def, `${param}.${keyword}.${name}`, root, depth + 1);
  }
}

/** Bounds that no value can meet (minimum above maximum, no integer in range, minLength above maxLength). */
function checkRanges(schema: JsonObject, param: string): void {
  for (const keyword of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
    const value = schema[keyword];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value)))
      throw badRequest(`'${param}.${keyword}' must be a number`, `${param}.${keyword}`);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 1 && types[0] === "integer") {
    const [min, max] = integerBounds(schema, 0, 0);
    if (min > max) throw badRequest(`'${param}' allows no integer between its minimum and maximum`, param);
  } else if (types.length === 1 && types[0] === "number") {
    const low = Math.max(
      typeof schema.minimum === "number" ? schema.minimum : -Infinity,
      typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : -Infinity,
    );
    const high = Math.min(
      typeof schema.maximum === "number" ? schema.maximum : Infinity,
      typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : Infinity,
    );
    const exclusive =
      typeof schema.exclusiveMinimum === "number" || typeof schema.exclusiveMaximum === "number";
    if (low > high || (exclusive && low === high))
      throw badRequest(`'${param}' allows no number between its minimum and maximum`, param);
  }
  if (
    typeof schema.minLength === "number" &&
    typeof schema.maxLength === "number" &&
    schema.minLength > schema.maxLength
  )
    throw badRequest(`'${param}.minLength' is greater than maxLength`, `${param}.minLength`);
}

/** How `readTools` checks the tools' schemas. */
export interface ToolSchemaPolicy {
  /** Check the keywords the generator relies on (off with `--skip-tool-validation`). */
  readonly validate: boolean;
  /** Budgets, checked whatever `validate` says. */
  readonly limits: ToolSchemaLimits;
}

/** Validates `tools` (function tools only). */
export function readTools(value: unknown, policy: ToolSchemaPolicy): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("'tools' must be an array", "tools");
  return value.map((tool, index) => {
    const param = `tools[${index}]`;
    if (!isJsonObject(tool)) throw badRequest(`'${param}' must be an object`, param);
    if (tool.type !== undefined && tool.type !== "function") {
      throw badRequest(`'${param}.type' must be 'function'`, `${param}.type`);
    }
    const fn = tool.function;
    if (!isJsonObject(fn)) throw badRequest(`'${param}.function' must be an object`, `${param}.function`);
    if (typeof fn.name !== "string" || fn.name === "") {
      throw badRequest(`'${param}.function.name' must be a non-empty string`, `${param}.function.name`);
    }
    if (fn.description !== undefined && fn.description !== null && typeof fn.description !== "string") {
      throw badRequest(`'${param}.function.description' must be a string`, `${param}.function.description`);
    }
    const parameters = fn.parameters ?? undefined;
    if (parameters !== undefined) {
      if (!isJsonObject(parameters)) {
        throw badRequest(
          `'${param}.function.parameters' must be a JSON schema object`,
          `${param}.function.parameters`,
        );
      }
      checkToolSchemaBudget(parameters, `${param}.function.parameters`, policy.limits);
      if (policy.validate) checkSchema(parameters, `${param}.function.parameters`, parameters);
    }
    return {
      type: "function" as const,
      function: {
        name: fn.name,
        description: typeof fn.description === "string" ? fn.description : undefined,
        parameters: parameters as JsonObject | undefined,
      },
    };
  });
}

/** Validates `tool_choice` against the tools: a mode, or `{type:"function", function:{name}}` of a given tool. */
export function readToolChoice(value: unknown, tools: readonly ToolDefinition[]): ToolChoice {
  if (value === undefined || value === null) return tools.length > 0 ? "auto" : "none";
  if (value === "none" || value === "auto" || value === "required") {
    if (value === "required" && tools.length === 0) {
      throw badRequest("'tool_choice' is 'required' but no 'tools' are given", "tool_choice");
    }
    return value;
  }
  if (isJsonObject(value) && isJsonObject(value.function) && typeof value.function.name === "string") {
    const name = value.function.name;
    if (!tools.some((tool) => tool.function.name === name)) {
      throw badRequest(`'tool_choice' names the function '${name}', which is not in 'tools'`, "tool_choice");
    }
    return { type: "function", function: { name } };
  }
  throw badRequest(
    "'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}}",
    "tool_choice",
  );
}
