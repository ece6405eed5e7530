// Property tests (fast-check) over every public RPC function, through the built bundle and the
// emulator's google.script.run: random and hostile payloads. Each is either accepted and stored
// exactly as the form's schema reads it (trimmed text, as text: never a formula, number or date),
// or refused with { ok: false, errors: [{ field, message }] } naming the field, with every tab,
// property and trigger exactly as before. Runs are few and timeouts generous: the suite must
// pass on a loaded two-core machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SavedEmulator } from '../../src/emulator/persist';
import { FIELD_LABELS, handoffFormSchema, outputFormSchema, reviewFormSchema, settingsFormSchema, shipFormSchema } from '../../src/shared/forms';
import { type Addon, OWNER, restoreAddon, saveAddon } from '../helpers/addon';
import { HANDOFF, logOutput, startRegister } from '../helpers/register';

/** Each run restores a saved world and runs the bundle once or twice. */
const RUNS = 30;
const TIMEOUT = 300_000;
const SEED = 1313;

// ---- The world every run starts from ---------------------------------------------------------

/** O-000001 approved (ready to ship), O-000002 awaiting review; the reviewer at the keyboard. */
const saved: SavedEmulator = (() => {
  const addon = startRegister();
  logOutput(addon, 'Approved post');
  logOutput(addon, 'Waiting post');
  addon.emulator.setUser('rae@example.com');
  addon.runner.scriptRun('reviewOutput', [{ outputId: 'O-000001', decision: 'Approve', reviewMinutes: 4 }]);
  return saveAddon(addon);
})();

function everything(addon: Addon): unknown {
  const snap = addon.emulator.snapshot();
  return { workbook: snap.workbook, properties: snap.properties, triggers: snap.triggers, outbox: snap.outbox };
}

// ---- Payloads --------------------------------------------------------------------------------

/** Any UTF-16 code units: control characters and lone surrogates included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));

const HOSTILE = [
  '=1+1',
  ' =1+1',
  '\t=SUM(A1:A2)',
  '\u00a0=IMPORTXML("http://evil.example","//a")',
  '=IMPORTXML("http://evil.example","//a")',
  '+SUM(1,2)',
  '-5',
  '@mention',
  "'0012",
  '0012',
  '3/4',
  '50%',
  'TRUE',
  '2026-01-02',
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(\'x\')">',
  '🙂👩🏽‍💻 emoji',
  'שלום עולם مرحبا',
  '\u202eRLO override',
  'bell\u0007nul\u0000esc\u001b',
  'lone \ud800 high',
  'lone \udfff low',
  '\u001f unit separator \u001e',
  '__proto__',
  'x'.repeat(50_001),
  'y'.repeat(5001),
];

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('', ' ', '\t', '\u00a0', ' \t\u00a0'), fc.constantFrom('=', '+', '-', '@'), fc.string({ maxLength: 20 }))
      .map(([a, b, c]) => `${a}${b}${c}`),
  },
  { weight: 2, arbitrary: codeUnits },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.constant(Array.from({ length: 10_000 }, () => 'Sat')),
);

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'extra'];

/** Hostile text that fits every text field: formulas, markup, emoji, RTL, control characters, lone surrogates. */
const fittingText = (plausible: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(plausible) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE.filter((t) => t.length <= 200)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(' ', '\t', '\u00a0', ''), fc.constantFrom('=', '+', '-', '@'), fc.string({ minLength: 1, maxLength: 20 }))
        .map(([a, b, c]) => `${a}${b}${c}`),
    },
    { weight: 1, arbitrary: codeUnits.map((t) => `x${t}`) },
  );

/** Breaks one field: hostile text (too long, empty), the wrong type, or missing. */
const breakage = fc.oneof({ weight: 2, arbitrary: hostileText }, { weight: 2, arbitrary: wrongType }, { weight: 1, arbitrary: fc.constant(undefined) });

/**
 * A form: every field plausible (or hostile text that fits), then up to two fields broken, then
 * extra keys added as own properties (even __proto__ and constructor).
 */
