/**
 * The part of kustomize (sigs.k8s.io/kustomize, `kubectl apply -k`) that the MaaS Kind overlay uses, enough to
 * compute which objects `install.sh` creates: `resources` (files and directories, depth first in order),
 * `namespace` (set on every namespaced object, and on ServiceAccount subjects of bindings that name none),
 * `namePrefix` (prepended to every object's name; references to the renamed objects are not followed, which
 * MaaS's samples that use it do not need),
 * inline JSON6902 `patches` (ops add, replace, remove) on targets selected by kind and name, `labels[].pairs`
 * and `commonAnnotations` (added to metadata). Not modelled, because they change no object's identity, RBAC or
 * tier mapping: `images` and `includeSelectors`. Files are read from the vendored fixtures.
 */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { K8sObject } from "./k8s-object";
import { CLUSTER_SCOPED_KINDS } from "./k8s-object";

interface JsonPatchOp {
  readonly op: "add" | "replace" | "remove";
  readonly path: string;
  readonly value?: unknown;
}

interface Kustomization {
  readonly namespace?: string;
  readonly namePrefix?: string;
  readonly resources?: readonly string[];
  readonly patches?: readonly { target: { kind?: string; name?: string }; patch: string }[];
  readonly labels?: readonly { pairs: Record<string, string> }[];
  readonly commonAnnotations?: Record<string, string>;
}

type Mutable = Record<string, unknown>;

/** Every YAML document of a file that is an object (comments-only documents are skipped). */
export function readObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null && typeof o === "object" && typeof o.kind === "string");
}

function pointer(p: string): string[] {
  return p
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Applies RFC 6902 add/replace/remove to `doc` in place; a replace or remove of a missing path throws, as kustomize does. */
export function applyJsonPatch(doc: Mutable, ops: readonly JsonPatchOp[]): void {
  for (const op of ops) {
    const keys = pointer(op.path);
    const last = keys.pop() as string;
    let parent: unknown = doc;
    for (const k of keys) {
      parent = (parent as Mutable)[Array.isArray(parent) ? Number(k) : k];
      if (parent === undefined || parent === null) throw new Error(`patch ${op.op} ${op.path}: no such path`);
    }
    if (Array.isArray(parent)) {
      const i = last === "-" ? parent.length : Number(last);
      if (op.op === "add") parent.splice(i, 0, structuredClone(op.value));
      else if (i >= parent.length) throw new Error(`patch ${op.op} ${op.path}: no such index`);
      else if (op.op === "replace") parent[i] = structuredClone(op.value);
      else parent.splice(i, 1);
      continue;
    }
    const obj = parent as Mutable;
    if (op.op !== "add" && !(last in obj)) throw new Error(`patch ${op.op} ${op.path}: no such path`);
    if (op.op === "remove") delete obj[last];
    else obj[last] = structuredClone(op.value);
  }
}

function setNamespace(o: Mutable, namespace: string): void {
  const kind = o.kind as string;
  const meta = o.metadata as Mutable;
  if (!CLUSTER_SCOPED_KINDS.has(kind)) meta.namespace = namespace;
  if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
    for (const s of (o.subjects as Mutable[] | undefined) ?? []) {
      if (s.kind === "ServiceAccount" && s.namespace === undefined) s.namespace = namespace;
    }
  }
}

/** The objects `kubectl apply -k <dir>` creates, for a kustomization directory of the fixtures. */
export function buildKustomization(dir: string): K8sObject[] {
  const k = parse(readFileSync(path.join(dir, "kustomization.yaml"), "utf8")) as Kustomization;
  const objects: Mutable[] = [];
  for (const r of k.resources ?? []) {
    const full = path.join(dir, r);
    const found = statSync(full).isDirectory() ? buildKustomization(full) : readObjects(full);
    objects.push(...(structuredClone(found) as unknown as Mutable[]));
  }
  for (const o of objects) {
    if (k.namespace !== undefined) setNamespace(o, k.namespace);
    if (k.namePrefix !== undefined) {
      const meta = o.metadata as Mutable;
      meta.name = k.namePrefix + (meta.name as string);
    }
  }
  for (const p of k.patches ?? []) {
    const targets = objects.filter(
      (o) =>
        (p.target.kind === undefined || o.kind === p.target.kind) &&
        (p.target.name === undefined || (o.metadata as Mutable).name === p.target.name),
    );
    for (const o of targets) applyJsonPatch(o, parse(p.patch) as JsonPatchOp[]);
  }
  for (const o of objects) {
    const meta = o.metadata as Mutable;
    for (const l of k.labels ?? []) meta.labels = { ...(meta.labels as Mutable | undefined), ...l.pairs };
    if (k.commonAnnotations) {
      meta.annotations = { ...(meta.annotations as Mutable | undefined), ...k.commonAnnotations };
    }
  }
  return objects as unknown as K8sObject[];
}
