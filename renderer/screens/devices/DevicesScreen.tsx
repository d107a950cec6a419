import { useCallback, useEffect, useRef, useState } from 'react';
import { type DeviceKind, type DeviceStatus, type PortInfo, type PrinterStatus } from '#electron/ipc/contract.ts';
import { useServices } from '#renderer/app/services.ts';
import { T } from './devices-text.ts';
import { ScannerFolderPanel } from './ScannerFolderPanel.tsx';
import { VanSettingsPanel } from './VanSettingsPanel.tsx';

type Message = { tone: 'ok' | 'bad' | 'warn'; text: string } | null;

export const printerStatusText = (s: PrinterStatus): string =>
  [s.online ? T.online : T.offline, T.paper[s.paper], s.coverOpen ? T.coverOpen : null].filter(Boolean).join(' · ');

/** Choose ports, test read, test print, status. */
export function DevicesScreen() {
  const { van } = useServices();
  const [ports, setPorts] = useState<PortInfo[]>([]);
  const [statuses, setStatuses] = useState<DeviceStatus[]>([]);
  const [choice, setChoice] = useState<Record<DeviceKind, string>>({ idReader: '', printer: '' });
  const [message, setMessage] = useState<Record<DeviceKind, Message>>({ idReader: null, printer: null });
  const [reading, setReading] = useState(false);
  const [testPrinting, setTestPrinting] = useState(false);
  const printing = useRef(false);

  const say = (kind: DeviceKind, m: Message) => setMessage((old) => ({ ...old, [kind]: m }));

  const refresh = useCallback(async () => {
    const [p, s] = await Promise.all([van.devicesList(), van.devicesStatus()]);
    if (p.ok) setPorts(p.value);
    if (s.ok) setStatuses(s.value);
  }, [van]);

  useEffect(() => {
    void refresh();
    return van.subscribe('devices:changed', setStatuses);
  }, [van, refresh]);

  async function apply(kind: DeviceKind) {
    if (!choice[kind]) return;
    const r = await van.devicesConfigure({ kind, path: choice[kind] });
    if (r.ok) setStatuses((old) => old.map((s) => (s.kind === kind ? r.value : s)));
    say(kind, r.ok ? { tone: 'ok', text: `${T.state[r.value.state]} ${r.value.detail ?? ''}` } : { tone: 'bad', text: r.error.message });
  }

  async function testRead() {
    setReading(true);
    say('idReader', { tone: 'warn', text: T.placeCard });
    const r = await van.idReaderRead({ timeoutMs: 60_000 });
    setReading(false);
    say('idReader', r.ok ? { tone: 'ok', text: T.readOk(r.value.name, r.value.idNumber) } : { tone: 'bad', text: r.error.message });
  }

  async function testPrint() {
    // One test page per tap, however fast the second tap comes.
    if (printing.current) return;
    printing.current = true;
    setTestPrinting(true);
    const r = await van.printerTestPage().finally(() => {
      printing.current = false;
      setTestPrinting(false);
    });
    say('printer', r.ok ? { tone: 'ok', text: `${T.printed} · ${printerStatusText(r.value.printer)}` } : { tone: 'bad', text: r.error.message });
  }

  async function printerStatus() {
    const r = await van.printerStatus();
    say('printer', r.ok ? { tone: r.value.paper === 'out' || !r.value.online ? 'bad' : 'ok', text: printerStatusText(r.value) } : { tone: 'bad', text: r.error.message });
  }

  const panel = (kind: DeviceKind, title: string, actions: React.ReactNode) => {
    const status = statuses.find((s) => s.kind === kind);
    const m = message[kind];
    return (
      <div className="card" data-testid={`device-${kind}`}>
        <h2>{title}</h2>
        <p>
          <span className={`tag ${status?.state === 'ready' ? 'ok' : status?.state === 'error' || status?.state === 'disconnected' ? 'bad' : 'warn'}`}>{T.state[status?.state ?? 'notConfigured']}</span>
          {status?.path ?? ''} {status?.isEmulator ? T.emulator : ''} {status?.baudRate ? `${status.baudRate} bps` : ''}
        </p>
        {status?.detail && <div className="alert bad">{status.detail}</div>}
        <label htmlFor={`port-${kind}`}>{T.port}</label>
        <div className="row">
          <select id={`port-${kind}`} className="grow" value={choice[kind]} onChange={(e) => setChoice((c) => ({ ...c, [kind]: e.target.value }))}>
            <option value="">{T.choose}</option>
            {ports.map((p) => (
              <option key={p.path} value={p.path}>{p.path} {p.isEmulator ? T.emulator : p.manufacturer ?? ''}</option>
            ))}
          </select>
          <button onClick={() => void apply(kind)} disabled={!choice[kind]}>{T.apply}</button>
        </div>
        <div className="row" style={{ marginTop: 12 }}>{actions}</div>
        {m && <div className={`alert ${m.tone}`} role="status">{m.text}</div>}
      </div>
    );
  };

  return (
    <section aria-label={T.title}>
      <div className="row">
        <h1 className="grow">{T.title}</h1>
        <button onClick={() => void refresh()}>{T.refresh}</button>
      </div>
      <div className="grid2">
        {panel('idReader', T.idReader, (
          <>
            <button className="primary" onClick={() => void testRead()} disabled={reading}>{T.testRead}</button>
            {reading && <button onClick={() => void van.idReaderCancel()}>{T.cancel}</button>}
          </>
        ))}
        {panel('printer', T.printer, (
          <>
            <button className="primary" onClick={() => void testPrint()} disabled={testPrinting}>{T.testPrint}</button>
            <button onClick={() => void printerStatus()}>{T.printerStatus}</button>
          </>
        ))}
        <ScannerFolderPanel />
        <VanSettingsPanel />
      </div>
    </section>
  );
}
