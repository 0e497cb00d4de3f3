import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REQUESTS_WAITING_METRIC, autoscalerSpec } from "../../../components/models/autoscaler-spec";
import { UPSTREAM } from "../../helpers/maas-platform/sources";

/** KServe v0.16.0's LLMInferenceService CRD, vendored. */
const LLMISVC_CRD = path.join(
  UPSTREAM,
  "kserve@v0.16.0/config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml",
);

describe("autoscaler spec (components/models/autoscaler-spec.ts)", () => {
  it("CPU: a Resource metric on utilization of the request", () => {
    assert.deepEqual(autoscalerSpec("m-kserve", { minReplicas: 2, maxReplicas: 6, cpuUtilization: 75 }), {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "m-kserve" },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 75 } },
        },
      ],
    });
  });

  it("requests waiting: a Pods metric vllm:num_requests_waiting with an average value per pod", () => {
    const spec = autoscalerSpec("m-kserve", { minReplicas: 1, maxReplicas: 3, requestsWaiting: 1.5 });
    assert.deepEqual(spec.metrics, [
      {
        type: "Pods",
        pods: {
          metric: { name: "vllm:num_requests_waiting" },
          target: { type: "AverageValue", averageValue: "1.5" },
        },
      },
    ]);
    assert.equal(REQUESTS_WAITING_METRIC, "vllm:num_requests_waiting");
  });

  it("why kserve mode has no HPA: KServe v0.16's LLMInferenceService has no scale subresource and no scaling fields", () => {
    const crd = parse(readFileSync(LLMISVC_CRD, "utf8")) as {
      spec: {
        versions: {
          name: string;
          subresources?: Record<string, unknown>;
          schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } };
        }[];
      };
    };
    for (const version of crd.spec.versions) {
      assert.deepEqual(Object.keys(version.subresources ?? {}), ["status"], `${version.name}: status only`);
      const fields = Object.keys(version.schema.openAPIV3Schema.properties.spec.properties);
      assert.ok(fields.includes("replicas"), "replicas is the only scaling knob");
      assert.deepEqual(
        fields.filter((f) => /scal|minReplicas|maxReplicas/i.test(f)),
        [],
        `${version.name}: no autoscaling fields`,
      );
    }
  });
});
