import { describe, expect, it } from 'vitest';
import { NO_FILTERS, runQuery } from '../analysis/query.js';
import { decodeProfile } from './pprof-decode.js';
import { decodeFolded, looksLikeFolded } from './folded-decode.js';
import { foldedStacks } from './folded-encode.js';

/** Folded stacks from hostile or odd files: each either opens with finite numbers or is refused in one sentence. */
const text = (s: string) => new TextEncoder().encode(s);

describe('folded stacks from hostile input', () => {
  it('leaves out a count that is not a finite number (1e309)', () => {
    const p = decodeFolded(text('main;a 1e309\nmain;b 2\n'));
    expect(p.skippedLines).toBe(1);
    expect(runQuery(p, NO_FILTERS, { top: true }).total).toBe(2);
  });

  it('names an empty frame rather than showing a blank row', () => {
    const p = decodeFolded(text('a;;b 1\n; 2\n'));
    const top = runQuery(p, NO_FILTERS, { top: true }).top!;
    const names = Array.from(top.func, (f) => p.strings[p.functions.name[f]]);
    expect(names).not.toContain('');
    expect(names).toContain('(empty frame)');
    expect(names).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('refuses counts whose sum is past the largest number, in one sentence', () => {
    expect(() => decodeFolded(text('a 1e308\nb 1e308\n'))).toThrow(/^The counts of this folded-stacks file add up past the largest number a profile can hold \(line 2\)\.$/);
  });

  it('refuses a file that turns binary after its first 4 KB of folded text', () => {
    const head = 'main;work 1\n'.repeat(500);
    const bytes = new Uint8Array([...text(head), 0x0a, 0x00, 0x01, 0x02, 0x1f, ...text(' 7\n')]);
    expect(() => decodeFolded(bytes)).toThrow(/^This file starts as folded stacks but line 502 holds binary bytes: it is not a folded-stacks file\.$/);
  });

  it('leaves out a line too long to be a stack without decoding it', () => {
    // Longer than the longest line read (64 MB would be slow to build in a test; the limit is passed in).
    const p = decodeFolded(text(`main;a 1\n${'x'.repeat(5000)} 3\nmain;b 2\n`), { maxLineBytes: 1000 });
    expect(p.skippedLines).toBe(1);
    expect(runQuery(p, NO_FILTERS, { top: true }).total).toBe(3);
  });

  it('counts its tables against the memory limit', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`main;function${i} 1`);
    const bytes = text(lines.join('\n'));
    await expect(decodeProfile(bytes, { maxMemoryBytes: 8e6 })).rejects.toThrow(/^the profile would need .* of memory to open, more than the 8 MB limit$/);
    await expect(decodeProfile(bytes, { maxMemoryBytes: 200e6 })).resolves.toBeTruthy();
  });
});

describe('folded stacks export of huge values', () => {
  it('writes counts as plain integers, never in exponent form', () => {
    const p = decodeFolded(text('main;a 12345678901234567890123\n'));
    const line = foldedStacks(p, { ...NO_FILTERS, sampleTypeIndex: 0 }).trimEnd();
    expect(line).toMatch(/^main;a \d+$/);
    expect(Number(line.split(' ')[1])).toBe(Number('12345678901234567890123'));
  });
});

describe('folded stacks detection', () => {
  it('knows a file whose first line is longer than the 4 KB it looks at (a deep Java stack)', async () => {
    const deep = Array.from({ length: 120 }, (_, i) => `com.example.service.layer${i}.SomeClass.someMethod`).join(';');
    const bytes = text(`${deep} 5\nmain;x 2\n`);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(looksLikeFolded(bytes)).toBe(true);
    expect(runQuery(await decodeProfile(bytes), NO_FILTERS, { top: true }).total).toBe(7);
  });
});

describe('a UTF-16 text file (what Windows PowerShell redirection writes)', () => {
  it('is refused saying it is UTF-16, not with a protobuf wire-type detail first', async () => {
    const utf16le = new Uint8Array([0xff, 0xfe, ...Array.from('main;a 1\n', (c) => [c.charCodeAt(0), 0]).flat()]);
    const utf16be = new Uint8Array([0xfe, 0xff, ...Array.from('main;a 1\n', (c) => [0, c.charCodeAt(0)]).flat()]);
    for (const bytes of [utf16le, utf16be]) {
      await expect(decodeProfile(bytes)).rejects.toThrow(/^This is not a pprof profile — it looks like UTF-16 text \(saved as UTF-8, folded stacks open\)\./);
    }
  });
});

describe('the sample count of a folded file', () => {
  it('is the sum of its counts (each line says how many samples saw that stack), filters included', () => {
    const p = decodeFolded(text('main;a 3\nmain;b 4\nmain;a 2\n'));
    expect(p.samples.sourceCount).toBe(9);
    expect(runQuery(p, NO_FILTERS, { top: true }).sampleCount).toBe(9);
    expect(runQuery(p, { focus: '^b$' }, { top: true }).sampleCount).toBe(4);
  });

  it('stays the number of lines where a count is not a whole number of samples', () => {
    expect(decodeFolded(text('main;a 1.5\nmain;b 4\n')).samples.sourceCount).toBe(2);
  });
});

describe('one count or two', () => {
  it('reads a first frame named with a trailing number as one count when the other lines have one', async () => {
    const p = await decodeProfile(text('a;retry 3 7\na;y 3\n'));
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['samples']);
    expect(runQuery(p, NO_FILTERS, { top: true }).total).toBe(10);
    const diff = await decodeProfile(text('a;x 5 7\na;y 3 1\n'));
    expect(diff.sampleTypes.map((t) => t.type)).toEqual(['base', 'target']);
  });
});
