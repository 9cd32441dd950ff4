import { useMemo } from 'react';
import { exactMatchRegex } from '../../shared/analysis/regex-quote.js';
import { setFilters } from '../state/actions.js';
import { openSandwich } from '../state/sandwich-actions.js';
import type { Tab } from '../state/store.js';
import { flash } from '../state/flash.js';
import { copyText } from './clipboard.js';
import type { FrameMenuItem, MenuFrame } from './frame-menu.js';

/**
 * What every graph of a tab shares, whichever view shows it: the highlight, the frame menu and
 * the first-paint mark. The graphs themselves only take props (see FlameGraphProps).
 */

/** Search matches, else the function selected in the table, else nothing. */
export function useHighlight(tab: Tab): Uint8Array | null {
  const { search, result, selectedFunc, summary } = tab;
  return useMemo(() => {
    if (search.trim() !== '' && result?.search) return result.search.matches;
    if (selectedFunc >= 0 && summary) {
      const only = new Uint8Array(summary.functionNames.length);
      only[selectedFunc] = 1;
      return only;
    }
    return null;
  }, [search, result, selectedFunc, summary]);
}

/** pprof's focus, ignore or hide on one function, added to what the tab has. */
function refine(key: number, kind: 'focus' | 'ignore' | 'hide', name: string): void {
  const rx = exactMatchRegex(name);
  setFilters(key, (t) => ({ [kind]: t.filters[kind] ? `${t.filters[kind]}|${rx}` : rx }));
}

/** Copies, then says so briefly (or why it could not). */
function copy(text: string, what: string): void {
  copyText(text).then(
    () => flash(`Copied ${what}`),
    (error: unknown) => flash(error instanceof Error ? error.message : String(error)),
  );
}

export function frameMenuItems(tab: Tab, { name, stack }: MenuFrame, sandwichLabel = 'Sandwich'): FrameMenuItem[] {
  const items: FrameMenuItem[] = [
    { label: sandwichLabel, title: 'Every caller and callee of this function, all call sites merged (s)', run: () => openSandwich(tab.key, name) },
    { label: 'Focus on this function', title: 'Keep only samples through this function (pprof -focus)', run: () => refine(tab.key, 'focus', name) },
    { label: 'Ignore samples through it', title: 'Drop samples through this function (pprof -ignore)', run: () => refine(tab.key, 'ignore', name) },
    { label: 'Hide this frame', title: 'Remove the frame, its time goes to the caller (pprof -hide)', run: () => refine(tab.key, 'hide', name) },
    { label: 'Copy function name', testId: 'copy-name', run: () => copy(name, 'the function name') },
    {
      label: 'Copy stack',
      testId: 'copy-stack',
      title: 'The call path to this frame, leaf first, one function per line (as a Go stack trace)',
      run: () => copy(`${stack.join('\n')}\n`, `a stack of ${stack.length} frame${stack.length === 1 ? '' : 's'}`),
    },
  ];
  return items;
}

const painted = new Set<number>();

/** `performance.mark('flamedeck:first-paint')` once per opened tab (DESIGN.md section 6). */
export function markFirstPaint(tab: Tab): void {
  if (painted.has(tab.key)) return;
  painted.add(tab.key);
  performance.mark('flamedeck:first-paint', { detail: { profile: tab.name } });
}
