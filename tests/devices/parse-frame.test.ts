import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '#electron/devices/id-reader/commands.ts';
import { FrameAssembler, MAX_FRAME_LEN, buildCommand, buildResponse, parseFrame, toResponse } from '#electron/devices/id-reader/parse-frame.ts';
import { hex, samFrames, toHex } from './frames.ts';

describe('SAM frame codec', () => {
  it('builds every command frame exactly as published', () => {
    for (const [name, frame] of Object.entries(samFrames.commands)) {
      const { cmd, para } = COMMANDS[name as CommandName];
      expect(toHex(buildCommand(cmd, para)), name).toBe(frame);
    }
  });

  it('builds the published responses and parses them back', () => {
    expect(toHex(buildResponse(0x9f, new Uint8Array(4)))).toBe(samFrames.responses['findOk']);
    expect(toHex(buildResponse(0x90, new Uint8Array(8)))).toBe(samFrames.responses['selectOk']);
    expect(toHex(buildResponse(0x80))).toBe(samFrames.responses['findFailed']);
    const parsed = parseFrame(hex(samFrames.responses['readFailed']!));
    expect(parsed.ok && toResponse(parsed.value.frame)).toEqual({ sw1: 0, sw2: 0, sw3: 0x41, data: new Uint8Array(0) });
  });

  it('a read reply of 256 text + 1024 photo bytes is the published 1295-byte frame', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    data.set([0x01, 0x00, 0x04, 0x00]);
    const frame = buildResponse(0x90, data);
    expect(frame.length).toBe(1295);
    expect(toHex(frame.subarray(0, 14))).toBe(samFrames.readHeader);
  });

  it('rejects a bad checksum as an error, never as data', () => {
    const bad = hex(samFrames.responses['findOk']!);
    bad[bad.length - 1]! ^= 1;
    expect(parseFrame(bad)).toEqual({ ok: false, error: 'checksum' });
  });

  it('asks for more bytes on a short frame and refuses an absurd length', () => {
    expect(parseFrame(hex('AA AA AA 96 69 00 08 00'))).toEqual({ ok: false, error: 'incomplete' });
    const len = MAX_FRAME_LEN + 1;
    expect(parseFrame(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, len >> 8, len & 0xff))).toEqual({ ok: false, error: 'length' });
  });
});

describe('FrameAssembler', () => {
  it('reassembles a frame delivered one byte at a time', () => {
    const frame = hex(samFrames.responses['selectOk']!);
    const a = new FrameAssembler();
    const events = [...frame].flatMap((b) => a.push(Uint8Array.of(b)));
    expect(events).toHaveLength(1);
    expect(events[0]?.kind === 'frame' && toHex(events[0].frame.bytes)).toBe(samFrames.responses['selectOk']);
    expect(a.buffered).toBe(0);
  });

  it('skips junk before the preamble, including a false start', () => {
    const a = new FrameAssembler();
    const events = a.push(new Uint8Array([0x00, 0xaa, 0xaa, 0x96, 0xaa, ...hex(samFrames.responses['findFailed']!)]));
    expect(events.filter((e) => e.kind === 'frame')).toHaveLength(1);
    expect(events.some((e) => e.kind === 'junk')).toBe(true);
  });

  it('reports a corrupt frame and still finds the good one after it', () => {
    const bad = hex(samFrames.responses['findOk']!);
    bad[10]! ^= 0xff;
    const a = new FrameAssembler();
    const events = a.push(new Uint8Array([...bad, ...hex(samFrames.responses['selectOk']!)]));
    expect(events[0]).toMatchObject({ kind: 'corrupt', error: 'checksum' });
    const frames = events.filter((e) => e.kind === 'frame');
    expect(frames).toHaveLength(1);
    expect(frames[0]?.kind === 'frame' && toHex(frames[0].frame.bytes)).toBe(samFrames.responses['selectOk']);
  });

  it('two frames in one chunk come out as two frames', () => {
    const a = new FrameAssembler();
    const both = new Uint8Array([...hex(samFrames.responses['findOk']!), ...hex(samFrames.responses['findFailed']!)]);
    expect(a.push(both).filter((e) => e.kind === 'frame')).toHaveLength(2);
  });
});
