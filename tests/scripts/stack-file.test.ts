import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { projectDefaults, readStackConfigMap } from "../../scripts/stack-file";

describe("stack file (scripts/stack-file.ts)", () => {
  let root = "";
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "maas-kind-stack-file-"));
    writeFileSync(
      path.join(root, "Pulumi.yaml"),
      [
        "name: maas-kind",
        "config:",
        "  clusterName: { type: string, default: maas-local }",
        "  preflight: { type: boolean, default: true }",
        "  readinessTimeoutSeconds: { type: integer, default: 600 }",
        "  hostnames: { type: array, items: { type: string }, default: [localhost] }",
        "  storageClass: { type: string }",
        "  aws:region: { type: string, default: eu-west-1 }",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(root, "Pulumi.dev.yaml"),
      [
        "config:",
        "  maas-kind:clusterName: dev-cluster",
        "  maas-kind:kind: { create: false, httpPort: 8080 }",
        "  maas-kind:workload: deployment",
        "",
      ].join("\n"),
    );
    writeFileSync(path.join(root, "Pulumi.empty.yaml"), "");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("reads Pulumi.yaml's declared defaults: namespaced keys, strings raw, the rest as JSON", () => {
    assert.deepEqual(projectDefaults(root), {
      "maas-kind:clusterName": "maas-local",
      "maas-kind:preflight": "true",
      "maas-kind:readinessTimeoutSeconds": "600",
      "maas-kind:hostnames": '["localhost"]',
      "aws:region": "eu-west-1",
    });
  });

  it("lays the stack's values over the defaults, then the overrides; an undefined override removes a key", () => {
    const map = readStackConfigMap(root, "dev", {
      workload: "kserve",
      "maas-kind:tokenDuration": "2h",
      preflight: undefined,
      models: [{ name: "m", tier: "free" }],
    });
    assert.deepEqual(map, {
      "maas-kind:clusterName": "dev-cluster",
      "maas-kind:readinessTimeoutSeconds": "600",
      "maas-kind:hostnames": '["localhost"]',
      "aws:region": "eu-west-1",
      "maas-kind:kind": '{"create":false,"httpPort":8080}',
      "maas-kind:workload": "kserve",
      "maas-kind:tokenDuration": "2h",
      "maas-kind:models": '[{"name":"m","tier":"free"}]',
    });
  });

  it("reads an empty stack file as the defaults alone", () => {
    assert.deepEqual(readStackConfigMap(root, "empty"), projectDefaults(root));
  });

  it("names the stack and the file when the stack file cannot be read", () => {
    assert.throws(
      () => readStackConfigMap(root, "prod"),
      (e: Error) =>
        e.message.startsWith(
          `cannot read the config of stack "prod" from ${path.join(root, "Pulumi.prod.yaml")}: `,
        ),
    );
  });
});
