import { blindTimeTrigger, charge, currentExecution, type Execution, type World } from '../world';
import { executionOrDefault } from './auth';
import { strict } from './strict';

/** Who holds a lock: a run, a call made outside any run, or another process a test simulates. */
type Holder = Execution | 'outside' | 'another process';

interface LockSlot {
  holder: Holder | undefined;
}

export interface LockState {
  readonly document: LockSlot;
  readonly script: LockSlot;
  readonly user: Map<string, LockSlot>;
}

export function createLockState(): LockState {
  return { document: { holder: undefined }, script: { holder: undefined }, user: new Map() };
}

// Apps Script's waitLock message, quoted verbatim in many public projects.
export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

/** Another execution (a different user, a trigger) holds the document lock until released. */
export function holdDocumentLock(state: LockState): void {
  if (state.document.holder !== undefined && state.document.holder !== 'another process') {
    throw new Error('the document lock is already held by a run');
  }
  state.document.holder = 'another process';
}

export function releaseHeldDocumentLock(state: LockState): void {
  if (state.document.holder === 'another process') state.document.holder = undefined;
}

/** Apps Script releases every lock a script still holds when its execution ends. */
export function releaseLocksHeldBy(state: LockState, execution: Execution): void {
  for (const slot of [state.document, state.script, ...state.user.values()]) {
    if (slot.holder === execution) slot.holder = undefined;
  }
}

export function createLockService(world: World, state: LockState) {
  const me = (): Holder => currentExecution(world) ?? 'outside';

  function lockOver(slot: LockSlot): GoogleAppsScript.Lock.Lock {
    function acquire(timeoutMs: number): boolean {
      const holder = me();
      if (slot.holder === undefined || slot.holder === holder) {
        slot.holder = holder;
        return true;
      }
      // Nothing else runs while this script waits, so the holder cannot let go: the wait always
      // lasts the whole timeout.
      world.clock.advance(Math.max(0, timeoutMs));
      return false;
    }
    const lock: GoogleAppsScript.Lock.Lock = {
      tryLock(timeoutMs) {
        charge(world, 'Lock', 'tryLock');
        return acquire(timeoutMs);
      },
      waitLock(timeoutMs) {
        charge(world, 'Lock', 'waitLock');
        if (!acquire(timeoutMs)) throw new Error(LOCK_TIMEOUT_MESSAGE);
      },
      hasLock() {
        charge(world, 'Lock', 'hasLock');
        return slot.holder === me();
      },
      releaseLock() {
        charge(world, 'Lock', 'releaseLock');
        if (slot.holder === me()) slot.holder = undefined;
      },
    };
    return strict('Lock', lock);
  }

  const service: GoogleAppsScript.Lock.LockService = {
    getDocumentLock() {
      charge(world, 'LockService', 'getDocumentLock');
      // "null if ... not running in a document" (LockService reference): a time-driven run that
      // sees no document (readings.timeTriggerSeesDocument false) gets null.
      if (blindTimeTrigger(world, 'document')) return null as unknown as GoogleAppsScript.Lock.Lock;
      return lockOver(state.document);
    },
    // One lock for the whole project, across every document and user that runs it.
    getScriptLock() {
      charge(world, 'LockService', 'getScriptLock');
      return lockOver(state.script);
    },
    getUserLock() {
      charge(world, 'LockService', 'getUserLock');
      const user = executionOrDefault(world).effectiveUser;
      let slot = state.user.get(user);
      if (slot === undefined) {
        slot = { holder: undefined };
        state.user.set(user, slot);
      }
      return lockOver(slot);
    },
  };
  return strict('LockService', service);
}
