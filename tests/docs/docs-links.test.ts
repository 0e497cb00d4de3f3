import { strict as assert } from "node:assert";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/stack-config";

/** Every Markdown file of the repository (dependencies and build output excepted), repository-relative. */
function markdownFiles(dir = REPO_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (["node_modules", ".git", "dist", "bin", ".pulumi"].includes(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...markdownFiles(full));
    else if (name.endsWith(".md")) out.push(path.relative(REPO_ROOT, full));
  }
  return out.sort();
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings (code blocks skipped). */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (m) out.add(slug(m[1]!));
  }
  return out;
}

/** Relative links `[text](target)` outside code blocks and inline code. */
function links(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/.test(m[1]!)) out.push(m[1]!);
    }
  }
  return out;
}

describe("documentation", () => {
  const files = markdownFiles();
  const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

  it("every relative link leads to a file that exists, and every #anchor to a heading in it", () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const link of links(read(file))) {
        const [target, anchor] = link.split("#") as [string, string | undefined];
        const resolved = target === "" ? file : path.normalize(path.join(path.dirname(file), target));
        if (!existsSync(path.join(REPO_ROOT, resolved))) {
          broken.push(`${file}: ${link} (no ${resolved})`);
        } else if (anchor !== undefined && !anchors(read(resolved)).has(anchor)) {
          broken.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it("reads slugs, links and anchors as GitHub does (code spans and blocks skipped)", () => {
    assert.equal(slug("Layout of `simulator/src`"), "layout-of-simulatorsrc");
    assert.equal(
      slug("(b) A bare machine: Docker or Podman, kind and kubectl"),
      "b-a-bare-machine-docker-or-podman-kind-and-kubectl",
    );
    assert.deepEqual(links("see [x](docs/e2e.md#targets), `[y](z.md)` and [w](https://e.org)"), [
      "docs/e2e.md#targets",
    ]);
    assert.ok(!anchors("# A\n```\n# B\n```\n").has("b"));
  });

  it("the README is a front page: at most 12 KB, lines of at most 120 characters, a link to every document", () => {
    const readme = read("README.md");
    assert.ok(Buffer.byteLength(readme) <= 12 * 1024, `README.md is ${Buffer.byteLength(readme)} bytes`);
    const long = readme.split("\n").filter((l) => [...l].length > 120);
    assert.deepEqual(long, []);
    const linked = new Set(links(readme).map((l) => path.normalize(l.split("#")[0]!)));
    for (const file of files.filter((f) => f.startsWith("docs/") || f === "simulator/README.md")) {
      assert.ok(linked.has(file), `README links to ${file}`);
    }
  });
});
