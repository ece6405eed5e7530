// A realistic pilot to start the playground from (a first npm start, or --demo): a small agency's three
// AI handoffs over two working weeks, made by driving the real bundle the way its people would:
// the sidebar for handoffs, logging and most reviews, the grid for some decisions, ticks and a
// paste. Fixed dates and a fixed script, so every run builds the same workbook.
//
// It ends on Thursday 19 November 2026 at 15:00 (London) with reminders just turned on: the first
// hourly run (16:00) reminds the owners of the stalled items, and "Next Friday 16:00" writes the
// Friday summary for the week of 16 November.

import type { Decision, Missed, ReworkCause } from '../src/core/vocabulary';
import type { HandoffForm, ReviewForm } from '../src/shared/forms';
import { createFreshSession, type Session } from './session';

export const DEMO_TIME_ZONE = 'Europe/London';
export const DEMO_START = '2026-11-09T08:30:00Z';
export const DEMO_END = '2026-11-19T15:00:00Z';

const MAYA = 'maya@example.com'; // content lead; owns the spreadsheet and runs the reminders
const LEO = 'leo@example.com'; // account manager
const PRIYA = 'priya@example.com'; // project manager and scheduler
const SAM = 'sam@example.com'; // sales

export const DEMO_HANDOFFS: readonly HandoffForm[] = [
  {
    task: 'Social posts for clients',
    toolStep: "Claude drafts three posts (LinkedIn and Instagram) from the client brief and this month's offer",
    inputRequired: 'Client brief: audience, offer, price, dates and the brand voice sheet, filled in by the account manager',
    outputStandard: 'In the brand voice; offer, price and dates exactly as in the brief; one call to action per post; no claims the client has not approved',
    outputType: 'Social post',
    risk: 'Medium',
    inputOwner: LEO,
    reviewOwner: MAYA,
    nextStepOwner: PRIYA,
    reviewCapMin: 15,
    nextStep: "Schedule in the client's posting slots in Buffer",
    measurement: 'Posts shipped per week; edits under 15 minutes; rework under 20%',
    reviewChecklist: ['Brand voice', 'Offer details match the brief', 'One call to action', 'No unapproved claims'],
    stallAfterH: 24,
    status: 'Active',
    baselineMin: 45,
    targetMin: 20,
  },
  {
    task: 'Client status updates',
    toolStep: "Claude turns the week's project tracker export into a client-ready status email",
    inputRequired: 'Tracker export with milestones, dates and open risks, updated by the project manager by Thursday noon',
    outputStandard: 'Milestones and dates match the tracker; every risk stated plainly with an owner; under 250 words; no internal jargon',
    outputType: 'Email',
    risk: 'High',
    inputOwner: PRIYA,
    reviewOwner: LEO,
    nextStepOwner: SAM,
    reviewCapMin: 20,
    nextStep: "Send to the client's contact from the shared inbox",
    measurement: 'Updates sent by Friday 12:00; no corrections from clients',
    reviewChecklist: ['Dates match the tracker', 'Risks have an owner', 'Under 250 words'],
    stallAfterH: 24,
    status: 'Active',
    baselineMin: 40,
    targetMin: 20,
  },
  {
    task: 'Lead follow-up notes',
    toolStep: 'Claude drafts a follow-up note from the discovery-call transcript',
    inputRequired: 'Call transcript and the CRM record (need, budget, timeline), attached by the sales rep within two hours of the call',
    outputStandard: "Names the lead's stated need in their words; pricing matches the current rate card; proposes one next meeting; personal, not templated",
    outputType: 'Email',
    risk: 'Medium',
    inputOwner: SAM,
    reviewOwner: PRIYA,
    nextStepOwner: SAM,
    reviewCapMin: 10,
    nextStep: "Send from the rep's own inbox and log it in the CRM",
    measurement: 'Follow-ups sent within 24 hours of the call; reply rate',
    reviewChecklist: [
      'Stated need in their words',
      'Pricing matches the rate card',
      'One next meeting proposed',
      'Personal, not templated',
      'No promises we cannot keep',
    ],
    stallAfterH: 24,
    status: 'Pilot',
    baselineMin: 25,
    targetMin: 12,
  },
];

