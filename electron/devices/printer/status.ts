/**
 * DLE EOT n real-time status (Epson ESC/POS reference). Every reply byte matches 0xx1xx10, i.e.
 * `(b & 0x93) === 0x12`, which also tells it apart from XON/XOFF.
 */
export const DLE_EOT = (n: 1 | 2 | 3 | 4) => Uint8Array.of(0x10, 0x04, n);
export const isStatusByte = (b: number) => (b & 0x93) === 0x12;

export type PaperState = 'ok' | 'nearEnd' | 'out' | 'unknown';
/** Same shape as the IPC contract's PrinterStatus, plus the error bits. */
export type PrinterState = {
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
};

/** Decodes the four replies (n = 1..4). */
export function decodeStatus(b: { printer: number; offline: number; error: number; paper: number }): PrinterState {
  const paperOut = (b.paper & 0x60) === 0x60 || (b.offline & 0x20) !== 0;
  return {
    online: (b.printer & 0x08) === 0,
    coverOpen: (b.offline & 0x04) !== 0,
    paper: paperOut ? 'out' : (b.paper & 0x0c) === 0x0c ? 'nearEnd' : 'ok',
    cutterError: (b.error & 0x08) !== 0,
    unrecoverableError: (b.error & 0x20) !== 0,
  };
}

/** The bytes a printer in `state` answers (used by the emulator and tests). */
export function encodeStatus(s: { online: boolean; paper: 'ok' | 'nearEnd' | 'out'; coverOpen: boolean }): { printer: number; offline: number; error: number; paper: number } {
  const offline = !s.online || s.coverOpen || s.paper === 'out';
  return {
    printer: 0x12 | (offline ? 0x08 : 0),
    offline: 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paper === 'out' ? 0x20 : 0) | (s.coverOpen || s.paper === 'out' ? 0x40 : 0),
    error: 0x12,
    paper: 0x12 | (s.paper === 'out' ? 0x6c : s.paper === 'nearEnd' ? 0x0c : 0),
  };
}
