// npm start's build: the add-on (dist/, as npm run build makes it) and the playground server,
// bundled for Node into build/playground/server.mjs. Node 20 cannot run TypeScript itself. The
// server lives outside dist/ because clasp pushes everything in dist/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as buildAddon } from '../build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await buildAddon();
await esbuild.build({
  entryPoints: [join(root, 'playground/server.ts')],
  outfile: join(root, 'build/playground/server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // esbuild, exceljs and acorn are loaded from node_modules at run time.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
