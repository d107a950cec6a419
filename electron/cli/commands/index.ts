import { type CliCommand } from '../command.ts';
import { devicesCommand } from './devices.ts';
import { feesCommand } from './fees.ts';
import { officeCommand } from './office.ts';
import { stationCommand } from './station.ts';

/** Every area of the `van` command line. Each area lives in its own file beside this one. */
export const commands: readonly CliCommand[] = [officeCommand, feesCommand, devicesCommand, stationCommand];