/**
 * What the input owner spent preparing each output (a revision takes half), and which prompt made
 * it: the social-post prompt gained an offer table for week 47, the status prompt a rule to list
 * every milestone after Lumen's QA milestone went missing on 18 November.
 */
const PREP_MINUTES: Record<HandoffNumber, number> = { 1: 8, 2: 12, 3: 6 };
function promptVersion(handoff: HandoffNumber, at: string): string {
  if (handoff === 1) return at < '2026-11-16' ? 'posts v1' : 'posts v2 (offer table)';
  if (handoff === 2) return at < '2026-11-18T12' ? 'status v1' : 'status v2 (every milestone)';
  return 'follow-up v1';
}

type HandoffNumber = 1 | 2 | 3;

/** A save the demo made must have been accepted: a refused form would silently thin the pilot. */
function saved(result: unknown, what: string): unknown {
  if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false) {
    throw new Error(`demo: ${what} was refused: ${JSON.stringify((result as { errors?: unknown }).errors)}`);
  }
  return result;
}

interface DemoReview {
  readonly at: string;
  /** The sidebar's Review form, or the Register's Decision, Review minutes and Rework cause cells. */
  readonly via: 'sidebar' | 'grid';
  readonly decision: Decision;
  readonly minutes: number;
  readonly cause?: ReworkCause;
  /** What a Reject missed: the approval rule asks for it. */
  readonly missed?: Missed;
  readonly failed?: readonly string[];
  readonly notes?: string;
}

interface DemoOutput {
  /** How later entries refer to this one (Revision of). */
  readonly key: string;
  readonly at: string;
  readonly handoff: HandoffNumber;
  readonly title: string;
  readonly revisionOf?: string;
  /** Typed into the grid as part of a paste of several rows, rather than logged in the sidebar. */
  readonly pasted?: boolean;
  readonly review?: DemoReview;
  /** When the next-step owner ticked Shipped in the grid. */
  readonly shippedAt?: string;
}

