import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type IssueWords, parseForm } from '#domain/forms/form-issues.ts';

const WORDS: IssueWords = { missing: '请填写', tooLong: '太长', date: '请按“年-月-日”填写日期', wrong: '格式不对' };
const NAMES = { name: '姓名', age: '年龄', day: '日期', kind: '类别' };
const Form = z.object({ name: z.string().min(1), age: z.number().int(), day: z.iso.date(), kind: z.enum(['a', 'b']) });

describe('parseForm', () => {
  it('gives the data of a form that fits', () => {
    expect(parseForm(Form, { name: '张三', age: 30, day: '2026-07-01', kind: 'a' }, NAMES, WORDS)).toEqual({ ok: true, data: { name: '张三', age: 30, day: '2026-07-01', kind: 'a' } });
  });

  it('tells a value of the wrong type from one left out', () => {
    // Parsed without the input in its issues, both would read 请填写: the trap parseForm closes for every caller.
    expect(parseForm(Form, { name: '张三', day: '2026-07-01', kind: 'a' }, NAMES, WORDS)).toEqual({ ok: false, message: '年龄：请填写', issues: ['年龄：请填写'] });
    expect(parseForm(Form, { name: '张三', age: '三十', day: '2026-07-01', kind: 'a' }, NAMES, WORDS)).toEqual({ ok: false, message: '年龄：格式不对', issues: ['年龄：格式不对'] });
    expect(parseForm(Form, { name: 7, age: 30, day: '2026-07-01', kind: 'a' }, NAMES, WORDS)).toEqual({ ok: false, message: '姓名：格式不对', issues: ['姓名：格式不对'] });
    expect(parseForm(Form, { name: '张三', age: 30, day: '2026-07-01' }, NAMES, WORDS)).toEqual({ ok: false, message: '类别：请填写', issues: ['类别：请填写'] });
    expect(parseForm(Form, { name: '张三', age: 30, day: '2026-07-01', kind: 'c' }, NAMES, WORDS)).toEqual({ ok: false, message: '类别：格式不对', issues: ['类别：格式不对'] });
  });

  it('names every field that is wrong, in the words of its page', () => {
    // Each issue apart too, for a page that lists them (the province's 接入 reasons).
    expect(parseForm(Form, { name: '', age: 30, day: '7/1', kind: 'a' }, NAMES, WORDS)).toEqual({ ok: false, message: '姓名：请填写；日期：请按“年-月-日”填写日期', issues: ['姓名：请填写', '日期：请按“年-月-日”填写日期'] });
  });
});
