/**
 * Child-process side of tests/helpers/serialized-provider.ts: compiles the project's TypeScript the way
 * Pulumi's Node.js language host does for `runtime: {name: nodejs, options: {typescript: true}}`, builds dynamic
 * providers from it and serializes each one the way `pulumi.dynamic.Resource` does. Prints a JSON array of the
 * serialized module texts (the `__provider` property Pulumi stores in the state), one per requested provider.
 *
 * Usage (cwd = the Pulumi project directory, as for `pulumi up`):
 *   node pulumi-ts-program.cjs '[{"module":"components/kind-lifecycle.ts","factory":"kindClusterProvider"}]'
 *
 * Plain JavaScript on purpose: it must run under nothing but Node and the ts-node registration below, never tsx.
 * Sources, @pulumi/pulumi v3.248.0 (github.com/pulumi/pulumi, tag v3.248.0 = a88168d865b7fd428e5a929cc54aeceaf72d203f):
 * - sdk/nodejs/cmd/run/run.ts, `run` (lines 260-400): the tsconfig path (PULUMI_NODEJS_TSCONFIG_PATH, else
 *   ./tsconfig.json; `skipProject` when it is missing), `transpileOnly` (PULUMI_NODEJS_TRANSPILE_ONLY, else the
 *   tsconfig's `noCheck`), and, for a CommonJS project, `tsn.register({compiler, transpileOnly, project,
 *   skipProject, compilerOptions: {target: "ES2020", module: nodenext|commonjs, moduleResolution: nodenext|node,
 *   sourceMap: "true", ...tsconfig compilerOptions}})`, nodenext when TypeScript >= 4.7.
 * - sdk/nodejs/tsutils.ts: `loadTypeScriptCompilerOptions` (the tsconfig's compilerOptions) and
 *   `typeScriptRequireStrings` (the project's typescript and ts-node, else the vendored typescript@3.8.3 and
 *   ts-node@7.0.1; this project has typescript 5 and no ts-node, so: its typescript, the vendored ts-node 7.0.1).
 *   Both are called here from the installed @pulumi/pulumi, so the options are the host's own.
 * - sdk/nodejs/dynamic/index.ts, `serializeFunctionMaybeSecret`: `serializeFunction(() => provider,
 *   {allowSecrets: true})`; the result's `text` is the `__provider` input.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const tsutils = require(path.join(pulumiDir, "tsutils.js"));
const semver = require(require.resolve("semver", { paths: [pulumiDir] }));

const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
const skipProject = !fs.existsSync(tsConfigPath);
const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
const transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : compilerOptions.noCheck;
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const ts = require(require.resolve(typescriptRequire, { paths: [pulumiDir] }));
const tsVersion = semver.parse(ts.version);
if (require(path.join(process.cwd(), "package.json")).type === "module") {
  throw new Error(
    "an ES module project takes run.ts's ts-node/esm branch, which this helper does not emulate",
  );
}
const useNodeNext = tsVersion && tsVersion.compare(new semver.SemVer("4.7.0")) >= 0;
require(require.resolve(tsnodeRequire, { paths: [pulumiDir] })).register({
  compiler: typescriptRequire,
  transpileOnly,
  project: tsConfigPath,
  skipProject,
  compilerOptions: {
    target: "ES2020",
    module: useNodeNext ? "nodenext" : "commonjs",
    moduleResolution: useNodeNext ? "nodenext" : "node",
    sourceMap: "true",
    ...compilerOptions,
  },
});

const { serializeFunction } = require(path.join(pulumiDir, "runtime", "closure", "serializeClosure.js"));
const wanted = JSON.parse(process.argv[2] ?? "[]");
Promise.all(
  wanted.map(({ module: file, factory }) => {
    const provider = require(path.resolve(file))[factory]();
    return serializeFunction(() => provider, { allowSecrets: true }).then((sf) => sf.text);
  }),
).then(
  (texts) => process.stdout.write(JSON.stringify(texts)),
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exitCode = 1;
  },
);