function form(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  const broken = fc.array(fc.tuple(fc.constantFrom(...keys), breakage), { maxLength: 2 });
  const extras = fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.oneof(hostileText, wrongType)), { maxLength: 2 });
  return fc.tuple(fc.record(fields), broken, extras).map(([base, changes, extra]) => {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of changes) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    for (const [k, v] of extra) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

const email = fc.constantFrom('ines@example.com', 'rae@example.com', 'nick@example.com', 'sam@example.org');
const text = fittingText;
const field = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary;

const handoffForm = form({
  handoffId: fc.constantFrom('H-001', 'H-999', undefined),
  task: text('Client posts'),
  toolStep: text('Draft it'),
  inputRequired: text('The brief'),
  outputStandard: text('On brand'),
  outputType: text('Post'),
  risk: field(fc.constantFrom('Low', 'Medium', 'High')),
  inputOwner: field(email),
  reviewOwner: field(email),
  nextStepOwner: field(email),
  approvalRule: text('Any reviewer'),
  reviewCapMin: field(fc.integer({ min: 1, max: 480 })),
  nextStep: text('Schedule it'),
  measurement: text('Posts a week'),
  reviewChecklist: field(fc.array(fittingText('Tone'), { maxLength: 4 })),
  stallAfterH: field(fc.integer({ min: 1, max: 720 })),
  status: field(fc.constantFrom('Pilot', 'Active', 'Paused')),
  baselineMin: field(fc.integer({ min: 0, max: 2400 })),
  targetMin: field(fc.integer({ min: 0, max: 2400 })),
});

const outputForm = form({
  handoffId: field(fc.constantFrom('H-001', 'H-001', 'H-002')),
  output: text('A post'),
  link: field(fc.constantFrom('https://docs.example.com/d/2', 'http://x.example/=1+1', '', 'javascript:alert(1)')),
  revisionOf: field(fc.constantFrom('', '', 'O-000001', 'O-999999')),
  inputOwner: field(email),
  reviewOwner: field(email),
  nextStepOwner: field(email),
  notes: text('First draft'),
  prepMinutes: field(fc.integer({ min: 0, max: 2400 })),
  promptVersion: text('v2'),
});

const reviewForm = form({
  outputId: field(fc.constantFrom('O-000002', 'O-000002', 'O-000001', 'O-000009')),
  decision: field(fc.constantFrom('Approve', 'Edit', 'Reject')),
  reviewMinutes: field(fc.integer({ min: 0, max: 14 })),
  checklistPassed: field(fc.subarray(['Tone', 'Offer details', 'Client voice', 'Call to action'])),
  reworkCause: field(fc.constantFrom('Input', 'Prompt', 'Tool', '')),
  missed: field(fc.constantFrom('Context', 'Tone', '')),
  notes: text('Looks good'),
});

const shipForm = form({
  outputId: field(fc.constantFrom('O-000001', 'O-000001', 'O-000002')),
  destination: text('Content calendar'),
});

const settingsForm = form({
  remindersOn: field(fc.boolean()),
  reminderIntervalH: field(fc.integer({ min: 1, max: 168 })),
  quietDays: field(fc.subarray(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])),
  escalationEmail: field(fc.oneof(email, fc.constant(''))),
  summaryHour: field(fc.integer({ min: 0, max: 23 })),
  summaryRecipients: field(fc.array(email, { maxLength: 3 })),
  archiveAfterWeeks: field(fc.integer({ min: 1, max: 520 })),
  whoMayDecide: field(fc.constantFrom('Review owner, others marked', 'Review owner only')),
  tellOwners: field(fc.constantFrom('In the next digest', 'At once', 'Only when it stalls')),
  sendFrom: field(fc.integer({ min: 0, max: 12 })),
  sendUntil: field(fc.integer({ min: 13, max: 24 })),
});

// ---- The property ----------------------------------------------------------------------------

type Saved = { ok: true } & Record<string, unknown>;
type Refused = { ok: false; errors: { field: string; message: string }[] };

