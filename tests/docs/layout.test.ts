/**
 * The repository's layout rules (issue #13, components/README.md): test files are named after their source and
 * so never share a name; components/ holds only area folders; every source folder has a README.md header; a
 * symbol has one import path, so no file imports through a re-export (except a package's public entry, imported
 * from outside that package).
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/stack-config";

/** Folders that hold no source of ours. */
const SKIP = new Set(["node_modules", "bin", "dist", "coverage"]);

/** Every file under `dir` (relative to the repository, `/`-separated), hidden and generated folders skipped. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      if (entry.name.startsWith(".") || SKIP.has(entry.name)) continue;
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** Every folder under `dir`, `dir` excluded. */
function foldersUnder(dir: string): string[] {
  return [...new Set(filesUnder(dir).map((f) => path.posix.dirname(f)))]
    .flatMap((d) => {
      const parts = d.split("/");
      return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    })
    .filter((d, i, all) => d.startsWith(`${dir}/`) && all.indexOf(d) === i)
    .sort();
}

const read = (rel: string) => readFileSync(path.join(REPO_ROOT, rel), "utf8");

/** Public entries of workspace packages: file → the package folder whose outside may import it. */
const PACKAGE_ENTRIES: Readonly<Record<string, string>> = { "simulator/src/index.ts": "simulator/" };

describe("repository layout", () => {
  const all = filesUnder("");
  const sources = all.filter((f) => f.endsWith(".ts"));

  it("no two test files share a name", () => {
    const byName = new Map<string, string[]>();
    for (const f of sources.filter((s) => s.endsWith(".test.ts"))) {
      const name = path.posix.basename(f);
      byName.set(name, [...(byName.get(name) ?? []), f]);
    }
    const clashes = [...byName.values()].filter((files) => files.length > 1);
    assert.deepEqual(clashes, []);
  });

  it("components/ holds area folders and their map, no loose sources", () => {
    const top = readdirSync(path.join(REPO_ROOT, "components"), { withFileTypes: true });
    const loose = top.filter((e) => e.isFile() && e.name !== "README.md" && e.name !== "index.ts");
    assert.deepEqual(
      loose.map((e) => e.name),
      [],
    );
    assert.ok(top.some((e) => e.isDirectory()));
  });

  it("components/README.md's table lists every area folder", () => {
    const map = read("components/README.md");
    for (const dir of foldersUnder("components")) {
      assert.ok(map.includes(`| \`${path.posix.basename(dir)}/\``), `${dir} in components/README.md`);
    }
  });

  for (const root of ["components", "simulator/src"]) {
    it(`every folder under ${root}/ has a README.md header saying what belongs there`, () => {
      const folders = foldersUnder(root);
      assert.ok(folders.length > 0);
      for (const dir of folders) {
        const readme = `${dir}/README.md`;
        assert.ok(existsSync(path.join(REPO_ROOT, readme)), `${readme} exists`);
        const [heading, blank, first] = read(readme).split("\n");
        assert.equal(heading, `# \`${path.posix.basename(dir)}/\``, `${readme}'s heading names the folder`);
        assert.equal(blank, "", readme);
        assert.ok(first && first.trim().length > 20, `${readme} says what belongs there`);
      }
    });
  }

  it("each components/ area README names every file of its folder", () => {
    for (const dir of foldersUnder("components")) {
      const readme = read(`${dir}/README.md`);
      for (const f of sources.filter((s) => path.posix.dirname(s) === dir)) {
        assert.ok(readme.includes(`\`${path.posix.basename(f)}\``), `${dir}/README.md names ${f}`);
      }
    }
  });

  it("no file imports through a re-export", () => {
    // Files that re-export another file of ours (re-exporting a dependency's type is a file's own API).
    const reexports = new Set(
      sources.filter((f) => /^export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+"\./m.test(read(f))),
    );
    const problems: string[] = [];
    for (const file of sources) {
      const text = read(file);
      const specifiers = [...text.matchAll(/(?:\bfrom\s+|\brequire\(|\bimport\()\s*"(\.{1,2}\/[^"]*)"/g)];
      for (const [, spec] of specifiers) {
        const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec!));
        const target = [`${base}.ts`, `${base}/index.ts`, base].find((t) => reexports.has(t));
        if (target === undefined || target === file) continue;
        const pkg = PACKAGE_ENTRIES[target];
        if (pkg !== undefined && !file.startsWith(pkg)) continue;
        problems.push(`${file} imports ${target}, which re-exports: import from the defining file`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("the package entry allowed above is the simulator package's public main", () => {
    const pkg = JSON.parse(read("simulator/package.json")) as { main?: string };
    assert.equal(pkg.main, "dist/index.js");
    assert.ok(sources.includes("simulator/src/index.ts"));
  });
});
