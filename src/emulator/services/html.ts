import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { charge, type World } from '../world';
import { enumOf, strict } from './strict';

export const SandboxMode = enumOf(['EMULATED', 'IFRAME', 'NATIVE']);
export const XFrameOptionsMode = enumOf(['ALLOWALL', 'DEFAULT']);

export interface HtmlOutputState {
  content: string;
  title: string;
  width: number | undefined;
  height: number | undefined;
  sandboxMode: string;
  xFrameOptionsMode: string;
}

// The Ui reads what an HtmlOutput holds without charging the script for getContent()/getTitle().
const states = new WeakMap<object, HtmlOutputState>();

export function htmlOutputState(output: unknown): HtmlOutputState {
  const state = typeof output === 'object' && output !== null ? states.get(output) : undefined;
  if (state === undefined) throw new Error('Invalid argument: userInterface');
  return state;
}

export function createHtmlService(world: World) {
  function output(content: string): GoogleAppsScript.HTML.HtmlOutput {
    // IFRAME is the only sandbox mode Apps Script still honours; the others are ignored.
    const state: HtmlOutputState = {
      content,
      title: '',
      width: undefined,
      height: undefined,
      sandboxMode: 'IFRAME',
      xFrameOptionsMode: 'DEFAULT',
    };
    const setter =
      <K extends keyof HtmlOutputState>(method: string, key: K) =>
      (value: HtmlOutputState[K]) => {
        charge(world, 'HtmlOutput', method);
        state[key] = value;
        return wrapped;
      };
    const getter =
      <K extends keyof HtmlOutputState>(method: string, key: K) =>
      () => {
        charge(world, 'HtmlOutput', method);
        return state[key];
      };
    const methods = {
      getContent: getter('getContent', 'content'),
      setContent: setter('setContent', 'content'),
      getTitle: getter('getTitle', 'title'),
      setTitle: (title: string) => setter('setTitle', 'title')(String(title)),
      getWidth: getter('getWidth', 'width'),
      setWidth: setter('setWidth', 'width'),
      getHeight: getter('getHeight', 'height'),
      setHeight: setter('setHeight', 'height'),
      setSandboxMode: setter('setSandboxMode', 'sandboxMode'),
      setXFrameOptionsMode: setter('setXFrameOptionsMode', 'xFrameOptionsMode'),
      append(added: string) {
        charge(world, 'HtmlOutput', 'append');
        state.content += added;
        return wrapped;
      },
      clear() {
        charge(world, 'HtmlOutput', 'clear');
        state.content = '';
        return wrapped;
      },
    };
    const wrapped = strict('HtmlOutput', methods) as unknown as GoogleAppsScript.HTML.HtmlOutput;
    states.set(wrapped, state);
    return wrapped;
  }

  const service: Pick<GoogleAppsScript.HTML.HtmlService, 'createHtmlOutput' | 'createHtmlOutputFromFile'> = {
    createHtmlOutput(html?: unknown) {
      charge(world, 'HtmlService', 'createHtmlOutput');
      if (html !== undefined && typeof html !== 'string') return unsupportedBlob();
      return output(html ?? '');
    },
    createHtmlOutputFromFile(filename) {
      charge(world, 'HtmlService', 'createHtmlOutputFromFile');
      return output(readProjectHtml(world.htmlDir, String(filename)));
    },
  };
  return strict('HtmlService', { ...service, SandboxMode, XFrameOptionsMode });
}

function unsupportedBlob(): never {
  throw new Error('not implemented in emulator: HtmlService.createHtmlOutput(blob)');
}

/** Project HTML files are named without their .html extension, as in the Apps Script editor. */
function readProjectHtml(dir: string, name: string): string {
  try {
    return readFileSync(join(dir, `${name}.html`), 'utf8');
  } catch {
    // Apps Script's own message for a missing file.
    throw new Error(`No HTML file named ${name} was found.`);
  }
}
