import type { Profile } from '../model/profile.js';
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';

export interface NameFilters {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
}

/** Tests a regex against strings of the profile, each string at most once. */
class StringMatcher {
  private readonly verdicts: Int8Array;
  constructor(
    private readonly rx: GoRegexp,
    private readonly strings: string[],
  ) {
    this.verdicts = new Int8Array(strings.length);
  }
  matches(index: number): boolean {
    let verdict = this.verdicts[index];
    if (verdict === 0) {
      verdict = this.rx.test(this.strings[index]) ? 1 : -1;
      this.verdicts[index] = verdict;
    }
    return verdict === 1;
  }
}

/** What pprof tests for one line: its function's name and file name (a made-up name is ""). */
function frameMatches(profile: Profile, frame: number, m: StringMatcher): boolean {
  if (!profile.frames.hasFunction[frame]) return false;
  const func = profile.frames.func[frame];
  const name = profile.functions.synthetic[func] ? 0 : profile.functions.name[func];
  return m.matches(name) || m.matches(profile.frames.file[frame]);
}

function mappingMatches(profile: Profile, location: number, m: StringMatcher): boolean {
  const mapping = profile.locations.mapping[location];
  return mapping >= 0 && m.matches(profile.mappings.file[mapping]);
}

/** Location.matchesName: any line, or the mapping's file. */
function locationMatches(profile: Profile, location: number, m: StringMatcher): boolean {
  const { frameStart, frameCount } = profile.locations;
  const end = frameStart[location] + frameCount[location];
  for (let f = frameStart[location]; f < end; f++) if (frameMatches(profile, f, m)) return true;
  return mappingMatches(profile, location, m);
}

export interface CompiledNameFilters {
  /** Per stack row: 1 when the sample ending there passes focus and ignore. Null: all pass. */
  stackPasses: Uint8Array | null;
  /** Per frame: 1 when hide/show remove it from every stack. Null: none hidden. */
  frameHidden: Uint8Array | null;
}

function compile(source: string | undefined, profile: Profile): StringMatcher | null {
  return source ? new StringMatcher(compileGoRegexp(source), profile.strings) : null;
}

/** pprof's FilterSamplesByName, resolved once per location and propagated down the stack table. */
export function compileNameFilters(profile: Profile, filters: NameFilters): CompiledNameFilters {
  const focus = compile(filters.focus, profile);
  const ignore = compile(filters.ignore, profile);
  const hide = compile(filters.hide, profile);
  const show = compile(filters.show, profile);
  const { locations, frames, stacks } = profile;

  let stackPasses: Uint8Array | null = null;
  if (focus || ignore) {
    // 1 = focused, 2 = ignored, per location; a sample passes with a focused and no ignored one.
    const locationVerdict = new Uint8Array(locations.count);
    for (let l = 0; l < locations.count; l++) {
      if (ignore && locationMatches(profile, l, ignore)) locationVerdict[l] = 2;
      else if (!focus || locationMatches(profile, l, focus)) locationVerdict[l] = 1;
    }
    const focused = new Uint8Array(stacks.count);
    const ignored = new Uint8Array(stacks.count);
    stackPasses = new Uint8Array(stacks.count);
    for (let s = 0; s < stacks.count; s++) {
      const parent = stacks.parent[s];
      const verdict = locationVerdict[frames.location[stacks.frame[s]]];
      focused[s] = (parent >= 0 && focused[parent]) || verdict === 1 ? 1 : 0;
      ignored[s] = (parent >= 0 && ignored[parent]) || verdict === 2 ? 1 : 0;
      stackPasses[s] = focused[s] && !ignored[s] ? 1 : 0;
    }
  }

  let frameHidden: Uint8Array | null = null;
  if (hide || show) {
    frameHidden = new Uint8Array(frames.count);
    for (let l = 0; l < locations.count; l++) {
      const start = locations.frameStart[l];
      const end = start + locations.frameCount[l];
      const hasLines = locations.hasLines[l] === 1;
      if (hide && locationMatches(profile, l, hide)) {
        const wholeLocation = mappingMatches(profile, l, hide) || !hasLines;
        for (let f = start; f < end; f++) if (wholeLocation || frameMatches(profile, f, hide)) frameHidden[f] = 1;
      }
      if (show) {
        const keepAll = mappingMatches(profile, l, show);
        for (let f = start; f < end; f++) {
          if (!hasLines) frameHidden[f] = 1;
          else if (keepAll) continue;
          // Lines without a function are kept by -show, as pprof keeps them.
          else if (frames.hasFunction[f] && !frameMatches(profile, f, show)) frameHidden[f] = 1;
        }
      }
    }
  }
  return { stackPasses, frameHidden };
}
