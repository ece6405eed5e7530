import { describe, expect, it } from 'vitest';
import type { AuthModeName, ExecutionKind } from '../../src/emulator/world';
import { makePlatform, START } from '../fixtures/fakeSpreadsheet';

type P = ReturnType<typeof makePlatform>;
type G = {
  MailApp: GoogleAppsScript.Mail.MailApp;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  LockService: GoogleAppsScript.Lock.LockService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  SpreadsheetApp: { getUi(): GoogleAppsScript.Base.Ui; getActiveSpreadsheet(): unknown };
};
const g = (p: P) => p.globals as unknown as G;

function within<T>(p: P, kind: ExecutionKind, fn: () => T, run: { authMode?: AuthModeName; user?: string; owner?: string } = {}): T {
  const execution = p.beginExecution(kind, run);
  try {
    return fn();
  } finally {
    p.endExecution(execution);
  }
}

const HOUR = 60 * 60 * 1000;

describe('MailApp', () => {
  it('counts every to, cc and bcc address against the daily quota of recipients', () => {
    const p = makePlatform({ mailQuota: 5 });
    g(p).MailApp.sendEmail({ to: 'a@example.com,b@example.com', cc: 'c@example.com', bcc: 'd@example.com', subject: 's', body: 'b' });
    expect(g(p).MailApp.getRemainingDailyQuota()).toBe(1);
    expect(() => g(p).MailApp.sendEmail('e@example.com,f@example.com', 's', 'b')).toThrow(/^Service invoked too many times for one day: email\.$/);
    expect(p.outbox).toHaveLength(1);
    g(p).MailApp.sendEmail('e@example.com', 's', 'b');
    expect(g(p).MailApp.getRemainingDailyQuota()).toBe(0);
  });

  it('gives the quota back 24 hours after the first send', () => {
    const p = makePlatform({ mailQuota: 1 });
    g(p).MailApp.sendEmail('a@example.com', 's', 'b');
    p.clock.advance(23 * HOUR);
    expect(() => g(p).MailApp.sendEmail('a@example.com', 's', 'b')).toThrow('Service invoked too many times for one day: email.');
    p.clock.advance(HOUR);
    g(p).MailApp.sendEmail('a@example.com', 's', 'b');
    expect(p.outbox).toHaveLength(2);
  });

  it('records every field of the message object form and the four-argument form', () => {
    const p = makePlatform();
    g(p).MailApp.sendEmail({ to: 'a@example.com', subject: 'S', body: 'B', htmlBody: '<b>B</b>', name: 'Handoff', replyTo: 'r@example.com', noReply: true });
    g(p).MailApp.sendEmail('a@example.com', 'S2', 'B2', { cc: 'c@example.com', name: 'Bot' });
    expect(p.outbox[0]).toMatchObject({
      from: 'ana@example.com',
      to: 'a@example.com',
      htmlBody: '<b>B</b>',
      name: 'Handoff',
      replyTo: 'r@example.com',
      noReply: true,
      at: START,
    });
    expect(p.outbox[1]).toMatchObject({ subject: 'S2', body: 'B2', cc: 'c@example.com', name: 'Bot' });
  });

  it('rejects an invalid address and a message with no recipient', () => {
    const p = makePlatform();
    expect(() => g(p).MailApp.sendEmail('not-an-address', 's', 'b')).toThrow(/^Invalid email: not-an-address$/);
    expect(() => g(p).MailApp.sendEmail({ subject: 's', body: 'b' })).toThrow(/^Failed to send email: no recipient$/);
    expect(p.outbox).toHaveLength(0);
  });

  it('refuses to send from a simple trigger (LIMITED)', () => {
    const p = makePlatform();
    expect(() => within(p, 'simpleTrigger', () => g(p).MailApp.sendEmail('a@example.com', 's', 'b'))).toThrow(
      /^You do not have permission to call MailApp\.sendEmail\. Required permissions: https:\/\/www\.googleapis\.com\/auth\/script\.send_mail$/,
    );
  });

  it('fails the next send to a chosen recipient once, then sends again', () => {
    const p = makePlatform();
    p.failNextSend('bob@');
    expect(() => g(p).MailApp.sendEmail('bob@example.com', 's', 'b')).toThrow('Service unavailable: Mail');
    g(p).MailApp.sendEmail('bob@example.com', 's', 'b');
    expect(p.outbox).toHaveLength(1);
  });
});

