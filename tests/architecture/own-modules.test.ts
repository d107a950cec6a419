import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testsNeedingOwnModules } from '../support/own-modules.ts';
import { tempFolderForTests } from '../support/temp-folder.ts';

const root = tempFolderForTests('own-modules');

/** `vi.<name>(<args>)`, spelled so that this file itself does not read as one that mocks. */
const vi = (name: string, args = '') => ['vi', `${name}(${args});`].join('.');

const file = (path: string, text: string) => {
  mkdirSync(join(root(), path, '..'), { recursive: true });
  writeFileSync(join(root(), path), text);
};

describe('the test files that run in a process of their own', () => {
  it('are those that replace a module or move the clock, wherever they are under tests/', () => {
    file('tests/electron/shell.test.ts', vi('mock', "'electron', () => ({})"));
    file('tests/renderer/late.test.ts', vi('spyOn', ['Date', "'now'"].join(', ')));
    file('tests/renderer/deep/timers.test.ts', vi('useFakeTimers'));
    file('tests/office/system-time.test.ts', vi('setSystemTime', 'new Date(0)'));
    file('tests/office/plain.test.ts', `expect(Date.now()).toBeGreaterThan(0); ${vi('fn')}`);
    file('tests/office/helpers.ts', vi('mock', "'electron'")); // not a test file
    expect(testsNeedingOwnModules(root())).toEqual([
      'tests/electron/shell.test.ts',
      'tests/office/system-time.test.ts',
      'tests/renderer/deep/timers.test.ts',
      'tests/renderer/late.test.ts',
    ]);
  });

  it('include, in this repository, the files that replace electron, the clock guard’s and the route guards’ recorder', () => {
    expect(testsNeedingOwnModules(process.cwd())).toEqual([
      // It leaves RxDB's clock ahead on purpose, to see the check after each file refuse it.
      'tests/architecture/close-van-stores.test.ts',
      'tests/electron/app-protocol-office.test.ts',
      'tests/electron/main.test.ts',
      'tests/electron/preload.test.ts',
      'tests/electron/second-launch.test.ts',
      'tests/renderer/clock-guard.test.ts',
      // It wraps the permission guards to record what each route asks.
      'tests/security/route-roles.test.ts',
    ]);
  });
});
