import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { signUp, uniqueEmail, visit } from './helpers';

const SOLUTION = fs.readFileSync(
  path.join(__dirname, '../../problems/binary-tree-maximum-path-sum/python/solution.py'),
  'utf8',
);

test('start an interview, keep the code across a reload, run, submit, end and see the summary', async ({ page }) => {
  await signUp(page, uniqueEmail('interview'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText('No interviews yet.', { exact: false })).toBeVisible();

  // Hard + trees has exactly one problem, so the proposal is known.
  await page.getByLabel('Difficulty').selectOption('hard');
  await page.getByLabel('Category (optional)').selectOption('trees');
  await page.getByLabel('Language').selectOption('python');
  await page.getByLabel('Duration').selectOption('30');
  await page.getByRole('button', { name: 'Find a problem' }).click();
  await expect(page.getByRole('heading', { name: 'Binary Tree Maximum Path Sum' })).toBeVisible();
  await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();

  await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Binary Tree Maximum Path Sum');
  await expect(page.getByRole('timer')).toHaveText(/^(30:00|29:[0-5]\d)$/);

  // Saved with Ctrl+S, the code survives a reload.
  const editor = page.getByLabel('Your solution (Python)');
  await editor.fill(SOLUTION);
  await editor.press('Control+s');
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Your solution (Python)')).toHaveValue(SOLUTION);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText(/^Accepted: (\d+) of \1 cases passed$/);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText(/^Accepted: (\d+) of \1 cases passed$/);
  await expect(page.getByText(/^Hidden case \d+$/).first()).toBeVisible();
  await expect(page.getByText(/^Every case passed\. Completed in \d+ ms\.$/)).toBeVisible();
  await page.getByRole('button', { name: 'Clear output' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveCount(0);

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'End interview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interview summary');
  await expect(page.getByRole('status').filter({ hasText: 'time used' })).toContainText('Completed · time used');

  await visit(page, '/dashboard');
  await expect(page.getByTestId('credit-balance')).toHaveText('2 credits');
  const history = page.getByRole('region', { name: 'Your interviews' });
  await expect(history.getByRole('link', { name: 'Binary Tree Maximum Path Sum' })).toBeVisible();
  await expect(history).toContainText('Completed');
});

test('code typed but not yet saved survives a reload, and the room asks before leaving', async ({ page }) => {
  await signUp(page, uniqueEmail('draft'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByLabel('Difficulty').selectOption('hard');
  await page.getByLabel('Category (optional)').selectOption('trees');
  await page.getByRole('button', { name: 'Find a problem' }).click();
  await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();
  await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  const draft = 'def max_path_sum(root):\n    # unsaved thoughts\n    return 0\n';
  await page.getByLabel('Your solution (Python)').fill(draft);
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.accept();
  });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByLabel('Your solution (Python)')).toHaveValue(draft);
  expect(dialogs).toEqual(['beforeunload']);
});

test('on a narrow screen the room asks for a desktop, and can be used anyway', async ({ page }) => {
  await signUp(page, uniqueEmail('narrow'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole('button', { name: 'Find a problem' }).click();
  await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();
  await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
  await page.setViewportSize({ width: 800, height: 900 });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'made for a desktop screen' })).toBeVisible();
  await expect(page.getByRole('timer')).toBeHidden();
  await page.getByRole('button', { name: 'Continue anyway' }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  // Other pages have no such notice.
  await visit(page, '/problems');
  await expect(page.getByText('made for a desktop screen')).toHaveCount(0);
});
