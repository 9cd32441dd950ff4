import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/golden-helpers.js';
import { computeFlameLayout } from '../analysis/flame-layout.js';
import { runQuery } from '../analysis/query.js';
import { rectColors } from '../render/frame-colors.js';
import { flameSvg, type FlameSvgInput } from './flame-svg.js';
import { svgOfProfile } from './profile-svg.js';

const WIDTH = 1200;

async function fixtureInput(orientation: 'flame' | 'icicle'): Promise<FlameSvgInput> {
  const profile = await loadFixture('app-v1-cpu.pb.gz');
  const tree = runQuery(profile, {}, { tree: true }).tree!;
  const layout = computeFlameLayout(profile, tree, { widthPx: WIDTH, minWidthPx: 0 });
  const func = Int32Array.from(layout.nodeId, (n) => tree.func[n]);
  return {
    frames: {
      ...layout,
      func,
      self: Float64Array.from(layout.nodeId, (n) => tree.self[n]),
      total: Float64Array.from(layout.nodeId, (n) => tree.total[n]),
    },
    names: Array.from(profile.functions.name, (s) => profile.strings[s]),
    files: Array.from(profile.functions.filename, (s) => profile.strings[s]),
    lines: profile.functions.startLine,
    colors: rectColors(layout.colorKey, func, 'light', null),
    orientation,
    widthPx: WIDTH,
    theme: 'light',
    header: ['app-v1-cpu.pb.gz', 'cpu'],
    total: tree.total[0],
    formatValue: (v) => `${v}ns`,
  };
}

const groups = (svg: string) => svg.match(/<g><title>[^<]*<\/title><rect [^>]*\/>(<text [^>]*>[^<]*<\/text>)?<\/g>/g) ?? [];
const attr = (element: string, name: string) => Number(new RegExp(`<rect [^>]*\\b${name}="([^"]+)"`).exec(element)![1]);

/** The frames an image should draw: at least MIN px wide within the range. */
function visibleCount(input: FlameSvgInput, x0: number, x1: number): number {
  const { frames } = input;
  const scale = WIDTH / (x1 - x0) / frames.span;
  let n = 0;
  for (let i = 0; i < frames.count; i++) {
    const from = Math.max(0, (frames.x[i] - x0 * frames.span) * scale);
    const to = Math.min(WIDTH, (frames.x[i] + frames.width[i] - x0 * frames.span) * scale);
    if (to - from >= 0.3) n++;
  }
  return n;
}

