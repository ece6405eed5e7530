// Set up register: create the tabs the add-on owns and repair them (tabs, headers, dropdowns,
// formats, protections). User data is never deleted, moved or rewritten. Saves call it first
// when a tab is missing, so the work is done rather than refused.
import { EDITOR_UNKNOWN } from '../core/register';
import type { Context, Spreadsheet } from './context';
import { commit, openSession } from './session';
import { SEAL_KEY } from './reconcile';
import { TABS, setUpTabs } from './tabs';

export function tabsMissing(book: Spreadsheet): boolean {
  return TABS.some((tab) => book.getSheetByName(tab.name) === null);
}

/** Repairs the tabs and audits what it changed; the caller holds the document lock. */
export function repairTabs(ctx: Context): string {
  const report = setUpTabs(ctx.book, ctx.app);
  const who = ctx.user || EDITOR_UNKNOWN;
  commit(openSession(ctx), {
    audit: report.audit.map((entry) => ({ ...entry, when: ctx.now, who })),
    props: ctx.props.get(SEAL_KEY) === null ? { [SEAL_KEY]: ctx.newId() } : {},
  });
  const changes = [...report.created.map((t) => `created the ${t} tab`), ...report.headersAdded.map((h) => `restored the header ${h}`)];
  return changes.length === 0 ? 'The register is set up: tabs, headers, dropdowns and protections are in place.' : `Set up: ${changes.join('; ')}.`;
}
