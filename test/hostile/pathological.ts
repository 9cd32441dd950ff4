import { gzipSync } from 'node:zlib';
import { ProtoWriter } from '../../shared/formats/proto-writer.js';
import { concat, fieldHeader, gzipBomb, ProfileWriter, repeat } from './craft.js';

/** Valid profiles at the edges of what pprof allows: each must open or be refused in one line. */
export const PATHOLOGICAL: Record<string, () => Uint8Array> = {
  'a 200,000-deep stack': () => {
    const w = new ProfileWriter().sampleType('samples', 'count');
    for (let i = 1; i <= 10; i++) w.function(i, `deep.level${i}`).location(i, 0, [i]);
    const path = Array.from({ length: 200_000 }, (_, i) => 1 + (i % 10));
    return gzipSync(w.sample(path, [3]).sample(path.slice(0, 1000), [2]).finish());
  },
  'a million distinct values of one label': () => {
    const w = new ProfileWriter().sampleType('samples', 'count').function(1, 'main.main').location(1, 0, [1]);
    for (let i = 0; i < 1_000_000; i++) w.sample([1], [1], [{ key: 'request_id', str: `req-${i}` }]);
    return gzipSync(w.finish());
  },
  'names of ten million characters': () => {
    const long = (c: string) => c.repeat(10_000_000);
    const w = new ProfileWriter().sampleType('samples', 'count').function(1, long('f'), long('s'), long('/')).location(1, 0, [1]);
    return gzipSync(w.sample([1], [5], [{ key: long('k'), str: long('v') }]).finish());
  },
  'a drop_frames regex that backtracks, (a+)+$': () => {
    const w = new ProfileWriter().sampleType('samples', 'count');
    const name = `${'a'.repeat(40)}!`;
    w.function(1, name).function(2, `main.${'a'.repeat(60)}b`).location(1, 0, [1]).location(2, 0, [2]);
    w.sample([1, 2], [1]).sample([2, 1], [2]);
    w.raw(7, 0, w.str('(a+)+$')).raw(8, 0, w.str('(a|aa)+$'));
    return w.finish();
  },
  'five thousand sample types': () => {
    const w = new ProfileWriter();
    for (let t = 0; t < 5000; t++) w.sampleType(`type${t}`, t % 2 ? 'bytes' : 'count');
    w.function(1, 'main.main').location(1, 0, [1]);
    const values = Array.from({ length: 5000 }, (_, t) => t);
    for (let s = 0; s < 50; s++) w.sample([1], values);
    return gzipSync(w.finish());
  },
  'no sample types': () => new ProfileWriter().function(1, 'main.main').location(1, 0, [1]).finish(),
  'no samples': () => new ProfileWriter().sampleType('samples', 'count').function(1, 'main.main').finish(),
  'negative values': () => {
    const w = new ProfileWriter().sampleType('samples', 'count').sampleType('cpu', 'nanoseconds');
    w.function(1, 'a').function(2, 'b').location(1, 0, [1]).location(2, 0, [2]);
    return w.sample([1, 2], [-5, -1e15]).sample([2], [-1, -(2 ** 62)]).sample([1], [3, 4]).finish();
  },
  'id 0 everywhere': () => {
    const w = new ProfileWriter().sampleType('samples', 'count');
    // mapping 0, function 0, location 0 naming both, a sample through location 0 twice
    w.mapping(0, '/bin/zero').function(0, 'zero.fn').location(0, 0, [0]);
    return w.sample([0, 0], [7], [{ key: '', str: '' }, { key: 'k', num: 0 }]).finish();
  },
  'numeric labels at the edges': () => {
    const w = new ProfileWriter().sampleType('alloc_space', 'bytes').function(1, 'f').location(1, 0, [1]);
    for (const num of [1, 2 ** 53, 2 ** 62, 1e15, 123456789]) w.sample([1], [num], [{ key: 'bytes', num }, { key: 'request', num: num + 1 }]);
    return w.finish();
  },
  'ten thousand labels on each sample': () => {
    const w = new ProfileWriter().sampleType('samples', 'count').function(1, 'f').location(1, 0, [1]);
    const labels = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i % 100}`, str: `v${i}` }));
    for (let s = 0; s < 20; s++) w.sample([1], [s + 1], labels);
    return gzipSync(w.finish());
  },
  'fields in reverse order with unknown fields between': () => {
    const body = new ProfileWriter().sampleType('samples', 'count').function(1, 'main.main').location(1, 0, [1]).sample([1], [4]).finish();
    const unknown = new ProtoWriter().bytes(99, new Uint8Array(1000)).tag(98, 0).varint(2 ** 62).tag(97, 1).finish();
    const fixed64 = new Uint8Array(8);
    return concat(unknown, fixed64, body, unknown, fixed64, new ProtoWriter().tag(96, 5).finish(), new Uint8Array(4));
  },
};

const MB = 1 << 20;
const BLOCK = 64 * MB;

/** Bombs: tiny files that promise huge things. Each must be refused in one line. */
export const BOMBS: Record<string, () => Uint8Array> = {
  'a gzip bomb past the 2 GiB cap': () => gzipBomb(new Uint8Array(), new Uint8Array(BLOCK), 40),
  'a sample announcing 2^31 bytes': () => concat(Uint8Array.from([0x0a, 0x00]), fieldHeader(2, 2 ** 31), Uint8Array.from([0x0a, 0x01, 0x01])),
  'a location list announcing 2^60 bytes': () => concat(Uint8Array.from([0x0a, 0x00]), fieldHeader(2, 12), fieldHeader(1, 2 ** 60), new Uint8Array(2)),
  'a varint of eleven bytes': () => Uint8Array.from([0x0a, 0x00, 0x48, ...new Array<number>(11).fill(0xff), 0x01]),
  'a hundred million empty locations': () => gzipBomb(Uint8Array.from([0x0a, 0x00]), repeat(Uint8Array.from([0x22, 0x00]), BLOCK), 3),
  'a hundred million empty mappings': () => gzipBomb(Uint8Array.from([0x0a, 0x00]), repeat(Uint8Array.from([0x1a, 0x00]), BLOCK), 3),
  'a hundred million empty functions': () => gzipBomb(Uint8Array.from([0x0a, 0x00]), repeat(Uint8Array.from([0x2a, 0x00]), BLOCK), 3),
  'three hundred million sample types': () => gzipBomb(Uint8Array.from([0x32, 0x00]), repeat(Uint8Array.from([0x0a, 0x00]), BLOCK), 9),
  'a packed value list of half a billion zeros': () => {
    const values = fieldHeader(2, 9 * BLOCK);
    return gzipBomb(concat(new ProfileWriter().sampleType('s', 'c').finish(), fieldHeader(2, values.length + 9 * BLOCK), values), new Uint8Array(BLOCK), 9);
  },
  'locations with a million lines each, in a sample a million deep': () => {
    const lines = new ProtoWriter();
    const line = new ProtoWriter().tag(1, 0).varint(1).finish();
    for (let i = 0; i < 1_000_000; i++) lines.bytes(4, line);
    const location = concat(new ProtoWriter().tag(1, 0).varint(1).finish(), lines.finish());
    const head = concat(new ProfileWriter().sampleType('s', 'c').function(1, 'f').finish(), fieldHeader(4, location.length), location);
    const ids = new Uint8Array(1_000_000).fill(1);
    const packed = fieldHeader(1, ids.length);
    const values = Uint8Array.from([0x12, 0x01, 0x01]);
    return gzipSync(concat(head, fieldHeader(2, packed.length + ids.length + values.length), packed, ids, values));
  },
  'gzip inside gzip': () => gzipSync(gzipSync(new ProfileWriter().sampleType('s', 'c').finish())),
  'concatenated profiles': () => {
    const one = new ProfileWriter().sampleType('s', 'c').function(1, 'f').location(1, 0, [1]).sample([1], [1]).raw(9, 0, 123).finish();
    return concat(one, one);
  },
};
