/**
 * The 256-byte UCS-2LE text block of a card (GA/T 490) → an identity.
 * Four layouts share the block; the flag at offset 248 tells them apart ('J', 'I', 'Y', blank = resident).
 * Everything is validated (dates, codes, ID number check digit, ID number vs birth date and sex) so a
 * block that slipped through corrupted still never becomes an identity.
 */
import { checkResidentId, residentIdCheckChar } from '#domain/identity/resident-id.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { CARD_TYPE_TEXT, type CardDataProblem } from './id-reader-text.ts';
import { nationName, sexFromCode } from './nation.ts';

export const TEXT_BLOCK_BYTES = 256;
export const PHOTO_BYTES = 1024;

export type CardKind = keyof typeof CARD_TYPE_TEXT;

/** The fields every caller needs (the IPC contract's Identity and the CLI's JSON). */
export type CardIdentity = {
  cardType: string;
  name: string;
  sex: '男' | '女';
  nation: string;
  birthDate: string;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: string;
  validTo: string;
};

/** Fields only some card types carry. */
export type CardExtra = {
  englishName?: string;
  nationality?: string;
  passNumber?: string;
  issueCount?: string;
  renewalCount?: string;
  cardVersion?: string;
  authorityCode?: string;
};

export type DecodedText = { kind: CardKind; identity: CardIdentity; extra: CardExtra };

const decoder = new TextDecoder('utf-16le', { fatal: false });

/** A UCS-2LE field, right-padded with spaces or NULs. */
function field(block: Uint8Array, offset: number, bytes: number): string {
  // Cards pad with spaces; some readers pad with NULs: both are trimmed.
  return decoder.decode(block.subarray(offset, offset + bytes)).replaceAll(String.fromCharCode(0), ' ').trim();
}

