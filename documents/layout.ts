import { assertNever } from '#domain/assert.ts';

/** A document as data: blocks laid out top to bottom. Builders produce blocks; `render-pdf.ts` draws them. */
export type Block =
  | { type: 'title'; text: string }
  | { type: 'meta'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'fields'; rows: readonly (readonly [label: string, value: string])[] }
  | { type: 'table'; columns: readonly { header: string; width: number; align?: 'left' | 'right' | 'center' }[]; rows: readonly (readonly string[])[] }
  | { type: 'paragraph'; text: string; indent?: boolean; size?: number }
  | { type: 'qr'; data: string; caption: string }
  | { type: 'mark'; text: string }
  | { type: 'signatures'; items: readonly string[] }
  /** A PNG (e.g. a signature drawn on the touch screen), at most `width` points wide, with a caption beside it. */
  | { type: 'image'; png: Uint8Array; width: number; caption: string }
  | { type: 'spacer'; height: number };

export type PageSize = 'A4' | 'A5';

export type DocumentSpec = {
  title: string;
  size: PageSize;
  blocks: readonly Block[];
  /** Footer text left of the page number, e.g. the office name. */
  footer: string;
};

/** Every character the document will draw, for font subsetting. */
export function documentText(spec: DocumentSpec, pageWords: string): string {
  const parts: string[] = [spec.title, spec.footer, pageWords];
  for (const b of spec.blocks) {
    switch (b.type) {
      case 'title':
      case 'meta':
      case 'heading':
      case 'paragraph':
      case 'mark':
        parts.push(b.text);
        break;
      case 'fields':
        for (const [l, v] of b.rows) parts.push(l, v);
        break;
      case 'table':
        parts.push(...b.columns.map((c) => c.header), ...b.rows.flat());
        break;
      case 'qr':
      case 'image':
        parts.push(b.caption);
        break;
      case 'signatures':
        parts.push(...b.items);
        break;
      case 'spacer':
        break;
      default:
        assertNever(b, 'block');
    }
  }
  return parts.join('');
}
