import { type QuoteError, MAX_CERTIFICATES } from '#domain/fees/quote.ts';
import { assertNever } from '#domain/assert.ts';

/** The Chinese message for a quote error, as staff and the CLI see it. */
export function quoteErrorText(e: QuoteError): string {
  switch (e.code) {
    case 'no-rules-in-force':
      return `${e.date} 没有生效的收费标准`;
    case 'date-or-rules-required':
      return '计费须指定收费标准或计费日期';
    case 'certificates-invalid':
      return `证书本数须为 0 到 ${MAX_CERTIFICATES} 之间的整数`;
    case 'unknown-special-case':
      return `该收费标准中没有减免情形“${e.key}”`;
    case 'special-case-not-applicable':
      return `减免情形“${e.name}”不适用：${e.scope}`;
    default:
      return assertNever(e, 'quote error');
  }
}
