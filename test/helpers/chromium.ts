// The one place browser tests find and start Chromium. Candidates, in this order; the first one that
// actually launches is used:
//   1. CHROMIUM_PATH, when set;
//   2. a Chrome or Chromium on the system: /usr/bin/chromium, /usr/bin/chromium-browser,
//      /usr/bin/google-chrome, /usr/bin/google-chrome-stable, then those names on PATH;
//   3. Playwright's own browser cache ($PLAYWRIGHT_BROWSERS_PATH, else ~/.cache/ms-playwright):
//      chromium-* then chromium_headless_shell-*, newest first;
//   4. the Chromium that the devDependency @sparticuz/chromium ships (so `npm ci` is enough),
//      unpacked once per version to <tmpdir>/handoff-register-chromium-<version>.
// When none starts, launchChromium throws one error that names every candidate tried and what to
// install. Browser tests never skip: set them up with setUpOnce, not beforeAll.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { beforeEach } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Our flags for every candidate: headless on a machine with no network to Google and no GPU. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/**
 * @sparticuz/chromium's recommended flags that we leave out: two would change what a page may do
 * (the tests must see a browser's usual rules), and --single-process, which AWS Lambda needs, ends
 * the whole browser when its last page closes (a test that closes its page and opens another).
 */
const SPARTICUZ_DROPPED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);
const LAUNCH_TIMEOUT_MS = 30_000;

interface Candidate {
  readonly label: string;
  readonly executable: string;
  readonly args: readonly string[];
}

/** What was tried and why it was not used, one line each, for the failure message. */
type Tried = string[];

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir !== '' && existsSync(file)) return file;
  }
  return undefined;
}

function systemCandidates(tried: Tried): Candidate[] {
  const found = new Set<string>();
  for (const path of SYSTEM_PATHS) if (existsSync(path)) found.add(path);
  for (const name of SYSTEM_NAMES) {
    const path = onPath(name);
    if (path !== undefined) found.add(path);
  }
  if (found.size === 0) tried.push(`system: none of ${SYSTEM_PATHS.join(', ')}, nor ${SYSTEM_NAMES.join(', ')} on PATH`);
  return [...found].map((executable) => ({ label: 'system', executable, args: CHROMIUM_FLAGS }));
}

function playwrightCacheCandidates(tried: Tried): Candidate[] {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ms-playwright');
  const entries = existsSync(cache) ? readdirSync(cache) : [];
  const revision = (name: string) => Number(name.slice(name.lastIndexOf('-') + 1)) || 0;
  const newestFirst = (prefix: string) => entries.filter((name) => name.startsWith(prefix)).sort((a, b) => revision(b) - revision(a));
  const found: Candidate[] = [];
  for (const dir of [...newestFirst('chromium-'), ...newestFirst('chromium_headless_shell-')]) {
    for (const binary of [
      'chrome-linux64/chrome',
      'chrome-linux/chrome',
      'chrome-headless-shell-linux64/chrome-headless-shell',
      'chrome-linux/headless_shell',
    ]) {
      const executable = join(cache, dir, binary);
      if (existsSync(executable)) found.push({ label: "Playwright's browser cache", executable, args: CHROMIUM_FLAGS });
    }
  }
  if (found.length === 0) tried.push(`Playwright's browser cache: no chromium-* or chromium_headless_shell-* build in ${cache}`);
  return found;
}

interface Sparticuz {
  readonly args: string[];
  setGraphicsMode: boolean;
  executablePath(input?: string): Promise<string>;
}

/**
 * Unpacks @sparticuz/chromium's brotli'd build into a folder of its own version. Its executablePath()
 * writes to os.tmpdir() (TMPDIR), read before its first await, so TMPDIR is pointed at a private
 * folder for that one synchronous call; the folder is renamed into place whole, so parallel test
 * files never see half a binary.
 */
async function unpackSparticuz(sparticuz: Sparticuz, target: string): Promise<string> {
  const executable = join(target, 'chromium');
  const partial = await mkdtemp(`${target}.partial-`);
  const saved = process.env.TMPDIR;
  let unpacked: Promise<string>;
  process.env.TMPDIR = partial;
  try {
    unpacked = sparticuz.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    if ((await unpacked) !== join(partial, 'chromium')) throw new Error(`@sparticuz/chromium unpacked somewhere else than ${partial}`);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(executable)) throw error; // not just another test file that got there first
  }
  return executable;
}

interface SparticuzCandidate extends Candidate {
  /** Unpacked by an earlier run, not just now. */
  readonly cached: boolean;
}

