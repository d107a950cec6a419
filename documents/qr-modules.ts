import QRCode from 'qrcode';

/** The dark modules of a QR code as horizontal runs, so a vector drawing needs few rectangles. */
export function qrRuns(data: string): { size: number; runs: { row: number; col: number; length: number }[] } {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const runs: { row: number; col: number; length: number }[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}
