import { parseArgs } from 'node:util';
import { type CliCommand, UsageError, argsProblem } from '../command.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { serialOpener } from '#electron/devices/ports.ts';
import { createLogger } from '#electron/services/log.ts';
import { StationAgent } from '#electron/station/station-agent.ts';

const HELP = `van station: 读卡终端程序（查询窗口、自助查询机的身份证阅读器）

Usage: npm run van -- station --port PATH [--baud 115200] [--office URL] [--token TOKEN]
  连接登记中心，等待其读卡请求，读取放在读卡器上的身份证并回传证件信息（照片不回传）；运行到被终止。
  --office 默认 $VAN_OFFICE_URL 或 http://127.0.0.1:8787
  --token  管理员在“读卡终端”页新增终端时给出的令牌，默认 $VAN_STATION_TOKEN`;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { port: { type: 'string' }, baud: { type: 'string' }, office: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    throw new UsageError(argsProblem(error) ?? `参数错误: ${String(error)}`);
  }
}

/** `van station …`: the reader station agent, run on a computer with an ID card reader. */
export const stationCommand: CliCommand = {
  name: 'station',
  summary: '读卡终端：为登记中心的查询窗口或自助查询机读身份证',
  async run(argv, io) {
    const { values } = parse(argv);
    if (values.help) {
      io.out(HELP);
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
