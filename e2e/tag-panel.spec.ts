import { expect, test, type Page } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

async function openTags(page: Page, file: string) {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}${file}`);
  await expect(page.locator(`[data-testid=flamegraph][data-profile="${file}"]`)).toHaveAttribute('data-ready', 'true');
  await page.click('[data-testid=toggle-tags]');
}

const valueRow = (page: Page, key: string, value: string) => page.locator(`[data-testid=tag-key][data-key="${key}"] [data-testid=tag-value][data-value="${value}"]`);

test('"only B" after "only A" on the same key is one click and replaces it', async ({ page }) => {
  await openTags(page, 'app-v1-cpu.pb.gz');
  const users = valueRow(page, 'endpoint', '/api/v1/users');
  const usersTotal = Number(await users.getAttribute('data-total'));
  expect(usersTotal).toBeGreaterThan(0);
  const onlyButton = (value: string) => valueRow(page, 'endpoint', value).getByRole('button', { name: 'only' });
  await onlyButton('/api/v1/orders').click();
  await expect(page.locator('[data-testid=filter-chip]')).toHaveText(['tag endpoint=^/api/v1/orders$×']);
  await expect(onlyButton('/api/v1/orders')).toHaveAttribute('aria-pressed', 'true');
  // The other endpoints stay listed, with their own totals, to switch to.
  await expect(users).toHaveAttribute('data-total', String(usersTotal));
  await onlyButton('/api/v1/users').click();
  await expect(page.locator('[data-testid=filter-chip]')).toHaveText(['tag endpoint=^/api/v1/users$×']);
  await expect(onlyButton('/api/v1/users')).toHaveAttribute('aria-pressed', 'true');
  await expect(onlyButton('/api/v1/orders')).toHaveAttribute('aria-pressed', 'false');
  // Other keys are summed under the focus: every customer tier together is the users endpoint.
  const tierTotals = page.locator('[data-testid=tag-key][data-key=customer_tier] [data-testid=tag-value]');
  await expect.poll(async () => (await tierTotals.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-total'))))).reduce((a, b) => a + b, 0)).toBeCloseTo(usersTotal, 0);
  // A focus on another key stays when this key's focus switches.
  await valueRow(page, 'customer_tier', 'pro').getByRole('button', { name: 'only' }).click();
  await onlyButton('/healthz').click();
  await expect(page.locator('[data-testid=filter-chip]')).toHaveText(['tag customer_tier=^pro$×', 'tag endpoint=^/healthz$×']);
  // Clicking the chosen "only" again lets every value of the key back.
  await onlyButton('/healthz').click();
  await expect(page.locator('[data-testid=filter-chip]')).toHaveText(['tag customer_tier=^pro$×']);
});

test('numeric label values are listed by value, each with a bar of its weight', async ({ page }) => {
  await openTags(page, 'app-v1-heap.pb.gz');
  const rows = page.locator('[data-testid=tag-key][data-key=bytes] [data-testid=tag-value]');
  await expect(rows.first()).toBeVisible();
  const listed = await rows.evaluateAll((els) =>
    els.map((el) => ({
      label: el.getAttribute('data-value'),
      total: Number(el.getAttribute('data-total')),
      bar: el.querySelector<HTMLElement>('[data-testid=tag-bar]')?.style.width ?? null,
    })),
  );
  expect(listed.length).toBeGreaterThan(20);
  // Value order, as `flamedeck tags` prints them scaled: 8B, 16B, 24B, … 1kB … 1MB.
  expect(listed.slice(0, 4).map((v) => v.label)).toEqual(['8B', '16B', '24B', '32B']);
  expect(listed[listed.length - 1].label).toBe('1MB');
  const heaviest = Math.max(...listed.map((v) => v.total));
  for (const value of listed) {
    const width = Number.parseFloat(value.bar ?? 'NaN');
    if (value.total === 0) expect(width).toBe(0);
    else expect(width).toBeCloseTo(Math.max(1, (value.total / heaviest) * 100), 3);
  }
  expect(listed.find((v) => v.label === '2kB')!.bar).toBe('100%');
});

test('filters that keep no samples say so over the empty graph, and the note goes with the filter', async ({ page }) => {
  await openTags(page, 'app-v1-cpu.pb.gz');
  const note = page.locator('[data-testid=nothing-shown]');
  await expect(note).toHaveCount(0);
  await page.evaluate(() => (location.hash = '#tf=endpoint%3D%2Fno%2Fsuch%2Fendpoint'));
  await expect(note).toHaveText(/^The filters keep no cpu samples: remove one/);
  await page.click('[data-testid=filter-chip] button');
  await expect(note).toHaveCount(0);
});
