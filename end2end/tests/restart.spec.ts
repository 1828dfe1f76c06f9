import { test, expect, Page } from '@playwright/test';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { signUp, uniqueEmail, startInterview, waitForEditor, editorText, focusEditorEnd, pasteIntoEditor } from './helpers';

// This test owns its server (port, data directory and database), so it can kill it and start
// it again on the same data while the room stays open.
const PORT = Number(process.env.E2E_PORT ?? 3917) + 50;
const BASE = `http://127.0.0.1:${PORT}`;
const EDITOR = 'Your solution (Python)';

function startServer(dataDir: string, dbName: string): ChildProcess {
  const child = spawn('bash', [path.join(__dirname, '..', 'start-server.sh')], {
    env: { ...process.env, E2E_PORT: String(PORT), E2E_DATA_DIR: dataDir, E2E_DB_NAME: dbName },
    stdio: 'ignore',
  });
  return child;
}

async function ready() {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${BASE}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not become ready');
}

async function typeLine(page: Page, line: string) {
  await pasteIntoEditor(page, `${line}\n`);
}

test('the server is killed and restarted mid-session: typing goes on, and no keystroke is lost', async ({ browser }) => {
  test.setTimeout(150_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparring-restart-'));
  const dbName = `sparring_e2e_restart_${Date.now()}`;
  let server = startServer(dataDir, dbName);
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  try {
    await ready();
    await signUp(page, uniqueEmail('restart'));
    await expect(page).toHaveURL(/\/dashboard$/);
    await startInterview(page, { difficulty: 'hard', category: 'trees' });
    await focusEditorEnd(page, EDITOR);
    await typeLine(page, '# before the restart');
    await expect(page.getByText('All changes saved', { exact: true })).toBeVisible();

    // The server dies without a goodbye.
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    await expect(page.getByText(/^Offline — changes are kept on this device/)).toBeVisible({ timeout: 20_000 });
    for (let i = 1; i <= 5; i++) {
      await typeLine(page, `# typed while the server was down ${i}`);
      await page.waitForTimeout(350);
    }
    const typed = await editorText(page);
    expect(typed).toContain('# typed while the server was down 5');

    server = startServer(dataDir, dbName);
    await ready();
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
    server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
