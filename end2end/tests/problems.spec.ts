import { test, expect } from '@playwright/test';
import { signUp, uniqueEmail, visit } from './helpers';

const TWO_SUM = `def two_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
`;

test('the problem list filters by difficulty and opens a problem', async ({ page }) => {
  await visit(page, '/problems');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problems');
  await expect(page.getByText(/^53 problems · page 1 of 3$/)).toBeVisible();

  await page.getByLabel('Difficulty').selectOption('hard');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/difficulty=hard/);
  await expect(page.getByText(/^3 problems · page 1 of 1$/)).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4); // header + 3
  await page.getByRole('link', { name: 'Edit Distance' }).click();
  await expect(page).toHaveURL(/\/problems\/edit-distance$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Distance');
  await expect(page.getByRole('heading', { name: 'Sample tests', level: 2 })).toBeVisible();
  await expect(page.getByText('Hint 1')).toBeVisible();
});

test('a signed-in candidate runs examples, then submits against hidden cases', async ({ page }) => {
  await signUp(page, uniqueEmail('runner'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await visit(page, '/problems/two-sum');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two Sum');
  await expect(page.getByLabel('Language')).toHaveValue('python');

  await page.getByLabel('Your solution').fill(TWO_SUM);
  await page.getByRole('button', { name: 'Run examples' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText('Accepted: 3 of 3 cases passed');

  await page.getByLabel('Your solution').fill('def two_sum(nums, target):\n    print("debug", nums)\n    return [0, 1]\n');
  await page.getByRole('button', { name: 'Submit' }).click();
  const verdict = page.getByRole('status').filter({ hasText: 'cases passed' });
  await expect(verdict).toHaveText(/^Wrong Answer: \d+ of 14 cases passed$/);
  // A submission shows verdicts only: nothing the code printed (it ran with the hidden inputs).
  await expect(page.getByText(/A submission shows verdicts only/).first()).toBeVisible();
  await expect(page.getByText('debug [4, 9, 1, 7]')).toHaveCount(0);
  await expect(page.getByText(/^Hidden case \d+$/).first()).toBeVisible();
});

test('running code without signing in asks the visitor to sign in', async ({ page }) => {
  await visit(page, '/problems/valid-parentheses');
  await page.getByRole('button', { name: 'Run examples' }).click();
  await expect(page.getByRole('alert')).toContainText('Sign in to run code.');
});
