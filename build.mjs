// Builds what clasp pushes (dist/Code.js, dist/Sidebar.html, dist/appsscript.json) and
// dist/exports.json for the tests. Apps Script loads every .gs/.js file as one classic script
// and finds functions by name only among top-level declarations, so the bundle is an IIFE under
// one namespace followed by one real top-level function per public entry point.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const NAMESPACE = 'HandoffRegister';
// Apps Script parses the whole file on every execution (issue 9 sets the budget).
const MAX_CODE_BYTES = 200 * 1024;

/** Globals Apps Script's V8 does not have: code that names them would fail on the first call. */
const MISSING_IN_APPS_SCRIPT = new Set([
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'queueMicrotask',
  'fetch',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
]);

export async function build() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const entryNames = await publicEntryPoints();
  const code = await buildServer(entryNames);
  await writeFile(join(dist, 'Code.js'), code);
  await writeFile(join(dist, 'exports.json'), `${JSON.stringify(entryNames, null, 2)}\n`);
  await writeFile(join(dist, 'Sidebar.html'), await buildSidebar());
  await copyFile(join(root, 'appsscript.json'), join(dist, 'appsscript.json'));
  return { entryNames, codeBytes: Buffer.byteLength(code) };
}

/** The public surface is exactly what src/server/main.ts exports. */
async function publicEntryPoints() {
  const probe = await esbuild.build({
    entryPoints: [join(root, 'src/server/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    outdir: join(root, '.build-probe'),
    logLevel: 'silent',
  });
  const output = Object.values(probe.metafile.outputs).find((o) => o.entryPoint);
  const names = [...(output?.exports ?? [])].sort();
  if (names.length === 0) throw new Error('src/server/main.ts exports no entry points');
  for (const name of names) {
    if (name.endsWith('_')) throw new Error(`${name}: main.ts exports only public entry points; private helpers stay inside the bundle`);
  }
  return names;
}

async function buildServer(entryNames) {
  const result = await esbuild.build({
    entryPoints: [join(root, 'src/server/main.ts')],
    bundle: true,
    format: 'iife',
    globalName: NAMESPACE,
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Names stay, so a stack trace in Apps Script's execution log still names the function that
    // failed; whitespace goes, because Apps Script parses the whole file on every execution and
    // the wave 2 execution model, rules and notices passed the size budget with it kept.
    minifySyntax: true,
    minifyIdentifiers: false,
    minifyWhitespace: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const bundle = indentWithTabs(result.outputFiles[0].text);
  const stubs = entryNames.map((name) => `function ${name}(...args) {\n  return ${NAMESPACE}.${name}(...args);\n}`).join('\n\n');
  const code = `// Handoff Register: built by build.mjs from src/. Do not edit.\n${bundle}\n${stubs}\n`;
  checkAppsScriptCompatible(code);
  if (Buffer.byteLength(code) > MAX_CODE_BYTES) {
    throw new Error(`dist/Code.js is ${Buffer.byteLength(code)} bytes; the limit is ${MAX_CODE_BYTES}`);
  }
  return code;
}

/**
 * esbuild indents with two spaces; tabs keep the file readable and a seventh smaller. A
 * template literal whose lines start with spaces would change, so then the text stays as it is.
 */
function indentWithTabs(code) {
  let multiLineTemplate = false;
  walk(acorn.parse(code, { ecmaVersion: 2020, sourceType: 'script' }), null, (node) => {
    if (node.type === 'TemplateElement' && /\n /.test(node.value.raw)) multiLineTemplate = true;
  });
  return multiLineTemplate ? code : code.replace(/^(?: {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));
}

function checkAppsScriptCompatible(code) {
  // ES2020 script syntax: a private class field or a module keyword fails to parse here.
  const ast = acorn.parse(code, { ecmaVersion: 2020, sourceType: 'script' });
  const problems = [];
  walk(ast, null, (node, parent) => {
    if (node.type !== 'Identifier' || !MISSING_IN_APPS_SCRIPT.has(node.name)) return;
    const isPropertyName =
      (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) ||
      (parent?.type === 'Property' && parent.key === node && !parent.computed) ||
      (parent?.type === 'MethodDefinition' && parent.key === node);
    if (!isPropertyName) problems.push(`${node.name} (offset ${node.start})`);
  });
  if (problems.length > 0) {
    throw new Error(`dist/Code.js uses globals Apps Script does not have: ${problems.join(', ')}`);
  }
}

function walk(node, parent, visit) {
  visit(node, parent);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') walk(child, node, visit);
    } else if (value && typeof value.type === 'string') {
      walk(value, node, visit);
    }
  }
}

async function buildSidebar() {
  const script = await esbuild.build({
    entryPoints: [join(root, 'src/sidebar/main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const styles = await esbuild.build({
    entryPoints: [join(root, 'src/sidebar/styles.css')],
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const js = script.outputFiles[0].text;
  // HtmlService would read "<?" as the start of a scriptlet and break the page.
  if (js.includes('<?')) throw new Error('the sidebar script contains "<?", which HtmlService treats as a scriptlet');
  const safeJs = js.replace(/<\/script/gi, '<\\/script');
  const template = await readFile(join(root, 'src/sidebar/index.html'), 'utf8');
  return template
    .replace('<!-- inline:styles -->', () => `<style>${styles.outputFiles[0].text}</style>`)
    .replace('<!-- inline:script -->', () => `<script>${safeJs}</script>`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { entryNames, codeBytes } = await build();
  console.log(`dist/ built: Code.js ${(codeBytes / 1024).toFixed(1)} KB, ${entryNames.length} entry points (${entryNames.join(', ')})`);
}
