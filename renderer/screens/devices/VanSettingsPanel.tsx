import { statusPageOf } from '#domain/case/status-link.ts';
import { useServices } from '#renderer/app/services.ts';
import { SETTINGS_T as T } from './devices-text.ts';

/** The addresses this van uses: where it syncs, and the public status page its QR codes open. */
export function VanSettingsPanel() {
  const { config } = useServices();
  const statusPage = statusPageOf(config.publicUrl);
  return (
    <div className="card" data-testid="van-settings">
      <h2>{T.title}</h2>
      <dl>
        <dt>{T.publicUrl}</dt>
        <dd data-testid="status-page">{statusPage}</dd>
        <dt>{T.officeUrl}</dt>
        <dd>{config.officeUrl}</dd>
        <dt>{T.deviceId}</dt>
        <dd>{config.deviceId}</dd>
        <dt>{T.offlineLock}</dt>
        <dd data-testid="offline-lock">{T.offlineLockDays(config.offlineLockDays)}</dd>
        <dt>{T.appVersion}</dt>
        <dd>{config.appVersion}</dd>
      </dl>
      {config.publicUrlSource === 'office-address' && !config.isDemo && <div className="alert warn" role="status">{T.publicUrlFallback}</div>}
    </div>
  );
}