async function sparticuzCandidate(tried: Tried, fresh: boolean): Promise<SparticuzCandidate | undefined> {
  let sparticuz: Sparticuz;
  let version: string;
  try {
    sparticuz = (await import('@sparticuz/chromium')).default as unknown as Sparticuz;
    version = (JSON.parse(readFileSync(join(root, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')) as { version: string }).version;
  } catch (error) {
    tried.push(`@sparticuz/chromium: not installed (${firstLine(error)})`);
    return undefined;
  }
  sparticuz.setGraphicsMode = false; // no WebGL: no SwiftShader flags, and --disable-gpu agrees
  const target = join(tmpdir(), `handoff-register-chromium-${version}`);
  try {
    if (fresh) await rm(target, { recursive: true, force: true });
    const cached = existsSync(join(target, 'chromium'));
    const executable = cached ? join(target, 'chromium') : await unpackSparticuz(sparticuz, target);
    const args = [...new Set([...sparticuz.args.filter((arg) => !SPARTICUZ_DROPPED.has(arg)), ...CHROMIUM_FLAGS])];
    return { label: `@sparticuz/chromium ${version}`, executable, args, cached };
  } catch (error) {
    tried.push(`@sparticuz/chromium ${version}: could not unpack to ${target}: ${firstLine(error)}`);
    return undefined;
  }
}

let chosen: Candidate | undefined;

async function tryLaunch(candidate: Candidate, tried: Tried): Promise<Browser | undefined> {
  try {
    const browser = await chromium.launch({ executablePath: candidate.executable, args: [...candidate.args], timeout: LAUNCH_TIMEOUT_MS });
    chosen = candidate;
    return browser;
  } catch (error) {
    tried.push(`${candidate.label}: ${candidate.executable} did not start: ${firstLine(error)}`);
    return undefined;
  }
}

/** The candidate the last successful launchChromium used, for messages. */
export function chromiumInUse(): string | undefined {
  return chosen === undefined ? undefined : `${chosen.label}: ${chosen.executable}`;
}

function explicitCandidates(tried: Tried): Candidate[] {
  const executable = process.env.CHROMIUM_PATH;
  if (!executable) tried.push('CHROMIUM_PATH: not set');
  else if (!existsSync(executable)) tried.push(`CHROMIUM_PATH: ${executable} does not exist`);
  else return [{ label: 'CHROMIUM_PATH', executable, args: CHROMIUM_FLAGS }];
  return [];
}

async function launchFirst(tried: Tried): Promise<Browser | undefined> {
  for (const candidates of [explicitCandidates, systemCandidates, playwrightCacheCandidates]) {
    for (const candidate of candidates(tried)) {
      const browser = await tryLaunch(candidate, tried);
      if (browser !== undefined) return browser;
    }
  }
  const candidate = await sparticuzCandidate(tried, false);
  if (candidate === undefined) return undefined;
  const browser = await tryLaunch(candidate, tried);
  if (browser !== undefined || !candidate.cached) return browser;
  // An unpack from an earlier run that no longer starts (a tmp cleaner took part of it) is redone, once.
  const again = await sparticuzCandidate(tried, true);
  return again === undefined ? undefined : tryLaunch(again, tried);
}

/** Starts headless Chromium from the first candidate that launches, or throws one message saying what was tried. */
export async function launchChromium(): Promise<Browser> {
  if (chosen !== undefined) {
    return chromium.launch({ executablePath: chosen.executable, args: [...chosen.args], timeout: LAUNCH_TIMEOUT_MS });
  }
  const tried: Tried = [];
  const browser = await launchFirst(tried);
  if (browser !== undefined) {
    // Someone who set CHROMIUM_PATH wants to know when it was passed over.
    const passedOver = process.env.CHROMIUM_PATH ? tried.find((line) => line.startsWith('CHROMIUM_PATH:')) : undefined;
    if (passedOver !== undefined) process.stderr.write(`${passedOver}; the browser tests use ${chromiumInUse()}\n`);
    return browser;
  }
  throw new Error(
    [
      'No Chromium could be started for the browser tests. Tried, in order:',
      ...tried.map((line) => `  - ${line}`),
      'Run `npm ci` (it installs @sparticuz/chromium, the last resort), install Chromium (`apt-get install -y chromium`),',
      'or set CHROMIUM_PATH to a Chrome or Chromium executable.',
    ].join('\n'),
  );
}

/**
 * A beforeAll whose failure fails every test in the suite with the same error. (When a beforeAll
 * throws, vitest reports the suite's tests as skipped; a browser test must never count as skipped.)
 * Runs fn once, before the first test; every later test awaits the same outcome.
 */
export function setUpOnce(fn: () => Promise<void>, timeoutMs: number): void {
  let done: Promise<void> | undefined;
  beforeEach(() => (done ??= fn()), timeoutMs);
}
