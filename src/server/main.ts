// The one entry file. Every export becomes a top-level function in dist/Code.js, and every
// top-level function whose name does not end in "_" can be called by any user of the spreadsheet
// from the browser console through google.script.run. So this list is the whole public surface:
// Apps Script's triggers, the menu items, and the sidebar's RPC API (src/shared/rpc.ts).
import type { ServerApi } from '../shared/rpc';
import * as api from './api';
import { handleEdit } from './edits';
import * as job from './job';
import * as ui from './ui';

export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  ui.buildMenu();
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

export function onEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  handleEdit(e);
}

export const openSidebar = (): void => ui.openSidebar();
export const setUpRegister = (): void => ui.setUpRegister();
export const verifyAuditLog = (): void => ui.verifyAuditLog();
export const turnOnReminders = (): void => job.turnOn();
export const turnOffReminders = (): void => job.turnOff();
export const sendRemindersNow = (): void => job.sendNow();
export const generateSummaryNow = (): void => job.summaryNow();

/** The hourly trigger's handler (installed by turnOnReminders under this name). */
export const runHourlyJob = (): void => job.runHourly();

export const getSidebarState = api.getSidebarState;
export const saveHandoff = (form: unknown) => api.saveHandoff(form);
export const logOutput = (form: unknown) => api.logOutput(form);
export const reviewOutput = (form: unknown) => api.reviewOutput(form);
export const saveSettings = (form: unknown) => api.saveSettings(form);

// The sidebar's typed contract must match what is exported here: a compile error, not a runtime surprise.
const serverApi: ServerApi = { getSidebarState, saveHandoff, logOutput, reviewOutput, saveSettings };
void serverApi;