// Times are UTC, which is London time in November.
export const DEMO_OUTPUTS: readonly DemoOutput[] = [
  // Week of 9 November
  {
    key: 'acme-nov',
    at: '2026-11-09T09:10Z',
    handoff: 1,
    title: 'Acme Bakery: November offer, three posts',
    review: { at: '2026-11-09T11:00Z', via: 'sidebar', decision: 'Approve', minutes: 6 },
    shippedAt: '2026-11-09T14:00Z',
  },
  {
    key: 'bloom-wreath',
    at: '2026-11-09T09:40Z',
    handoff: 1,
    title: 'Bloom Florists: winter wreath launch',
    review: { at: '2026-11-10T09:30Z', via: 'grid', decision: 'Edit', minutes: 12 },
    shippedAt: '2026-11-10T11:00Z',
  },
  {
    key: 'northwind-46',
    at: '2026-11-09T12:00Z',
    handoff: 2,
    title: 'Northwind: weekly status, week 46',
    review: { at: '2026-11-09T16:00Z', via: 'sidebar', decision: 'Approve', minutes: 9 },
    shippedAt: '2026-11-10T09:00Z',
  },
  {
    key: 'greenleaf',
    at: '2026-11-09T15:00Z',
    handoff: 3,
    title: 'Follow-up: Greenleaf Architects',
    review: { at: '2026-11-10T10:00Z', via: 'sidebar', decision: 'Approve', minutes: 3 },
    shippedAt: '2026-11-10T10:30Z',
  },
  {
    key: 'cedar-whitening',
    at: '2026-11-10T10:00Z',
    handoff: 1,
    title: 'Cedar Dental: whitening promo',
    review: {
      at: '2026-11-10T15:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 8,
      cause: 'Input',
      missed: 'Accuracy',
      failed: ['Offer details match the brief'],
      notes: "The brief still had last month's price (£199; it is £249 now).",
    },
  },
  {
    key: 'harbor-46',
    at: '2026-11-10T12:00Z',
    handoff: 2,
    title: 'Harbor Co: weekly status, week 46',
    review: {
      at: '2026-11-11T10:00Z',
      via: 'sidebar',
      decision: 'Edit',
      minutes: 28,
      cause: 'Input',
      failed: ['Dates match the tracker'],
      notes: 'The tracker export was two days old; fixed three dates by hand.',
    },
    shippedAt: '2026-11-11T12:00Z',
  },
  {
    key: 'osprey',
    at: '2026-11-10T16:00Z',
    handoff: 3,
    title: 'Follow-up: Osprey Logistics',
    review: {
      at: '2026-11-11T09:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 6,
      cause: 'Prompt',
      missed: 'Tone',
      failed: ['Personal, not templated', 'Stated need in their words'],
      notes: 'Reads like a template; says nothing about their 40-van fleet.',
    },
  },
  {
    key: 'cedar-whitening-2',
    at: '2026-11-11T09:00Z',
    handoff: 1,
    title: 'Cedar Dental: whitening promo, v2',
    revisionOf: 'cedar-whitening',
    review: { at: '2026-11-11T11:30Z', via: 'sidebar', decision: 'Approve', minutes: 5 },
    shippedAt: '2026-11-11T16:00Z',
  },
  {
    key: 'acme-xmas',
    at: '2026-11-11T10:15Z',
    handoff: 1,
    title: 'Acme Bakery: Christmas pre-orders',
    review: {
      at: '2026-11-12T10:00Z',
      via: 'sidebar',
      decision: 'Edit',
      minutes: 22,
      cause: 'Prompt',
      failed: ['Brand voice'],
      notes: 'Too formal for Acme; rewrote all three hooks.',
    },
    shippedAt: '2026-11-12T12:00Z',
  },
  {
    key: 'osprey-2',
    at: '2026-11-11T12:00Z',
    handoff: 3,
    title: 'Follow-up: Osprey Logistics, v2',
    revisionOf: 'osprey',
    review: { at: '2026-11-11T14:00Z', via: 'sidebar', decision: 'Approve', minutes: 4 },
    shippedAt: '2026-11-11T15:00Z',
  },
  {
    key: 'pine',
    at: '2026-11-12T11:00Z',
    handoff: 3,
    title: 'Follow-up: Pine & Co',
    review: { at: '2026-11-12T15:00Z', via: 'grid', decision: 'Edit', minutes: 8 },
    shippedAt: '2026-11-12T16:00Z',
  },
  {
    key: 'dunmore-jan',
    at: '2026-11-12T09:30Z',
    handoff: 1,
    title: 'Dunmore Gym: January early-bird',
    review: { at: '2026-11-12T14:00Z', via: 'grid', decision: 'Approve', minutes: 4 },
    shippedAt: '2026-11-13T10:00Z',
  },
  // Approved in the grid on a High-risk handoff (its checklist belongs in the review panel), then sent anyway: Shipped without approval.
  {
    key: 'lumen-46',
    at: '2026-11-12T12:30Z',
    handoff: 2,
    title: 'Lumen Labs: weekly status, week 46',
    review: { at: '2026-11-12T17:00Z', via: 'grid', decision: 'Approve', minutes: 11 },
    shippedAt: '2026-11-13T09:30Z',
  },
  {
    key: 'bloom-xmas',
    at: '2026-11-13T09:00Z',
    handoff: 1,
    title: 'Bloom Florists: Christmas delivery dates',
    review: {
      at: '2026-11-13T11:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 10,
      cause: 'Input',
      missed: 'Context',
      failed: ['Offer details match the brief'],
      notes: 'The delivery cut-off dates were not in the brief.',
    },
  },
  {
    key: 'northwind-risk',
    at: '2026-11-13T10:00Z',
    handoff: 2,
    title: 'Northwind: risk note on the data migration',
    review: { at: '2026-11-13T13:00Z', via: 'sidebar', decision: 'Edit', minutes: 14 },
    shippedAt: '2026-11-13T15:00Z',
  },
  // Week of 16 November
  {
    key: 'bloom-xmas-2',
    at: '2026-11-16T09:00Z',
    handoff: 1,
    title: 'Bloom Florists: Christmas delivery dates, v2',
    revisionOf: 'bloom-xmas',
    review: { at: '2026-11-16T12:00Z', via: 'sidebar', decision: 'Approve', minutes: 5 },
    shippedAt: '2026-11-16T15:00Z',
  },
  {
    key: 'cedar-newpatient',
    at: '2026-11-16T09:30Z',
    handoff: 1,
    title: 'Cedar Dental: new patient offer',
    review: {
      at: '2026-11-17T11:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 9,
      cause: 'Input',
      missed: 'Accuracy',
      failed: ['Offer details match the brief', 'No unapproved claims'],
      notes: 'The brief does not say whether the free consultation is limited; the draft promises it to everyone.',
    },
  },
  {
    key: 'harbor-47',
    at: '2026-11-16T10:00Z',
    handoff: 2,
    title: 'Harbor Co: weekly status, week 47',
    review: { at: '2026-11-16T15:00Z', via: 'sidebar', decision: 'Approve', minutes: 10 },
    shippedAt: '2026-11-17T09:00Z',
  },
  {
    key: 'northwind-47',
    at: '2026-11-16T11:00Z',
    handoff: 2,
    title: 'Northwind: weekly status, week 47',
    review: { at: '2026-11-17T10:00Z', via: 'grid', decision: 'Edit', minutes: 25, cause: 'Input' },
    shippedAt: '2026-11-17T12:00Z',
  },
  { key: 'kestrel', at: '2026-11-16T14:00Z', handoff: 3, title: 'Follow-up: Kestrel Software' },
  {
    key: 'acme-lastorder',
    at: '2026-11-17T09:00Z',
    handoff: 1,
    title: 'Acme Bakery: last order dates for Christmas',
    review: { at: '2026-11-17T10:30Z', via: 'sidebar', decision: 'Approve', minutes: 4 },
  },
  {
    key: 'quarry',
    at: '2026-11-17T10:00Z',
    handoff: 3,
    title: 'Follow-up: Quarry Street Cafe',
    pasted: true,
    review: { at: '2026-11-17T14:00Z', via: 'sidebar', decision: 'Approve', minutes: 3 },
    shippedAt: '2026-11-17T15:00Z',
  },
  {
    key: 'rowan',
    at: '2026-11-17T10:00Z',
    handoff: 3,
    title: 'Follow-up: Rowan Health',
    pasted: true,
    review: { at: '2026-11-18T09:00Z', via: 'grid', decision: 'Edit', minutes: 12, cause: 'Prompt' },
    shippedAt: '2026-11-18T10:00Z',
  },
  {
    key: 'lumen-47',
    at: '2026-11-17T12:00Z',
    handoff: 2,
    title: 'Lumen Labs: weekly status, week 47',
    review: {
      at: '2026-11-18T11:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 7,
      cause: 'Input',
      missed: 'Context',
      failed: ['Dates match the tracker'],
      notes: 'The tracker export is missing the QA milestone.',
    },
  },
  // Rejected in the grid with only the decision and minutes: it waits as Needs details for what it missed and why.
  {
    key: 'dunmore-ny',
    at: '2026-11-18T09:00Z',
    handoff: 1,
    title: 'Dunmore Gym: New Year class schedule',
    review: { at: '2026-11-19T12:00Z', via: 'grid', decision: 'Reject', minutes: 5 },
  },
  {
    key: 'bloom-giftcard',
    at: '2026-11-18T10:00Z',
    handoff: 1,
    title: 'Bloom Florists: gift card reminder',
    review: { at: '2026-11-18T14:00Z', via: 'sidebar', decision: 'Approve', minutes: 6 },
    shippedAt: '2026-11-19T09:00Z',
  },
  {
    key: 'sterling',
    at: '2026-11-18T11:30Z',
    handoff: 3,
    title: 'Follow-up: Sterling Law',
    review: { at: '2026-11-18T16:00Z', via: 'sidebar', decision: 'Approve', minutes: 4 },
  },
  { key: 'lumen-47-2', at: '2026-11-18T15:00Z', handoff: 2, title: 'Lumen Labs: weekly status, week 47, v2', revisionOf: 'lumen-47' },
  { key: 'acme-boxing', at: '2026-11-19T09:00Z', handoff: 1, title: 'Acme Bakery: Boxing Day opening hours' },
  {
    key: 'northwind-roadmap',
    at: '2026-11-19T10:00Z',
    handoff: 2,
    title: 'Northwind: December roadmap summary',
    review: {
      at: '2026-11-19T13:00Z',
      via: 'sidebar',
      decision: 'Reject',
      minutes: 6,
      cause: 'Input',
      missed: 'Core task',
      failed: ['Dates match the tracker', 'Risks have an owner'],
      notes: 'The roadmap document was not attached; the draft guessed the dates.',
    },
  },
  { key: 'tidewater', at: '2026-11-19T11:00Z', handoff: 3, title: 'Follow-up: Tidewater Events' },
];

