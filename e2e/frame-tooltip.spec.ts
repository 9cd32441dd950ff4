import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

const ROW = 18;

async function open(page: Page, size: { width: number; height: number }, view: 'flame' | 'icicle') {
  await page.setViewportSize(size);
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}app-v1-cpu.pb.gz`);
  const graph = page.locator('[data-testid=flamegraph]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  if (view === 'icicle') await page.click('[data-testid=view-icicle]');
  await expect(graph).toHaveAttribute('data-view', view);
  await expect(graph).toHaveAttribute('data-ready', 'true');
  return (await page.locator('[data-testid=flame-canvas]').boundingBox())!;
}

/**
 * The tooltip as the user sees it: every corner of it is inside the window and is the tooltip
 * itself on screen (not clipped by a scrolling pane, not covered). Hit-testing needs pointer
 * events, so they are on for the moment of the check (synchronously: no mouse event between).
 */
async function tooltipSeen(page: Page) {
  return page.locator('[data-testid=tooltip]').evaluate((tip: HTMLElement) => {
    const r = tip.getBoundingClientRect();
    tip.style.pointerEvents = 'auto';
    const corners = [
      [r.left + 3, r.top + 3],
      [r.right - 3, r.top + 3],
      [r.left + 3, r.bottom - 3],
      [r.right - 3, r.bottom - 3],
    ];
    const hidden = corners.filter(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !hit || !tip.contains(hit);
    });
    tip.style.pointerEvents = '';
    return { hidden: hidden.length, left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: innerWidth, height: innerHeight };
  });
}

async function expectTooltipSeenAt(page: Page, x: number, y: number) {
  await page.mouse.move(x, y);
  const tooltip = page.locator('[data-testid=tooltip]');
  await expect(tooltip).toBeVisible();
  const seen = await tooltipSeen(page);
  expect(seen, `tooltip for the pointer at ${x},${y}`).toMatchObject({ hidden: 0 });
  expect(seen.left).toBeGreaterThanOrEqual(0);
  expect(seen.top).toBeGreaterThanOrEqual(0);
  expect(seen.right).toBeLessThanOrEqual(seen.width);
  expect(seen.bottom).toBeLessThanOrEqual(seen.height);
  // Next to the pointer, not anywhere in the window.
  expect(Math.min(Math.abs(seen.top - y), Math.abs(seen.bottom - y))).toBeLessThan(40);
}

for (const size of [
  { width: 1400, height: 900 },
  { width: 800, height: 600 },
]) {
  test(`flame at ${size.width}×${size.height}: the root rows' tooltips are on screen, at every edge`, async ({ page }) => {
    const box = await open(page, size, 'flame');
    const bottom = box.y + box.height;
    for (const y of [bottom - ROW / 2, bottom - ROW - ROW / 2]) {
      for (const x of [box.x + 5, box.x + box.width / 2, box.x + box.width - 5]) await expectTooltipSeenAt(page, x, y);
    }
    await page.mouse.move(box.x + box.width / 2, bottom - ROW / 2);
    await expect(page.locator('[data-testid=tooltip]')).toContainText('all samples');
  });

  test(`icicle at ${size.width}×${size.height}: the root row's and the lowest rows' tooltips are on screen`, async ({ page }) => {
    const box = await open(page, size, 'icicle');
    for (const x of [box.x + 5, box.x + box.width / 2, box.x + box.width - 5]) await expectTooltipSeenAt(page, x, box.y + ROW / 2);
    // The lowest row with a frame under the middle of the graph, near the pane's bottom edge.
    const x = box.x + box.width * 0.3;
    let y = box.y + box.height - ROW / 2;
    for (let tries = 0; tries < 60; tries++, y -= ROW) {
      await page.mouse.move(x, y);
      if (await page.locator('[data-testid=tooltip]').isVisible()) break;
    }
    await expectTooltipSeenAt(page, x, y);
  });
}

/** The keyboard's tooltip touches the outline of the frame chosen, and both are on screen. */
async function expectTooltipNextToFocus(page: Page) {
  const tooltip = page.locator('[data-testid=tooltip]');
  await expect(tooltip).toBeVisible();
  const frame = (await page.locator('[data-testid=focused-frame]').boundingBox())!;
  const pane = (await page.locator('.flame-scroll').boundingBox())!;
  expect(frame.y).toBeGreaterThanOrEqual(pane.y - 1);
  expect(frame.y + frame.height).toBeLessThanOrEqual(pane.y + pane.height + 1);
  const seen = await tooltipSeen(page);
  expect(seen).toMatchObject({ hidden: 0 });
  const gap = Math.max(seen.top - (frame.y + frame.height), frame.y - seen.bottom);
  expect(gap, 'vertical gap between the frame and its tooltip').toBeGreaterThanOrEqual(0);
  expect(gap).toBeLessThan(24);
  const overlap = Math.min(seen.right, frame.x + frame.width) - Math.max(seen.left, frame.x);
  expect(overlap, 'the tooltip is above or below the frame').toBeGreaterThan(0);
}

for (const view of ['flame', 'icicle'] as const) {
  test(`${view}: the keyboard-focus tooltip sits next to the chosen frame, near the root and deep`, async ({ page }) => {
    await open(page, { width: 800, height: 600 }, view);
    await page.locator('[data-testid=flamegraph]').focus();
    const towardLeaves = view === 'flame' ? 'ArrowUp' : 'ArrowDown';
    await page.keyboard.press(towardLeaves);
    await expectTooltipNextToFocus(page);
    await page.keyboard.press('ArrowRight');
    await expectTooltipNextToFocus(page);
    // Deep: past the pane's edge (the profile is deeper than 600 px allow), the frame comes into view.
    for (let i = 0; i < 40; i++) await page.keyboard.press(towardLeaves);
    await expectTooltipNextToFocus(page);
  });
}
