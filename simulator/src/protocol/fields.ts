import { badRequest } from "./errors";

/** Small readers for request fields; each throws a 400 naming the field. `null` counts as absent. */

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function requireObject(value: unknown, param: string): JsonObject {
  if (!isJsonObject(value)) throw badRequest(`'${param}' must be a JSON object`, param);
  return value;
}

export function optionalBoolean(body: JsonObject, field: string, param = field): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw badRequest(`'${param}' must be a boolean`, param);
  return value;
}

export function optionalString(body: JsonObject, field: string, param = field): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest(`'${param}' must be a string`, param);
  return value;
}

export function optionalInteger(body: JsonObject, field: string, param = field): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw badRequest(`'${param}' must be an integer`, param);
  }
  return value;
}

export function optionalNumber(body: JsonObject, field: string, param = field): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw badRequest(`'${param}' must be a number`, param);
  return value;
}

export function optionalArray(body: JsonObject, field: string, param = field): unknown[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest(`'${param}' must be an array`, param);
  return value;
}
