import { parseForm, type Settings, settingsFormSchema } from '../shared/forms';
import type { Store } from './context';

export const SETTINGS_KEY = 'settings';

/** Stored settings, with defaults for anything missing; a damaged value falls back to defaults. */
export function loadSettings(props: Store): Settings {
  let stored: unknown = {};
  try {
    stored = JSON.parse(props.get(SETTINGS_KEY) ?? '{}');
  } catch {
    stored = {};
  }
  const parsed = parseForm(settingsFormSchema, stored);
  if (parsed.ok) return parsed.value;
  const defaults = parseForm(settingsFormSchema, {});
  if (!defaults.ok) throw new Error('the default settings do not validate');
  return defaults.value;
}
