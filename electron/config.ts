/**
 * The van host's settings: where its data lives, which office it talks to, which serial ports its
 * devices are on. Kept in `<dataDir>/van-config.json`; command-line options override it for one
 * launch. Device ports chosen on the Devices screen are written back here.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseForm } from '#domain/forms/form-issues.ts';
import { CONFIG_SETTING_NAMES, CONFIG_TEXT as T } from './config-text.ts';

// rtscts/xon apply to the printer only: the ID reader port never uses flow control (GA 467 defines no flow control; docs/devices.md).
// The messages are what the installer reads of a value the van cannot use (config-text.ts).
const PortSettingSchema = z.object({
  path: z.string().min(1),
  baudRate: z.number({ error: T.baudRate }).int({ error: T.baudRate }).positive({ error: T.baudRate }).optional(),
  rtscts: z.boolean({ error: T.flag }).optional(),
  xon: z.boolean({ error: T.flag }).optional(),
}, { error: T.object });

export const StoredConfigSchema = z.object({
  officeUrl: z.url({ error: T.url }).optional(),
  /** The office's public address (where applicants open the status page); printed in every status QR code. */
  publicUrl: z.url({ protocol: /^https?$/, error: T.httpUrl }).optional(),
  /** Days without reaching the office after which the van locks itself (domain/staff/offline-lock.ts). */
  offlineLockDays: z.number({ error: T.lockDays }).int({ error: T.lockDays }).min(1, { error: T.lockDays }).max(365, { error: T.lockDays }).optional(),
  deviceId: z.string().min(1).optional(),
  deviceToken: z.string().min(1).optional(),
  /**
   * A random key this installation keeps from its first enrollment attempt: enrolling again with a code it already
   * used (an answer lost, a restart before the token was kept) gets its own device back instead of a refusal.
   */
  installationId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: T.installationId }).optional(),
  idReader: PortSettingSchema.optional(),
  printer: PortSettingSchema.optional(),
}, { error: T.object });
export type StoredConfig = z.infer<typeof StoredConfigSchema>;

/** Whether `value` can be the office's public address (`--public-url`). */
export const isPublicUrl = (value: string): boolean => StoredConfigSchema.shape.publicUrl.safeParse(value).success;
export type PortSetting = z.infer<typeof PortSettingSchema>;

/** `$XDG_DATA_HOME/jms-van` (or the platform's app data folder), unless `VAN_DATA_DIR` says otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['VAN_DATA_DIR']) return env['VAN_DATA_DIR'];
  if (platform === 'win32' && env['APPDATA']) return join(env['APPDATA'], 'jms-van');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'jms-van');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'jms-van');
}

const configPath = (dataDir: string) => join(dataDir, 'van-config.json');

export type LoadedConfig = { ok: true; config: StoredConfig } | { ok: false; reason: string };

/** Reads the stored settings; a missing file is an empty config, a broken one is reported, never overwritten. */
export function loadStoredConfig(dataDir: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(configPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, config: {} };
    return { ok: false, reason: T.unreadable(configPath(dataDir), (error as NodeJS.ErrnoException).code ?? String(error)) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: T.notJson(configPath(dataDir)) };
  }
  const parsed = parseForm(StoredConfigSchema, json, CONFIG_SETTING_NAMES, T.issues);
  return parsed.ok ? { ok: true, config: parsed.data } : { ok: false, reason: T.invalid(configPath(dataDir), parsed.message) };
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves half a config. */
export function saveStoredConfig(dataDir: string, config: StoredConfig): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${configPath(dataDir)}.${process.pid}.tmp`;
  // The device token is in here: readable by this user only, whatever the umask.
  writeFileSync(tmp, `${JSON.stringify(StoredConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, configPath(dataDir));
}
