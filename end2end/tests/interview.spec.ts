import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import {
  signUp, uniqueEmail, visit, startInterview, waitForEditor, editorText, focusEditorEnd,
  replaceEditorText, pasteIntoEditor,
} from './helpers';

const SOLUTION = fs.readFileSync(
  path.join(__dirname, '../../problems/binary-tree-maximum-path-sum/python/solution.py'),
  'utf8',
);
const EDITOR = 'Your solution (Python)';

// Hard + trees has exactly one problem, so the proposal is known.
const TREES = { difficulty: 'hard', category: 'trees', language: 'python' };

async function allSaved(page: Page, timeout = 15_000) {
  await expect(page.getByText('All changes saved', { exact: true })).toBeVisible({ timeout });
}

test('start an interview, type in Monaco, keep the code across a reload, run, submit, end and see the summary', async ({ page }) => {
  await signUp(page, uniqueEmail('interview'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText('No interviews yet.', { exact: false })).toBeVisible();

  await page.getByLabel('Difficulty').selectOption('hard');
  await page.getByLabel('Category (optional)').selectOption('trees');
  await page.getByLabel('Language').selectOption('python');
  await page.getByLabel('Duration').selectOption('30');
  await page.getByRole('button', { name: 'Find a problem' }).click();
  await expect(page.getByRole('heading', { name: 'Binary Tree Maximum Path Sum' })).toBeVisible();
  await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();

  await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
  await waitForEditor(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Binary Tree Maximum Path Sum');
  await expect(page.getByRole('timer')).toHaveText(/^(30:00|29:[0-5]\d)$/);
  expect(await editorText(page)).toContain('def max_path_sum(root)');

  // The interviewer opens, and answers a question in the chat.
  const chat = page.getByRole('log', { name: 'Conversation with the interviewer' });
  await expect(chat).toContainText('walk me through your approach');
  await page.getByLabel('Message to the interviewer').fill('Can the tree have negative values?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.locator('.chat-message.candidate')).toHaveText(/Can the tree have negative values\?/);
  await expect(chat.locator('.chat-message.interviewer')).toHaveCount(2);
  await expect(chat.locator('.chat-message.interviewer').nth(1)).toContainText('Good question');
  await expect(page.getByText('Interviewer: Listening')).toBeVisible();

  // The code goes to the server as it is typed; Ctrl+S also saves a snapshot.
  await replaceEditorText(page, EDITOR, SOLUTION);
  await allSaved(page);
  // The observer reads the code and suggests running it.
  await expect(page.getByRole('status', { name: 'Code observer' })).toContainText('try running it');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await waitForEditor(page);
  expect(await editorText(page)).toBe(SOLUTION);

  // Ctrl+Enter runs the sample cases; the panel fills case by case.
  await page.getByRole('textbox', { name: EDITOR }).focus();
  await page.keyboard.press('Control+Enter');
  const verdict = page.getByRole('status').filter({ hasText: 'cases passed' });
  await expect(verdict).toHaveText(/^Accepted: (\d+) of \1 cases passed$/);
  await expect(page.getByText(/^✓ Case 1 · Accepted/)).toBeVisible();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(verdict).toHaveText(/^Accepted: (\d+) of \1 cases passed$/);
  await expect(page.getByText(/Hidden case \d+/).first()).toBeVisible();
  await expect(page.getByText(/^Every case passed\. Completed in \d+ ms\.$/)).toBeVisible();
  await page.getByRole('button', { name: 'Clear output' }).click();
  await expect(verdict).toHaveCount(0);

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'End interview' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+\/summary$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interview summary');
  await expect(page.getByText(/Completed · Python · time used/)).toBeVisible();
  await expect(page.locator('pre').filter({ hasText: 'def max_path_sum' })).toContainText('best = max(best');
  // The evaluation arrives by itself, with a gauge per dimension and reasons citing the session.
  await expect(page.getByLabel(/^Overall score \d+\.\d out of 10$/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('meter', { name: /^Code correctness and quality: 10 out of 10$/ })).toBeVisible();
  await expect(page.getByRole('meter')).toHaveCount(6);
  await expect(page.getByRole("paragraph").filter({ hasText: /The last submission passed (\d+)\/\1 cases, hidden ones included, at \d\d:\d\d\./ })).toBeVisible();
  await expect(page.getByText(/^Recommendation: (Strong Yes|Yes)$/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Practice again' })).toBeVisible();

  await visit(page, '/dashboard');
  await expect(page.getByTestId('credit-balance')).toHaveText('2 credits');
  const history = page.getByRole('region', { name: 'Your interviews' });
  await expect(history.getByRole('link', { name: 'Binary Tree Maximum Path Sum' })).toBeVisible();
  await expect(history).toContainText('Completed');
});

test('code typed just before a reload survives it, and the room asks before leaving', async ({ page }) => {
  await signUp(page, uniqueEmail('draft'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);

  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.accept();
  });
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# unsent thoughts\n');
  const typed = await editorText(page);
  // Reloading at once: the edit has not even left the page yet.
  await page.reload();
  await waitForEditor(page);
  expect(await editorText(page)).toBe(typed);
  expect(dialogs).toEqual(['beforeunload']);
  await allSaved(page);
});

test('leaving by a link asks first and keeps the last edit; shortcuts work anywhere in the room; the narrow-screen notice follows the width', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signUp(page, uniqueEmail('leave'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);
  const room = page.url();

  // Shortcuts with the focus outside the editor: Ctrl+S saves, Ctrl+Enter runs.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toBeVisible();

  // A link out of the room asks; declining stays.
  const out = page.getByRole('link', { name: 'Dashboard' });
  page.once('dialog', (dialog) => {
    expect(dialog.type()).toBe('confirm');
    expect(dialog.message()).toContain('Leave the interview?');
    void dialog.dismiss();
  });
  await out.click();
  await expect(page.getByRole('timer')).toBeVisible();
  expect(page.url()).toBe(room);

  // Accepting leaves at once, and the edit still waiting for its pause is not lost.
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# written just before leaving\n');
  page.once('dialog', (dialog) => void dialog.accept());
  await out.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  // Nothing kept on this device: the code comes back from the server.
  await page.evaluate(() => localStorage.clear());
  await visit(page, room);
  await waitForEditor(page);
  expect(await editorText(page)).toContain('# written just before leaving');

  // The narrow-screen notice comes and goes with the window's width.
  const notice = page.getByText('The workspace needs a screen at least 1024 pixels wide');
  await expect(notice).toBeHidden();
  await page.setViewportSize({ width: 800, height: 900 });
  await expect(notice).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeHidden();
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(notice).toBeHidden();
  await expect(page.getByRole('timer')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
});

test('a second window takes the interview over, a run in one shows in the other, and the first can take it back', async ({ page, context }) => {
  await signUp(page, uniqueEmail('tabs'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);
  const other = await context.newPage();
  await visit(other, page.url());
  await waitForEditor(other);

  // One window saves at a time: the first one hears that the interview moved to the other.
  const elsewhere = (p: typeof page) => p.getByRole('alert').filter({ hasText: 'open in another window' });
  await expect(elsewhere(page)).toBeVisible();
  await expect(elsewhere(other)).toHaveCount(0);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const verdict = page.getByRole('status').filter({ hasText: 'cases passed' });
  await expect(verdict).toBeVisible();
  await expect(other.getByText('From a run started in another window of this interview')).toBeVisible();
  await expect(other.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText((await verdict.textContent())!);

  // Taking the interview back moves the notice to the other window.
  await page.getByRole('button', { name: 'Use this window' }).click();
  await expect(elsewhere(page)).toHaveCount(0);
  await expect(elsewhere(other)).toBeVisible();
  await other.close();
});

test('switching to a language not used yet loads its starter without asking, and the choice sticks', async ({ page }) => {
  await signUp(page, uniqueEmail('language'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# my python work\n');
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.getByRole('combobox', { name: 'Language' }).selectOption('javascript');
  await expect(page.getByRole('textbox', { name: 'Your solution (JavaScript)' })).toBeAttached();
  await expect.poll(() => editorText(page)).toContain('function maxPathSum');
  await allSaved(page);
  await page.reload();
  await waitForEditor(page);
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('javascript');
  expect(await editorText(page)).toContain('function maxPathSum');
  expect(dialogs).toEqual([]);
});

test('panes resize from the keyboard, the output panel collapses, and both are remembered', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await signUp(page, uniqueEmail('panes'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);

  const divider = page.getByRole('separator', { name: 'Resize the problem and code panes' });
  await expect(divider).toHaveAttribute('aria-valuenow', '40');
  const before = await page.locator('.room-problem').boundingBox();
  await divider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(divider).toHaveAttribute('aria-valuenow', '44');
  const after = await page.locator('.room-problem').boundingBox();
  expect(after!.width).toBeGreaterThan(before!.width);

  const toggle = page.getByRole('button', { name: 'Hide output' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(page.getByRole('button', { name: 'Show output' })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('Run your code (Ctrl/Cmd+Enter)')).toBeHidden();

  await page.reload();
  await waitForEditor(page);
  await expect(page.getByRole('separator', { name: 'Resize the problem and code panes' })).toHaveAttribute('aria-valuenow', '44');
  await expect(page.getByRole('button', { name: 'Show output' })).toBeVisible();
  // Running opens the panel again.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hide output' })).toBeVisible();
});

test('the start card offers only categories with problems at the chosen difficulty, and each offered one finds a problem', async ({ page }) => {
  await signUp(page, uniqueEmail('categories'));
  await expect(page).toHaveURL(/\/dashboard$/);
  // What the server counts, read as the page reads it.
  const data = await page.evaluate(async () => (await fetch('/api/dashboard', { method: 'POST' })).json());
  const counts: Record<string, { code: string; count: number }[]> = {};
  for (const entry of data.start_categories) counts[entry.difficulty] = entry.categories;
  const category = page.getByLabel('Category (optional)');
  for (const difficulty of ['easy', 'medium', 'hard']) {
    expect(counts[difficulty].length).toBeGreaterThan(0);
    expect(counts[difficulty].map((c) => c.code)).not.toContain('backtracking');
    await page.getByLabel('Difficulty').selectOption(difficulty);
    // Exactly the categories with problems, each with its count.
    await expect(category.locator('option')).toHaveText([
      'Any category',
      ...counts[difficulty].map((c) => new RegExp(` \\(${c.count}\\)$`)),
    ]);
    for (const c of counts[difficulty]) {
      expect(c.count).toBeGreaterThan(0);
      await category.selectOption(c.code);
      await page.getByRole('button', { name: 'Find a problem' }).click();
      await expect(page.getByRole('button', { name: 'Start interview (uses 1 credit)' })).toBeVisible();
      await expect(page.getByText('No problem matches these choices', { exact: false })).toHaveCount(0);
    }
  }
  // A category the next difficulty lacks goes back to "Any category" rather than finding nothing.
  const codes = (d: string) => counts[d].map((c) => c.code);
  const pairs = [['easy', 'hard'], ['hard', 'easy'], ['medium', 'hard'], ['easy', 'medium'], ['medium', 'easy'], ['hard', 'medium']];
  const [from, to, lacking] = pairs
    .map(([a, b]) => [a, b, codes(a).find((c) => !codes(b).includes(c))])
    .find(([, , c]) => c !== undefined) as [string, string, string];
  await page.getByLabel('Difficulty').selectOption(from);
  await expect(category.locator(`option[value="${lacking}"]`)).toHaveCount(1);
  await category.selectOption(lacking);
  await page.getByLabel('Difficulty').selectOption(to);
  await expect(category.locator(`option[value="${lacking}"]`)).toHaveCount(0);
  await expect(category).toHaveValue('');
});
