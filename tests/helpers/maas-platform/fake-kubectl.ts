/**
 * A kubectl that answers from a FakeCluster, for the program's own kubectl calls (the cluster preflight, the
 * namespace claims) run against the platform model: `get --raw /readyz`; `get <type> [name…] [--namespace ns]
 * [--ignore-not-found] -o json|name` with kubectl's output shapes, and `get <type> --all-namespaces|-A
 * [--field-selector metadata.name=<name>]` (a List of every namespace's, only those of that name) (one named object alone, several in a List,
 * nothing at all when --ignore-not-found found none); `create -f -` of a JSON object on standard input; and
 * `delete <type> <name…> [--namespace ns] [--ignore-not-found]`. Global flags (--kubeconfig, --context,
 * --request-timeout, --wait, --timeout) are accepted and ignored. Anything else fails loudly, so a new kubectl
 * call of the program cannot pass unnoticed.
 */
import type { CommandResult } from "../../../components/exec/runner";
import type { FakeHandler, RecordedCall } from "../fake-runner";
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";
import { apiGroup } from "./k8s-object";

interface ResourceType {
  readonly kind: string;
  readonly names: readonly string[];
}

const TYPES: readonly ResourceType[] = [
  {
    kind: "CustomResourceDefinition",
    names: ["customresourcedefinitions", "customresourcedefinition", "crd", "crds"],
  },
  { kind: "Namespace", names: ["namespaces", "namespace", "ns"] },
  { kind: "ServiceAccount", names: ["serviceaccounts", "serviceaccount", "sa"] },
  { kind: "ConfigMap", names: ["configmaps", "configmap", "cm"] },
  { kind: "PersistentVolumeClaim", names: ["persistentvolumeclaims", "persistentvolumeclaim", "pvc"] },
  { kind: "Role", names: ["roles.rbac.authorization.k8s.io", "roles", "role"] },
  { kind: "RoleBinding", names: ["rolebindings.rbac.authorization.k8s.io", "rolebindings", "rolebinding"] },
  { kind: "Deployment", names: ["deployments.apps", "deployments", "deployment"] },
  { kind: "Service", names: ["services", "service", "svc"] },
  { kind: "Gateway", names: ["gateways.gateway.networking.k8s.io", "gateways", "gateway"] },
  { kind: "HTTPRoute", names: ["httproutes.gateway.networking.k8s.io", "httproutes", "httproute"] },
  {
    kind: "LLMInferenceService",
    names: ["llminferenceservices.serving.kserve.io", "llminferenceservices", "llminferenceservice"],
  },
  { kind: "MaaSModelRef", names: ["maasmodelrefs.maas.opendatahub.io", "maasmodelrefs", "maasmodelref"] },
  {
    kind: "MaaSAuthPolicy",
    names: ["maasauthpolicies.maas.opendatahub.io", "maasauthpolicies", "maasauthpolicy"],
  },
  {
    kind: "MaaSSubscription",
    names: ["maassubscriptions.maas.opendatahub.io", "maassubscriptions", "maassubscription"],
  },
  {
    kind: "LLMInferenceServiceConfig",
    names: [
      "llminferenceserviceconfigs.serving.kserve.io",
      "llminferenceserviceconfigs",
      "llminferenceserviceconfig",
    ],
  },
];

function typeOf(name: string): ResourceType {
  const t = TYPES.find((x) => x.names.includes(name.toLowerCase()));
  if (!t) throw new Error(`fake kubectl: resource type ${name} is not modelled`);
  return t;
}

function lowerPlural(o: K8sObject): string {
  const t = TYPES.find((x) => x.kind === o.kind);
  const plural = t?.names.find((n) => !n.includes(".") && n.endsWith("s")) ?? `${o.kind.toLowerCase()}s`;
  const group = apiGroup(o.apiVersion);
  return group === "" ? plural : `${plural}.${group}`;
}

/** Global flags kubectl accepts anywhere, with whether they take a separate value. */
const GLOBAL_WITH_VALUE = new Set(["--kubeconfig", "--context"]);

interface Parsed {
  readonly words: string[];
  readonly namespace: string | undefined;
  readonly ignoreNotFound: boolean;
  readonly output: string | undefined;
  readonly file: string | undefined;
  readonly raw: string | undefined;
  readonly allNamespaces: boolean;
  /** `--field-selector metadata.name=<name>`: the name (the only field selector modelled). */
  readonly nameSelector: string | undefined;
}

