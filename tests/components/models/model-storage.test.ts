import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { ModelStorage } from "../../../components/models/model-storage";
import { installMocks, resolve, settle } from "../../helpers/pulumi-mocks";

describe("ModelStorage component", () => {
  it("ModelStorage: an RWO claim of the configured size and class, and its pvc:// URI", async () => {
    const mocks = installMocks();
    const provider = new k8s.Provider("kind", {});
    const storage = new ModelStorage("model-storage", {
      provider,
      namespace: "llm",
      claimName: "empty-model",
      size: "1Gi",
      storageClass: "standard",
    });
    assert.equal(await resolve(storage.uri), "pvc://empty-model");
    await settle();
    const [pvc] = mocks.ofType("kubernetes:core/v1:PersistentVolumeClaim");
    assert.deepEqual(pvc?.inputs, {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "empty-model", namespace: "llm", labels: { "maas-kind/stack": "dev" } },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "1Gi" } },
        storageClassName: "standard",
      },
    });
    assert.match(pvc?.provider ?? "", /::pulumi:providers:kubernetes::kind::/);
  });

  it("ModelStorage: leaves the storage class to the cluster default when none is configured", async () => {
    const mocks = installMocks();
    new ModelStorage("s", {
      provider: new k8s.Provider("kind", {}),
      namespace: "llm",
      claimName: "c",
      size: "2Gi",
    });
    await settle();
    assert.ok(
      !(
        "storageClassName" in (mocks.ofType("kubernetes:core/v1:PersistentVolumeClaim")[0]?.inputs.spec ?? {})
      ),
    );
  });
});
