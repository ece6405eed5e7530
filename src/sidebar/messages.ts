// The server answers a bad form with "Label: problem" lines joined by "\n". Lines whose label
// names a field of the form go next to that field; the rest go to the section's status.
import { FIELD_LABELS, type FieldError } from '../shared/forms';

export interface PlacedMessages {
  readonly fieldErrors: FieldError[];
  readonly other: string[];
}

export function placeServerMessage(message: string, fields: readonly string[]): PlacedMessages {
  const fieldErrors: FieldError[] = [];
  const other: string[] = [];
  for (const line of message.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const field = fieldOfLine(line, fields);
    if (field === undefined) {
      other.push(line);
      continue;
    }
    const earlier = fieldErrors.findIndex((e) => e.field === field);
    if (earlier === -1) fieldErrors.push({ field, message: line });
    else fieldErrors[earlier] = { field, message: `${fieldErrors[earlier]?.message ?? ''}\n${line}` };
  }
  return { fieldErrors, other };
}

/** The field whose label starts the line ("Review cap (min): …", "Summary recipients (item 2): …"); the longest label wins. */
function fieldOfLine(line: string, fields: readonly string[]): string | undefined {
  let best: { field: string; length: number } | undefined;
  for (const field of fields) {
    const label = FIELD_LABELS[field];
    if (label === undefined) continue;
    const matches = line.startsWith(`${label}: `) || line.startsWith(`${label} (item `);
    if (matches && (best === undefined || label.length > best.length)) best = { field, length: label.length };
  }
  return best?.field;
}
