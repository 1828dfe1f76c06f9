import { expect, Page } from '@playwright/test';
import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PASSWORD = 'correct horse battery';

/** A unique address per test, so tests never share an account. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Navigates and waits until the WASM has hydrated the page. */
export async function visit(page: Page, path: string) {
  const res = await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  return res;
}

/** Signs up on the suite's server, or on the one at `base` (a test's own server). */
export async function signUp(page: Page, email: string, name = 'Ada Lovelace', base = '') {
  await visit(page, base + '/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel(/I accept the/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await visit(page, '/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export type InterviewChoice = { difficulty?: string; category?: string; language?: string; duration?: string };

/** From the dashboard: finds a problem with these choices, starts it and waits for the room. */
export async function startInterview(page: Page, choice: InterviewChoice = {}) {
  if (choice.difficulty) await page.getByLabel('Difficulty').selectOption(choice.difficulty);
  if (choice.category) await page.getByLabel('Category (optional)').selectOption(choice.category);
  if (choice.language) await page.getByLabel('Language').selectOption(choice.language);
  if (choice.duration) await page.getByLabel('Duration').selectOption(choice.duration);
  await page.getByRole('button', { name: 'Find a problem' }).click();
  await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();
  await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
  await waitForEditor(page);
}

/** Waits until the room has hydrated and Monaco has replaced the plain text area. */
export async function waitForEditor(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
}

/** The editor's text, as Monaco's model holds it. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).monaco.editor.getModels()[0].getValue());
}

/** Puts the caret in the editor (labelled with `label`), at the end of the text. */
export async function focusEditorEnd(page: Page, label: string | RegExp) {
  await page.getByRole('textbox', { name: label }).focus();
  await page.keyboard.press('Control+End');
}

/** Pastes text at the caret (typed text would be auto-indented by the editor). */
export async function pasteIntoEditor(page: Page, text: string) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Replaces the editor's text by selecting all and pasting. */
export async function replaceEditorText(page: Page, label: string | RegExp, text: string) {
  await page.getByRole('textbox', { name: label }).focus();
  await page.keyboard.press('Control+a');
  await pasteIntoEditor(page, text);
}

/**
 * A server a test owns (its port, data directory and database), for tests that restart the
 * server or fill its database. `offset` keeps the ports of such tests apart.
 */
export class OwnServer {
  readonly port: number;
  readonly base: string;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparring-own-'));
  readonly dbName = `sparring_e2e_own_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  private child?: ChildProcess;

  constructor(offset: number) {
    this.port = Number(process.env.E2E_PORT ?? 3917) + offset;
    this.base = `http://127.0.0.1:${this.port}`;
  }

  private env() {
    return { ...process.env, E2E_PORT: String(this.port), E2E_DATA_DIR: this.dataDir, E2E_DB_NAME: this.dbName };
  }

  /** Starts the server and waits until it is ready. */
  async start() {
    this.child = spawn('bash', [path.join(__dirname, '..', 'start-server.sh')], { env: this.env(), stdio: 'ignore' });
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${this.base}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the server did not become ready');
  }

  /** Kills the server at once, as a crash would, and waits for it to be gone. */
  async kill() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** Runs a server command (e.g. `seed-history`) on this server's data. */
  command(...args: string[]): string {
    const out = spawnSync('bash', [path.join(__dirname, '..', 'start-server.sh'), ...args], { env: this.env(), encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`server ${args.join(' ')} failed: ${out.stderr}`);
    return out.stdout;
  }

  async dispose() {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
