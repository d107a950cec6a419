import { describe, expect, it, vi } from 'vitest';
import { createOfficeFetch } from '#renderer/ipc/office-fetch.ts';
import { OfficeHttpError } from '#renderer/db/office-client.ts';
import { officeErrorText, ERROR_TEXT } from '#renderer/app/error-text.ts';
import { OFFICE_UNREACHABLE_HEADER } from '#electron/ipc/contract.ts';

/** A mux response whose body the test writes to. */
function controllableMux() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200 }),
    send: (collection: string) => controller.enqueue(enc.encode(`event: ${collection}\ndata: "RESYNC"\n\n`)),
    end: () => controller.close(),
  };
}

async function readMessage(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value } = await reader.read();
  return new TextDecoder().decode(value);
}

describe('the renderer office fetch', () => {
  it('fails each stream with the office\'s typed refusal of the device (not as an unreachable office)', async () => {
    const refusal = { code: 'device-wipe-ordered', message: '办公室已下令擦除本设备' };
    const base = vi.fn(() => Promise.resolve(new Response(JSON.stringify(refusal), { status: 401 })));
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', base);
    const reader = (await f('http://127.0.0.1:1/office/api/v1/sync/trips/stream', { headers: { authorization: 'Bearer t' } })).body!.getReader();
    const failure = await reader.read().then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OfficeHttpError);
    expect(failure).toMatchObject({ status: 401, body: refusal });
  });

  it('reads the host\'s answer that the office cannot be reached as an unreachable office, not as its server failing', async () => {
    const hostAnswer = () => new Response('办公室服务器无法连接：ECONNREFUSED', { status: 502, headers: { [OFFICE_UNREACHABLE_HEADER]: '1' } });
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', vi.fn(() => Promise.resolve(hostAnswer())));
    const failure = await f('http://127.0.0.1:1/office/api/v1/sync/trips/pull?limit=1').then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(officeErrorText(failure)).toBe(ERROR_TEXT.officeUnreachable);
    // The office's own 502 (a proxy in front of it) is still the office's answer.
    const office = createOfficeFetch('http://127.0.0.1:1/office-mux', vi.fn(() => Promise.resolve(new Response('bad gateway', { status: 502 }))));
    expect((await office('http://127.0.0.1:1/office/api/v1/sync/trips/pull?limit=1')).status).toBe(502);
  });

  it('passes ordinary requests through untouched', async () => {
    const base = vi.fn(() => Promise.resolve(new Response('pulled')));
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', base);
    const res = await f('http://127.0.0.1:1/office/api/v1/sync/cases/pull?limit=1', { headers: { authorization: 'Bearer t' } });
    expect(await res.text()).toBe('pulled');
    expect(base).toHaveBeenCalledWith('http://127.0.0.1:1/office/api/v1/sync/cases/pull?limit=1', { headers: { authorization: 'Bearer t' } });
  });

  it('serves every collection stream from one mux connection, each seeing only its own messages', async () => {
    const mux = controllableMux();
    const base = vi.fn(() => Promise.resolve(mux.response));
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', base);
    const trips = (await f('http://127.0.0.1:1/office/api/v1/sync/trips/stream', { headers: { authorization: 'Bearer t' } })).body!.getReader();
    const units = (await f('http://127.0.0.1:1/office/api/v1/sync/units/stream', { headers: { authorization: 'Bearer t' } })).body!.getReader();
    mux.send('units');
    mux.send('trips');
    expect(await readMessage(units)).toBe('data: "RESYNC"\n\n');
    expect(await readMessage(trips)).toBe('data: "RESYNC"\n\n');
    expect(base).toHaveBeenCalledTimes(1);
    expect(base).toHaveBeenCalledWith('http://127.0.0.1:1/office-mux', expect.objectContaining({ headers: { authorization: 'Bearer t' } }));
  });

  it('fails every stream when the mux ends, so the sync reconnects and resyncs', async () => {
    const mux = controllableMux();
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', () => Promise.resolve(mux.response));
    const cases = (await f('http://127.0.0.1:1/office/api/v1/sync/cases/stream', {})).body!.getReader();
    mux.end();
    await expect(cases.read()).rejects.toThrow(/ended/);
  });

  it('greets a stream that joins a connected mux with RESYNC, so it pulls what the office wrote while the link was down', async () => {
    const mux = controllableMux();
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', () => Promise.resolve(mux.response));
    const cases = (await f('http://127.0.0.1:1/office/api/v1/sync/cases/stream', {})).body!.getReader();
    mux.send('cases'); // the office's greeting, sent when the mux connected
    expect(await readMessage(cases)).toBe('data: "RESYNC"\n\n');
    // Another collection's backoff ran longer: it joins after the greetings went out.
    const acks = (await f('http://127.0.0.1:1/office/api/v1/sync/scanAcks/stream', {})).body!.getReader();
    expect(await readMessage(acks)).toBe('data: "RESYNC"\n\n');
  });

  it('does not greet a stream that joins before the office answered the mux (the office greets it itself)', async () => {
    const mux = controllableMux();
    let answer!: (r: Response) => void;
    const f = createOfficeFetch('http://127.0.0.1:1/office-mux', () => new Promise<Response>((resolve) => (answer = resolve)));
    const cases = (await f('http://127.0.0.1:1/office/api/v1/sync/cases/stream', {})).body!.getReader();
    const acks = (await f('http://127.0.0.1:1/office/api/v1/sync/scanAcks/stream', {})).body!.getReader();
    answer(mux.response);
    mux.send('scanAcks');
    expect(await readMessage(acks)).toBe('data: "RESYNC"\n\n');
    mux.send('cases');
    expect(await readMessage(cases)).toBe('data: "RESYNC"\n\n');
    // Exactly one message each: nothing else queued.
    mux.end();
    await expect(cases.read()).rejects.toThrow(/ended/);
  });
});
