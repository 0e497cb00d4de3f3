/**
 * Validates objects the program emits against the upstream CRDs vendored in tests/fixtures/upstream: the structural
 * openAPIV3Schema (with ajv) and, after applying schema defaults as the API server does, every CEL rule under
 * `x-kubernetes-validations` (with @bufbuild/cel), which schema-only validators do not check.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { run } from "@bufbuild/cel";
import Ajv from "ajv";
import { parse } from "yaml";
import { REPO_ROOT } from "./stack-config";

/** Where the vendored upstream files live (see its README.md and sources.json). */
export const CRD_DIR = path.resolve(REPO_ROOT, "tests/fixtures/upstream");

/** The CRDs the tests name, by short name → their vendored path (unmodified upstream files). */
export const CRD_FILES: Readonly<Record<string, string>> = {
  "kserve-v0.16.0-llminferenceservices.yaml":
    "kserve@v0.16.0/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml",
  "gateway-api-v1.2.1-httproutes.yaml":
    "gateway-api@v1.2.1/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml",
  "gateway-api-v1.2.1-gateways.yaml":
    "gateway-api@v1.2.1/config/crd/standard/gateway.networking.k8s.io_gateways.yaml",
  "kserve-v0.17.0-llminferenceservices.yaml":
    "kserve@v0.17.0/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml",
  "maas-c0639b1b-maasmodelrefs.yaml":
    "models-as-a-service@c0639b1b/deployment/base/maas-controller/crd/bases/maas.opendatahub.io_maasmodelrefs.yaml",
  "maas-c0639b1b-maasauthpolicies.yaml":
    "models-as-a-service@c0639b1b/deployment/base/maas-controller/crd/bases/maas.opendatahub.io_maasauthpolicies.yaml",
  "maas-c0639b1b-maassubscriptions.yaml":
    "models-as-a-service@c0639b1b/deployment/base/maas-controller/crd/bases/maas.opendatahub.io_maassubscriptions.yaml",
};

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  default?: unknown;
  "x-kubernetes-validations"?: { rule: string; message?: string }[];
}

const CEL_RESERVED = new Set(
  "true false null in as break const continue else for function if import let loop package namespace return var void while".split(
    " ",
  ),
);

/** Kubernetes' escaping of property names for CEL (`namespace` → `__namespace__`, `-` → `__dash__`, …). */
export function celPropertyName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  return name
    .replace(/__/g, "__underscores__")
    .replace(/\./g, "__dot__")
    .replace(/-/g, "__dash__")
    .replace(/\//g, "__slash__");
}

function withDefaults(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value))
    return schema.items ? value.map((v) => withDefaults(schema.items as Schema, v)) : value;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      if (out[k] === undefined && s.default !== undefined) out[k] = structuredClone(s.default);
      if (out[k] !== undefined) out[k] = withDefaults(s, out[k]);
    }
    if (typeof schema.additionalProperties === "object") {
      for (const k of Object.keys(out)) {
        if (!schema.properties?.[k]) out[k] = withDefaults(schema.additionalProperties, out[k]);
      }
    }
    return out;
  }
  return value;
}

function toCel(schema: Schema | undefined, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const prop = schema?.properties?.[k];
      if (prop) return [celPropertyName(k), toCel(prop, v)] as const;
      const extra =
        typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined;
      return [k, toCel(extra, v)] as const;
    });
    return new Map(entries);
  }
  if (typeof value === "number" && (schema?.type === "integer" || Number.isInteger(value)))
    return BigInt(value);
  return value;
}

function celProblems(schema: Schema, value: unknown, at: string, out: string[]): void {
  if (value === undefined || value === null) return;
  for (const v of schema["x-kubernetes-validations"] ?? []) {
    if (v.rule.includes("oldSelf")) continue; // transition rules need a previous object
    const result = run(v.rule, { self: toCel(schema, value) } as never);
    if (result !== true)
      out.push(`${at || "."}: ${v.message ?? v.rule}${result === false ? "" : ` (${String(result)})`}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((x, i) => celProblems(schema.items as Schema, x, `${at}[${i}]`, out));
  else if (typeof value === "object") {
    for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
      const s =
        schema.properties?.[k] ??
        (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      if (s) celProblems(s, x, `${at}.${k}`, out);
    }
  }
}

const cache = new Map<string, { schema: Schema; validate: ReturnType<Ajv["compile"]> }>();

function load(file: string, version: string) {
  const key = `${file}@${version}`;
  let entry = cache.get(key);
  if (!entry) {
    const vendored = CRD_FILES[file];
    if (vendored === undefined)
      throw new Error(`${file} is not a vendored CRD (known: ${Object.keys(CRD_FILES).join(", ")})`);
    const crdPath = path.join(CRD_DIR, vendored);
    if (!existsSync(crdPath)) {
      throw new Error(`${crdPath} is missing: restore it with \`npm run fixtures:update\``);
    }
    const crd = parse(readFileSync(crdPath, "utf8")) as {
      spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
    };
    const v = crd.spec.versions.find((x) => x.name === version);
    if (!v) throw new Error(`${file} has no version ${version}`);
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    entry = { schema: v.schema.openAPIV3Schema, validate: ajv.compile(v.schema.openAPIV3Schema) };
    cache.set(key, entry);
  }
  return entry;
}

/** Every schema and CEL problem of `object` against the CRD `file` at `version`; empty when the API server would accept it. */
export function crdProblems(file: string, version: string, object: unknown): string[] {
  const { schema, validate } = load(file, version);
  const problems: string[] = [];
  if (!validate(object)) {
    for (const e of validate.errors ?? [])
      problems.push(`${e.instancePath || "."}: ${e.message ?? "invalid"}`);
  }
  celProblems(schema, withDefaults(schema, object), "", problems);
  return problems;
}