/** A refusal names each field it is about, the way the sidebar shows it under the field. */
function expectNamedRefusal(result: Refused): void {
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(Object.keys(error).sort()).toEqual(['field', 'message']);
    expect(typeof error.field).toBe('string');
    const label = error.field === 'form' ? 'The form' : (FIELD_LABELS[error.field] ?? error.field);
    expect(error.message.startsWith(label), `${error.field}: ${error.message.slice(0, 200)}`).toBe(true);
    expect(error.message.length).toBeLessThan(1000);
  }
}

/** The cell under a header in a row, as stored. */
function cell(addon: Addon, tab: string, row: number, header: string): unknown {
  const sheet = addon.sheet(tab);
  return sheet.values[row - 1]?.[(sheet.display[0] ?? []).indexOf(header)];
}

/** How many payloads each function accepted and refused: a property that only ever refuses proves little. */
const outcomes = new Map<string, { accepted: number; refused: number }>();

/** Runs the payload; refusals change nothing, acceptances are checked by `stored`. */
function property(
  name: string,
  payload: fc.Arbitrary<Record<string, unknown>>,
  stored: (addon: Addon, form: Record<string, unknown>, result: Saved) => void,
  user?: string,
) {
  const count = { accepted: 0, refused: 0 };
  outcomes.set(name, count);
  return fc.property(payload, (sent) => {
    const addon = restoreAddon(saved);
    if (user !== undefined) addon.emulator.setUser(user);
    const before = everything(addon);
    const result = addon.runner.scriptRun(name, [sent]) as Saved | Refused;
    if (result.ok) {
      count.accepted++;
      stored(addon, sent, result);
    } else {
      count.refused++;
      expectNamedRefusal(result);
      expect(everything(addon)).toEqual(before);
    }
    // Whatever happened, the sidebar can still read the register (its state is JSON-safe).
    const state = addon.runner.scriptRun('getSidebarState', [sent]);
    expect(state).not.toBeNull();
  });
}

/** What the server's schema makes of the payload (as google.script.run hands it over: a copy). */
function parsed(schema: { safeParse(input: unknown): { success: boolean } }, sent: unknown): Record<string, unknown> {
  const result = schema.safeParse(JSON.parse(JSON.stringify(sent))) as { success: boolean; data?: Record<string, unknown> };
  expect(result.success).toBe(true);
  return result.data ?? {};
}

function check(p: fc.IProperty<[Record<string, unknown>]>, name?: string): void {
  fc.assert(p, { numRuns: RUNS, seed: SEED, endOnFailure: true });
  if (name === undefined) return;
  const count = outcomes.get(name);
  expect(count?.accepted, `${name} accepted some payloads`).toBeGreaterThan(0);
  expect(count?.refused, `${name} refused some payloads`).toBeGreaterThan(0);
}

