import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { stackConfigSchema } from "../../components/config/stack-config";
import * as msg from "../../components/preflight/preflight-messages";
import { PREFLIGHT_HEADLINES } from "../../components/preflight/preflight-messages";
import { SUITES, e2eProgram } from "../e2e/options";
import { REPO_ROOT } from "../helpers/stack-config";

/** The section under `## title` of the Markdown file `file` (repository-relative), up to the next `## `. */
function section(file: string, title: string): string {
  const text = readFileSync(path.join(REPO_ROOT, file), "utf8");
  const start = text.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `${file} has a "${title}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

describe("docs/operations.md and docs/configuration.md", () => {
  it("lists every preflight headline in its Preflight checks table, with a fix", () => {
    const table = section("docs/operations.md", "Preflight checks");
    for (const headline of Object.values(PREFLIGHT_HEADLINES)) {
      const row = table.split("\n").find((l) => l.startsWith(`| \`${headline}\``));
      assert.ok(row, `a row for "${headline}"`);
      assert.equal(
        row.split("|").filter((c) => c.trim() !== "").length,
        4,
        `"${headline}": headline, stops, cause, fix`,
      );
    }
    const rows = table.split("\n").filter((l) => /^\| `/.test(l));
    assert.equal(
      rows.length,
      Object.keys(PREFLIGHT_HEADLINES).length,
      "no row for a message that does not exist",
    );
  });

  it("every message starts with its headline (the preflight table's key)", () => {
    const examples: Record<keyof typeof PREFLIGHT_HEADLINES, string> = {
      engineMissing: msg.engineMissing("docker"),
      engineNotRunning: msg.engineNotRunning("podman", "x"),
      kindMissing: msg.kindMissing(),
      kindTooOld: msg.kindTooOld("0.19.0", "0.20.0"),
      kubectlMissing: msg.kubectlMissing(),
      kindFailed: msg.kindFailed("docker", "x"),
      clusterMissing: msg.clusterMissing("c", [], "docker"),
      portInUse: msg.portInUse(80, "kind.httpPort"),
      privilegedPort: msg.privilegedPort("podman", 80, "kind.httpPort"),
      clusterUnreachable: msg.clusterUnreachable("kind-c", "c", "docker", "x"),
      llmTemplateMissing: msg.llmTemplateMissing("llm"),
      llmTemplateContainers: msg.llmTemplateContainers("x"),
      hostnameNotServed: msg.hostnameNotServed(
        "istio-system",
        "g",
        ["maas.local"],
        [{ name: "http", hostname: "localhost" }],
      ),
      tierNotMapped: msg.tierNotMapped(["gold"], ["free"]),
      maasTestModelsPresent: msg.maasTestModelsPresent(
        "llm",
        [{ kind: "PersistentVolumeClaim", name: "empty-model" }],
        ["kubectl delete"],
      ),
      maasSamplesPresent: msg.maasSamplesPresent(
        "llm",
        [{ kind: "MaaSModelRef", name: "facebook-opt-125m-simulated" }],
        ["kubectl delete"],
      ),
      objectsInTheWay: msg.objectsInTheWay(
        "llm",
        [{ kind: "HTTPRoute", name: "r" }],
        ["kubectl delete"],
        "maas-kind/stack",
      ),
      kserveMissing: msg.kserveMissing(),
      kserveVersion: msg.kserveVersion("serving.kserve.io/v1alpha2", ["v1alpha1"]),
      gatewayApiMissing: msg.gatewayApiMissing("v1.2.1"),
      gatewayApiTooOld: msg.gatewayApiTooOld(["v1beta1"]),
      gatewayNotFound: msg.gatewayNotFound("ns", "gw", false),
      platformUnsupported: msg.platformUnsupported("docker", "linux/arm64", "linux/amd64", "x"),
      registryUnreachable: msg.registryUnreachable("quay.io", "x"),
      platformMismatch: msg.platformMismatch("maas-kind", "maas-subscriptions", true, "x"),
      kserveTooOldForSubscriptions: msg.kserveTooOldForSubscriptions("serving.kserve.io/v1alpha1", []),
    };
    for (const [key, text] of Object.entries(examples)) {
      assert.ok(text.startsWith(`${PREFLIGHT_HEADLINES[key as keyof typeof PREFLIGHT_HEADLINES]}: `), key);
    }
  });

  it("documents the cluster keys in the Configuration table", () => {
    const table = section("docs/configuration.md", "Configuration");
    for (const key of [
      "kind.create",
      "kind.nodeImage",
      "kind.httpPort",
      "kind.httpsPort",
      "kind.listenAddress",
      "gatewayApi.install",
      "gatewayApi.version",
      "preflight",
    ]) {
      assert.ok(table.includes(`\`${key}\``), key);
    }
  });
});

describe("docs/e2e.md: environment tests", () => {
  it("documents every option of npm run test:e2e and every suite", () => {
    const text = readFileSync(path.join(REPO_ROOT, "docs/e2e.md"), "utf8");
    const options = section("docs/e2e.md", "Options");
    for (const option of e2eProgram().options) {
      assert.ok(options.includes(`\`${option.long}`), option.long);
    }
    for (const suite of SUITES) assert.ok(text.includes(`| \`${suite}\``), suite);
  });
});

/** The file holding the configuration table (a `| key | default | meaning |` table): the docs page, else the README. */
function configurationTable(): { file: string; rows: string[][] } {
  for (const file of ["docs/configuration.md", "README.md"]) {
    const full = path.join(REPO_ROOT, file);
    if (!existsSync(full)) continue;
    const lines = readFileSync(full, "utf8").split("\n");
    const header = lines.findIndex((l) => /^\|\s*key\s*\|\s*default\s*\|/.test(l));
    if (header < 0) continue;
    const rows: string[][] = [];
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith("|")) break;
      rows.push(
        line
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    }
    return { file, rows };
  }
  assert.fail("no configuration table (| key | default | meaning |) in docs/configuration.md or README.md");
}

/** A default as the table spells it: scalars as they are, lists as `[a, b]`, objects as `{k: v}`. */
function spell(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spell).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${spell(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

describe("the configuration table follows stackConfigSchema", () => {
  const { file, rows } = configurationTable();
  const defaults = stackConfigSchema.parse({}) as Record<string, unknown>;
  /** Each cell of the key column and default column split on ` / `, key by key. */
  const entries = rows.flatMap(([keys = "", defaultCell = ""]) => {
    const names = keys.split(" / ").map((k) => k.replace(/`/g, ""));
    const cells = defaultCell.split(" / ");
    return names.map((name, i) => ({ name, cell: cells.length === names.length ? cells[i]! : undefined }));
  });

  it(`${file} has a row for every top-level key of the schema, and no other`, () => {
    const top = new Set(entries.map((e) => e.name.split(".")[0]));
    assert.deepEqual([...top].sort(), Object.keys(stackConfigSchema.shape).sort());
  });

  it(`${file}: every key it names exists, and every literal default is the schema's`, () => {
    for (const { name, cell } of entries) {
      const [key, sub] = name.split(".") as [string, string | undefined];
      const value = sub === undefined ? defaults[key] : (defaults[key] as Record<string, unknown>)[sub];
      if (sub !== undefined) {
        const inner = stackConfigSchema.parse({ [key]: { [sub]: value } });
        assert.ok(inner, `${name} is a key of the schema`);
      }
      if (cell !== undefined && /^`[^`]*`$/.test(cell) && value !== undefined) {
        assert.equal(cell.slice(1, -1), spell(value), `${name}'s default`);
      }
    }
  });
});
