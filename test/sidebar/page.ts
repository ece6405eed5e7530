// Loads the sidebar that ships (dist/Sidebar.html, built by npm test before the suite) and
// installs a fake google.script.run in front of it, so the page's own logic is tested alone.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { SidebarState } from '../../src/shared/rpc';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildSidebarHtml(): Promise<string> {
  return readFile(join(root, 'dist/Sidebar.html'), 'utf8');
}

export async function writeSidebarFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sidebar-'));
  const file = join(dir, 'Sidebar.html');
  await writeFile(file, await buildSidebarHtml());
  return file;
}

export interface FakeServerOptions {
  readonly state: SidebarState;
  /** Server function name → message its failure handler receives (the unexpected: busy, a service failure). */
  readonly failures?: Readonly<Record<string, string>>;
  /** Server function name → the form problems it answers with, as { ok: false, errors }. */
  readonly rejections?: Readonly<Record<string, readonly { field: string; message: string }[]>>;
  readonly delayMs?: number;
}

export interface RecordedCall {
  readonly name: string;
  readonly arg: unknown;
}

/** Runs in the page before the sidebar's script: a google.script.run with the real call shape. */
function installFakeGoogle(options: FakeServerOptions): void {
  const calls: RecordedCall[] = [];
  const state = JSON.parse(JSON.stringify(options.state)) as SidebarState & { handoffs: unknown[] };
  let nextHandoff = state.handoffs.length + 1;
  const answers: Record<string, (arg: never) => unknown> = {
    getSidebarState: () => state,
    saveHandoff: (form: { handoffId?: string }) => ({ ok: true, handoffId: form.handoffId ?? `H-${String(nextHandoff++).padStart(3, '0')}` }),
    logOutput: () => ({ ok: true, outputId: 'O-000012' }),
    reviewOutput: (form: { outputId: string }) => ({ ok: true, outputId: form.outputId, status: 'Awaiting next step' }),
    saveSettings: (form: object) => ({ ok: true, settings: { ...state.settings, ...form } }),
  };
  const runner = (success: (v: unknown) => void, failure: (e: Error) => void): Record<string, unknown> =>
    new Proxy(
      {},
      {
        get(_target, name: string) {
          if (name === 'withSuccessHandler') return (fn: (v: unknown) => void) => runner(fn, failure);
          if (name === 'withFailureHandler') return (fn: (e: Error) => void) => runner(success, fn);
          return (arg: unknown) => {
            // google.script.run refuses what JSON cannot carry; a Date would arrive as null.
            if (arg !== undefined && JSON.stringify(arg) !== JSON.stringify(JSON.parse(JSON.stringify(arg)))) throw new Error('not JSON-safe');
            calls.push({ name, arg: arg === undefined ? undefined : JSON.parse(JSON.stringify(arg)) });
            setTimeout(() => {
              const failureMessage = options.failures?.[name];
              const errors = options.rejections?.[name];
              if (failureMessage !== undefined) failure(new Error(failureMessage));
              else if (errors !== undefined) success({ ok: false, errors });
              else success(JSON.parse(JSON.stringify(answers[name]?.(arg as never) ?? null)));
            }, options.delayMs ?? 20);
          };
        },
      },
    );
  const w = window as unknown as { google: unknown; serverCalls: RecordedCall[] };
  w.serverCalls = calls;
  w.google = {
    script: {
      run: runner(
        () => {},
        () => {},
      ),
    },
  };
}

export async function openSidebar(browser: Browser, file: string, options: FakeServerOptions): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 300, height: 900 } });
  await page.addInitScript(installFakeGoogle, options);
  await page.goto(`file://${file}`);
  await page.locator('#app:not([hidden])').waitFor();
  return page;
}

export async function serverCalls(page: Page, name?: string): Promise<RecordedCall[]> {
  const calls = await page.evaluate(() => (window as unknown as { serverCalls: RecordedCall[] }).serverCalls);
  return name === undefined ? calls : calls.filter((c) => c.name === name);
}

const SOCIAL: SidebarState['handoffs'][number] = {
  handoffId: 'H-001',
  task: 'Social posts for clients',
  toolStep: 'Drafts three posts from the client brief',
  inputRequired: 'Client brand guidelines, this week’s offer',
  outputStandard: 'Client voice, offer details right, no banned words',
  outputType: 'Social post',
  risk: 'High',
  inputOwner: 'ana@example.com',
  reviewOwner: 'ben@example.com',
  nextStepOwner: 'cleo@example.com',
  approvalRule: 'Approve as is; Edit: light changes within the review cap; Reject: missed context, accuracy, tone or the core task.',
  reviewCapMin: 15,
  nextStep: 'Scheduled in Buffer',
  measurement: 'Creation time per post; rework rate',
  reviewChecklist: ['Tone fits the client', 'Offer details are right', 'No banned words', 'Call to action present'],
  stallAfterH: 24,
  status: 'Active',
  baselineMin: 20,
  targetMin: 12,
  pilotStarted: '',
};