describe('every public RPC function, with random and hostile payloads', () => {
  it(
    'saveHandoff',
    () => {
      check(
        property('saveHandoff', handoffForm, (addon, sent, result) => {
          const h = parsed(handoffFormSchema, sent);
          const row = result.handoffId === 'H-001' ? 2 : 3;
          for (const [key, header] of [
            ['task', 'Task'],
            ['toolStep', 'Tool step'],
            ['inputRequired', 'Input required'],
            ['outputStandard', 'Output standard'],
            ['outputType', 'Output type'],
            ['approvalRule', 'Approval rule'],
            ['nextStep', 'Next step'],
            ['measurement', 'Measurement'],
            ['reviewOwner', 'Review owner'],
          ] as const) {
            expect(cell(addon, 'Handoffs', row, header), header).toBe(h[key]);
          }
          expect(cell(addon, 'Handoffs', row, 'Review checklist')).toBe((h.reviewChecklist as unknown as string[]).join('\n'));
        }),
        'saveHandoff',
      );
    },
    TIMEOUT,
  );

  it(
    'logOutput',
    () => {
      check(
        property('logOutput', outputForm, (addon, sent, result) => {
          const o = parsed(outputFormSchema, sent);
          const row = 4;
          // Two outputs were logged before: an accepted one is the third.
          expect([result.outputId, cell(addon, 'Register', row, 'Output ID')]).toEqual(['O-000003', 'O-000003']);
          for (const [key, header] of [
            ['output', 'Output'],
            ['link', 'Link'],
            ['notes', 'Notes'],
            ['promptVersion', 'Prompt version'],
          ] as const) {
            expect(cell(addon, 'Register', row, header), header).toBe(o[key]);
          }
          expect(
            addon
              .records('Audit log')
              .filter((r) => r.Field === 'Logged')
              .at(-1)?.['New value'],
          ).toBe(`${o.output} (${o.handoffId}, version ${o.revisionOf ? 2 : 1})`);
        }),
        'logOutput',
      );
    },
    TIMEOUT,
  );

  it(
    'reviewOutput',
    () => {
      check(
        property('reviewOutput', reviewForm, (addon, sent, result) => {
          const r = parsed(reviewFormSchema, sent);
          const row = result.outputId === 'O-000001' ? 2 : 3;
          expect(cell(addon, 'Register', row, 'Decision')).toBe(r.decision);
          const notes = String(cell(addon, 'Register', row, 'Notes'));
          if (r.notes !== '') expect(notes.endsWith(`${String(r.decision)}: ${String(r.notes)}`)).toBe(true);
        }),
        'reviewOutput',
      );
    },
    TIMEOUT,
  );

  it(
    'markShipped',
    () => {
      check(
        property('markShipped', shipForm, (addon, sent) => {
          const s = parsed(shipFormSchema, sent);
          expect(cell(addon, 'Register', 2, 'Destination')).toBe(s.destination);
          expect(cell(addon, 'Register', 2, 'Status')).toBe('Shipped');
        }),
        'markShipped',
      );
    },
    TIMEOUT,
  );

  it(
    'saveSettings',
    () => {
      check(
        property(
          'saveSettings',
          settingsForm,
          (addon, sent, result) => {
            const settings = parsed(settingsFormSchema, sent);
            expect(result.settings).toEqual(settings);
            expect((addon.runner.scriptRun('getSidebarState', []) as { settings: unknown }).settings).toEqual(settings);
          },
          OWNER,
        ),
        'saveSettings',
      );
    },
    TIMEOUT,
  );

  it(
    'getSidebarState, after hostile text was stored, hands every text back exactly',
    () => {
      check(
        fc.property(
          form({ output: hostileText, notes: hostileText }).filter(
            (f) => typeof f.output === 'string' && f.output.trim() !== '' && f.output.trim().length <= 500,
          ),
          (sent) => {
            const addon = restoreAddon(saved);
            const title = (sent.output as string).trim();
            expect(addon.runner.scriptRun('logOutput', [{ handoffId: 'H-001', output: title }])).toMatchObject({ ok: true, outputId: 'O-000003' });
            const state = addon.runner.scriptRun('getSidebarState', [sent, 'extra', { __proto__: null }]) as {
              awaitingReview: { outputId: string; output: string }[];
            };
            expect(state).not.toBeNull();
            expect(state.awaitingReview.find((t) => t.outputId === 'O-000003')?.output).toBe(title);
          },
        ),
      );
    },
    TIMEOUT,
  );

  it(
    'a form that is not an object at all is one error for the whole form, and nothing changes',
    () => {
      for (const name of ['saveHandoff', 'logOutput', 'reviewOutput', 'markShipped', 'saveSettings']) {
        for (const sent of [null, 'text', 42, [], [HANDOFF], true]) {
          const addon = restoreAddon(saved);
          const before = everything(addon);
          expect(addon.runner.scriptRun(name, [sent]), `${name}(${JSON.stringify(sent)})`).toEqual({
            ok: false,
            errors: [{ field: 'form', message: 'The form was empty or unreadable.' }],
          });
          expect(everything(addon)).toEqual(before);
        }
      }
    },
    TIMEOUT,
  );
});
