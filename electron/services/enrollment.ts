/**
 * Enrolling this van with the office once: a one-time code (from the office admin, or the demo
 * seed's code in demo mode) is exchanged for a device token, kept in the van's config.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EnrollRequest, EnrollResponse } from '#protocol/messages.ts';
import { API_BASE, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/version.ts';
import { type StoredConfig } from '#electron/config.ts';

/** `config` always carries the installation key the attempt sent: keep it even when the attempt failed. */
export type EnrollOutcome = { ok: true; config: StoredConfig; vanId: string } | { ok: false; reason: string; config: StoredConfig };

/** The installation key of `config`, made once (24 random bytes, base64url). */
export const withInstallationId = (config: StoredConfig): StoredConfig =>
  config.installationId ? config : { ...config, installationId: randomBytes(24).toString('base64url') };

/**
 * Exchanges a one-time code for a device token. `again`: this van was enrolled before (and, say, revoked):
 * it proves that with its previous token and keeps its device id, so its local data and its event chain stay
 * its own and what it has not pushed yet goes up under the new token.
 */
export async function enrollVan(officeUrl: string, code: string, stored: StoredConfig, fetchImpl: typeof fetch = fetch, opts: { again?: boolean } = {}): Promise<EnrollOutcome> {
  const config = withInstallationId(stored);
  const fail = (reason: string): EnrollOutcome => ({ ok: false, reason, config });
  const previous = opts.again === true && config.deviceId && config.deviceToken ? { deviceId: config.deviceId, token: config.deviceToken } : undefined;
  if (opts.again === true && !previous) return fail('本车尚未登记过，无法重新登记');
  const body = EnrollRequest.parse({ code, deviceName: `van@${hostname()}`.slice(0, 100), installationId: config.installationId, ...(previous ? { previous } : {}) });
  let res: Response;
  try {
    res = await fetchImpl(new URL(`${API_BASE}/devices/enroll`, officeUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return fail(`无法连接办公室服务器 ${officeUrl}：${error instanceof Error ? error.message : String(error)}`);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = typeof json === 'object' && json !== null && 'message' in json ? String(json.message) : `HTTP ${res.status}`;
    return fail(`设备登记失败：${message}`);
  }
  const parsed = EnrollResponse.safeParse(json);
  if (!parsed.success) return fail('设备登记失败：办公室返回的内容无法识别');
  if (previous && parsed.data.deviceId !== previous.deviceId) return fail('设备登记失败：办公室换了本车的设备编号');
  return { ok: true, config: { ...config, officeUrl, deviceId: parsed.data.deviceId, deviceToken: parsed.data.token }, vanId: parsed.data.vanId };
}
