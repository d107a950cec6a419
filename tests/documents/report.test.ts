import { describe, expect, it } from 'vitest';
import { createFontSource } from '#electron/documents/font-source.ts';
import { reportSpec } from '#electron/documents/report.ts';
import { renderPdf } from '#electron/documents/render-pdf.ts';
import { inkShare, pdfText } from './pdf-tools.ts';

const fonts = createFontSource();
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the report builder (summary + table blocks, for the trip reconciliation)', () => {
  it('runs a long table over pages with page numbers, and says so when a section is empty', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [`JMS20261128${String(i + 1).padStart(5, '0')}`, i % 2 === 0 ? '转移登记' : '抵押权首次登记', `${(80 + i).toFixed(2)}`]);
    const spec = reportSpec({
      title: '直通车车次对账单',
      meta: '车次 T20261128-01',
      summary: [['收费合计', '￥7,200.00'], ['票据张数', '90']],
      sections: [
        { heading: '已开票据', columns: [{ header: '受理编号', width: 3 }, { header: '业务类型', width: 3 }, { header: '金额（元）', width: 1.5, align: 'right' }], rows, emptyText: '无' },
        { heading: '作废票据', columns: [{ header: '票据号码', width: 1 }], rows: [], emptyText: '本车次没有作废的票据。' },
      ],
      signatures: ['对账人：', '复核人：'],
      footer: '佳木斯市不动产登记中心',
    });
    const { bytes, pages } = await renderPdf(spec, fonts, new Date('2026-11-28T10:00:00Z'));
    expect(pages).toBeGreaterThan(1);
    const text = squash(pdfText(bytes));
    for (const expected of ['直通车车次对账单', '收费合计', '￥7,200.00', 'JMS2026112800090', '抵押权首次登记', '本车次没有作废的票据。', `第${pages}页共${pages}页`, '复核人']) {
      expect(text).toContain(expected);
    }
    expect(inkShare(bytes)).toBeGreaterThan(0.01);
  }, 60_000);
});
