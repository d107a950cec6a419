import { describe, expect, it } from 'vitest';
import { maskRecordText, maskText } from '#domain/personal-data.ts';

describe('an error\'s words fit for a log', () => {
  it('hides the personal fields of a record a store quotes as JSON, and keeps its ids and the error\'s own words', () => {
    const quoted = 'RxError (CONFLICT): Given parameters: {"collection":"receipts","id":"r-1","document":{"payer":"刘建国","address":"前进区长安路 12 号","notes":"下午在家","unitNumber":"230803001001GB00001F0001"}}';
    expect(maskRecordText(quoted)).toBe('RxError (CONFLICT): Given parameters: {"collection":"receipts","id":"r-1","document":{"payer":"(hidden)","address":"(hidden)","notes":"(hidden)","unitNumber":"230803001001GB00001F0001"}}');
  });

  it('hides them in JSON quoted inside another JSON string too, an escaped quote in a value included', () => {
    const twice = JSON.stringify({ message: JSON.stringify({ id: 'c-1', name: '王"小"丽', side: 'holder' }) });
    expect(maskRecordText(twice)).toBe(JSON.stringify({ message: JSON.stringify({ id: 'c-1', name: '(hidden)', side: 'holder' }) }));
    expect(maskRecordText('{"name" : "张\\"三\\"", "id": 1}')).toBe('{"name" : "(hidden)", "id": 1}');
  });

  it('masks an ID or mobile number wherever it stands, not only in a named field', () => {
    expect(maskRecordText('duplicate key 23080319500315123x for +86 13904541234')).toBe('duplicate key (id-number) for (phone)');
    expect(maskText('at 230803195003151234;')).toBe('at (id-number);');
  });

  it('leaves words without personal data as they are', () => {
    const plain = 'QuotaExceededError: The quota has been exceeded. at insertNew (http://127.0.0.1:5180/assets/index-3f2a.js:12:3401)';
    expect(maskRecordText(plain)).toBe(plain);
  });
});
