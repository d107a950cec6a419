/**
 * The SAM serial frame (GA 467 chapter 7):
 *   AA AA AA 96 69 | Len(2, big-endian) | CMD PARA or SW1 SW2 SW3 | DATA | CHK
 * Len counts everything after itself including CHK; CHK is the XOR of Len..DATA.
 * Written by hand: `@serialport/parser-packet-length` reads the length little-endian and takes a
 * one-byte delimiter, so no parser on npm fits this framing.
 */
import { type Result, err, ok } from '#domain/result.ts';

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Largest Len we accept: a 30 10 read with a 1024-byte fingerprint is 0x090A; anything far above is corruption. */
export const MAX_FRAME_LEN = 4096;
const HEADER = PREAMBLE.length + 2;

/** XOR of `bytes[from..to)`. */
export function xorChecksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

function frame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  const out = new Uint8Array(HEADER + len);
  out.set(PREAMBLE, 0);
  out[5] = (len >> 8) & 0xff;
  out[6] = len & 0xff;
  out.set(body, HEADER);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

/** A host → SAM command frame, e.g. `buildCommand(0x20, 0x01)` = `AA AA AA 96 69 00 03 20 01 22`. */
export function buildCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return frame(body);
}

/** A SAM → host response frame (used by the emulator and the tests). */
export function buildResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return frame(body);
}

/** The frame body between Len and CHK: for a response [SW1, SW2, SW3, ...data], for a command [CMD, PARA, ...data]. */
export type RawFrame = { body: Uint8Array; bytes: Uint8Array };
export type Response = { sw1: number; sw2: number; sw3: number; data: Uint8Array };
export type FrameError = 'incomplete' | 'no-preamble' | 'length' | 'checksum';

/**
 * Parses exactly one frame at the start of `bytes` (no junk skipping: see FrameAssembler for that).
 * `incomplete` means more bytes are needed; `checksum` and `length` mean the frame is corrupt.
 */
export function parseFrame(bytes: Uint8Array): Result<{ frame: RawFrame; consumed: number }, FrameError> {
  for (let i = 0; i < Math.min(bytes.length, PREAMBLE.length); i++) {
    if (bytes[i] !== PREAMBLE[i]) return err('no-preamble');
  }
  if (bytes.length < HEADER) return err('incomplete');
  const len = ((bytes[5] ?? 0) << 8) | (bytes[6] ?? 0);
  if (len < 2 || len > MAX_FRAME_LEN) return err('length');
  const total = HEADER + len;
  if (bytes.length < total) return err('incomplete');
  if (xorChecksum(bytes, 5, total - 1) !== bytes[total - 1]) return err('checksum');
  const copy = bytes.slice(0, total);
  return ok({ frame: { body: copy.subarray(HEADER, total - 1), bytes: copy }, consumed: total });
}

/** Reads a response body as SW1 SW2 SW3 + data; `null` when the body is too short to be a response. */
export function toResponse(frame: RawFrame): Response | null {
  const b = frame.body;
  if (b.length < 3) return null;
  return { sw1: b[0] ?? 0, sw2: b[1] ?? 0, sw3: b[2] ?? 0, data: b.subarray(3) };
}

export type AssemblerEvent = { kind: 'frame'; frame: RawFrame } | { kind: 'corrupt'; error: 'checksum' | 'length'; skipped: number } | { kind: 'junk'; skipped: number };

function indexOfPreamble(buf: Uint8Array, from: number): number {
  outer: for (let i = from; i <= buf.length - PREAMBLE.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Incremental reassembly: feed chunks as the serial port delivers them and get whole frames back.
 * Bytes before a preamble are dropped (reported as `junk`); a frame with a bad checksum or an absurd
 * length is reported as `corrupt` and the search restarts one byte later, so a corrupt length can
 * never stall the stream and a corrupt frame never becomes data.
 */
export class FrameAssembler {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): AssemblerEvent[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    this.buf = joined;
    const events: AssemblerEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = indexOfPreamble(this.buf, pos);
      if (start < 0) {
        // Keep a tail that could be the beginning of a preamble split across chunks.
        const keep = Math.min(PREAMBLE.length - 1, this.buf.length - pos);
        const junk = this.buf.length - pos - keep;
        if (junk > 0) events.push({ kind: 'junk', skipped: junk });
        this.buf = this.buf.slice(this.buf.length - keep);
        return events;
      }
      if (start > pos) events.push({ kind: 'junk', skipped: start - pos });
      const parsed = parseFrame(this.buf.subarray(start));
      if (parsed.ok) {
        events.push({ kind: 'frame', frame: parsed.value.frame });
        pos = start + parsed.value.consumed;
        continue;
      }
      if (parsed.error === 'incomplete') {
        this.buf = this.buf.slice(start);
        return events;
      }
      if (parsed.error === 'no-preamble') throw new Error('unreachable: preamble was found');
      events.push({ kind: 'corrupt', error: parsed.error, skipped: 1 });
      pos = start + 1;
    }
  }

  /** Forgets buffered bytes (before a new command, so a late reply to an old one cannot be taken as the answer). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }

  get buffered(): number {
    return this.buf.length;
  }
}
