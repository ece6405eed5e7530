import { type Settings, parseForm, settingsFormSchema } from '../shared/forms';

const SETTINGS_KEY = 'settings';

/** Stored settings, with defaults for anything missing; a damaged value falls back to defaults. */
export function loadSettings(props: GoogleAppsScript.Properties.Properties): Settings {
  const raw = props.getProperty(SETTINGS_KEY);
  let stored: unknown = {};
  try {
    stored = raw ? JSON.parse(raw) : {};
  } catch {
    stored = {};
  }
  const parsed = parseForm(settingsFormSchema, stored);
  if (parsed.ok) return parsed.value;
  const defaults = parseForm(settingsFormSchema, {});
  if (!defaults.ok) throw new Error('the default settings do not validate');
  return defaults.value;
}

export function storeSettings(props: GoogleAppsScript.Properties.Properties, settings: Settings): void {
  props.setProperty(SETTINGS_KEY, JSON.stringify(settings));
}