describe('ScriptApp triggers (editor add-on rules)', () => {
  const hourly = (p: P) => g(p).ScriptApp.newTrigger('tick').timeBased().everyHours(1).create();

  it('lets each user create one time-driven trigger per document, and another user their own', () => {
    const p = makePlatform();
    const first = hourly(p);
    expect(first.getHandlerFunction()).toBe('tick');
    expect(String(first.getEventType())).toBe('CLOCK');
    expect(String(first.getTriggerSource())).toBe('CLOCK');
    expect(() => hourly(p)).toThrow(/^This add-on has created too many time-based triggers in this document for this Google user account\.$/);
    p.setUser('ben@example.com');
    hourly(p);
    expect(p.triggers.map((t) => t.owner)).toEqual(['ana@example.com', 'ben@example.com']);
    expect(g(p).ScriptApp.getProjectTriggers()).toHaveLength(1);
  });

  it('allows one edit trigger per user per document', () => {
    const p = makePlatform();
    const ss = g(p).SpreadsheetApp.getActiveSpreadsheet() as GoogleAppsScript.Spreadsheet.Spreadsheet;
    const edit = g(p).ScriptApp.newTrigger('tracked').forSpreadsheet(ss).onEdit().create();
    expect(edit.getTriggerSourceId()).toBe('spreadsheet-1');
    expect(() => g(p).ScriptApp.newTrigger('other').forSpreadsheet(ss).onEdit().create()).toThrow(
      'This add-on has created too many edit triggers in this document for this Google user account.',
    );
  });

  it('refuses sub-hourly triggers and hour intervals Apps Script does not offer', () => {
    const p = makePlatform();
    expect(() => g(p).ScriptApp.newTrigger('tick').timeBased().everyMinutes(30).create()).toThrow(
      /^Add-ons may not create time-based triggers to run more frequently than once per hour\.$/,
    );
    expect(() => g(p).ScriptApp.newTrigger('tick').timeBased().everyHours(3)).toThrow('everyHours(3)');
    expect(p.triggers).toHaveLength(0);
  });

  it('deletes only the current user’s triggers and lists them per document', () => {
    const p = makePlatform();
    const mine = hourly(p);
    p.setUser('ben@example.com');
    g(p).ScriptApp.deleteTrigger(mine);
    expect(p.triggers).toHaveLength(1);
    p.setUser('ana@example.com');
    expect(g(p).ScriptApp.getUserTriggers({} as GoogleAppsScript.Spreadsheet.Spreadsheet)).toHaveLength(1);
    g(p).ScriptApp.deleteTrigger(mine);
    expect(p.triggers).toHaveLength(0);
  });

  it('refuses trigger work in a simple trigger', () => {
    const p = makePlatform();
    expect(() => within(p, 'simpleTrigger', () => hourly(p))).toThrow(
      'You do not have permission to call ScriptApp.newTrigger. Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    );
  });

  it('throws for an unimplemented method instead of returning undefined', () => {
    const p = makePlatform();
    expect(() => (g(p).ScriptApp as unknown as { getOAuthToken(): string }).getOAuthToken()).toThrow('not implemented in emulator: ScriptApp.getOAuthToken');
    expect(() => (g(p).MailApp as unknown as Record<string, () => void>).sendEmailLater?.()).toThrow('not implemented in emulator: MailApp.sendEmailLater');
  });
});

describe('PropertiesService', () => {
  it('stores strings, keeps user properties per user and document properties shared', () => {
    const p = makePlatform();
    g(p)
      .PropertiesService.getUserProperties()
      .setProperty('n', 5 as unknown as string);
    g(p).PropertiesService.getDocumentProperties().setProperty('shared', 'yes');
    expect(g(p).PropertiesService.getUserProperties().getProperty('n')).toBe('5');
    p.setUser('ben@example.com');
    expect(g(p).PropertiesService.getUserProperties().getProperty('n')).toBeNull();
    expect(g(p).PropertiesService.getDocumentProperties().getProperty('shared')).toBe('yes');
    g(p).PropertiesService.getDocumentProperties().setProperties({ a: '1' }, true);
    expect(g(p).PropertiesService.getDocumentProperties().getKeys()).toEqual(['a']);
  });

  it('enforces 9 KB per value and 500 KB per store with Apps Script’s messages', () => {
    const p = makePlatform();
    const props = g(p).PropertiesService.getScriptProperties();
    expect(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow(/^Argument too large: value$/);
    for (let i = 0; i < 55; i++) props.setProperty(`k${i}`, 'x'.repeat(9 * 1024 - 10));
    expect(() => props.setProperty('one-more', 'x'.repeat(9 * 1024 - 10))).toThrow(
      /^You have exceeded the property storage quota\. Please remove some properties and try again\.$/,
    );
    expect(props.getProperty('one-more')).toBeNull();
  });

  it('is unavailable in AuthMode.NONE', () => {
    const p = makePlatform();
    expect(() => within(p, 'simpleTrigger', () => g(p).PropertiesService.getDocumentProperties(), { authMode: 'NONE' })).toThrow(
      'You do not have permission to call PropertiesService.getDocumentProperties.',
    );
  });
});

describe('LockService', () => {
  it('fails tryLock and waitLock while another process holds the document lock, spending the timeout', () => {
    const p = makePlatform();
    p.holdDocumentLock();
    const lock = g(p).LockService.getDocumentLock();
    expect(lock.tryLock(5000)).toBe(false);
    expect(p.clock.now()).toBe(START + 5000);
    expect(() => lock.waitLock(10000)).toThrow(/^Lock timeout: another process was holding the lock for too long\.$/);
    expect(lock.hasLock()).toBe(false);
    p.releaseHeldDocumentLock();
    expect(lock.tryLock(5000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
  });

  it('is released when the run that took it ends', () => {
    const p = makePlatform();
    within(p, 'menu', () => expect(g(p).LockService.getDocumentLock().tryLock(0)).toBe(true));
    within(p, 'scriptRun', () => expect(g(p).LockService.getDocumentLock().tryLock(0)).toBe(true));
  });

  it('gives the script lock honestly: one lock across every user', () => {
    const p = makePlatform();
    const execution = p.beginExecution('menu', {});
    g(p).LockService.getScriptLock().waitLock(0);
    const other = p.beginExecution('scriptRun', { user: 'ben@example.com' });
    expect(g(p).LockService.getScriptLock().tryLock(100)).toBe(false);
    expect(g(p).LockService.getUserLock().tryLock(0)).toBe(true);
    p.endExecution(other);
    p.endExecution(execution);
  });
});

describe('Session', () => {
  it('hides the active user from simple triggers unless the domain reveals it', () => {
    const p = makePlatform();
    within(p, 'simpleTrigger', () => {
      expect(g(p).Session.getActiveUser().getEmail()).toBe('');
      expect(g(p).Session.getEffectiveUser().getEmail()).toBe('ana@example.com');
    });
    within(p, 'menu', () => expect(g(p).Session.getActiveUser().getEmail()).toBe('ana@example.com'));
    const revealing = makePlatform({ revealActiveUserToSimpleTriggers: true });
    within(revealing, 'simpleTrigger', () => expect(g(revealing).Session.getActiveUser().getEmail()).toBe('ana@example.com'));
  });

  it('runs installable triggers as their owner', () => {
    const p = makePlatform();
    within(
      p,
      'timeDriven',
      () => {
        expect(g(p).Session.getEffectiveUser().getEmail()).toBe('owner@example.com');
        expect(g(p).Session.getActiveUser().getEmail()).toBe('owner@example.com');
      },
      { user: 'owner@example.com', owner: 'owner@example.com' },
    );
    within(
      p,
      'installableEdit',
      () => {
        expect(g(p).Session.getEffectiveUser().getEmail()).toBe('owner@example.com');
        expect(g(p).Session.getActiveUser().getEmail()).toBe('');
      },
      { user: 'ana@example.com', owner: 'owner@example.com' },
    );
  });

  it('reports the script time zone', () => {
    const p = makePlatform({ scriptTimeZone: 'America/New_York' });
    expect(g(p).Session.getScriptTimeZone()).toBe('America/New_York');
  });
});

describe('Ui', () => {
  it('is refused to time-driven runs but given to menus, sidebars and simple triggers', () => {
    const p = makePlatform();
    expect(() => within(p, 'timeDriven', () => g(p).SpreadsheetApp.getUi())).toThrow(/^Cannot call SpreadsheetApp\.getUi\(\) from this context\.$/);
    for (const kind of ['menu', 'scriptRun', 'simpleTrigger'] as const) {
      within(p, kind, () => expect(g(p).SpreadsheetApp.getUi()).toBeDefined());
    }
  });

  it('records the add-on menu, alerts and sidebars', () => {
    const p = makePlatform();
    const ui = g(p).SpreadsheetApp.getUi();
    ui.createAddonMenu().addItem('Open', 'openSidebar').addSeparator().addSubMenu(ui.createMenu('More').addItem('Help', 'help')).addToUi();
    expect(p.ui.addonMenu?.items.map((i) => i.caption)).toEqual(['Open', '', 'More']);
    p.answerNextAlert('NO');
    expect(String(ui.alert('Delete?', 'Really?', ui.ButtonSet.YES_NO))).toBe('NO');
    expect(String(ui.alert('Done'))).toBe('OK');
    expect(p.ui.alerts.map((a) => [a.title, a.prompt])).toEqual([
      ['Delete?', 'Really?'],
      ['', 'Done'],
    ]);
    ui.showSidebar(g(p).HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Handoff'));
    expect(p.ui.sidebars[0]?.title).toBe('Handoff');
    expect(p.ui.sidebars[0]?.html).toContain('<h1>Handoff Register</h1>');
  });
});

describe('HtmlService', () => {
  it('throws Apps Script’s message for a missing file', () => {
    const p = makePlatform();
    expect(() => g(p).HtmlService.createHtmlOutputFromFile('Nope')).toThrow(/^No HTML file named Nope was found\.$/);
  });

  it('builds outputs', () => {
    const p = makePlatform();
    const out = g(p).HtmlService.createHtmlOutput('<p>a</p>').append('<p>b</p>').setWidth(300);
    expect(out.getContent()).toBe('<p>a</p><p>b</p>');
    expect(out.getWidth()).toBe(300);
  });
});

describe('Utilities', () => {
  it('formats in the given zone across daylight saving', () => {
    const p = makePlatform();
    const u = g(p).Utilities;
    const beforeShift = new Date(Date.UTC(2025, 2, 30, 0, 30));
    const afterShift = new Date(Date.UTC(2025, 2, 30, 1, 30));
    expect(u.formatDate(beforeShift, 'Europe/London', 'yyyy-MM-dd HH:mm z XXX')).toBe('2025-03-30 00:30 GMT Z');
    expect(u.formatDate(afterShift, 'Europe/London', 'yyyy-MM-dd HH:mm XXX Z')).toBe('2025-03-30 02:30 +01:00 +0100');
    const d = new Date(Date.UTC(2025, 0, 5, 17, 4, 9));
    expect(u.formatDate(d, 'America/Los_Angeles', "EEE, MMM d ''yy 'at' h:mm:ss a")).toBe("Sun, Jan 5 '25 at 9:04:09 AM");
    expect(u.formatDate(d, 'America/Los_Angeles', 'EEEE d MMMM yyyy, HH:mm')).toBe('Sunday 5 January 2025, 09:04');
    expect(u.formatDate(d, 'GMT+2', 'H:mm X')).toBe('19:04 +02');
    expect(u.formatDate(d, 'UTC', 'M/d/yy')).toBe('1/5/25');
  });

  it('gives repeatable UUIDs and signed digests, and sleeping moves the clock', () => {
    const a = makePlatform();
    const b = makePlatform();
    expect(g(a).Utilities.getUuid()).toBe(g(b).Utilities.getUuid());
    expect(g(a).Utilities.getUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const digest = g(a).Utilities.computeDigest(g(a).Utilities.DigestAlgorithm.SHA_256, 'abc');
    expect(digest).toHaveLength(32);
    expect(digest.slice(0, 4)).toEqual([-70, 120, 22, -65]); // ba 78 16 bf
    g(a).Utilities.sleep(1500);
    expect(a.clock.now()).toBe(START + 1500);
  });
});

describe('CacheService', () => {
  it('expires entries by the emulator clock', () => {
    const p = makePlatform();
    const cache = g(p).CacheService.getScriptCache();
    cache.put('k', 'v', 60);
    expect(cache.get('k')).toBe('v');
    p.clock.advance(61_000);
    expect(cache.get('k')).toBeNull();
  });
});

describe('counters', () => {
  it('charges every service call', () => {
    const p = makePlatform();
    g(p).PropertiesService.getScriptProperties().getProperty('x');
    expect(p.counters.summary().byMethod).toEqual({
      'PropertiesService.getScriptProperties': 1,
      'Properties.getProperty': 1,
    });
  });
});
