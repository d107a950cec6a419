import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Browser } from 'playwright-core';
import { type Office } from '../office/harness.ts';
import { startArchiveOffice } from '../archive/harness.ts';
import { officeInBrowser } from '../support/office-in-browser.ts';
import { removeDir, tempDir } from '../sync/helpers.ts';

/** The columns of a housing-management ledger, as the archive's import form takes them. */
const LEDGER_HEAD = ['不动产单元号', '房屋所有权证号', '所有权人', '证件类型', '证件号码', '共有情况', '坐落', '所在层', '总层数', '房号', '建筑面积', '结构', '用途', '竣工年份', '登记日期'];

/** Flat `room` (4 digits) of building 1 at 西林路79号, which the demo register does not hold, owned by 张建国. */
export const ledgerRow = (room: string): string[] => [
  `230803003079GB00100F0001${room}`, `佳房权证向字第 00${room}79 号`, '张建国', '身份证', '230803195003151233', '单独所有', `佳木斯市向阳区西林路79号1栋${room}室`, '1', '6', room,
  '86.50', '混合结构', '住宅', '1998', '2003-07-15',
];

/**
 * The archive office and a Chromium for the tests of one file, started before them and closed after, with a
 * folder for the files the tests upload.
 */
export function archiveOfficeInBrowser(folder: string): {
  readonly office: Office;
  readonly browser: Browser;
  /** Writes a ledger of `rows` (UTF-8 with BOM, CRLF, as Excel saves CSV) into the folder; returns its path. */
  ledger(name: string, rows: string[][]): string;
} {
  const dir = tempDir(folder);
  afterAll(() => removeDir(dir));
  // Object.assign keeps the started-or-throw getters, which a spread would read at once.
  return Object.assign(officeInBrowser(startArchiveOffice), {
    ledger(name: string, rows: string[][]): string {
      const file = join(dir, name);
      writeFileSync(file, `\ufeff${[LEDGER_HEAD, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
      return file;
    },
  });
}
