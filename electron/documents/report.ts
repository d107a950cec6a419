import { type Block, type DocumentSpec, type PageSize } from './layout.ts';

/** A table section of a report: a heading, columns (relative widths) and rows of cell text. */
export type ReportSection = {
  heading: string;
  columns: readonly { header: string; width: number; align?: 'left' | 'right' | 'center' }[];
  rows: readonly (readonly string[])[];
  /** Said in place of the table when it has no rows (an empty table reads like a rendering fault). */
  emptyText: string;
};

export type ReportInput = {
  title: string;
  /** Right-aligned line under the title, e.g. trip number and print time. */
  meta?: string;
  /** Label/value summary table at the top (totals, counts). */
  summary: readonly (readonly [label: string, value: string])[];
  sections: readonly ReportSection[];
  /** Closing notes (differences to explain, who checked). */
  notes?: readonly string[];
  signatures?: readonly string[];
  footer: string;
  size?: PageSize;
};

/**
 * A report from summary and table blocks, e.g. the trip reconciliation (its content is the office's). Render it
 * with `renderPdf` (or the worker renderer): long tables run over pages, each with its page number.
 */
export function reportSpec(input: ReportInput): DocumentSpec {
  const blocks: Block[] = [{ type: 'title', text: input.title }];
  if (input.meta) blocks.push({ type: 'meta', text: input.meta });
  if (input.summary.length > 0) blocks.push({ type: 'fields', rows: input.summary });
  for (const s of input.sections) {
    blocks.push({ type: 'heading', text: s.heading });
    blocks.push(s.rows.length > 0 ? { type: 'table', columns: s.columns, rows: s.rows } : { type: 'paragraph', text: s.emptyText });
  }
  for (const n of input.notes ?? []) blocks.push({ type: 'paragraph', text: n });
  if (input.signatures && input.signatures.length > 0) blocks.push({ type: 'signatures', items: input.signatures });
  return { title: input.title, size: input.size ?? 'A4', footer: input.footer, blocks };
}
