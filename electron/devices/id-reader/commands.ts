/** SAM commands and status words (GA 467; docs/devices.md). */
export const COMMANDS = {
  resetSam: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  samId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readBasic: { cmd: 0x30, para: 0x01 },
  readAppendedAddress: { cmd: 0x30, para: 0x03 },
  readWithFingerprint: { cmd: 0x30, para: 0x10 },
} as const;
export type CommandName = keyof typeof COMMANDS;

export const SW3 = {
  ok: 0x90,
  noContent: 0x91,
  findOk: 0x9f,
  hostChecksum: 0x10,
  hostLength: 0x11,
  badCommand: 0x21,
  unauthorizedOperation: 0x23,
  unknownError: 0x24,
  cardAuthSam: 0x31,
  samAuthCard: 0x32,
  verifyFailed: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTest: 0x60,
  samUnauthorized: 0x66,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

/** Every way a card read can fail. Status codes from the SAM map one to one; the rest are host-side. */
export type IdReaderErrorCode =
  | 'no-content'
  | 'host-checksum'
  | 'host-length'
  | 'bad-command'
  | 'unauthorized-operation'
  | 'sam-unknown-error'
  | 'card-auth-sam'
  | 'sam-auth-card'
  | 'verify-failed'
  | 'unknown-card-type'
  | 'read-failed'
  | 'random-failed'
  | 'sam-self-test'
  | 'sam-unauthorized'
  | 'no-card'
  | 'select-failed'
  | 'unknown-status'
  | 'frame-checksum'
  | 'bad-response'
  | 'timeout'
  | 'disconnected'
  | 'unavailable'
  | 'cancelled'
  | 'card-data';

const BY_SW3: ReadonlyMap<number, IdReaderErrorCode> = new Map<number, IdReaderErrorCode>([
  [SW3.noContent, 'no-content'],
  [SW3.hostChecksum, 'host-checksum'],
  [SW3.hostLength, 'host-length'],
  [SW3.badCommand, 'bad-command'],
  [SW3.unauthorizedOperation, 'unauthorized-operation'],
  [SW3.unknownError, 'sam-unknown-error'],
  [SW3.cardAuthSam, 'card-auth-sam'],
  [SW3.samAuthCard, 'sam-auth-card'],
  [SW3.verifyFailed, 'verify-failed'],
  [SW3.unknownCardType, 'unknown-card-type'],
  [SW3.readFailed, 'read-failed'],
  [SW3.randomFailed, 'random-failed'],
  [SW3.samSelfTest, 'sam-self-test'],
  [SW3.samUnauthorized, 'sam-unauthorized'],
  [SW3.noCard, 'no-card'],
  [SW3.selectFailed, 'select-failed'],
]);

/** The error for a non-success SW3 (success codes 0x90/0x9F are never passed here). */
export function errorForStatus(sw3: number): IdReaderErrorCode {
  return BY_SW3.get(sw3) ?? 'unknown-status';
}
