import { parseArgs } from 'node:util';
import { type CliCommand, type CliIo, UsageError, argsProblem } from '../command.ts';
import { CLI_T, DEVICES_T } from '../cli-text.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { listPorts, serialOpener } from '#electron/devices/ports.ts';

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, baud: { type: 'string' }, 'timeout-ms': { type: 'string' }, identities: { type: 'string' },
        place: { type: 'string' }, width: { type: 'string' }, rtscts: { type: 'boolean' }, xon: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(argsProblem(error) ?? CLI_T.argsError(String(error)));
  }
}

const int = (raw: string | undefined, name: string, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} 必须是正整数`);
  return n;
};

const need = (raw: string | undefined, name: string): string => {
  if (!raw) throw new UsageError(`缺少参数 --${name}`);
  return raw;
};

/** Runs until SIGINT/SIGTERM, then closes what was started. */
function untilKilled(close: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const stop = () => {
      void close().finally(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function readId(values: ReturnType<typeof parse>['values'], io: CliIo): Promise<number> {
  const path = need(values.port, 'port');
  const driver = new IdReaderDriver({ open: serialOpener({ path, baudRate: int(values.baud, 'baud', 115_200) }) });
  try {
    const r = await driver.read({ timeoutMs: int(values['timeout-ms'], 'timeout-ms', 30_000) });
    if (!r.ok) {
      io.err(r.error.message);
      return 1;
    }
    const i = r.value.identity;
    io.out(JSON.stringify({
      cardType: i.cardType, name: i.name, sex: i.sex, nation: i.nation, birthDate: i.birthDate, address: i.address,
      idNumber: i.idNumber, issuer: i.issuer, validFrom: i.validFrom, validTo: i.validTo,
    }));
    return 0;
  } finally {
    await driver.close();
  }
}

async function emulate(what: string | undefined, values: ReturnType<typeof parse>['values'], io: CliIo): Promise<number> {
  // The emulators are fixtures (test and demo equipment); loaded only when asked for.
  if (what === 'id-reader') {
    const { startIdReaderEmulator } = await import('#fixtures/devices/id-reader-emulator.ts');
    const { fileURLToPath } = await import('node:url');
    const file = values.identities ?? fileURLToPath(new URL('../../../fixtures/devices/identities.json', import.meta.url));
    const emu = await startIdReaderEmulator({ identities: file, baudRate: int(values.baud, 'baud', 115_200) });
    if (values.place !== undefined) emu.placeCard(Number(values.place));
    io.out(JSON.stringify({ device: 'id-reader', path: emu.devicePath, placed: values.place ?? null }));
    return untilKilled(() => emu.close());
  }
  if (what === 'printer') {
    const { startPrinterEmulator } = await import('#fixtures/devices/printer-emulator.ts');
    const emu = await startPrinterEmulator({ baudRate: int(values.baud, 'baud', 9_600) });
    io.out(JSON.stringify({ device: 'printer', path: emu.devicePath }));
    return untilKilled(async () => {
      io.err(emu.text());
      await emu.close();
    });
  }
  throw new UsageError('用法: devices emulate id-reader|printer');
}

/** `van devices …`: serial device diagnostics for IT staff. */
export const devicesCommand: CliCommand = {
  name: 'devices',
  summary: DEVICES_T.summary,
  async run(argv, io) {
    const { values, positionals } = parse(argv);
    const [sub, arg] = positionals;
    if (values.help || sub === undefined || sub === 'help') {
      io.out(DEVICES_T.help);
      return sub === undefined && !values.help ? 2 : 0;
    }
    switch (sub) {
      case 'list': {
        const ports = await listPorts();
        if (ports.length === 0) io.out('（未发现串口）');
        for (const p of ports) io.out(`${p.path}${p.manufacturer ? `  ${p.manufacturer}` : ''}${p.source === 'scan' ? '  (扫描 /dev 得到)' : ''}`);
        return 0;
      }
      case 'read-id':
        return readId(values, io);
      case 'print-test': {
        const { printTest } = await import('./devices-print.ts');
        return printTest({ path: need(values.port, 'port'), baudRate: int(values.baud, 'baud', 9_600), width: values.width === '58' ? 58 : 80, rtscts: values.rtscts ?? false, xon: values.xon ?? false }, io);
      }
      case 'emulate':
        return emulate(arg, values, io);
      default:
        throw new UsageError(`未知的 devices 命令: ${sub}`);
    }
  },
};
