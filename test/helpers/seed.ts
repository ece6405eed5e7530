// A long-used Register of any size, for the bench and the cost tests: four handoffs documented
// through the sidebar's saveHandoff, then `rows` outputs written in one script write, as a team
// that has used the add-on for months would have them. Deterministic: the same size always gives
// the same sheet, and the recent rows at the bottom (where the measured edits land) are the same
// at every size, so an operation's calls can be compared across sizes.

import type { EmulatorOptions } from '../../src/emulator/index';
import { type Addon, startAddon } from './addon';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Recent rows (logged in the last 20 hours), identical at every size. */
export const TAIL_ROWS = 120;
/** Rows that need the hourly repair: edits whose onEdit never ran. */
export const MISSED_EDITS = 6;
const STALL_SHARE = 0.15;
/** At least this many empty rows stay below the data. */
const SPARE_ROWS = 100;
const REVISED_PAIR_SHARE = 0.05;

const CAUSES = ['Input', 'Prompt', 'Review standard', 'Next step', 'Tool'] as const;

interface SeedHandoff {
  readonly form: Record<string, unknown>;
  /** Two people per role; rows alternate between them, so 4 handoffs × 3 roles × 2 = 24 owners. */
  readonly input: readonly [string, string];
  readonly review: readonly [string, string];
  readonly nextStep: readonly [string, string];
  readonly checklist: readonly string[];
  readonly reviewCapMin: number;
  readonly destination: string;
}

const at = (name: string) => `${name}@example.com`;

function handoff(
  task: string,
  outputType: string,
  risk: string,
  status: string,
  reviewCapMin: number,
  owners: { input: [string, string]; review: [string, string]; nextStep: [string, string] },
  checklist: string[],
  nextStep: string,
  destination: string,
): SeedHandoff {
  const input = [at(owners.input[0]), at(owners.input[1])] as const;
  const review = [at(owners.review[0]), at(owners.review[1])] as const;
  const next = [at(owners.nextStep[0]), at(owners.nextStep[1])] as const;
  return {
    form: {
      task,
      toolStep: `Draft the ${outputType.toLowerCase()} from the brief`,
      inputRequired: 'The brief, the client notes and last week’s examples',
      outputStandard: `A ${outputType.toLowerCase()} the client would sign off unchanged`,
      outputType,
      risk,
      inputOwner: input[0],
      reviewOwner: review[0],
      nextStepOwner: next[0],
      reviewCapMin,
      nextStep,
      measurement: 'Shipped per week, share needing rework',
      reviewChecklist: checklist,
      stallAfterH: 24,
      status,
    },
    input,
    review,
    nextStep: next,
    checklist,
    reviewCapMin,
    destination,
  };
}

export const SEED_HANDOFFS: readonly SeedHandoff[] = [
  handoff(
    'Social posts',
    'Social post',
    'Medium',
    'Active',
    15,
    { input: ['ines', 'ivan'], review: ['rae', 'rob'], nextStep: ['nick', 'nora'] },
    ['Tone', 'Offer details', 'Client voice', 'Call to action'],
    'Schedule in the content calendar',
    'Content calendar',
  ),
  handoff(
    'Client status updates',
    'Status update',
    'High',
    'Active',
    10,
    { input: ['ida', 'ian'], review: ['ruth', 'raj'], nextStep: ['ned', 'nina'] },
    ['Dates right', 'Figures match the tracker', 'No internal notes', 'Next steps named'],
    'Send to the client contact',
    'Client email',
  ),
  handoff(
    'Lead follow-up notes',
    'Follow-up note',
    'Low',
    'Pilot',
    15,
    { input: ['isla', 'igor'], review: ['rosa', 'ravi'], nextStep: ['noah', 'nell'] },
    ['Lead named', 'Offer right', 'One ask'],
    'Paste into the CRM',
    'CRM',
  ),
  handoff(
    'Product descriptions',
    'Product description',
    'Medium',
    'Active',
    20,
    { input: ['iris', 'imran'], review: ['rita', 'ross'], nextStep: ['nils', 'naomi'] },
    ['Specs right', 'Brand voice', 'Length', 'Keywords'],
    'Publish to the shop',
    'Shop',
  ),
];

