import { test, expect } from '@playwright/test';
import { signUp, uniqueEmail, OwnServer } from './helpers';

test('a history of 10,000 interviews scrolls to its end with at most 60 rows in the page', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new OwnServer(60);
  await server.start();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  try {
    const email = uniqueEmail('history');
    await signUp(page, email);
    await expect(page).toHaveURL(/\/dashboard$/);
    expect(server.command('seed-history', '--email', email, '--sessions', '10000')).toContain('added 10000');
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

    const history = page.getByRole('region', { name: 'Your interviews' });
    await expect(history.getByText('10,000 interviews')).toBeVisible();
    const rows = history.getByRole('listitem');
    await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
    expect(await rows.count()).toBeLessThanOrEqual(60);

    // Scroll down in big steps: rows load page after page, the page never holds more than 60.
    const scroller = page.locator('.history-scroll');
    for (let step = 1; step <= 10; step++) {
      await scroller.evaluate((el, s) => { el.scrollTop = (el.scrollHeight * s) / 10; }, step);
      await expect(history.getByText('Loading…')).toHaveCount(0, { timeout: 30_000 });
      expect(await rows.count()).toBeLessThanOrEqual(60);
    }
    const last = history.locator('li[aria-posinset="10000"]');
    await expect(last).toBeVisible();
    await expect(last.getByRole('link')).toHaveAttribute('href', /^\/sessions\/[0-9a-f-]+\/summary$/);
    // And back to the top.
    await scroller.evaluate((el) => { el.scrollTop = 0; });
    await expect(history.locator('li[aria-posinset="1"]')).toBeVisible();
  } finally {
    await context.close();
    await server.dispose();
  }
});