export function sampleState(): SidebarState {
  return {
    user: 'ben@example.com',
    timeZone: 'Europe/London',
    setUp: true,
    handoffs: [
      SOCIAL,
      {
        ...SOCIAL,
        handoffId: 'H-002',
        task: 'Meeting summaries',
        toolStep: 'Summarises the call transcript',
        outputStandard: 'Decisions and owners listed; nothing invented',
        risk: 'Low',
        reviewCapMin: 10,
        reviewChecklist: ['Every decision has an owner'],
        stallAfterH: 48,
        status: 'Pilot',
        baselineMin: null,
        targetMin: null,
        pilotStarted: '2026-11-16T09:00:00.000Z',
      },
    ],
    selection: {
      outputId: 'O-000011',
      output: 'Acme spring offer: three posts',
      link: 'https://docs.google.com/document/d/abc123/edit',
      version: 2,
      handoffId: 'H-001',
      task: 'Social posts for clients',
      outputStandard: SOCIAL.outputStandard,
      reviewChecklist: SOCIAL.reviewChecklist,
      reviewCapMin: 15,
      reviewOwner: 'ben@example.com',
      inputOwner: 'ana@example.com',
      risk: 'Medium',
      outputType: 'Social post',
      approvalRule: SOCIAL.approvalRule,
      decision: '',
      reworkCause: '',
      status: 'Awaiting review',
      loggedAt: '2026-11-20T14:00:00.000Z',
    },
    awaitingReview: [
      {
        outputId: 'O-000010',
        output: 'Board call 18 Nov',
        link: '',
        version: 1,
        handoffId: 'H-002',
        task: 'Meeting summaries',
        outputStandard: 'Decisions and owners listed; nothing invented',
        reviewChecklist: ['Every decision has an owner'],
        reviewCapMin: 10,
        reviewOwner: 'ben@example.com',
        inputOwner: 'ana@example.com',
        risk: 'Low',
        outputType: '',
        approvalRule: '',
        decision: '',
        reworkCause: '',
        status: 'Awaiting review',
        loggedAt: '2026-11-18T10:00:00.000Z',
      },
    ],
    awaitingReviewTotal: 1,
    queue: { toReview: [], toFinish: [], toShip: [], toRevise: [], sentBack: [], totals: { toReview: 0, toFinish: 0, toShip: 0, toRevise: 0, sentBack: 0 } },
    rejected: [{ outputId: 'O-000004', handoffId: 'H-001', output: 'Acme winter posts', version: 1 }],
    rejectedTotal: 1,
    summaryPending: '',
    waiting: {
      handoffs: [
        {
          handoffId: 'H-001',
          task: 'Social posts for clients',
          awaitingReview: 2,
          needsDetails: 0,
          awaitingNextStep: 1,
          awaitingRevision: 1,
          oldestHours: 30.5,
        },
        { handoffId: 'H-002', task: 'Meeting summaries', awaitingReview: 1, needsDetails: 0, awaitingNextStep: 0, awaitingRevision: 0, oldestHours: 6 },
      ],
      needsDetails: [
        {
          outputId: 'O-000007',
          output: 'Acme autumn posts',
          decision: 'Reject',
          reason: 'Needs what it missed (context, accuracy, tone or the core task); a rework cause',
        },
      ],
      needsDetailsTotal: 1,
      unapproved: [],
      changedAfterShipping: [],
      ownerProblems: [{ outputId: 'O-000009', field: 'reviewOwner', value: 'bob@', problem: 'not an email address' }],
      ownerProblemsTotal: 1,
      heldBack: [],
    },
    settings: {
      remindersOn: true,
      reminderIntervalH: 24,
      quietDays: ['Sat', 'Sun'],
      escalationEmail: '',
      summaryHour: 16,
      summaryRecipients: ['owner@example.com'],
      archiveAfterWeeks: 8,
      whoMayDecide: 'Review owner, others marked',
      tellOwners: 'In the next digest',
      sendFrom: 8,
      sendUntil: 18,
    },
    job: { on: true, runBy: 'owner@example.com', lastRunAt: '2026-11-20T15:00:00.000Z', lastResult: '3 reminders sent' },
  };
}
