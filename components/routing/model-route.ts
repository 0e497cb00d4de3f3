/**
 * ModelRoute: the HTTPRoute `<model>-route` that exposes one model through the MaaS gateway, with exactly the
 * rules `modelRouteRules` returns (one PathPrefix match, a ReplacePrefixMatch rewrite and the workload
 * Service per exposed path).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { STACK_LABEL } from "../preflight/platform-survey";
import type { ModelRouteRule } from "./route-rules";
import { modelRouteName, modelRouteRules } from "./route-rules";

/** Arguments of ModelRoute. */
export interface ModelRouteArgs {
  /** Kubernetes provider for the route. */
  readonly provider: k8s.Provider;
  /** Model name. */
  readonly model: string;
  /** Namespace of the model (and of the route, so no ReferenceGrant is needed). */
  readonly namespace: pulumi.Input<string>;
  /** Backend Service name. */
  readonly service: pulumi.Input<string>;
  /** Backend Service port. */
  readonly port: pulumi.Input<number>;
  /** API paths to expose. */
  readonly paths: readonly string[];
  /** The Gateway to attach to. */
  readonly gateway: { readonly namespace: string; readonly name: string; readonly sectionName?: string };
  /** Hostnames the route answers for. */
  readonly hostnames: readonly string[];
}

/** One model's HTTPRoute. */
export class ModelRoute extends pulumi.ComponentResource {
  /** Route name, as created. */
  readonly routeName: pulumi.Output<string>;
  /** The rules as declared (the same data the e2e suite's local gateway applies). */
  readonly rules: pulumi.Output<ModelRouteRule[]>;

  constructor(name: string, args: ModelRouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("maas-kind:routing:ModelRoute", name, {}, opts);
    const rules = pulumi
      .all([args.namespace, args.service, args.port])
      .apply(([namespace, service, port]) =>
        modelRouteRules({ model: args.model, namespace, service, port, paths: args.paths }),
      );
    const route = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: {
          name: modelRouteName(args.model),
          namespace: args.namespace,
          labels: { [STACK_LABEL]: pulumi.getStack() },
        },
        spec: {
          parentRefs: [
            {
              group: "gateway.networking.k8s.io",
              kind: "Gateway",
              namespace: args.gateway.namespace,
              name: args.gateway.name,
              ...(args.gateway.sectionName !== undefined ? { sectionName: args.gateway.sectionName } : {}),
            },
          ],
          hostnames: [...args.hostnames],
          rules,
        },
      },
      { parent: this, provider: args.provider },
    );
    this.routeName = route.metadata.name;
    this.rules = rules;
    this.registerOutputs({ routeName: this.routeName, rules: this.rules });
  }
}