/** Every owner email the seed uses (24 distinct). */
export const SEED_OWNERS: readonly string[] = SEED_HANDOFFS.flatMap((h) => [...h.input, ...h.review, ...h.nextStep]);

/** mulberry32: a small seeded PRNG, so the "random" mix is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind =
  | 'stalledReview' // logged > 24 h ago, no decision
  | 'stalledNextStep' // approved or edited > 24 h ago, not shipped
  | 'stalledRevise' // rejected > 24 h ago, no revision logged
  | 'rejectedRevised' // rejected, then revised by the next row
  | 'revision' // Version 2 of the row before, approved and shipped
  | 'shipped' // approved or edited, shipped
  | `missed${number}` // an edit onEdit never saw
  | 'recentReview' // logged in the last day, awaiting review (not stalled)
  | 'recentNextStep' // approved in the last day (not stalled)
  | 'recentReject' // rejected in the last day (not stalled)
  | 'typed'; // a row typed by hand whose onEdit was missed: no Output ID, Logged at or Status

export interface SeededRegister {
  /** Data rows written (header excluded); sheet rows 2..rows+1. */
  readonly rows: number;
  readonly handoffIds: readonly string[];
  /** The Register's headers as the sheet had them when seeded. */
  readonly headers: readonly string[];
  /** Rows per kind, for the report. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Sheet row of a recent row awaiting review: the target of a one-cell Decision edit. */
  readonly decisionRow: number;
  /** First and last sheet rows of the 100-row paste of decisions (all in the recent tail). */
  readonly pasteRows: readonly [number, number];
  /** A recent output awaiting review, for reviewOutput. */
  readonly reviewOutputId: string;
}

const outputId = (n: number) => `O-${String(n).padStart(6, '0')}`;

/** The Handoff ID saveHandoff answered with (plain, or inside a typed `{ ok: true, ... }` result). */
function savedHandoffId(result: unknown): string {
  const r = (result ?? {}) as { ok?: unknown; handoffId?: unknown; value?: { handoffId?: unknown } };
  const id = r.handoffId ?? r.value?.handoffId;
  if (r.ok === false || typeof id !== 'string') throw new Error(`seedRegister: saveHandoff answered ${JSON.stringify(result)}`);
  return id;
}

/**
 * Seeds a set-up register that has no handoffs yet (Set up register has run): saves the four
 * handoffs through the sidebar's API, then writes `rows` Register rows in one setValues, placed
 * by the sheet's own header row (unknown headers get ''). Sets the document property
 * 'outputCounter' to the last Output ID issued.
 */
