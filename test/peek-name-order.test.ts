import { describe, expect, it } from 'vitest';
import { compareGoStrings } from '../shared/analysis/go-string-order.js';

/** Go's string order, the one pprof sorts names by: their UTF-8 bytes. */
const goOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('names in Go string order, as pprof breaks ties', () => {
  it('agrees with the UTF-8 byte order, where JavaScript < does not', () => {
    const names = ['', 'a', 'ab', 'b', 'main.main', 'é', '\uD7FF', '日本', '\uE000', 'Ｗ', 'app.Ｗｉｄｅ', '\uFFFF', '\u{10000}', '𝑀', 'app.𝑀𝑎𝑡ℎ', '\u{10FFFF}'];
    for (const a of names) for (const b of names) expect([a, b, Math.sign(compareGoStrings(a, b))]).toEqual([a, b, goOrder(a, b)]);
    expect('app.𝑀𝑎𝑡ℎ' < 'app.Ｗｉｄｅ').toBe(true); // what a plain comparison would get wrong
  });
});
