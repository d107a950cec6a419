/** `npx tsx bench/devices-run.ts`: the device benchmarks alone, until bench/main.ts lists the suite. */
import { benchDevices } from './devices.ts';
import { formatTable } from './report.ts';

console.log(formatTable(await benchDevices()));
