import { describe, expect, it } from 'vitest';
import { queryCodeOf, statusLinkOf, statusPageOf } from '#domain/case/status-link.ts';

describe('the public status link', () => {
  it('joins the public address and the status page, with or without a trailing slash or a path prefix', () => {
    expect(statusPageOf('https://bdc.jms.gov.cn')).toBe('https://bdc.jms.gov.cn/public/status');
    expect(statusPageOf('https://bdc.jms.gov.cn/')).toBe('https://bdc.jms.gov.cn/public/status');
    expect(statusPageOf('https://www.jms.gov.cn/bdc/')).toBe('https://www.jms.gov.cn/bdc/public/status');
  });

  it('fills in the case number and query code, encoded', () => {
    expect(statusLinkOf('https://bdc.jms.gov.cn/', { caseNumber: '20261130-3F2A9C1B', queryCode: 'A1B2C3D4' })).toBe(
      'https://bdc.jms.gov.cn/public/status?caseNo=20261130-3F2A9C1B&code=A1B2C3D4',
    );
    expect(new URL(statusLinkOf('https://x.cn', { caseNumber: '甲 1&2', queryCode: 'a=b' })).searchParams.get('caseNo')).toBe('甲 1&2');
  });

  it('takes the query code from the end of the case id, apart from the case number’s beginning', () => {
    expect(queryCodeOf('3f2a9c1b-0d4e-4c6a-9b1e-7a8b9c0d1e2f')).toBe('9C0D1E2F');
  });
});
