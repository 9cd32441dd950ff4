import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINKS } from '../shared/hosting.js';
import { StubWebContents } from './electron-stub.js';
import { guardWebContents } from './security.js';

function guarded() {
  const opened: string[] = [];
  let time = 1_000_000;
  const contents = new StubWebContents();
  guardWebContents({ shell: { openExternal: async (url) => void opened.push(url) } }, contents, () => time);
  const event = { preventDefault: () => {} };
  return {
    opened,
    advance: (ms: number) => void (time += ms),
    click: () => {
      contents.emit('before-mouse-event', event, { type: 'mouseDown' });
      contents.emit('before-mouse-event', event, { type: 'mouseUp' });
    },
    navigate: (url: string) => contents.emit('will-navigate', event, url),
    open: (url: string) => contents.windowOpenHandler!({ url }),
    key: (key: string) => contents.emit('before-input-event', event, { type: 'keyDown', key }),
  };
}

describe('links to the system browser', () => {
  it('open only the app\'s own links, right after the user clicked or pressed Enter', () => {
    const page = guarded();
    const link = EXTERNAL_LINKS.pprofFormat;
    page.navigate(link); // a script, no click
    expect(page.opened).toEqual([]);
    page.click();
    page.navigate('https://example.com/'); // a click, but not one of ours
    expect(page.opened).toEqual([]);
    page.click();
    page.navigate(link);
    page.navigate(link); // one click opens one page
    expect(page.opened).toEqual([link]);
    page.key('Enter');
    expect(page.open(link)).toEqual({ action: 'deny' }); // never a window of ours
    expect(page.opened).toEqual([link, link]);
    page.click();
    page.advance(5_000); // a click long before does not count
    page.open(link);
    page.key('a');
    page.open(link);
    expect(page.opened).toEqual([link, link]);
  });
});
