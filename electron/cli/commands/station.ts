import { parseArgs } from 'node:util';
import { type CliCommand, UsageError, argsProblem } from '../command.ts';
import { CLI_T, STATION_T } from '../cli-text.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { createLogger } from '#electron/services/log.ts';
import { StationAgent } from '#electron/station/station-agent.ts';

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { port: { type: 'string' }, baud: { type: 'string' }, office: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    throw new UsageError(argsProblem(error) ?? CLI_T.argsError(String(error)));
  }
}

/** `van station …`: the reader station agent, run on a computer with an ID card reader. */
export const stationCommand: CliCommand = {
  name: 'station',
  summary: STATION_T.summary,
  async run(argv, io) {
    const { values } = parse(argv);
    if (values.help) {
      io.out(STATION_T.help);
      return 0;
    }
    if (!values.port) throw new UsageError('缺少参数 --port（身份证阅读器的串口）');
    const token = values.token ?? process.env['VAN_STATION_TOKEN'] ?? '';
    if (!token) throw new UsageError('缺少参数 --token（或环境变量 VAN_STATION_TOKEN）');
    const baud = Number(values.baud ?? 115_200);
    if (!Number.isInteger(baud) || baud <= 0) throw new UsageError('--baud 必须是正整数');
    const driver = new IdReaderDriver({ open: serialOpener({ path: values.port, baudRate: baud }) });
    const agent = new StationAgent({ officeUrl: values.office ?? process.env['VAN_OFFICE_URL'] ?? 'http://127.0.0.1:8787', token, reader: driver, log: createLogger('station') });
    const stop = () => void agent.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.out(JSON.stringify({ station: 'running', port: values.port }));
    try {
      const ended = await agent.start();
      if (ended.reason === 'token-refused') {
        io.err(`${ended.message}（请向管理员确认令牌）`);
        return 1;
      }
      return 0;
    } finally {
      await driver.close();
    }
  },
};
