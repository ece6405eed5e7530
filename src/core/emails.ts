// The reminder digest, in plain text and HTML. Every piece of user text is escaped in the HTML
// body: outputs and task names come from whoever typed them.
import { type Digest, EXPECTED_OF_OWNER, type StalledItem } from './stall';
import { escapeHtml } from './text';

export interface Email {
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string;
}

export interface EmailContext {
  readonly spreadsheetName: string;
  readonly rowLink: (row: number) => string;
}

const waited = (hours: number) => (hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.round(hours)} hours`);

export function renderDigest(digest: Digest, context: EmailContext): Email {
  const count = digest.items.length;
  const subject = `[Handoff Register] ${count} item${count === 1 ? '' : 's'} waiting for you in ${context.spreadsheetName}`;
  const escalatedIds = new Set(digest.escalated.map((i) => i.outputId));
  const line = (item: StalledItem) =>
    [
      `- ${item.outputId} "${item.output}" (${item.handoffId} ${item.task}): waiting ${waited(item.waitedHours)}. ${EXPECTED_OF_OWNER[item.stage]}${item.stage === 'nextStep' && item.nextStep ? ` (next step: ${item.nextStep})` : ''}.${escalatedIds.has(item.outputId) ? ' Reminded 3 times already; escalation copied.' : ''}`,
      `  ${context.rowLink(item.row)}`,
    ].join('\n');
  const body = [
    `These AI outputs are waiting on you in "${context.spreadsheetName}":`,
    '',
    ...digest.items.map(line),
    '',
    'You get one reminder a day at most per item. Handoff Register sends this for your team; reply to ask them to change the owner.',
  ].join('\n');
  const htmlItem = (item: StalledItem) =>
    `<li><a href="${escapeHtml(context.rowLink(item.row))}">${escapeHtml(item.outputId)}</a> <b>${escapeHtml(item.output)}</b> ` +
    `(${escapeHtml(item.handoffId)} ${escapeHtml(item.task)}): waiting ${escapeHtml(waited(item.waitedHours))}. ` +
    `${escapeHtml(EXPECTED_OF_OWNER[item.stage])}${item.stage === 'nextStep' && item.nextStep ? ` (next step: ${escapeHtml(item.nextStep)})` : ''}.` +
    `${escapeHtml(escalatedIds.has(item.outputId) ? ' Reminded 3 times already; escalation copied.' : '')}</li>`;
  const htmlBody =
    `<p>These AI outputs are waiting on you in <b>${escapeHtml(context.spreadsheetName)}</b>:</p>` +
    `<ul>${digest.items.map(htmlItem).join('')}</ul>` +
    '<p style="color:#5f6368">You get one reminder a day at most per item. Handoff Register sends this for your team.</p>';
  return { subject, body, htmlBody };
}