function isoDate(raw: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function validity(block: Uint8Array): Result<{ validFrom: string; validTo: string }, CardDataProblem> {
  const validFrom = isoDate(field(block, 188, 16));
  if (!validFrom) return err('validFrom');
  const toRaw = field(block, 204, 16);
  const validTo = toRaw === '长期' ? '长期' : isoDate(toRaw);
  if (!validTo || (validTo !== '长期' && validTo < validFrom)) return err('validTo');
  return ok({ validFrom, validTo });
}

/** Resident cards and 港澳台 permits share offsets 0..219 and an 18-digit GB 11643 number. */
function decodeCitizenLike(block: Uint8Array, kind: 'resident' | 'hkMacaoTaiwan'): Result<DecodedText, CardDataProblem> {
  const name = field(block, 0, 30);
  if (!name) return err('name');
  const sex = sexFromCode(field(block, 30, 2));
  if (!sex) return err('sex');
  const nationRaw = field(block, 32, 4);
  const nation = kind === 'resident' ? nationName(nationRaw) : nationRaw === '' ? '' : nationName(nationRaw);
  if (nation === null) return err('nation');
  const birthDate = isoDate(field(block, 36, 16));
  if (!birthDate) return err('birthDate');
  const idNumber = field(block, 122, 36);
  const checked = checkResidentId(idNumber);
  if (!checked.ok) return err('idNumber');
  if (kind === 'hkMacaoTaiwan' && !/^8[123]/.test(idNumber)) return err('idNumber');
  if (checked.value.birthDate !== birthDate || checked.value.sex !== sex) return err('idMismatch');
  const dates = validity(block);
  if (!dates.ok) return dates;
  const identity: CardIdentity = {
    cardType: CARD_TYPE_TEXT[kind], name, sex, nation, birthDate, address: field(block, 52, 70),
    idNumber: checked.value.number, issuer: field(block, 158, 30), ...dates.value,
  };
  const extra: CardExtra = kind === 'hkMacaoTaiwan' ? { passNumber: field(block, 220, 18), issueCount: field(block, 238, 4) } : {};
  return ok({ kind, identity, extra });
}

function decodeForeigner2017(block: Uint8Array): Result<DecodedText, CardDataProblem> {
  const englishName = field(block, 0, 120);
  const chineseName = field(block, 158, 30);
  if (!englishName && !chineseName) return err('name');
  const sex = sexFromCode(field(block, 120, 2));
  if (!sex) return err('sex');
  const idNumber = field(block, 122, 30);
  if (!/^[A-Z]{3}\d{12}$/.test(idNumber)) return err('idNumber');
  const birthDate = isoDate(field(block, 220, 16));
  if (!birthDate) return err('birthDate');
  const dates = validity(block);
  if (!dates.ok) return dates;
  return ok({
    kind: 'foreigner2017',
    identity: {
      cardType: CARD_TYPE_TEXT.foreigner2017, name: chineseName || englishName, sex, nation: '', birthDate,
      address: '', idNumber, issuer: '公安部', ...dates.value,
    },
    extra: { englishName, nationality: field(block, 152, 6), cardVersion: field(block, 236, 4), authorityCode: field(block, 240, 8) },
  });
}

function decodeForeigner2023(block: Uint8Array): Result<DecodedText, CardDataProblem> {
  const chineseName = field(block, 0, 30);
  const englishName = `${field(block, 52, 70)}${field(block, 220, 22)}`.trim();
  if (!chineseName && !englishName) return err('name');
  const sex = sexFromCode(field(block, 30, 2));
  if (!sex) return err('sex');
  const birthDate = isoDate(field(block, 36, 16));
  if (!birthDate) return err('birthDate');
  const idNumber = field(block, 122, 36);
  // 18 digits, leading 9, the same MOD 11-2 check character as citizens' numbers (GB 11643).
  if (!/^9\d{16}[\dX]$/.test(idNumber) || residentIdCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return err('idNumber');
  const dates = validity(block);
  if (!dates.ok) return dates;
  return ok({
    kind: 'foreigner2023',
    identity: {
      cardType: CARD_TYPE_TEXT.foreigner2023, name: chineseName || englishName, sex, nation: '', birthDate,
      address: '', idNumber, issuer: '国家移民管理局', ...dates.value,
    },
    extra: { englishName, nationality: field(block, 242, 6), renewalCount: field(block, 32, 4) },
  });
}

/** Decodes a text block; every problem is a specific code (text in CARD_DATA_TEXT). */
export function decodeTextBlock(block: Uint8Array): Result<DecodedText, CardDataProblem> {
  if (block.length !== TEXT_BLOCK_BYTES) return err('length');
  const flag = field(block, 248, 2);
  switch (flag) {
    case '':
      return decodeCitizenLike(block, 'resident');
    case 'J':
      return decodeCitizenLike(block, 'hkMacaoTaiwan');
    case 'I':
      return decodeForeigner2017(block);
    case 'Y':
      return decodeForeigner2023(block);
    default:
      return err('cardType');
  }
}

/** What a basic read (30 01) or a read with fingerprint (30 10) carries. */
export type CardRead = DecodedText & { photo: Uint8Array; fingerprint: Uint8Array | null };

/**
 * Splits the data of a successful read response (after SW1..SW3) into text, photo and fingerprint.
 * 30 01: textLen photoLen text photo; 30 10: textLen photoLen fpLen text photo fp (GA 467).
 */
export function decodeReadData(data: Uint8Array, withFingerprint: boolean): Result<CardRead, CardDataProblem> {
  const words = withFingerprint ? 3 : 2;
  if (data.length < words * 2) return err('length');
  const word = (i: number) => ((data[i * 2] ?? 0) << 8) | (data[i * 2 + 1] ?? 0);
  const textLen = word(0);
  const photoLen = word(1);
  const fpLen = withFingerprint ? word(2) : 0;
  if (textLen !== TEXT_BLOCK_BYTES || photoLen !== PHOTO_BYTES || data.length !== words * 2 + textLen + photoLen + fpLen) return err('length');
  const textStart = words * 2;
  const decoded = decodeTextBlock(data.subarray(textStart, textStart + textLen));
  if (!decoded.ok) return decoded;
  const photo = data.slice(textStart + textLen, textStart + textLen + photoLen);
  const fingerprint = fpLen > 0 ? data.slice(textStart + textLen + photoLen) : null;
  return ok({ ...decoded.value, photo, fingerprint });
}
