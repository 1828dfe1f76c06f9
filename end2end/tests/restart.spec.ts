import { test, expect, Page } from '@playwright/test';
import {
  signUp, uniqueEmail, startInterview, waitForEditor, editorText, focusEditorEnd, OwnServer,
} from './helpers';

const EDITOR = 'Your solution (Python)';

/** Types a comment line key by key, as a candidate would (no suggestions pop up in comments). */
async function typeLine(page: Page, line: string) {
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

test('the server is killed and restarted mid-session: typing goes on, and no keystroke is lost', async ({ browser }) => {
  test.setTimeout(150_000);
  // The test owns its server, so it can kill it and start it again on the same data.
  const server = new OwnServer(50);
  await server.start();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  try {
    await signUp(page, uniqueEmail('restart'));
    await expect(page).toHaveURL(/\/dashboard$/);
    await startInterview(page, { difficulty: 'hard', category: 'trees' });
    await focusEditorEnd(page, EDITOR);
    await typeLine(page, '# before the restart');
    await expect(page.getByText('All changes saved', { exact: true })).toBeVisible();

    // The server dies without a goodbye.
    await server.kill();
    await expect(page.getByText(/^Offline — changes are kept on this device/)).toBeVisible({ timeout: 20_000 });
    for (let i = 1; i <= 5; i++) {
      await typeLine(page, `# typed while the server was down ${i}`);
      await page.waitForTimeout(350);
    }
    const typed = await editorText(page);
    expect(typed).toContain('# typed while the server was down 5');

    await server.start();
    // The room reconnects on its own and sends what the server has not acknowledged.
    await expect(page.getByText('All changes saved', { exact: true })).toBeVisible({ timeout: 60_000 });
    await typeLine(page, '# after the restart');
    await expect(page.getByText('All changes saved', { exact: true })).toBeVisible();
    const final = await editorText(page);

    // What the server has is exactly what was typed: a fresh page with no local copy shows it.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await waitForEditor(page);
    expect(await editorText(page)).toBe(final);
    expect(final).toContain('# before the restart\n');
    expect(final).toContain('# typed while the server was down 1\n');
    expect(final).toContain('# after the restart\n');
  } finally {
    await context.close();
    await server.dispose();
  }
});