export function seedRegister(addon: Addon, rows: number): SeededRegister {
  const body = rows - 1 - TAIL_ROWS;
  const stalledEach = Math.round(STALL_SHARE * rows);
  const pairs = Math.round(REVISED_PAIR_SHARE * rows);
  const shippedRows = body - 3 * stalledEach - MISSED_EDITS - 2 * pairs;
  if (shippedRows < 0) throw new Error(`seedRegister needs at least ~300 rows for its mix, got ${rows}`);

  const handoffIds = SEED_HANDOFFS.map((h) => savedHandoffId(addon.runner.scriptRun('saveHandoff', [h.form])));
  const now = addon.emulator.clock.now();

  // The kinds of the older rows, shuffled with a fixed seed; a revision always follows its reject.
  const random = prng(0x5eed);
  const tokens: Kind[] = [
    ...Array<Kind>(stalledEach).fill('stalledReview'),
    ...Array<Kind>(stalledEach).fill('stalledNextStep'),
    ...Array<Kind>(stalledEach).fill('stalledRevise'),
    ...Array<Kind>(pairs).fill('rejectedRevised'),
    ...Array<Kind>(shippedRows).fill('shipped'),
    ...Array.from({ length: MISSED_EDITS }, (_, k) => `missed${k}` as Kind),
  ];
  for (let i = tokens.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tokens[i], tokens[j]] = [tokens[j] as Kind, tokens[i] as Kind];
  }
  const kinds: Kind[] = tokens.flatMap((k) => (k === 'rejectedRevised' ? ['rejectedRevised', 'revision'] : [k]));
  // The recent tail: the same pattern at every size (its own fixed seed). Its last ten rows await
  // review, so the one-cell edit and reviewOutput find one whatever the paste did.
  const tailRandom = prng(0x7a11);
  for (let p = 0; p < TAIL_ROWS; p++) {
    const r = tailRandom();
    kinds.push(p >= TAIL_ROWS - 10 || r < 0.75 ? 'recentReview' : r < 0.9 ? 'recentNextStep' : 'recentReject');
  }
  kinds.push('typed');

  const values = writeRows(addon, kinds, handoffIds, now);
  const counts: Record<string, number> = {};
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  addon.emulator.world.currentUser = 'owner@example.com';
  (addon.emulator.properties.document as Map<string, string>).set('outputCounter', String(rows - 1));

  const tailFirst = rows - TAIL_ROWS + 1; // sheet row of the tail's first row
  return {
    rows,
    handoffIds,
    headers: values.headers,
    kinds: counts,
    decisionRow: tailFirst + TAIL_ROWS - 5,
    pasteRows: [tailFirst + 5, tailFirst + 104],
    reviewOutputId: outputId(tailFirst + TAIL_ROWS - 3 - 1),
  };
}

/** Set up, four handoffs and `rows` outputs: the register the bench and the cost tests start from. */
export function startSeededRegister(rows: number, options: Partial<EmulatorOptions> = {}): { addon: Addon; seeded: SeededRegister } {
  const addon = startAddon(options);
  addon.runner.open({ authMode: 'LIMITED' });
  addon.runner.clickMenu('Set up register');
  const seeded = seedRegister(addon, rows);
  return { addon, seeded };
}

/**
 * Builds every row's cells by header and writes them in one execution, one setValues. Row i
 * (0-based) is logged at `loggedAt(i)`; by default the seedRegister layout: older rows every 30
 * minutes up to 30 h ago, the tail every 10 minutes from 20 h ago.
 */
