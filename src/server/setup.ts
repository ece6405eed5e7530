// Set up register: create the tabs the add-on owns and repair them (tabs, headers, dropdowns,
// formats, protections). User data is never deleted, moved or rewritten. Saves call it first
// when a tab is missing, so the work is done rather than refused.
import { EDITOR_UNKNOWN } from '../core/register';
import type { Context } from './context';
import { SEAL_KEY } from './reconcile';
import { commit, openSession, type Session } from './session';
import { LAYOUT_KEY, parseLayout, setUpTabs, TABS } from './tabs';

/** Whether a tab of the add-on is missing; the session keeps the sheets it found for what follows. */
export function tabsMissing(session: Session): boolean {
  return TABS.some((tab) => session.sheet(tab.name) === null);
}

/** Repairs the tabs and audits what it changed; the caller holds the document lock. */
export function repairTabs(ctx: Context): string {
  const report = setUpTabs(ctx.book, ctx.app, parseLayout(ctx.props.get(LAYOUT_KEY)));
  const who = ctx.user || EDITOR_UNKNOWN;
  const layout = JSON.stringify(report.layout);
  commit(openSession(ctx), {
    audit: report.audit.map((entry) => ({ ...entry, when: ctx.now, who })),
    props: {
      ...(ctx.props.get(SEAL_KEY) === null ? { [SEAL_KEY]: ctx.newId() } : {}),
      ...(ctx.props.get(LAYOUT_KEY) === layout ? {} : { [LAYOUT_KEY]: layout }),
    },
  });
  const changes = [
    ...report.created.map((t) => `created the ${t} tab`),
    ...report.headersRestored.map((h) => `put back the header ${h}`),
    ...report.headersAdded.map((h) => `restored the header ${h}`),
  ];
  const done = changes.length === 0 ? 'The register is set up: tabs, headers, dropdowns and protections are in place.' : `Set up: ${changes.join('; ')}.`;
  return report.duplicates.length === 0 ? done : `${done} ${report.duplicates.join(' ')}`;
}