function parse(args: readonly string[]): Parsed {
  const words: string[] = [];
  let namespace: string | undefined;
  let ignoreNotFound = false;
  let output: string | undefined;
  let file: string | undefined;
  let raw: string | undefined;
  let allNamespaces = false;
  let nameSelector: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (a === "--namespace" || a === "-n") namespace = args[++i];
    else if (a.startsWith("--namespace=")) namespace = a.slice(12);
    else if (a === "--ignore-not-found" || a === "--ignore-not-found=true") ignoreNotFound = true;
    else if (a === "-o" || a === "--output") output = args[++i];
    else if (a.startsWith("-o=") || a.startsWith("--output=")) output = a.split("=")[1];
    else if (a === "-f" || a === "--filename") file = args[++i];
    else if (a === "--raw") raw = args[++i];
    else if (a === "--all-namespaces" || a === "-A") allNamespaces = true;
    else if (a === "--field-selector") {
      const selector = args[++i] ?? "";
      const m = /^metadata\.name=([^,=]+)$/.exec(selector);
      if (!m) throw new Error(`fake kubectl: field selector ${selector} is not modelled`);
      nameSelector = m[1];
    } else if (/^--(request-timeout|wait|timeout)(=|$)/.test(a)) continue;
    else if (a.startsWith("-")) throw new Error(`fake kubectl: flag ${a} is not modelled`);
    else words.push(a);
  }
  return { words, namespace, ignoreNotFound, output, file, raw, allNamespaces, nameSelector };
}

const ok = (stdout = ""): Partial<CommandResult> => ({ code: 0, stdout });
const fail = (stderr: string): Partial<CommandResult> => ({ code: 1, stderr });

function print(objects: readonly K8sObject[], output: string | undefined, single: boolean): string {
  if (output === "name") return objects.map((o) => `${lowerPlural(o)}/${o.metadata.name}\n`).join("");
  if (output === "json") {
    if (single && objects.length === 1) return JSON.stringify(objects[0], null, 2) + "\n";
    return JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2) + "\n";
  }
  throw new Error(`fake kubectl: output ${output ?? "(table)"} is not modelled`);
}

/** Answers one kubectl call on `cluster` (which `create` and `delete` change). */
export function kubectlOn(
  cluster: FakeCluster,
  call: Pick<RecordedCall, "args" | "input">,
): Partial<CommandResult> {
  const p = parse(call.args);
  const [verb, type, ...names] = p.words;
  if (verb === "get" && p.raw !== undefined) {
    if (p.raw === "/readyz") return ok("ok");
    throw new Error(`fake kubectl: get --raw ${p.raw} is not modelled`);
  }
  if (verb === "get" && type !== undefined) {
    const t = typeOf(type);
    if (names.length === 0) {
      const listed = cluster
        .list(t.kind, p.allNamespaces ? undefined : p.namespace)
        .filter((o) => p.nameSelector === undefined || o.metadata.name === p.nameSelector);
      return ok(print(listed, p.output, false));
    }
    if (p.allNamespaces || p.nameSelector !== undefined)
      throw new Error("fake kubectl: names with --all-namespaces or --field-selector are not modelled");
    const found: K8sObject[] = [];
    for (const n of names) {
      const o = cluster.get(t.kind, n, p.namespace ?? "default");
      if (o) found.push(o);
      else if (!p.ignoreNotFound) return fail(`Error from server (NotFound): ${t.names[0]} "${n}" not found`);
    }
    if (found.length === 0) return ok("");
    return ok(print(found, p.output, names.length === 1));
  }
  if (verb === "create" && p.file === "-") {
    const o = JSON.parse(call.input ?? "") as K8sObject;
    if (cluster.get(o.kind, o.metadata.name, o.metadata.namespace)) {
      return fail(`Error from server (AlreadyExists): ${lowerPlural(o)} "${o.metadata.name}" already exists`);
    }
    cluster.add(o);
    return ok(`${lowerPlural(o)}/${o.metadata.name} created\n`);
  }
  if (verb === "delete" && type !== undefined && names.length > 0) {
    const t = typeOf(type);
    let out = "";
    for (const name of names) {
      const gone = cluster.remove(t.kind, name, p.namespace);
      if (!gone && !p.ignoreNotFound)
        return fail(`Error from server (NotFound): ${t.names[0]} "${name}" not found`);
      if (gone) out += `${t.names[0]} "${name}" deleted\n`;
    }
    return ok(out);
  }
  throw new Error(`fake kubectl: ${call.args.join(" ")} is not modelled`);
}

/** A FakeRunner handler: kubectl answers from `cluster`; any other command is an error. */
export function fakeKubectl(cluster: FakeCluster): FakeHandler {
  return (call) => {
    if (call.command !== "kubectl") throw new Error(`fake kubectl: ${call.command} is not kubectl`);
    return kubectlOn(cluster, call);
  };
}
