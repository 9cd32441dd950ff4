import { UserFacingError } from '../user-facing-error.js';

/** A PromQL-style label matcher, as Pyroscope's label selectors use them. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A malformed source URL, query or label selector: the message is one sentence for the user. */
export class PyroscopeQueryError extends UserFacingError {}

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const OP = /\s*(=~|!~|!=|=)\s*/y;

/**
 * Parses `{name="value", other=~"re.*"}` (braces and all; `{}` selects everything). A single
 * forward scan with sticky regexes: no backtracking over the whole selector.
 */
export function parseLabelSelector(selector: string): LabelMatcher[] {
  const text = selector.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) {
    throw new PyroscopeQueryError(`The label selector "${selector}" must be in braces, like {service_name="checkout"}.`);
  }
  const matchers: LabelMatcher[] = [];
  let i = 1;
  const end = text.length - 1;
  const skipSpace = () => {
    while (i < end && /\s/.test(text[i])) i++;
  };
  skipSpace();
  while (i < end) {
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (!name) throw new PyroscopeQueryError(`The label selector "${selector}" has no label name at position ${i + 1}.`);
    i = NAME.lastIndex;
    OP.lastIndex = i;
    const op = OP.exec(text);
    if (!op) throw new PyroscopeQueryError(`The label selector "${selector}" needs =, !=, =~ or !~ after "${name[0]}".`);
    i = OP.lastIndex;
    const [value, next] = readQuoted(text, i, end, selector);
    i = next;
    matchers.push({ name: name[0], op: op[1] as LabelMatcher['op'], value });
    skipSpace();
    if (i < end) {
      if (text[i] !== ',') throw new PyroscopeQueryError(`The label selector "${selector}" needs a comma between matchers at position ${i + 1}.`);
      i++;
      skipSpace();
    }
  }
  return matchers;
}

function readQuoted(text: string, start: number, end: number, selector: string): [string, number] {
  const quote = text[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    throw new PyroscopeQueryError(`The label selector "${selector}" needs a quoted value at position ${start + 1}.`);
  }
  let value = '';
  for (let i = start + 1; i < end; i++) {
    const c = text[i];
    if (c === quote) return [value, i + 1];
    if (c === '\\' && quote !== '`' && i + 1 < end) {
      const n = text[++i];
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
        value += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else {
        value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      }
    } else {
      value += c;
    }
  }
  throw new PyroscopeQueryError(`The label selector "${selector}" has an unterminated quoted value.`);
}

/** Writes matchers back as a selector Pyroscope accepts (double-quoted, escaped). */
export function formatLabelSelector(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;
}
