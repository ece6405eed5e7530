// Everyone who writes the register (people in the sidebar, the grid's onEdit, the hourly job)
// takes the document lock. Never the script lock: one add-on project serves every spreadsheet
// that installed it, so a script lock would make all of them wait on each other.

export const BUSY_MESSAGE =
  'The register is busy: someone else (or the hourly check) is saving right now. Nothing was saved; try again in a moment.';

export function withDocumentLock<T>(waitMs: number, work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(waitMs)) throw new Error(BUSY_MESSAGE);
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}
