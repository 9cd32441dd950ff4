// The reference: `go tool pprof`, run and parsed. Needs Debian's golang-go; used to make goldens
// and by compare-with-pprof.mjs, never by the tests themselves.
import { execFileSync } from 'node:child_process';

export function pprof(args) {
  return execFileSync('go', ['tool', 'pprof', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}

export function flagArgs(flags) {
  return Object.entries(flags).map(([k, v]) => `-${k}=${v}`);
}

export function sampleTypes(path) {
  // `-raw` lists the sample types on its first lines: "PeriodType: …" then "Samples:" then "name/unit …".
  const raw = pprof(['-raw', path]);
  const line = raw.split('\n')[raw.split('\n').indexOf('Samples:') + 1];
  return line.trim().split(/\s+/).map((t) => { const [type, unit] = t.split('/'); return { type: type.replace(/\[dflt\]$/, ''), unit: unit.replace(/\[dflt\]$/, '') }; });
}

/** `-top` with every node, in the sample type's own unit, so each value prints exactly. */
export function pprofTop(path, flags, unit) {
  return parseTop(pprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', `-unit=${unit}`, ...flagArgs(flags), path]));
}

/**
 * `-top -diff_base=BASE TARGET` (with `-normalize` when asked): the numbers in the sample type's
 * own unit, as pprofTop, and `text`, pprof's table in its own choice of unit from its "Showing
 * nodes accounting for" line on, as `flamedeck diff` prints it.
 */
export function pprofDiffTop(base, target, flags, unit, normalize = false) {
  const diffArgs = [`-diff_base=${base}`, ...(normalize ? ['-normalize'] : []), ...flagArgs(flags)];
  const found = parseTop(pprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', `-unit=${unit}`, ...diffArgs, target]));
  const shown = pprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', ...diffArgs, target]);
  return { ...found, text: shown.slice(shown.search(/^Showing nodes accounting for/m)) };
}

function parseTop(text) {
  const lines = text.split('\n');
  const totalLine = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  const number = (s) => Number(s.replace(/[A-Za-zµμ]+$/, ''));
  const total = number(/of (\S+) total/.exec(totalLine)[1]);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const functions = [];
  for (const line of lines.slice(header + 1)) {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    functions.push({ name: m[6].replace(/ \((partial-)?inline\)$/, ''), flat: number(m[1]), cum: number(m[4]) });
  }
  return { total, functions };
}


/**
 * `-traces` (one block per sample: its labels, then its stack leaf first with the value on the
 * leaf's line), folded into call paths: root→leaf function names joined by ";" with the summed
 * value of the samples whose stack is exactly that path. Inlined frames are frames of their own,
 * as pprof prints them; samples whose every frame was hidden print no stack and are counted apart.
 */
export function pprofTraces(path, flags, unit) {
  const text = pprof(['-traces', `-unit=${unit}`, ...flagArgs(flags), path]);
  const blocks = text.split(/^-----------\+-+$/m).slice(1, -1);
  const number = (s) => Number(s.replace(/[A-Za-zµμ]+$/, ''));
  const paths = {};
  let samples = 0;
  let emptyStacks = 0;
  for (const block of blocks) {
    samples++;
    const frames = [];
    let value = null;
    for (const line of block.split('\n')) {
      if (line.trim() === '') continue;
      const first = value === null ? /^\s*(-?\d[\d.]*[A-Za-zµμ]*) {3}(\S.*)$/.exec(line) : null;
      if (first) {
        value = number(first[1]);
        frames.push(first[2]);
      } else if (value !== null) {
        if (!/^ {13}\S/.test(line)) throw new Error(`unexpected -traces line: ${JSON.stringify(line)}`);
        frames.push(line.slice(13));
      } else if (!/^\s*\S.*: {2}/.test(line)) {
        throw new Error(`unexpected -traces label line: ${JSON.stringify(line)}`);
      }
    }
    if (value === null) {
      emptyStacks++;
      continue;
    }
    const names = frames.map((f) => f.replace(/ \(inline\)$/, '')).reverse();
    if (names.some((n) => n.includes(';'))) throw new Error(`a function name holds ";": ${names.join(' / ')}`);
    const key = names.join(';');
    paths[key] = (paths[key] ?? 0) + value;
  }
  return { samples, emptyStacks, paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/**
 * `-peek REGEX` in the sample type's own unit, parsed: pprof's total, per listed function its flat
 * and cum, and the edges above (callers) and below (callees) it in pprof's order, "(inline)" kept
 * as a flag.
 * `text` is pprof's table (from its first separator on) in its own choice of unit, as the CLI prints it.
 */
export function pprofPeek(path, regex, flags, unit) {
  const exact = pprof(['-peek', regex, `-unit=${unit}`, ...flagArgs(flags), path]);
  const number = (s) => Number(s.replace(/[A-Za-zµμ]+$/, ''));
  const total = number(/^Showing nodes accounting for .* of (\S+) total$/m.exec(exact)[1]);
  const blocks = exact.split(/^-+\+-+$/m).slice(2, -1);
  const functions = [];
  for (const block of blocks) {
    const entry = { name: null, flat: 0, cum: 0, callers: [], callees: [] };
    for (const line of block.split('\n')) {
      if (line.trim() === '') continue;
      const node = /^\s*(\S+)\s+\S+\s+\S+\s+(\S+)\s+\S+\s+\| (.*)$/.exec(line);
      const edge = /^\s*(\S+)\s+\S+ \| {3}(.*?)( \(inline\))?$/.exec(line);
      if (node) Object.assign(entry, { name: node[3], flat: number(node[1]), cum: number(node[2]) });
      else if (edge) (entry.name === null ? entry.callers : entry.callees).push({ name: edge[2], value: number(edge[1]), inline: edge[3] !== undefined });
      else throw new Error(`unexpected -peek line: ${JSON.stringify(line)}`);
    }
    functions.push(entry);
  }
  const shown = pprof(['-peek', regex, ...flagArgs(flags), path]);
  const text = shown.slice(shown.search(/^-+\+-+$/m));
  return { total, functions, text };
}
