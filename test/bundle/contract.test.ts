// The contract between the build and Apps Script: what clasp pushes, what becomes a global, and
// that the bundle behaves as a classic script with no side effects on load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { DIST, startAddon } from '../helpers/addon';

const code = readFileSync(join(DIST, 'Code.js'), 'utf8');
const exportsList = JSON.parse(readFileSync(join(DIST, 'exports.json'), 'utf8')) as string[];
const ROOT = join(DIST, '..');

/** The whole public surface, as the README lists it. Adding a global means changing this list. */
const PUBLIC_ENTRY_POINTS = [
  'archiveOldRowsNow',
  'checkSpreadsheet',
  'generateSummaryNow',
  'getSidebarState',
  'logOutput',
  'markShipped',
  'onEdit',
  'onInstall',
  'onOpen',
  'openSidebar',
  'reviewOutput',
  'runHourlyJob',
  'saveHandoff',
  'saveSettings',
  'sendRemindersNow',
  'setUpRegister',
  'turnOffReminders',
  'turnOnReminders',
  'verifyAuditLog',
];

describe('dist/Code.js', () => {
  it('is an ES2020 classic script whose top-level functions are exactly the public entry points', () => {
    const program = parse(code, { ecmaVersion: 2020, sourceType: 'script' });
    const declared = program.body.filter((n) => n.type === 'FunctionDeclaration').map((n) => (n.type === 'FunctionDeclaration' ? n.id?.name : ''));
    expect(declared.sort()).toEqual(exportsList);
    expect(exportsList).toEqual(PUBLIC_ENTRY_POINTS);
    const otherTopLevel = program.body.filter((n) => n.type !== 'FunctionDeclaration' && n.type !== 'ExpressionStatement' && n.type !== 'VariableDeclaration');
    expect(otherTopLevel).toEqual([]);
    const variables = program.body.flatMap((n) =>
      n.type === 'VariableDeclaration' ? n.declarations.map((d) => (d.id.type === 'Identifier' ? d.id.name : '?')) : [],
    );
    expect(variables).toEqual(['HandoffRegister']);
  });

  it('loads in an empty context without touching any service', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context);
    expect(typeof (context as Record<string, unknown>).onOpen).toBe('function');
  });

  it('names none of the globals Apps Script lacks', () => {
    expect(code).not.toMatch(/\b(setTimeout|setInterval|TextEncoder|TextDecoder)\b/);
    expect(code).not.toMatch(/\bnew URL\(|\bfetch\(/);
  });

  it('stays under 200 KB (Apps Script parses it on every execution)', () => {
    expect(Buffer.byteLength(code)).toBeLessThan(200 * 1024);
  });

  it.each(['NONE', 'LIMITED'] as const)('onOpen in AuthMode.%s builds the add-on menu from declared entry points', (authMode) => {
    const { runner, emulator } = startAddon();
    runner.open({ authMode });
    expect(runner.runs.map((r) => [r.functionName, r.error])).toEqual([['onOpen', undefined]]);
    const menu = emulator.ui.addonMenu;
    expect(menu?.items.map((i) => i.caption)).toEqual([
      'Open sidebar',
      'Set up register',
      '',
      'Turn on reminders & Friday summary',
      'Turn off reminders & Friday summary',
      'Send reminders now',
      'Generate Friday summary now',
      'Archive old rows now',
      '',
      'Verify audit log',
      'Check this spreadsheet',
    ]);
    for (const item of menu?.items ?? []) {
      if (item.functionName !== undefined) expect(exportsList).toContain(item.functionName);
    }
    // Only the menu: in AuthMode.NONE any spreadsheet or properties call would throw.
    expect(emulator.counters.log.map((c) => `${c.service}.${c.method}`)).toEqual([
      'SpreadsheetApp.SpreadsheetApp.getUi',
      'Ui.createAddonMenu',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addSeparator',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addSeparator',
      'Menu.addItem',
      'Menu.addItem',
      'Menu.addToUi',
    ]);
  });
});

describe('the other dist files', () => {
  it('ships a self-contained sidebar with no scriptlet syntax', () => {
    const html = readFileSync(join(DIST, 'Sidebar.html'), 'utf8');
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toMatch(/<script>[\s\S]+<\/script>/);
    expect(html).not.toContain('<?');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });

  it('copies a V8 manifest with a time zone, the minimal scopes and no Workspace add-on block', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'appsscript.json'), 'utf8'));
    expect(manifest).toEqual(JSON.parse(readFileSync(join(ROOT, 'appsscript.json'), 'utf8')));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(typeof manifest.timeZone).toBe('string');
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect(manifest.addOns).toBeUndefined();
  });

  it('clasp would push exactly the three Apps Script files, offline and without a login', () => {
    const out = execFileSync(join(ROOT, 'node_modules/.bin/clasp'), ['show-file-status', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: join(ROOT, 'node_modules/.cache/no-home') },
    });
    const status = JSON.parse(out.slice(out.indexOf('{')));
    expect([...status.filesToPush].sort()).toEqual(['dist/Code.js', 'dist/Sidebar.html', 'dist/appsscript.json']);
  });
});
