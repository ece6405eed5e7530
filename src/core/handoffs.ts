import type { Handoff, HandoffView } from './model';
import { dateIn, numberIn, type Table, textIn } from './table';
import { DEFAULT_REVIEW_CAP_MIN, DEFAULT_STALL_AFTER_H, HANDOFF_STATUSES, type HandoffHeader, type HandoffStatus, RISKS, type Risk } from './vocabulary';

export interface HandoffRecord extends HandoffView {
  /** 1-based sheet row. */
  readonly row: number;
}

const oneOf = <T extends string>(values: readonly T[], text: string): T | '' => ((values as readonly string[]).includes(text) ? (text as T) : '');

export function parseChecklist(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '');
}

export function parseHandoffs(table: Table<HandoffHeader>, rows: readonly (readonly unknown[])[], firstRow: number): HandoffRecord[] {
  const handoffs: HandoffRecord[] = [];
  rows.forEach((row, i) => {
    const handoffId = textIn(table, row, 'Handoff ID');
    if (handoffId === '') return;
    handoffs.push({
      row: firstRow + i,
      handoffId,
      task: textIn(table, row, 'Task'),
      toolStep: textIn(table, row, 'Tool step'),
      inputRequired: textIn(table, row, 'Input required'),
      outputStandard: textIn(table, row, 'Output standard'),
      outputType: textIn(table, row, 'Output type'),
      risk: oneOf<Risk>(RISKS, textIn(table, row, 'Risk')),
      inputOwner: textIn(table, row, 'Input owner'),
      reviewOwner: textIn(table, row, 'Review owner'),
      nextStepOwner: textIn(table, row, 'Next-step owner'),
      approvalRule: textIn(table, row, 'Approval rule'),
      reviewCapMin: numberIn(table, row, 'Review cap (min)') ?? DEFAULT_REVIEW_CAP_MIN,
      nextStep: textIn(table, row, 'Next step'),
      measurement: textIn(table, row, 'Measurement'),
      reviewChecklist: parseChecklist(textIn(table, row, 'Review checklist')),
      stallAfterH: numberIn(table, row, 'Stall after (h)') ?? DEFAULT_STALL_AFTER_H,
      status: oneOf<HandoffStatus>(HANDOFF_STATUSES, textIn(table, row, 'Status')),
      baselineMin: numberIn(table, row, 'Baseline (min per output)'),
      targetMin: numberIn(table, row, 'Target (min per output)'),
      pilotStarted: dateIn(table, row, 'Pilot started')?.toISOString() ?? '',
    });
  });
  return handoffs;
}

/** The cells of a handoff row, by header; Created is set only for a new handoff. */
export function renderHandoff(handoff: Handoff & { handoffId: string }, now: Date, isNew: boolean): Partial<Record<HandoffHeader, string | number | Date>> {
  return {
    'Handoff ID': handoff.handoffId,
    Task: handoff.task,
    'Tool step': handoff.toolStep,
    'Input required': handoff.inputRequired,
    'Output standard': handoff.outputStandard,
    'Output type': handoff.outputType,
    Risk: handoff.risk,
    'Input owner': handoff.inputOwner,
    'Review owner': handoff.reviewOwner,
    'Next-step owner': handoff.nextStepOwner,
    'Approval rule': handoff.approvalRule,
    'Review cap (min)': handoff.reviewCapMin,
    'Next step': handoff.nextStep,
    Measurement: handoff.measurement,
    'Review checklist': handoff.reviewChecklist.join('\n'),
    'Stall after (h)': handoff.stallAfterH,
    Status: handoff.status,
    'Baseline (min per output)': handoff.baselineMin ?? '',
    'Target (min per output)': handoff.targetMin ?? '',
    ...(isNew ? { Created: now } : {}),
    Updated: now,
  };
}

export function handoffFormOf(record: HandoffView): Handoff & { handoffId: string } {
  return {
    handoffId: record.handoffId,
    task: record.task,
    toolStep: record.toolStep,
    inputRequired: record.inputRequired,
    outputStandard: record.outputStandard,
    outputType: record.outputType,
    risk: record.risk === '' ? 'Medium' : record.risk,
    inputOwner: record.inputOwner,
    reviewOwner: record.reviewOwner,
    nextStepOwner: record.nextStepOwner,
    approvalRule: record.approvalRule,
    reviewCapMin: record.reviewCapMin,
    nextStep: record.nextStep,
    measurement: record.measurement,
    reviewChecklist: [...record.reviewChecklist],
    stallAfterH: record.stallAfterH,
    status: record.status === '' ? 'Pilot' : record.status,
    baselineMin: record.baselineMin ?? undefined,
    targetMin: record.targetMin ?? undefined,
  };
}
