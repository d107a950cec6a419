import { describe, expect, it } from 'vitest';
import { typedFields } from '#domain/forms/typed-fields.ts';

describe('typedFields: a refused form shown again as typed', () => {
  it('gives each named field that came as text, and empty for one left out or not text', () => {
    expect(typedFields({ name: '张三', age: 30, extra: 'x' }, ['name', 'age', 'phone'])).toEqual({ name: '张三', age: '', phone: '' });
  });

  it('gives a field over its limit back cut at 2,000 characters, or at the limit given', () => {
    const long = '长'.repeat(30_000);
    expect(typedFields({ note: long }, ['note']).note).toHaveLength(2000);
    expect(typedFields({ note: long }, ['note'], 20_000).note).toHaveLength(20_000);
  });

  it('gives every field empty for a body that is no form', () => {
    for (const body of [undefined, null, 'text', 42]) expect(typedFields(body, ['a'])).toEqual({ a: '' });
  });
});
