// Digests go out here: from the hourly job (new work and stalled work, one digest per owner), and
// from a sidebar save when owners are told "At once". Each send is recorded by one property
// write straight after it, so whatever fails later, nobody gets the same digest twice; the hourly
// job turns the record into Last reminder stamps in its commit.

import { renderDigest } from '../core/emails';
import type { AuditEntry } from '../core/register';
import { HOURLY_ACTOR } from '../core/register';
import { digestItems, itemKey, type ReminderPlan } from '../core/stall';
import { plural } from '../core/text';
import { REGISTER_SHEET } from '../core/vocabulary';
import { localParts, WEEKDAY_NAMES } from '../core/zone';
import type { Settings } from '../shared/forms';
import { type Context, errorMessage } from './context';
import { readSent, SENT_KEY, type SentDigest } from './jobstate';
import { writeLong } from './longProps';
import type { Session } from './session';
import { spreadsheetZone } from './zone';

/** A transient failure of the one write that records a send is retried, so it is not sent twice. */
const RECORD_ATTEMPTS = 3;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** When digests may go out, in the spreadsheet's zone: the days not left out, between two hours. */
export function sendingWindow(ctx: Context, settings: Settings): { open: boolean; text: string; weekday: string } {
  const local = localParts(spreadsheetZone(ctx), ctx.now);
  const weekday = WEEKDAY_NAMES[local.isoWeekday - 1] ?? 'Mon';
  const days = WEEKDAY_NAMES.map((d, i) => (settings.quietDays.includes(d) ? null : (DAY_NAMES[i] as string))).filter((d): d is string => d !== null);
  const run = days.length === 7 ? 'every day' : days.length === 5 && settings.quietDays.join() === 'Sat,Sun' ? 'Monday to Friday' : `on ${days.join(', ')}`;
  const text = `${run}, ${hh(settings.sendFrom)} to ${hh(settings.sendUntil)} (${ctx.zone})`;
  const open = !settings.quietDays.includes(weekday) && local.hour >= settings.sendFrom && local.hour < settings.sendUntil;
  return { open, text, weekday };
}

export interface Delivery {
  readonly sent: SentDigest[];
  readonly held: string[];
  readonly failed: string[];
  readonly audit: AuditEntry[];
  readonly items: number;
}

/** Sends each digest of the plan while quota and time allow, recording each at once. */
export function deliver(ctx: Context, session: Session, plan: ReminderPlan, settings: Settings, deadline: number): Delivery {
  const audit: AuditEntry[] = [];
  const note = (newValue: string) =>
    audit.push({
      when: ctx.now,
      who: ctx.source === 'hourly check' ? HOURLY_ACTOR : ctx.user || ctx.runAs,
      outputId: '',
      field: 'Reminder',
      oldValue: '',
      newValue,
      source: ctx.source,
    });
  const result: Delivery = { sent: [], held: [], failed: [], audit, items: 0 };
  if (plan.digests.length === 0) return result;
  const escalation = settings.escalationEmail || ctx.owner;
  const register = session.sheet(REGISTER_SHEET);
  const url = `${ctx.book.getUrl()}#gid=${register?.getSheetId() ?? 0}`;
  let quota = ctx.mail.remaining();
  const spreadsheetName = ctx.book.getName();
  const window = sendingWindow(ctx, settings);
  let items = 0;
  for (const [i, digest] of plan.digests.entries()) {
    const count = digestItems(digest).length;
    if (ctx.clock() > deadline) {
      for (const rest of plan.digests.slice(i))
        result.held.push(`${rest.owner}: ${plural(digestItems(rest).length, 'item')}, held back for the next run (time limit)`);
      break;
    }
    const cc = digest.escalated.length > 0 && escalation !== '' && escalation.toLowerCase() !== digest.owner.toLowerCase() ? escalation : '';
    const cost = cc ? 2 : 1;
    if (quota < cost) {
      result.held.push(`${digest.owner}: ${plural(count, 'item')}, held back by the daily mail quota`);
      continue;
    }
    const email = renderDigest(digest, {
      spreadsheetName,
      rowLink: (row) => `${url}&range=${row}:${row}`,
      intervalH: settings.reminderIntervalH,
      sendingHours: window.text,
      copied: cc,
    });
    try {
      ctx.mail.send({ to: digest.owner, ...(cc ? { cc } : {}), subject: email.subject, body: email.body, htmlBody: email.htmlBody });
    } catch (error) {
      // Not recorded, so the next run tries this owner again.
      result.failed.push(`${digest.owner}: ${errorMessage(error)}`);
      note(`failed for ${digest.owner}: ${errorMessage(error)}`);
      continue;
    }
    quota -= cost;
    items += count;
    const record: SentDigest = {
      at: ctx.now.toISOString(),
      owner: digest.owner,
      cc,
      items: digestItems(digest).map(itemKey),
      reminded: digest.items.map(itemKey),
    };
    result.sent.push(record);
    recordSent(ctx, [...readSent(ctx.props), record]);
  }
  for (const line of result.held) note(line);
  return { ...result, items };
}

/** The one property write after a send; retried, since failing it would mean sending again. */
function recordSent(ctx: Context, sent: readonly SentDigest[]): void {
  for (let attempt = 1; ; attempt++) {
    try {
      ctx.props.set(writeLong(ctx.props, SENT_KEY, JSON.stringify(sent)));
      return;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
}
