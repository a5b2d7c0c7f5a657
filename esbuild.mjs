// Bundles the three entry points into dist/: the VS Code client, the language server and the CLI.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir DIR: the bench builds the production bundles it measures beside dist/, not over it.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // yaml's ES module build (the same code as its CommonJS one): the bundle then calls isMap, isScalar
  // and the node classes directly, not through a getter per call (about 5% of a CLI scan's time).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js starts dist/server-bundle.js (the server) from a V8 code cache: server/src/launch/.
  { entryPoints: ['server/src/launch/start-server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-bundle.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const contexts = await Promise.all(
  builds.map((build) => esbuild.context({ ...common, ...build, outfile: build.outfile.replace(/^dist\//, `${outdir}/`) })),
);
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