const handoffId = (n: HandoffNumber) => `H-00${n}`;
const handoffOf = (n: HandoffNumber) => DEMO_HANDOFFS[n - 1] as HandoffForm;
const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

type Step = { readonly at: number; readonly order: number; readonly act: () => void };

/** The demo pilot, built by the bundle itself. */
export function createDemoSession(root: string): Session {
  const session = createFreshSession(root, {
    now: new Date(DEMO_START),
    timeZone: DEMO_TIME_ZONE,
    user: MAYA,
    owner: MAYA,
    // Everyone is in one Workspace domain, so Google shares the editor with onEdit (Decided by).
    revealActiveUserToSimpleTriggers: true,
  });
  const { emulator } = session;
  const ids = new Map<string, string>();

  const header = (tab: string): string[] => {
    const sheet = session.state('').sheets.find((s) => s.name === tab);
    return (sheet?.display[0] ?? []).map(String);
  };
  const letter = (tab: string, name: string): string => {
    const index = header(tab).indexOf(name);
    if (index < 0) throw new Error(`demo: no ${name} column in ${tab}`);
    let n = index + 1;
    let out = '';
    while (n > 0) {
      out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
      n = Math.floor((n - 1) / 26);
    }
    return out;
  };
  const rowOf = (outputId: string): number => {
    const register = session.state('').sheets.find((s) => s.name === 'Register');
    const column = header('Register').indexOf('Output ID');
    const row = register?.display.findIndex((r) => r[column] === outputId) ?? -1;
    if (row < 0) throw new Error(`demo: ${outputId} is not in the Register`);
    return row + 1;
  };
  const idOf = (key: string): string =>
    ids.get(key) ??
    (() => {
      throw new Error(`demo: ${key} was not logged yet`);
    })();
  const as = (user: string, act: () => void) => {
    emulator.setUser(user);
    act();
  };
  const editCell = (column: string, outputId: string, value: string | number | boolean) =>
    session.edit('Register', `${letter('Register', column)}${rowOf(outputId)}`, [[value]]);

  const steps: Step[] = [];
  DEMO_OUTPUTS.forEach((output, order) => {
    const handoff = handoffOf(output.handoff);
    if (!output.pasted) {
      steps.push({
        at: Date.parse(output.at),
        order,
        act: () =>
          as(handoff.inputOwner, () => {
            const form = {
              handoffId: handoffId(output.handoff),
              output: output.title,
              link: `https://docs.example.com/d/${slug(output.title)}`,
              ...(output.revisionOf === undefined ? {} : { revisionOf: idOf(output.revisionOf) }),
              prepMinutes: output.revisionOf === undefined ? PREP_MINUTES[output.handoff] : PREP_MINUTES[output.handoff] / 2,
              promptVersion: promptVersion(output.handoff, output.at),
            };
            const { outputId } = saved(session.scriptRun('logOutput', [form]), output.key) as { outputId: string };
            ids.set(output.key, outputId);
          }),
      });
    }
    const review = output.review;
    if (review) {
      steps.push({
        at: Date.parse(review.at),
        order,
        act: () =>
          as(handoff.reviewOwner, () => {
            const outputId = idOf(output.key);
            if (review.via === 'sidebar') {
              const form: ReviewForm = {
                outputId,
                decision: review.decision,
                reviewMinutes: review.minutes,
                checklistPassed: (handoff.reviewChecklist ?? []).filter((item) => !(review.failed ?? []).includes(item)),
                reworkCause: review.cause ?? '',
                missed: review.missed ?? '',
                notes: review.notes ?? '',
              };
              saved(session.scriptRun('reviewOutput', [form]), output.key);
            } else {
              // One cell at a time, as a reviewer working down the row would.
              editCell('Decision', outputId, review.decision);
              editCell('Review minutes', outputId, review.minutes);
              if (review.missed !== undefined) editCell('Missed', outputId, review.missed);
              if (review.cause !== undefined) editCell('Rework cause', outputId, review.cause);
            }
          }),
      });
    }
    if (output.shippedAt !== undefined) {
      steps.push({ at: Date.parse(output.shippedAt), order, act: () => as(handoff.nextStepOwner, () => editCell('Shipped', idOf(output.key), true)) });
    }
  });
  // The pasted rows: Sam pastes two follow-ups (Output, Link, Handoff ID, Task) below the last row.
  const pasted = DEMO_OUTPUTS.filter((o) => o.pasted);
  const first = pasted[0];
  if (first) {
    steps.push({
      at: Date.parse(first.at),
      order: DEMO_OUTPUTS.indexOf(first),
      act: () =>
        as(SAM, () => {
          const register = session.state('').sheets.find((s) => s.name === 'Register');
          const row = (register?.values.length ?? 1) + 1;
          // Output, Link, Handoff ID and Task sit side by side in the Register Set up makes.
          const from = letter('Register', 'Output');
          const to = letter('Register', 'Task');
          session.edit(
            'Register',
            `${from}${row}:${to}${row + pasted.length - 1}`,
            pasted.map((o) => [o.title, `https://docs.example.com/d/${slug(o.title)}`, handoffId(o.handoff), handoffOf(o.handoff).task]),
          );
          pasted.forEach((o, i) => {
            const idColumn = header('Register').indexOf('Output ID');
            const registerNow = session.state('').sheets.find((s) => s.name === 'Register');
            const outputId = registerNow?.display[row - 1 + i]?.[idColumn];
            if (!outputId) throw new Error(`demo: the pasted row for ${o.title} got no Output ID`);
            ids.set(o.key, outputId);
          });
        }),
    });
  }
  // By time; same-time steps in table order (a log before its own review).
  steps.sort((a, b) => a.at - b.at || a.order - b.order);

  as(MAYA, () => {
    session.menu('setUpRegister');
    for (const handoff of DEMO_HANDOFFS) saved(session.scriptRun('saveHandoff', [handoff]), handoff.task);
  });
  for (const step of steps) {
    session.advanceTo(step.at);
    step.act();
  }
  session.advanceTo(Date.parse(DEMO_END));
  as(MAYA, () => session.menu('turnOnReminders'));
  // The last step's edit left a Register row selected, which opens the sidebar on its Review; a
  // newcomer starts on My queue, with the Register at its top-left.
  session.select('Register', 'A1');
  // The pilot's history is the point; the set-up toasts and the turn-on alert are not.
  emulator.ui.toasts.splice(0);
  emulator.ui.alerts.splice(0);
  return session;
}
