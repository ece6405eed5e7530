import { charge, notImplemented, type World } from '../world';
import { executionOrDefault, requireAuth, SCOPES } from './auth';
import { strict } from './strict';

export interface SentEmail {
  /** The effective user the message went out as. */
  readonly from: string;
  readonly to: string;
  readonly cc: string | undefined;
  readonly bcc: string | undefined;
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string | undefined;
  readonly name: string | undefined;
  readonly replyTo: string | undefined;
  readonly noReply: boolean;
  readonly at: number;
}

export interface MailFault {
  readonly matches: (recipient: string) => boolean;
  readonly message: string;
}

export interface MailState {
  readonly outbox: SentEmail[];
  readonly dailyQuota: number;
  /** Per sender: when their 24-hour quota window opened and how many recipients it has used. */
  readonly usage: Map<string, { windowStart: number; used: number }>;
  readonly faults: MailFault[];
}

export function createMailState(dailyQuota = 100): MailState {
  return { outbox: [], dailyQuota, usage: new Map(), faults: [] };
}

// Quotas page: consumer accounts may email 100 recipients/day ("Email recipients per day"), and
// "Quotas are per user and reset 24 hours after the first request". We follow that text rather
// than a midnight reset.
const DAY_MS = 24 * 60 * 60 * 1000;
export const MAIL_QUOTA_MESSAGE = 'Service invoked too many times for one day: email.';
// The text MailApp throws when to, cc and bcc are all empty.
export const NO_RECIPIENT_MESSAGE = 'Failed to send email: no recipient';

// Deliberately loose, like Google's: one @, no spaces, a dot in the domain.
const addressPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+$/;

type MailParams = GoogleAppsScript.Mail.MailAdvancedParameters;

export function createMailApp(world: World, state: MailState) {
  function usageOf(sender: string) {
    const now = world.clock.now();
    let usage = state.usage.get(sender);
    if (usage === undefined || now - usage.windowStart >= DAY_MS) {
      usage = { windowStart: now, used: 0 };
      state.usage.set(sender, usage);
    }
    return usage;
  }

  function send(message: MailParams): void {
    requireAuth(world, 'FULL', 'MailApp.sendEmail', SCOPES.sendMail);
    if (message.attachments !== undefined || message.inlineImages !== undefined) {
      notImplemented('MailApp.sendEmail with attachments or inlineImages');
    }
    const to = splitRecipients(message.to);
    const cc = splitRecipients(message.cc);
    const bcc = splitRecipients(message.bcc);
    const everyone = [...to, ...cc, ...bcc];
    if (everyone.length === 0) throw new Error(NO_RECIPIENT_MESSAGE);
    for (const recipient of everyone) {
      if (!addressPattern.test(bareAddress(recipient))) throw new Error(`Invalid email: ${recipient}`);
    }
    const sender = executionOrDefault(world).effectiveUser;
    const usage = usageOf(sender);
    // Every address in to, cc and bcc counts against the recipients-per-day quota.
    if (usage.used + everyone.length > state.dailyQuota) throw new Error(MAIL_QUOTA_MESSAGE);
    const faultIndex = state.faults.findIndex((fault) => everyone.some(fault.matches));
    if (faultIndex >= 0) {
      const [fault] = state.faults.splice(faultIndex, 1);
      throw new Error(fault?.message);
    }
    usage.used += everyone.length;
    state.outbox.push({
      from: sender,
      to: to.join(','),
      cc: cc.length > 0 ? cc.join(',') : undefined,
      bcc: bcc.length > 0 ? bcc.join(',') : undefined,
      subject: String(message.subject ?? ''),
      body: String(message.body ?? ''),
      htmlBody: message.htmlBody,
      name: message.name,
      replyTo: message.replyTo,
      noReply: message.noReply === true,
      at: world.clock.now(),
    });
  }

  const mailApp: Pick<GoogleAppsScript.Mail.MailApp, 'sendEmail' | 'getRemainingDailyQuota'> = {
    sendEmail(first: string | MailParams, second?: string, third?: string, fourth?: string | MailParams): void {
      charge(world, 'MailApp', 'sendEmail');
      if (typeof first === 'object' && first !== null) return send(first);
      if (typeof fourth === 'string') {
        // sendEmail(to, replyTo, subject, body)
        return send({ to: first, replyTo: second ?? '', subject: third ?? '', body: fourth });
      }
      return send({ ...(fourth ?? {}), to: first, subject: second ?? '', body: third ?? '' });
    },
    getRemainingDailyQuota(): number {
      charge(world, 'MailApp', 'getRemainingDailyQuota');
      requireAuth(world, 'FULL', 'MailApp.getRemainingDailyQuota', SCOPES.sendMail);
      const usage = usageOf(executionOrDefault(world).effectiveUser);
      return state.dailyQuota - usage.used;
    },
  };
  return strict('MailApp', mailApp);
}

function splitRecipients(list: string | undefined): string[] {
  if (list === undefined || list === null) return [];
  return String(list)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** "Ana Diaz <ana@example.com>" → "ana@example.com". */
function bareAddress(recipient: string): string {
  const match = /<([^>]*)>\s*$/.exec(recipient);
  return match?.[1]?.trim() ?? recipient;
}
