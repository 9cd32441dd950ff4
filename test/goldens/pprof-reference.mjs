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
  const text = pprof(['-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', `-unit=${unit}`, ...flagArgs(flags), path]);
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

