import { expect, test, _electron as electron } from '@playwright/test';
import { findElectron } from '../bin/commands/open.js';
import { fixtures, hasChromium, root, startProcess, startServe } from './app-server.js';

test.skip(!hasChromium, 'Debian Chromium is not installed');

test('`npm start` falls back to web mode where Electron is missing, showing the example', async ({ page }) => {
  const electronState = findElectron();
  test.skip('binary' in electronState, 'Electron is installed here: `npm start` opens the desktop window instead');
  const app = await startProcess('npm', ['start', '--silent']);
  try {
    await page.goto(app.url);
    await expect(page.locator('[data-testid=flamegraph][data-profile="example-go-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
    await page.click('[data-testid=view-table]');
    await expect(page.locator('[data-testid=top-row]').first()).toHaveAttribute('data-name', 'crypto/sha256.block');
  } finally {
    app.stop();
  }
});

test('`flamedeck FILE` in web mode opens that file', async ({ page }) => {
  const app = await startServe([`${fixtures}app-v1-heap.pb.gz`, `${fixtures}app-v1-cpu.pb.gz`], ['--web']);
  try {
    await page.goto(app.url);
    await expect(page.locator('[data-testid=tab]')).toHaveCount(2);
    await expect(page.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
  } finally {
    app.stop();
  }
});

test('the desktop window opens a profile (where Electron is installed)', async () => {
  const electronState = findElectron();
  if (!('binary' in electronState)) {
    console.log(`skipped: Electron is not available here (${electronState.missing})`);
    test.skip(true, `Electron is not available here (${electronState.missing})`);
    return;
  }
  const app = await electron.launch({ executablePath: electronState.binary, args: [`${root}dist/electron/main.cjs`, `${fixtures}app-v1-cpu.pb.gz`] });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('[data-testid=flamegraph][data-profile="app-v1-cpu.pb.gz"]')).toHaveAttribute('data-ready', 'true');
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { flamedeckHost: object }).flamedeckHost).sort())).toContain('openDialog');
  } finally {
    await app.close();
  }
});