function writeRows(addon: Addon, kinds: readonly Kind[], handoffIds: readonly string[], now: number, loggedAt?: (i: number) => number): { headers: string[] } {
  const app = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const run = addon.emulator.beginExecution('menu', {});
  try {
    const sheet = app.getActiveSpreadsheet().getSheetByName('Register');
    if (sheet === null) throw new Error('seedRegister: no Register tab (run Set up register first)');
    const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]?.map(String) ?? [];
    if (!headers.includes('Output ID')) throw new Error('seedRegister: the Register has no Output ID header');
    const n = kinds.length;
    // Spare empty rows below the data, as a sheet grown by "Add 1000 more rows" has, so appending
    // one row costs the same at every size.
    const maxRows = Math.ceil((n + 1 + SPARE_ROWS) / 1000) * 1000;
    if (maxRows > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), maxRows - sheet.getMaxRows());

    const bodyRows = kinds.length - 1 - TAIL_ROWS;
    const perKind = new Map<string, number>();
    const cellRandom = prng(0xce11);
    let previous: Record<string, unknown> = {};
    const grid = kinds.map((kind, i) => {
      // Owners rotate by position within the kind, so every owner has work of every kind it owns.
      const k = perKind.get(kind) ?? 0;
      perKind.set(kind, k + 1);
      const h = k % SEED_HANDOFFS.length;
      const pair = Math.floor(k / SEED_HANDOFFS.length) % 2;
      const spec = SEED_HANDOFFS[h] as SeedHandoff;
      const tail = i >= bodyRows;
      // Older rows every 30 minutes up to 30 h ago; the tail every 10 minutes from 20 h ago.
      const logged = loggedAt
        ? loggedAt(i)
        : tail
          ? now - 20 * HOUR_MS + (i - bodyRows) * 10 * MINUTE_MS
          : now - 30 * HOUR_MS - (bodyRows - 1 - i) * 30 * MINUTE_MS;
      const id = outputId(i + 1);
      const cells: Record<string, unknown> = {
        'Output ID': id,
        'Logged at': new Date(logged),
        'Handoff ID': handoffIds[h],
        Task: spec.form.task,
        Output: `${String(spec.form.outputType)} ${i + 1}`,
        Link: `https://docs.example.com/d/${id}`,
        Version: 1,
        'Input owner': spec.input[pair],
        'Review owner': spec.review[pair],
        'Next-step owner': spec.nextStep[pair],
        Shipped: false,
        Status: 'Awaiting review',
      };
      const decide = (decision: 'Approve' | 'Edit' | 'Reject', afterMs: number) => {
        const items = spec.checklist;
        const failed = decision === 'Approve' ? 0 : 1 + Math.floor(cellRandom() * Math.min(2, items.length - 1));
        const minutes =
          decision === 'Approve'
            ? 2 + Math.floor(cellRandom() * 7)
            : decision === 'Edit'
              ? 4 + Math.floor(cellRandom() * 24)
              : 3 + Math.floor(cellRandom() * 12);
        Object.assign(cells, {
          Decision: decision,
          'Decided at': new Date(logged + afterMs),
          'Decided by': spec.review[pair],
          'Review minutes': minutes,
          Checklist:
            failed === 0
              ? `${items.length}/${items.length} passed`
              : `${items.length - failed}/${items.length} passed; failed: ${items.slice(0, failed).join(', ')}`,
          'Rework cause': decision === 'Reject' || minutes > spec.reviewCapMin ? CAUSES[Math.floor(cellRandom() * CAUSES.length)] : '',
          // What a Reject missed: the approval rule asks for it (Context, Accuracy, Tone, Core task).
          Missed: decision === 'Reject' ? MISSED_REASONS[Math.floor(cellRandom() * MISSED_REASONS.length)] : '',
          Status: decision === 'Reject' ? 'Rejected' : 'Awaiting next step',
        });
      };
      const ship = (afterMs: number) =>
        Object.assign(cells, { Shipped: true, 'Shipped at': new Date(logged + afterMs), Destination: spec.destination, Status: 'Shipped' });
      // Stalled rows: most never reminded, some reminded a day ago (due again), some 3 h ago (not due).
      const reminded = () => {
        const r = k % 7;
        if (r >= 4) cells['Last reminder'] = new Date(now - (r === 6 ? 3 : 26) * HOUR_MS);
      };
      const approveOrEdit = () => (cellRandom() < 0.7 ? 'Approve' : 'Edit');

      switch (kind) {
        case 'stalledReview':
          reminded();
          break;
        case 'stalledNextStep':
          decide(approveOrEdit(), (1 + (k % 4)) * HOUR_MS);
          reminded();
          break;
        case 'stalledRevise':
          decide('Reject', (1 + (k % 4)) * HOUR_MS);
          reminded();
          break;
        case 'rejectedRevised':
          decide('Reject', 15 * MINUTE_MS);
          cells.Status = 'Revised';
          break;
        case 'revision': {
          // The row before is the rejected version, with the same handoff and owners.
          const prior = previous;
          Object.assign(cells, {
            'Handoff ID': prior['Handoff ID'],
            Task: prior.Task,
            Output: `${String(prior.Output)} (v2)`,
            'Input owner': prior['Input owner'],
            'Review owner': prior['Review owner'],
            'Next-step owner': prior['Next-step owner'],
            Version: 2,
            'Revision of': prior['Output ID'],
          });
          decide('Approve', 2 * HOUR_MS);
          cells['Decided by'] = prior['Review owner'];
          ship(5 * HOUR_MS);
          break;
        }
        case 'shipped':
          decide(approveOrEdit(), (1 + (k % 3)) * HOUR_MS);
          ship((4 + (k % 5)) * HOUR_MS);
          break;
        case 'recentReview':
          break;
        case 'recentNextStep':
          decide('Approve', 5 * MINUTE_MS);
          break;
        case 'recentReject':
          decide('Reject', 5 * MINUTE_MS);
          break;
        case 'typed':
          // Typed at the bottom while the add-on was not listening: only what a person would type.
          for (const key of Object.keys(cells)) if (!['Handoff ID', 'Output', 'Link'].includes(key)) delete cells[key];
          cells.Output = 'Typed by hand';
          break;
        default:
          missedEdit(kind, cells, spec, pair, logged);
      }
      previous = cells;
      return cells;
    });
    const rows = grid.map((cells) => headers.map((h) => (h in cells ? cells[h] : '')));
    sheet.getRange(2, 1, n, headers.length).setValues(rows);
    return { headers };
  } finally {
    addon.emulator.endExecution(run);
  }
}

