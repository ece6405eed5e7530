import { charge, currentExecution, type MenuItemRecord, type MenuRecord, type World } from '../world';
import { htmlOutputState } from './html';
import { enumOf, strict } from './strict';

export const Button = enumOf(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO']);
export const ButtonSet = enumOf(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);
type ButtonName = keyof typeof Button;
type ButtonSetName = keyof typeof ButtonSet;

// Apps Script's message when a script without a user interface (a time-driven trigger) asks for one.
export const NO_UI_MESSAGE = 'Cannot call SpreadsheetApp.getUi() from this context.';

/** What the UiLog in world.ts has no room for: custom menus, dialogs, and scripted alert answers. */
export interface UiExtras {
  readonly customMenus: MenuRecord[];
  readonly dialogs: { title: string; html: string; modal: boolean; at: number }[];
  /** Answers the person will give to the next alerts, first in first out; otherwise the default button. */
  readonly alertAnswers: ButtonName[];
}

export function createUiExtras(): UiExtras {
  return { customMenus: [], dialogs: [], alertAnswers: [] };
}

/**
 * The function SpreadsheetApp.getUi() calls. Time-driven runs have no editor in front of them;
 * installable edit triggers are assumed to have one (the editing person's), like simple ones.
 */
export function createUiAccessor(world: World, extras: UiExtras, addonTitle: string): () => GoogleAppsScript.Base.Ui {
  const ui = createUi(world, extras, addonTitle);
  return () => {
    if (currentExecution(world)?.kind === 'timeDriven') throw new Error(NO_UI_MESSAGE);
    return ui;
  };
}

function createUi(world: World, extras: UiExtras, addonTitle: string): GoogleAppsScript.Base.Ui {
  function menu(title: string, isAddonMenu: boolean): GoogleAppsScript.Base.Menu {
    const items: MenuItemRecord[] = [];
    const record: MenuRecord = { title, items };
    const methods: GoogleAppsScript.Base.Menu = {
      addItem(caption, functionName) {
        charge(world, 'Menu', 'addItem');
        items.push({ caption: String(caption), functionName: String(functionName) });
        return wrapped;
      },
      addSeparator() {
        charge(world, 'Menu', 'addSeparator');
        items.push({ caption: '' });
        return wrapped;
      },
      addSubMenu(sub) {
        charge(world, 'Menu', 'addSubMenu');
        const subRecord = menuRecords.get(sub);
        if (subRecord === undefined) throw new Error('Invalid argument: menu');
        items.push({ caption: subRecord.title, subMenu: subRecord });
        return wrapped;
      },
      addToUi() {
        charge(world, 'Menu', 'addToUi');
        if (isAddonMenu) world.ui.addonMenu = record;
        else extras.customMenus.push(record);
      },
    };
    const wrapped = strict('Menu', methods);
    menuRecords.set(wrapped, record);
    return wrapped;
  }
  const menuRecords = new WeakMap<object, MenuRecord>();

  function defaultAnswer(buttons: ButtonSetName): ButtonName {
    return buttons === 'YES_NO' || buttons === 'YES_NO_CANCEL' ? 'YES' : 'OK';
  }

  const methods: Pick<GoogleAppsScript.Base.Ui, 'createAddonMenu' | 'createMenu' | 'alert' | 'showSidebar' | 'showModalDialog' | 'showModelessDialog'> = {
    createAddonMenu() {
      charge(world, 'Ui', 'createAddonMenu');
      return menu(addonTitle, true);
    },
    createMenu(caption) {
      charge(world, 'Ui', 'createMenu');
      return menu(String(caption), false);
    },
    alert(first: string, second?: unknown, third?: unknown) {
      charge(world, 'Ui', 'alert');
      const [title, prompt, buttons] = typeof second === 'string' ? [first, second, third] : ['', first, second];
      const set = (typeof buttons === 'string' && buttons in ButtonSet ? buttons : 'OK') as ButtonSetName;
      world.ui.alerts.push({ title: String(title), prompt: String(prompt), at: world.clock.now() });
      return (extras.alertAnswers.shift() ?? defaultAnswer(set)) as unknown as GoogleAppsScript.Base.Button;
    },
    showSidebar(output) {
      charge(world, 'Ui', 'showSidebar');
      const state = htmlOutputState(output);
      world.ui.sidebars.push({ title: state.title, html: state.content, at: world.clock.now() });
    },
    showModalDialog(output, title) {
      charge(world, 'Ui', 'showModalDialog');
      const state = htmlOutputState(output);
      extras.dialogs.push({ title: String(title), html: state.content, modal: true, at: world.clock.now() });
    },
    showModelessDialog(output, title) {
      charge(world, 'Ui', 'showModelessDialog');
      const state = htmlOutputState(output);
      extras.dialogs.push({ title: String(title), html: state.content, modal: false, at: world.clock.now() });
    },
  };
  return strict('Ui', { ...methods, Button, ButtonSet }) as unknown as GoogleAppsScript.Base.Ui;
}
