import { expect, Page } from '@playwright/test';

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

export async function signUp(page: Page, email: string, name = 'Ada Lovelace') {
  await visit(page, '/signup');
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
