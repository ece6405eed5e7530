import { describe, expect, it } from 'vitest';
import { AUDIT_HEADERS, HANDOFF_HEADERS, REGISTER_HEADERS } from '../../src/core/vocabulary';
import { startAddon } from '../helpers/addon';
import { logOutput, startRegister } from '../helpers/register';

describe('Set up register', () => {
  it('creates the three tabs with their exact headers, frozen and bold', () => {
    const addon = startAddon();
    addon.runner.open({ authMode: 'LIMITED' });
    addon.runner.clickMenu('Set up register');
    expect(addon.emulator.ui.toasts.map((t) => t.message)).toEqual(['Set up: created the Handoffs tab; created the Register tab; created the Audit log tab.']);
    for (const [tab, headers] of [
      ['Handoffs', HANDOFF_HEADERS],
      ['Register', REGISTER_HEADERS],
      ['Audit log', AUDIT_HEADERS],
    ] as const) {
      const sheet = addon.sheet(tab);
      expect(sheet.display[0]).toEqual([...headers]);
      expect(sheet.frozenRows).toBe(1);
      expect(new Set(sheet.fontWeights[0])).toEqual(new Set(['bold']));
    }
  });

  it('puts strict dropdowns on Decision and Rework cause, a checkbox on Shipped, and lists on Risk and Status', () => {
    const addon = startRegister();
    logOutput(addon, 'Spring offer post');
    const register = addon.sheet('Register');
    const at = (header: string) => register.validations[1]?.[REGISTER_HEADERS.indexOf(header as never)];
    expect(at('Decision')).toEqual({ kind: 'list', values: ['Approve', 'Edit', 'Reject'], allowInvalid: false, showDropdown: true });
    expect(at('Rework cause')).toEqual({
      kind: 'list',
      values: ['Input', 'Prompt', 'Review standard', 'Next step', 'Tool'],
      allowInvalid: false,
      showDropdown: true,
    });
    expect(at('Shipped')).toEqual({ kind: 'checkbox', allowInvalid: false });
    const handoffs = addon.sheet('Handoffs');
    expect(handoffs.validations[1]?.[HANDOFF_HEADERS.indexOf('Risk')]).toEqual({
      kind: 'list',
      values: ['Low', 'Medium', 'High'],
      allowInvalid: false,
      showDropdown: true,
    });
    expect(handoffs.validations[1]?.[HANDOFF_HEADERS.indexOf('Status')]).toEqual({
      kind: 'list',
      values: ['Pilot', 'Active', 'Paused'],
      allowInvalid: false,
      showDropdown: true,
    });
  });

  it("protects the audit trail and the add-on's Register columns with warnings only", () => {
    const addon = startRegister();
    expect(addon.sheet('Audit log').protections).toEqual([
      { rangeA1: null, description: 'Handoff Register: the audit trail is written only by the add-on', warningOnly: true, editors: expect.any(Array) },
    ]);
    const owned = addon.sheet('Register').protections.map((p) => [p.rangeA1, p.description, p.warningOnly]);
    expect(owned).toEqual([
      ['A1:A1000', 'Handoff Register: Output ID is written by the add-on', true],
      ['V1:V1000', 'Handoff Register: Logged at is written by the add-on', true],
      ['W1:W1000', 'Handoff Register: Decided at is written by the add-on', true],
      ['X1:X1000', 'Handoff Register: Decided by is written by the add-on', true],
      ['Y1:Y1000', 'Handoff Register: Shipped at is written by the add-on', true],
      ['L1:L1000', 'Handoff Register: Status is written by the add-on', true],
      ['Z1:Z1000', 'Handoff Register: Last reminder is written by the add-on', true],
      ['AA1:AA1000', 'Handoff Register: Seal is written by the add-on', true],
    ]);
  });

  it('run again, puts a renamed header back in its place and never moves, deletes or rewrites data', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    // Someone overwrites the Task header in the middle of the sheet; its neighbours still line up.
    addon.emulator.userEdit('Register', 'E1', [['Tsk']]);
    const before = addon.sheet('Register').values;
    addon.runner.clickMenu('Set up register');
    expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('Set up: put back the header Register: Task (column E, renamed "Tsk").');
    const after = addon.sheet('Register').values;
    // Back in column E, nothing appended; every data cell stays where it was.
    expect(after[0]?.[4]).toBe('Task');
    expect(after[0]).toHaveLength(before[0]?.length ?? 0);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(addon.records('Register').map((r) => [r['Output ID'], r.Task])).toEqual([[id, 'Social posts']]);
    expect(addon.records('Audit log').at(-1)).toMatchObject({
      Field: 'Header',
      'Old value': 'Register column E: Tsk',
      'New value': 'Register: Task',
      Source: 'set up',
    });
    expect(addon.sheet('Register').protections).toHaveLength(8);
    addon.runner.clickMenu('Set up register');
    expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('The register is set up: tabs, headers, dropdowns and protections are in place.');
    expect(addon.sheet('Register').protections).toHaveLength(8);
  });

  it('opening the sidebar the first time sets the register up', () => {
    const addon = startAddon();
    addon.runner.open({ authMode: 'LIMITED' });
    addon.runner.clickMenu('Open sidebar');
    expect(addon.emulator.ui.sidebars.map((s) => s.title)).toEqual(['Handoff Register']);
    expect(addon.emulator.ui.sidebars[0]?.html).toContain('Document a handoff');
    expect(addon.sheet('Register').display[0]).toEqual([...REGISTER_HEADERS]);
  });
});