const MISSED_REASONS = ['Context', 'Accuracy', 'Tone', 'Core task'] as const;

/** The edits whose onEdit never ran, each leaving a stale Status or a missing stamp. */
function missedEdit(kind: Kind, cells: Record<string, unknown>, spec: SeedHandoff, pair: number, logged: number): void {
  switch (kind) {
    case 'missed0': // Approve typed: no Decided at/by, Status still Awaiting review
      Object.assign(cells, { Decision: 'Approve', 'Review minutes': 4, Checklist: `${spec.checklist.length}/${spec.checklist.length} passed` });
      break;
    case 'missed1': // Edit typed with its minutes: no Decided at/by, Status stale
      Object.assign(cells, { Decision: 'Edit', 'Review minutes': 6 });
      break;
    case 'missed2': // Shipped ticked: no Shipped at, Status still Awaiting next step
      Object.assign(cells, {
        Decision: 'Approve',
        'Decided at': new Date(logged + HOUR_MS),
        'Decided by': spec.review[pair],
        'Review minutes': 3,
        Shipped: true,
        Status: 'Awaiting next step',
      });
      break;
    case 'missed3': // Reject typed without a rework cause: no Decided at, Status stale, needs the amber tint
      Object.assign(cells, { Decision: 'Reject', 'Review minutes': 9 });
      break;
    case 'missed4': // Decision cleared: Decided at/by left behind, Status stale
      Object.assign(cells, { 'Decided at': new Date(logged + HOUR_MS), 'Decided by': spec.review[pair], Status: 'Awaiting next step' });
      break;
    case 'missed5': // Shipped unticked: Shipped at left behind, Status still Shipped
      Object.assign(cells, {
        Decision: 'Approve',
        'Decided at': new Date(logged + HOUR_MS),
        'Decided by': spec.review[pair],
        'Review minutes': 2,
        'Shipped at': new Date(logged + 3 * HOUR_MS),
        Destination: spec.destination,
        Status: 'Shipped',
      });
      break;
    default:
      throw new Error(`unknown seed kind ${kind}`);
  }
}

/** Working days a year register covers, and outputs logged on each. */
export const YEAR_WEEKS = 52;
export const OUTPUTS_PER_DAY = 50;
/** Minutes between a working day's outputs: 50 of them from 08:00 to 17:48 (UTC, the sheet's zone in winter). */
const DAY_STEP_MIN = 12;
const DAY_MS = 24 * HOUR_MS;

export interface YearRegister {
  /** Outputs written (the typed row aside): weeks × 5 working days × outputs a day. */
  readonly outputs: number;
  /** Data rows written, the typed row included; sheet rows 2..rows+1. */
  readonly rows: number;
  readonly handoffIds: readonly string[];
  readonly kinds: Readonly<Record<string, number>>;
  /** First and last day logged (UTC midnight), oldest first. */
  readonly firstDay: Date;
  readonly lastDay: Date;
}

