// The digest: one email per owner per run, in plain text and HTML, with what landed on them
// ("New for you") above what has waited too long. Every piece of user text is escaped in the
// HTML body: outputs and task names come from whoever typed them. What it says about reminders
// follows the settings in force, and it names an escalation copy only when one was made.

import { type Digest, digestItems, EXPECTED_OF_OWNER, type StalledItem } from './stall';
import { escapeHtml, plural } from './text';

export interface Email {
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string;
}

export interface EmailContext {
  readonly spreadsheetName: string;
  readonly rowLink: (row: number) => string;
  /** Hours between two reminders about the same item. */
  readonly intervalH: number;
  /** When digests go out, e.g. "Monday to Friday, 08:00 to 18:00 (Europe/London)". */
  readonly sendingHours: string;
  /** Who was copied because items were reminded three times already ('' when nobody was). */
  readonly copied: string;
}

const waited = (hours: number) => (hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.round(hours)} hours`);

export function intervalText(hours: number): string {
  if (hours === 24) return 'once a day';
  if (hours % 24 === 0) return `once every ${hours / 24} days`;
  return hours === 1 ? 'once an hour' : `once every ${hours} hours`;
}

export function renderDigest(digest: Digest, context: EmailContext): Email {
  const all = digestItems(digest);
  const subject =
    digest.fresh.length > 0 && digest.items.length === 0
      ? `[Handoff Register] ${plural(all.length, 'new item')} for you in ${context.spreadsheetName}`
      : `[Handoff Register] ${plural(all.length, 'item')} waiting for you in ${context.spreadsheetName}`;
  const escalatedIds = new Set(digest.escalated.map((i) => i.outputId));
  const what = (item: StalledItem) =>
    `${EXPECTED_OF_OWNER[item.stage]}${item.stage === 'nextStep' && item.nextStep ? ` (next step: ${item.nextStep})` : ''}.` +
    `${item.detail ? ` ${item.detail}.` : ''}` +
    `${escalatedIds.has(item.outputId) && context.copied ? ` Reminded 3 times already; ${context.copied} is copied.` : ''}`;
  const line = (item: StalledItem, isNew: boolean) =>
    [
      `- ${item.outputId} "${item.output}" (${item.handoffId} ${item.task})${isNew ? '' : `: waiting ${waited(item.waitedHours)}`}. ${what(item)}`,
      `  ${context.rowLink(item.row)}`,
    ].join('\n');
  const footer = `Each item is reminded ${intervalText(context.intervalH)} at most, ${context.sendingHours}. Handoff Register sends this for your team; reply to ask them to change the owner.`;
  const section = (title: string, items: readonly StalledItem[], isNew: boolean) =>
    items.length === 0 ? [] : [title, '', ...items.map((i) => line(i, isNew)), ''];
  const body = [
    `In "${context.spreadsheetName}":`,
    '',
    ...section('New for you', digest.fresh, true),
    ...section('Waiting too long', digest.items, false),
    footer,
  ].join('\n');
  const htmlItem = (item: StalledItem, isNew: boolean) =>
    `<li><a href="${escapeHtml(context.rowLink(item.row))}">${escapeHtml(item.outputId)}</a> <b>${escapeHtml(item.output)}</b> ` +
    `(${escapeHtml(item.handoffId)} ${escapeHtml(item.task)})${isNew ? '' : `: waiting ${escapeHtml(waited(item.waitedHours))}`}. ${escapeHtml(what(item))}</li>`;
  const htmlSection = (title: string, items: readonly StalledItem[], isNew: boolean) =>
    items.length === 0 ? '' : `<h3>${escapeHtml(title)}</h3><ul>${items.map((i) => htmlItem(i, isNew)).join('')}</ul>`;
  const htmlBody =
    `<p>In <b>${escapeHtml(context.spreadsheetName)}</b>:</p>` +
    htmlSection('New for you', digest.fresh, true) +
    htmlSection('Waiting too long', digest.items, false) +
    `<p style="color:#5f6368">${escapeHtml(footer)}</p>`;
  return { subject, body, htmlBody };
}
