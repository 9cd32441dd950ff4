import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameError, MAX_DATA_FRAME, type Frame } from './remote-frames.js';

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const bytes = new Uint8Array(MAX_DATA_FRAME * 2 + 123).map((_, i) => (i * 7) & 255);
const stream = join([
  encodeFrame.progress({ received: 10, total: 100 }),
  encodeFrame.progress({ received: 20 }),
  ...encodeFrame.data(bytes),
  encodeFrame.end('heap', bytes.byteLength),
]);

function decodeIn(chunks: Uint8Array[]): Frame[] {
  const decoder = new FrameDecoder();
  const frames = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.finish();
  return frames;
}

function expectOriginal(frames: Frame[]): void {
  expect(frames.slice(0, 2)).toEqual([
    { type: 'progress', progress: { received: 10, total: 100 } },
    { type: 'progress', progress: { received: 20 } },
  ]);
  const data = frames.filter((f) => f.type === 'data').map((f) => f.bytes);
  expect(data.map((d) => d.byteLength)).toEqual([MAX_DATA_FRAME, MAX_DATA_FRAME, 123]);
  expect(Buffer.from(join(data)).equals(Buffer.from(bytes))).toBe(true);
  expect(frames.at(-1)).toEqual({ type: 'end', name: 'heap', size: bytes.byteLength });
}

describe('the frames of /api/remote', () => {
  it('decode from one chunk', () => {
    expectOriginal(decodeIn([stream]));
  });

  it('decode whatever the chunks: split inside headers and payloads, even one byte at a time', () => {
    const split = (whole: Uint8Array, size: number) => {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < whole.byteLength; at += size) chunks.push(whole.subarray(at, at + size));
      return chunks;
    };
    for (const size of [4093, 65536, MAX_DATA_FRAME + 1]) expectOriginal(decodeIn(split(stream, size)));
    const small = join([encodeFrame.progress({ received: 3 }), ...encodeFrame.data(new Uint8Array([1, 2, 3])), encodeFrame.end('x', 3)]);
    for (const size of [1, 2, 3, 4, 5, 6, 7]) {
      expect(decodeIn(split(small, size))).toEqual([
        { type: 'progress', progress: { received: 3 } },
        { type: 'data', bytes: new Uint8Array([1, 2, 3]) },
        { type: 'end', name: 'x', size: 3 },
      ]);
    }
  });

  it('decode a large frame that arrives in tiny chunks in linear time', () => {
    const started = performance.now();
    const decoder = new FrameDecoder();
    const frames: Frame[] = [];
    for (let at = 0; at < stream.byteLength; at += 16) frames.push(...decoder.push(stream.subarray(at, at + 16)));
    decoder.finish();
    expectOriginal(frames);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('carry JSON answers and failures', () => {
    const frames = decodeIn([encodeFrame.json(['a', { b: 1 }]), encodeFrame.json(null), encodeFrame.error({ message: 'It failed.', kind: 'refused' })]);
    expect(frames).toEqual([
      { type: 'json', value: ['a', { b: 1 }] },
      { type: 'json', value: null },
      { type: 'error', failure: { message: 'It failed.', kind: 'refused' } },
    ]);
  });

  it('tell a cut stream, a foreign body and malformed frames', () => {
    const cut = new FrameDecoder();
    cut.push(stream.subarray(0, 7));
    expect(() => cut.finish()).toThrow(FrameError);
    expect(() => new FrameDecoder().push(new TextEncoder().encode('<html><body>proxy login</body></html>'))).toThrow(FrameError);
    const badJson = new Uint8Array([3, 0, 0, 0, 1, 0x7b]);
    expect(() => new FrameDecoder().push(badJson)).toThrow(/not valid JSON/);
    const badError = encodeFrame.json({ message: 1 });
    badError[0] = 5;
    expect(() => new FrameDecoder().push(badError)).toThrow(/malformed frame/);
    const unknown = encodeFrame.json(1);
    unknown[0] = 99;
    expect(() => new FrameDecoder().push(unknown)).toThrow(/malformed frame/);
  });
});
