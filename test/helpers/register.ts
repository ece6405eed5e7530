// A register with the tabs set up and a handoff documented, through the bundle's own API.

import type { EmulatorOptions } from '../../src/emulator/index';
import { type Addon, startAddon } from './addon';

export const HANDOFF = {
  task: 'Social posts',
  toolStep: 'Draft a post from the brief',
  inputRequired: 'Client brand guide and the offer',
  outputStandard: 'On brand, offer details right, one call to action',
  outputType: 'Social post',
  risk: 'Medium',
  inputOwner: 'ines@example.com',
  reviewOwner: 'rae@example.com',
  nextStepOwner: 'nick@example.com',
  nextStep: 'Schedule in the content calendar',
  measurement: 'Posts shipped per week, edits under 15 minutes',
  reviewChecklist: ['Tone', 'Offer details', 'Client voice', 'Call to action'],
  status: 'Active',
};

export function startRegister(options: Partial<EmulatorOptions> = {}): Addon {
  const addon = startAddon(options);
  addon.runner.open({ authMode: 'LIMITED' });
  addon.runner.clickMenu('Set up register');
  addon.runner.scriptRun('saveHandoff', [HANDOFF]);
  return addon;
}

export function logOutput(addon: Addon, output: string, extra: Record<string, unknown> = {}): string {
  const result = addon.runner.scriptRun('logOutput', [{ handoffId: 'H-001', output, link: 'https://docs.example.com/d/1', ...extra }]) as { outputId: string };
  return result.outputId;
}

/** Everything a failed call must leave as it was. */
export function workbookState(addon: Addon): unknown {
  const snap = addon.emulator.snapshot();
  return { workbook: snap.workbook, properties: snap.properties, outbox: snap.outbox };
}

/** The sheet's column letter for a header, wherever the user moved it. */
export function columnLetter(addon: Addon, tab: string, header: string): string {
  const index = (addon.sheet(tab).display[0] ?? []).indexOf(header);
  if (index < 0) throw new Error(`no ${header} column in ${tab}`);
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function rowOf(addon: Addon, outputId: string): number {
  const col = (addon.sheet('Register').display[0] ?? []).indexOf('Output ID');
  const row = addon.sheet('Register').display.findIndex((r) => r[col] === outputId);
  if (row < 0) throw new Error(`${outputId} is not in the Register`);
  return row + 1;
}
