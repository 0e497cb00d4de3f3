/**
 * A SubjectAccessReview evaluated over the RBAC objects of a cluster, as Kubernetes' RBAC authorizer does for
 * resource requests: a RoleBinding grants its Role's (or ClusterRole's) rules in its namespace, a
 * ClusterRoleBinding its ClusterRole's everywhere; a rule matches when its apiGroups, resources and verbs hold
 * the request's (or `*`) and its resourceNames are empty or hold the name; subjects match by user name, group,
 * or ServiceAccount (`system:serviceaccount:<ns>:<name>`). Only allow rules exist in RBAC.
 *
 * The MaaS gateway asks it (AuthPolicy `gateway-auth-policy`, deployment/base/policies/gateway-auth-policy.yaml
 * patched by deployment/overlays/kind/kustomization.yaml at models-as-a-service 30050fd3): group
 * `serving.kserve.io`, resource `llminferenceservices`, namespace and name from the request path's first two
 * segments, verb `create` (the Kind overlay's patch), for the token's user and groups. `gatewayReview` reads
 * those attributes from the AuthPolicy object itself.
 */
import type { FakeCluster } from "./fake-cluster";
import type { K8sObject } from "./k8s-object";
import { serviceAccountUser } from "./maas-api-tiers";

/** Who asks. */
export interface UserInfo {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What is asked. */
export interface ResourceAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const has = (list: readonly string[] | undefined, v: string): boolean =>
  list !== undefined && (list.includes("*") || list.includes(v));

function ruleAllows(rule: PolicyRule, a: ResourceAttributes): boolean {
  return (
    has(rule.apiGroups, a.group) &&
    has(rule.resources, a.resource) &&
    has(rule.verbs, a.verb) &&
    (rule.resourceNames === undefined ||
      rule.resourceNames.length === 0 ||
      rule.resourceNames.includes(a.name))
  );
}

function subjectMatches(s: Subject, who: UserInfo, bindingNamespace: string | undefined): boolean {
  if (s.kind === "User") return s.name === who.user;
  if (s.kind === "Group") return who.groups.includes(s.name);
  if (s.kind === "ServiceAccount")
    return serviceAccountUser(s.namespace ?? bindingNamespace ?? "", s.name) === who.user;
  return false;
}

/** Whether RBAC on `cluster` allows the request. */
export function subjectAccessReview(cluster: FakeCluster, who: UserInfo, a: ResourceAttributes): boolean {
  const bindings: K8sObject[] = [
    ...cluster.list("RoleBinding", a.namespace),
    ...cluster.list("ClusterRoleBinding"),
  ];
  return bindings.some((b) => {
    const subjects = (b.subjects as Subject[] | undefined) ?? [];
    if (!subjects.some((s) => subjectMatches(s, who, b.metadata.namespace))) return false;
    const ref = b.roleRef as { kind: string; name: string };
    const role =
      ref.kind === "Role"
        ? cluster.get("Role", ref.name, b.metadata.namespace)
        : cluster.get("ClusterRole", ref.name);
    return ((role?.rules as PolicyRule[] | undefined) ?? []).some((r) => ruleAllows(r, a));
  });
}

/** The SubjectAccessReview attributes the gateway's AuthPolicy asks for a request to `path`. */
export function gatewayReview(authPolicy: K8sObject, path: string): ResourceAttributes {
  const sar = (
    authPolicy.spec as {
      rules: {
        authorization: Record<
          string,
          {
            kubernetesSubjectAccessReview?: {
              resourceAttributes: Record<string, { value?: string; expression?: string }>;
            };
          }
        >;
      };
    }
  ).rules.authorization;
  const attrs = Object.values(sar).find((x) => x.kubernetesSubjectAccessReview)?.kubernetesSubjectAccessReview
    ?.resourceAttributes;
  if (!attrs) throw new Error(`AuthPolicy ${authPolicy.metadata.name} asks no SubjectAccessReview`);
  const segments = path.split("/");
  const read = (key: string): string => {
    const a = attrs[key];
    if (a?.value !== undefined) return a.value;
    const m = /^request\.path\.split\("\/"\)\[(\d+)\]$/.exec(a?.expression?.trim() ?? "");
    if (m) return segments[Number(m[1])] ?? "";
    throw new Error(`resourceAttributes.${key} is not modelled: ${JSON.stringify(a)}`);
  };
  return {
    verb: read("verb"),
    group: read("group"),
    resource: read("resource"),
    namespace: read("namespace"),
    name: read("name"),
  };
}