/**
 * A register used for `weeks` weeks at `perDay` outputs every working day (Monday to Friday, no
 * holidays), ending on the last working day before the clock's day: rows in the order they were
 * logged, oldest first, as a real register grows. The mix is seedRegister's (about 15% of rows
 * stalled in each stage, 5% rejected then revised, the rest shipped) shuffled over the whole year
 * with the same fixed seed; the missed edits the hourly repair finds are in the last working
 * day, since a running hourly job would have repaired older ones; one row typed by hand at the
 * bottom. No recent tail: at the clock's time every open row is older than a day, so stalled.
 */
export function seedYearRegister(addon: Addon, weeks = YEAR_WEEKS, perDay = OUTPUTS_PER_DAY): YearRegister {
  const outputs = weeks * 5 * perDay;
  const handoffIds = SEED_HANDOFFS.map((h) => savedHandoffId(addon.runner.scriptRun('saveHandoff', [h.form])));
  const now = addon.emulator.clock.now();

  // The working days, oldest first, ending the working day before today.
  const days: number[] = [];
  for (let day = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS; days.length < weeks * 5; day -= DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.unshift(day);
  }

  const spread = outputs - MISSED_EDITS;
  const stalledEach = Math.round(STALL_SHARE * outputs);
  const pairs = Math.round(REVISED_PAIR_SHARE * outputs);
  const shippedRows = spread - 3 * stalledEach - 2 * pairs;
  if (shippedRows < 0) throw new Error(`seedYearRegister needs more outputs for its mix, got ${outputs}`);
  const random = prng(0x5eed);
  const tokens: Kind[] = [
    ...Array<Kind>(stalledEach).fill('stalledReview'),
    ...Array<Kind>(stalledEach).fill('stalledNextStep'),
    ...Array<Kind>(stalledEach).fill('stalledRevise'),
    ...Array<Kind>(pairs).fill('rejectedRevised'),
    ...Array<Kind>(shippedRows).fill('shipped'),
  ];
  for (let i = tokens.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [tokens[i], tokens[j]] = [tokens[j] as Kind, tokens[i] as Kind];
  }
  const kinds: Kind[] = tokens.flatMap((k) => (k === 'rejectedRevised' ? ['rejectedRevised', 'revision'] : [k]));
  // The missed edits among the last day's rows, never between a reject and its revision.
  for (let k = 0; k < MISSED_EDITS; k++) {
    let at = outputs - perDay + 3 + 7 * k;
    while (kinds[at - 1] === 'rejectedRevised') at++;
    kinds.splice(at, 0, `missed${k}` as Kind);
  }
  kinds.push('typed');

  const loggedAt = (i: number) => {
    const n = Math.min(i, outputs - 1);
    return (days[Math.floor(n / perDay)] as number) + 8 * HOUR_MS + (n % perDay) * DAY_STEP_MIN * MINUTE_MS;
  };
  writeRows(addon, kinds, handoffIds, now, loggedAt);
  const counts: Record<string, number> = {};
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  addon.emulator.world.currentUser = 'owner@example.com';
  (addon.emulator.properties.document as Map<string, string>).set('outputCounter', String(outputs));
  return {
    outputs,
    rows: kinds.length,
    handoffIds,
    kinds: counts,
    firstDay: new Date(days[0] as number),
    lastDay: new Date(days[days.length - 1] as number),
  };
}

/** Set up, four handoffs and a year of outputs (seedYearRegister). */
export function startYearRegister(options: Partial<EmulatorOptions> = {}): { addon: Addon; year: YearRegister } {
  const addon = startAddon(options);
  addon.runner.open({ authMode: 'LIMITED' });
  addon.runner.clickMenu('Set up register');
  const year = seedYearRegister(addon);
  return { addon, year };
}
