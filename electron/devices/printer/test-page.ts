import { EscPosBuilder, type PaperWidth } from './escpos.ts';

/** The printer test page (Chinese text, columns, QR code), printed from the CLI and the Devices screen. */
export function testPageBytes(o: { width: PaperWidth; portLabel: string }): Uint8Array {
  const b = new EscPosBuilder({ width: o.width });
  const cols = b.paperColumns;
  return b.init().chinese().align('center').bold().size(o.width === 58 ? 1 : 2, 2).line('打印测试页').size(1).bold(false)
    .line('佳木斯市不动产登记中心').line('便民服务直通车').align('left').rule()
    .columns([{ text: '项目', width: cols - 12 }, { text: '金额', width: 12, align: 'right' }])
    .columns([{ text: '不动产登记费（住宅）', width: cols - 12 }, { text: '￥80.00', width: 12, align: 'right' }])
    .rule().line(o.portLabel).align('center').qr('https://www.jms.gov.cn/').line('扫码测试')
    .feed(2).cut()
    .bytes();
}
