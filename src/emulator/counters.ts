// Every service call is counted: the benchmark and the performance tests read these figures,
// because service calls, not JavaScript, are what an Apps Script run pays for.
export interface CallRecord {
  readonly service: string;
  readonly method: string;
  readonly cellsRead: number;
  readonly cellsWritten: number;
}

export interface CallSummary {
  calls: number;
  cellsRead: number;
  cellsWritten: number;
  byMethod: Record<string, number>;
}

export interface Counters {
  record(service: string, method: string, cells?: { read?: number; written?: number }): void;
  readonly log: readonly CallRecord[];
  reset(): void;
  summary(): CallSummary;
  count(service: string, method?: string): number;
}

export function createCounters(onCall?: (record: CallRecord) => void): Counters {
  let log: CallRecord[] = [];
  return {
    record(service, method, cells = {}) {
      const record = { service, method, cellsRead: cells.read ?? 0, cellsWritten: cells.written ?? 0 };
      log.push(record);
      onCall?.(record);
    },
    get log() {
      return log;
    },
    reset() {
      log = [];
    },
    summary() {
      const byMethod: Record<string, number> = {};
      let cellsRead = 0;
      let cellsWritten = 0;
      for (const r of log) {
        const key = `${r.service}.${r.method}`;
        byMethod[key] = (byMethod[key] ?? 0) + 1;
        cellsRead += r.cellsRead;
        cellsWritten += r.cellsWritten;
      }
      return { calls: log.length, cellsRead, cellsWritten, byMethod };
    },
    count(service, method) {
      return log.filter((r) => r.service === service && (method === undefined || r.method === method)).length;
    },
  };
}