describe('flame graph SVG', () => {
  it('draws one titled group per visible frame, coloured as the palette, root at the bottom', async () => {
    const input = await fixtureInput('flame');
    const svg = flameSvg(input);
    const all = groups(svg);
    expect(all.length).toBe(visibleCount(input, 0, 1));
    expect(all.length).toBeGreaterThan(50);
    expect((svg.match(/<title>/g) ?? []).length).toBe(all.length);
    // The root is first: full width, on the bottom row, named "all".
    const rows = input.frames.maxDepth + 1;
    expect(attr(all[0]!, 'y')).toBe(24 + (rows - 1) * 18);
    expect(attr(all[0]!, 'width')).toBeCloseTo(WIDTH - 1, 1);
    expect(all[0]!).toContain('<title>all samples — self');
    expect(all[0]!).toContain('(100%)');
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="(\d+)"/);
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBe(24 + rows * 18);
    // Colours: the rectColors of each frame, in order.
    const fills = all.map((g) => /fill="(#[0-9a-f]{6})"/.exec(g)![1]);
    const hex = (i: number) => `#${[0, 1, 2].map((c) => input.colors[4 * i + c].toString(16).padStart(2, '0')).join('')}`;
    expect(fills.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => hex(i)));
    // Names as text, file:line in titles.
    expect(svg).toContain('>main.handleRequest</text>');
    expect(svg).toMatch(/<title>main\.handleRequest — self 0ns, total \d+ns \([\d.]+%\), [^<]*realgo\.go<\/title>/);
  });

  it('puts the root at the top of an icicle', async () => {
    const input = await fixtureInput('icicle');
    const all = groups(flameSvg(input));
    expect(attr(all[0]!, 'y')).toBe(24);
    const deepest = all.findIndex((g, i) => input.frames.depth[i] === input.frames.maxDepth);
    expect(attr(all[deepest], 'y')).toBe(24 + input.frames.maxDepth * 18);
  });

  it('draws only the zoomed range, stretched to the full width', async () => {
    const input = await fixtureInput('flame');
    // The widest child of the root: zoom to its x range.
    let child = 1;
    for (let i = 1; i < input.frames.count && input.frames.depth[i] === 1; i++) if (input.frames.width[i] > input.frames.width[child]) child = i;
    const range = { x0: input.frames.x[child] / input.frames.span, x1: (input.frames.x[child] + input.frames.width[child]) / input.frames.span };
    const zoomed = groups(flameSvg({ ...input, range }));
    expect(zoomed.length).toBe(visibleCount(input, range.x0, range.x1));
    expect(zoomed.length).toBeLessThan(groups(flameSvg(input)).length + 1);
    const row = zoomed.find((g) => g.includes(`<title>${input.names[input.frames.func[child]]} —`))!;
    expect(attr(row, 'x')).toBe(0);
    expect(attr(row, 'width')).toBeCloseTo(WIDTH - 1, 1);
    for (const g of zoomed) {
      expect(attr(g, 'x')).toBeGreaterThanOrEqual(0);
      expect(attr(g, 'x') + attr(g, 'width')).toBeLessThanOrEqual(WIDTH + 0.01);
    }
  });

  it('escapes hostile names and drops characters XML forbids', () => {
    const names = ['<script>alert(1)</script>', 'a]]>b&c"d\'e', 'nul\u0000bell\u0007lone\uD800end\uFFFF', 'ok 😀'];
    const n = names.length + 1;
    const svg = flameSvg({
      frames: {
        count: n,
        x: Float64Array.from([0, 0, 25, 50, 75]),
        width: Float64Array.from([100, 25, 25, 25, 25]),
        depth: Int32Array.from([0, 1, 1, 1, 1]),
        func: Int32Array.from([-1, 0, 1, 2, 3]),
        self: new Float64Array(n),
        total: Float64Array.from([100, 25, 25, 25, 25]),
        span: 100,
        maxDepth: 1,
      },
      names,
      files: ['<file>&', '', '', ''],
      colors: new Uint8Array(n * 4).fill(200),
      orientation: 'flame',
      widthPx: 2000,
      theme: 'dark',
      header: ['<evil> & "name"'],
      total: 100,
      formatValue: String,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain(']]>');
    expect(svg).toContain('a]]&gt;b&amp;c&quot;d&apos;e');
    expect(svg).toContain('&lt;file&gt;&amp;');
    expect(svg).toContain('&lt;evil&gt; &amp; &quot;name&quot;');
    expect(svg).toContain('>nulbellloneend<');
    expect(svg).toContain('ok 😀');
    // Nothing XML 1.0 forbids is left anywhere.
    expect(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(svg)).toBe(false);
    // No raw '&' but entities, no '<' but tags.
    expect(svg.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
  });

  it('cuts long labels with an ellipsis by the estimated monospace width and skips frames under 0.3 px', () => {
    const long = 'github.com/example/a/very/long/package/path.(*Type).MethodWithALongName';
    const svg = flameSvg({
      frames: {
        count: 3,
        x: Float64Array.from([0, 0, 100]),
        width: Float64Array.from([100.1, 100, 0.1]),
        depth: Int32Array.from([0, 1, 1]),
        func: Int32Array.from([-1, 0, 1]),
        self: new Float64Array(3),
        total: Float64Array.from([100.1, 100, 0.1]),
        span: 100.1,
        maxDepth: 1,
      },
      names: [long, 'tiny'],
      colors: new Uint8Array(12).fill(200),
      orientation: 'icicle',
      widthPx: 200,
      theme: 'light',
      header: [],
      total: 100.1,
      formatValue: String,
    });
    expect(groups(svg).length).toBe(2);
    expect(svg).not.toContain('tiny');
    const label = /<text [^>]*>([^<]*…)<\/text>/.exec(svg)![1];
    // 200 px less padding, 6.9 px per character.
    expect(Array.from(label).length).toBe(Math.floor((200 * (100 / 100.1) - 8) / 6.9));
    expect(long.startsWith(label.slice(0, -1))).toBe(true);
    expect(svg).toContain('font-family="ui-monospace');
  });

  it('renders a profile for the CLI, with filters in the header and the zoom applied', async () => {
    const profile = await loadFixture('app-v1-cpu.pb.gz');
    const svg = svgOfProfile(profile, { focus: 'main' }, { view: 'icicle', widthPx: 800, theme: 'dark', zoom: ['main.main.func1'], name: 'app-v1-cpu.pb.gz' });
    expect(svg).toMatch(/font-weight="bold">app-v1-cpu\.pb\.gz · cpu · total [^<]+ · focus=main<\/text>/);
    const all = groups(svg);
    expect(all.length).toBeGreaterThan(10);
    // Zoomed to main.main.func1: it spans the width on the row under the root.
    const main = all.find((g) => g.includes('<title>main.main.func1 —'))!;
    expect(attr(main, 'x')).toBe(0);
    expect(attr(main, 'width')).toBeCloseTo(799, 1);
    expect(attr(main, 'y')).toBe(24 + 18);
    expect(svg).toContain('fill="#16181d"');
  });
});
