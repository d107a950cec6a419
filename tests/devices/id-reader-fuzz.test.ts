/**
 * Fuzzing the reader side: 10,000 random and mutated frames through the frame assembler and the
 * decoder, then 300 reads through the driver with every reply mutated. No exception, no hang, and
 * never an identity from a corrupted frame. Seeded, so a failure reproduces.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeReadData } from '#electron/devices/id-reader/decode-text.ts';
import { IdReaderDriver } from '#electron/devices/id-reader/driver.ts';
import { FrameAssembler, PREAMBLE, buildResponse, toResponse } from '#electron/devices/id-reader/parse-frame.ts';
import { encodeTextBlock } from '#fixtures/devices/card-text.ts';
import { IdReaderDevice, type Reply, demoPhoto, loadDemoPeople } from '#fixtures/devices/id-reader-device.ts';
import { mockReaderLink, resetMockPorts } from './fake-reader.ts';
import { fixturePath } from './frames.ts';

const people = loadDemoPeople(fixturePath('identities.json'));
afterEach(() => resetMockPorts());

/** mulberry32: small, seeded, good enough for fuzzing. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

function readFrame(i: number): Uint8Array {
  const p = people[i % people.length]!;
  const data = new Uint8Array(4 + 256 + 1024);
  data.set([0x01, 0x00, 0x04, 0x00]);
  data.set(encodeTextBlock(p), 4);
  data.set(demoPhoto(p), 260);
  return buildResponse(0x90, data);
}

type Mutation = 'random' | 'flip' | 'replace' | 'truncate' | 'insert' | 'delete' | 'length';

/** One corruption a line can cause. Single-byte errors are what an XOR checksum is guaranteed to catch. */
function mutate(rng: ReturnType<typeof prng>, frame: Uint8Array, kind: Mutation): Uint8Array {
  const at = 5 + rng.int(frame.length - 5);
  switch (kind) {
    case 'random': {
      const out = new Uint8Array(rng.int(1600));
      for (let i = 0; i < out.length; i++) out[i] = rng.int(256);
      if (rng.next() < 0.5 && out.length > 7) out.set(PREAMBLE, 0);
      return out;
    }
    case 'flip': {
      const out = frame.slice();
      out[at]! ^= 1 << rng.int(8);
      return out;
    }
    case 'replace': {
      const out = frame.slice();
      out[at] = ((out[at] ?? 0) + 1 + rng.int(255)) & 0xff;
      return out;
    }
    case 'truncate':
      return frame.slice(0, rng.int(frame.length));
    case 'insert':
      return new Uint8Array([...frame.subarray(0, at), rng.int(256), ...frame.subarray(at)]);
    case 'delete':
      return new Uint8Array([...frame.subarray(0, at), ...frame.subarray(at + 1)]);
    case 'length': {
      const out = frame.slice();
      const i = 5 + rng.int(2);
      out[i] = ((out[i] ?? 0) + 1 + rng.int(255)) & 0xff; // always a different value
      return out;
    }
  }
}
const KINDS: Mutation[] = ['random', 'flip', 'replace', 'truncate', 'insert', 'delete', 'length'];

describe('reader fuzzing', () => {
  it('10,000 random and mutated frames never yield an identity, and a good frame after them still does', () => {
    const rng = prng(20261128);
    const assembler = new FrameAssembler();
    let identities = 0;
    let goodAfter = 0;
    for (let i = 0; i < 10_000; i++) {
      const original = readFrame(i);
      const bad = mutate(rng, original, KINDS[i % KINDS.length]!);
      // One reply per command, delivered in random chunk sizes like a serial read loop. As in the driver,
      // a frame counts only if nothing follows it in the same transmission.
      assembler.reset();
      let accepted: Uint8Array | null = null;
      let trailing = false;
      for (let at = 0; at < bad.length; ) {
        const n = 1 + rng.int(300);
        if (accepted) trailing = true;
        for (const ev of assembler.push(bad.subarray(at, at + n))) {
          if (ev.kind === 'frame') {
            const r = toResponse(ev.frame);
            if (r && r.sw3 === 0x90) accepted = r.data;
          } else if (accepted) trailing = true;
        }
        if (accepted && assembler.buffered > 0) trailing = true;
        at += n;
      }
      if (accepted && !trailing && decodeReadData(accepted, false).ok) identities += 1;
      // Positive control every 100 cases: flush with a junk-free good frame, which must decode.
      if (i % 100 === 99) {
        assembler.reset();
        for (const ev of assembler.push(readFrame(i))) {
          const r = ev.kind === 'frame' ? toResponse(ev.frame) : null;
          if (r && decodeReadData(r.data, false).ok) goodAfter += 1;
        }
      }
    }
    expect(identities).toBe(0);
    expect(goodAfter).toBe(100);
  });

  it('300 driver reads with corrupted replies end with an error or the true identity, never a wrong one', async () => {
    const rng = prng(7);
    const device = new IdReaderDevice(people);
    const mutateReply = (reply: Reply): Uint8Array | null => {
      const roll = rng.next();
      if (roll < 0.05) return null; // silence
      if (roll < 0.5) return reply.bytes;
      return mutate(rng, reply.bytes, KINDS[rng.int(KINDS.length)]!);
    };
    const link = await mockReaderLink(device, { maxReadSize: 128, mutate: mutateReply });
    const driver = new IdReaderDriver({
      open: () => Promise.resolve(link), timeouts: { findMs: 15, selectMs: 15, readMs: 30, samMs: 15 },
      pollIntervalMs: 1, maxRetries: 1, log: pino({ level: 'silent' }),
    });
    let good = 0;
    for (let i = 0; i < 300; i++) {
      const who = i % people.length;
      device.removeCard();
      device.placeCard(who);
      const r = await driver.read({ timeoutMs: 200 });
      if (r.ok) {
        expect(r.value.identity.idNumber).toBe(people[who]!.idNumber);
        expect(r.value.photo).toEqual(demoPhoto(people[who]!));
        good += 1;
      } else {
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }
    expect(good).toBeGreaterThan(0);
    await driver.close();
  }, 120_000);
});
