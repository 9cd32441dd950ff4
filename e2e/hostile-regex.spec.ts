import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LONG_NAMES as N, longNamesProfile } from '../test/long-names-profile.js';
import { hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

/**
 * Nested quantifiers from the URL hash and the profile's own drop_frames, against names of 48
 * a's: with a backtracking engine the worker never answers; with RE2 the graph is ready at once
 * and shows go tool pprof's numbers (the same cases as test/regex-dos.test.ts).
 */
const dir = mkdtempSync(join(tmpdir(), 'flamedeck-hostile-regex-'));
const plain = join(dir, 'long-names.pb');
const dropping = join(dir, 'long-names-drop.pb');
writeFileSync(plain, longNamesProfile());
writeFileSync(dropping, longNamesProfile({ dropFrames: '(a+)+$' }));

const server = serveForSpec();

async function openWithHash(page: Page, file: string, hash: string) {
  await page.goto(`${server.url}#${hash}`);
  await page.setInputFiles('[data-testid=open-file]', file);
  const name = file.slice(file.lastIndexOf('/') + 1);
  // The wait is the test: a hung worker never marks the graph ready.
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${name}"]`)).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
}

async function tableRows(page: Page) {
  await page.click('[data-testid=view-table]');
  await expect(page.locator('[data-testid=top-row]').first()).toBeVisible();
  const rows = await page
    .locator('[data-testid=top-row]')
    .evaluateAll((list) => list.map((r) => [r.getAttribute('data-name'), Number(r.getAttribute('data-flat')), Number(r.getAttribute('data-cum'))]));
  return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

const sorted = (rows: [string, number, number][]) => [...rows].sort((a, b) => a[0].localeCompare(b[0]));
const NESTED = encodeURIComponent('(a+)+$');
const ONLY_ALL_A: [string, number, number][] = [
  [N.allA, 3, 3],
  ['main.main', 0, 3],
];
const WITHOUT_ALL_A: [string, number, number][] = [
  [N.xThenDot, 11, 11],
  [N.xThenY, 7, 7],
  [N.aThenDot, 5, 5],
  ['main.main', 0, 23],
];
const HIDDEN_ALL_A: [string, number, number][] = [
  [N.xThenDot, 11, 11],
  [N.xThenY, 7, 7],
  [N.aThenDot, 5, 5],
  ['main.main', 3, 26],
];

const HASHES: [hash: string, rows: [string, number, number][]][] = [
  [`f=${NESTED}`, ONLY_ALL_A],
  [`i=${NESTED}`, WITHOUT_ALL_A],
  [`h=${NESTED}`, HIDDEN_ALL_A],
  [`tf=k%3D${NESTED}`, ONLY_ALL_A],
  [`tf=${NESTED}`, ONLY_ALL_A],
  [`ti=k%3D${NESTED}`, WITHOUT_ALL_A],
  [`f=${encodeURIComponent('(x+x+)+y')}`, [[N.xThenY, 7, 7], ['main.main', 0, 7]]],
];

for (const [hash, rows] of HASHES) {
  test(`#${hash} on long names: ready, with pprof's numbers`, async ({ page }) => {
    await openWithHash(page, plain, hash);
    expect(await tableRows(page)).toEqual(sorted(rows));
  });
}

test('#q=/(a+)+$/ searches the long names', async ({ page }) => {
  await openWithHash(page, plain, `q=${encodeURIComponent('/(a+)+$/')}`);
  await expect(page.locator('[data-testid=search]')).toHaveValue('/(a+)+$/');
  // Only the function named a's matches: its 3 of 26 samples.
  await expect(page.locator('[data-testid=search-stats]')).toHaveText(/^3\b.*11\.5\d*% of total, 1 function$/);
});

test("a profile whose own drop_frames is (a+)+$ opens pruned as pprof prunes it", async ({ page }) => {
  await openWithHash(page, dropping, 'view=flame');
  expect(await tableRows(page)).toEqual(sorted(HIDDEN_ALL_A));
});

test('an invalid regex in the hash is one sentence, and clearing it brings the graph back', async ({ page }) => {
  await page.goto(`${server.url}#f=${encodeURIComponent('a(')}`);
  await page.setInputFiles('[data-testid=open-file]', plain);
  await expect(page.getByRole('alert')).toHaveText('invalid regular expression "a(": missing closing )');
  await page.evaluate(() => (location.hash = '#view=table'));
  await expect(page.locator('[data-testid=top-row]')).toHaveCount(5);
});

test('an invalid regex in the search box is one sentence', async ({ page }) => {
  await openWithHash(page, plain, 'view=flame');
  await page.fill('[data-testid=search]', '/x**/');
  await expect(page.getByRole('alert')).toHaveText('invalid regular expression "x**": invalid nested repetition operator at "**"');
});
