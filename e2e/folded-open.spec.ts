// Folded stacks (`perf script | stackcollapse-perf.pl`, other tools' exports) open like a profile.
import { expect, test } from '@playwright/test';
import { fixtures, hasChromium, serveForSpec } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

const server = serveForSpec();

test('a stackcollapse-perf file opens by its content, with its counts in the graph and the table', async ({ page }) => {
  await page.goto(server.url);
  await page.setInputFiles('[data-testid=open-file]', `${fixtures}perf-collapsed.folded`);
  const graph = page.locator('[data-testid=flamegraph][data-profile="perf-collapsed.folded"]');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid=profile-total]')).toContainText('Total 600');
  // Each line's count is how many samples saw that stack.
  await expect(page.locator('[data-testid=sample-count]')).toHaveText('600 samples');
  await page.click('[data-testid=view-table]');
  const row = (name: string) => page.locator(`[data-testid=top-row][data-name="${name}"]`);
  await expect(row('arch_cpu_idle_[k]')).toHaveAttribute('data-flat', '240');
  await expect(row('ngx_process_events_and_timers')).toHaveAttribute('data-cum', '249');
  await expect(row('entry_SYSCALL_64_after_hwframe_[k]')).toHaveAttribute('data-cum', '201');
  await expect(row('java/lang/Thread.run_[j]')).toHaveAttribute('data-cum', '89');
});
