import { test, expect, Page } from '@playwright/test';
import { editorText, replaceEditorText, signUp, uniqueEmail, visit, waitForEditor } from './helpers';

const TWO_SUM = `def two_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
`;

const PY_EDITOR = 'Your solution (Python)';

/** The "N problems · page X of Y" line. */
const countLine = (page: Page) => page.getByRole('status').filter({ hasText: /· page \d+ of \d+$/ });

/** The category menu's offered options (without "Any category"), as [value, label]. */
async function offeredCategories(page: Page): Promise<[string, string][]> {
  return page
    .getByLabel('Category')
    .locator('option')
    .evaluateAll((opts) => (opts as HTMLOptionElement[]).filter((o) => o.value !== '').map((o) => [o.value, o.textContent!.trim()] as [string, string]));
}

test('the problem list filters by difficulty and opens a problem', async ({ page }) => {
  await visit(page, '/problems');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Problems');
  await expect(countLine(page)).toHaveText('53 problems · page 1 of 3');

  await page.getByLabel('Difficulty').selectOption('hard');
  await expect(page).toHaveURL(/\/problems\?difficulty=hard$/);
  await expect(countLine(page)).toHaveText('3 problems · page 1 of 1');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4); // header + 3
  await page.getByRole('link', { name: 'Edit Distance' }).click();
  await expect(page).toHaveURL(/\/problems\/edit-distance$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Distance');
  await expect(page.getByRole('heading', { name: 'Examples' })).toBeVisible();
  await expect(page.getByText('Hint 1')).toBeVisible();
});

test('filter addresses carry no empty pair, and "Apply filters" keeps them clean', async ({ page }) => {
  await visit(page, '/problems');
  await page.getByLabel('Difficulty').selectOption('easy');
  await expect(page).toHaveURL(/\/problems\?difficulty=easy$/);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/problems\?difficulty=easy$/);
  await page.getByLabel('Difficulty').selectOption('');
  await page.getByLabel('Category').selectOption('arrays');
  await expect(page).toHaveURL(/\/problems\?category=arrays$/);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  expect(page.url()).not.toContain('&=');
  expect(page.url()).not.toMatch(/=(&|$)/);
  // The pager's links are clean too.
  await visit(page, '/problems');
  const next = page.getByRole('link', { name: 'Next page' });
  await expect(next).toHaveAttribute('href', '/problems?page=2');
  await next.click();
  await expect(page).toHaveURL(/\/problems\?page=2$/);
  await expect(page.getByRole('link', { name: 'Previous page' })).toHaveAttribute('href', '/problems');
});

test('search narrows the list by title and by tag, with a singular count', async ({ page }) => {
  await visit(page, '/problems');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('two sum');
  await expect(page).toHaveURL(/[?&]q=two%20sum/);
  await expect(page.getByRole('link', { name: 'Two Sum', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit Distance' })).toHaveCount(0);

  // "carry" is a tag of Add Two Numbers only, and in no title.
  await search.fill('carry');
  await expect(countLine(page)).toHaveText('1 problem · page 1 of 1');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByRole('link')).toHaveText('Add Two Numbers');

  // With the other filters: a search and a difficulty together.
  await search.fill('tree');
  await page.getByLabel('Difficulty').selectOption('easy');
  await expect(page).toHaveURL(/difficulty=easy/);
  await expect(page).toHaveURL(/q=tree/);
  const titles = await page.getByRole('table').getByRole('link').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  for (const t of titles) expect(t.toLowerCase()).toContain('tree');

  await search.fill('zzzz nothing like this');
  await expect(page.getByText(/No problem matches this search/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Random problem' })).toBeDisabled();
});

test('without JavaScript, the search and filters work through the address and the form', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/problems?q=carry');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await expect(page.getByText('1 problem · page 1 of 1')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('carry');

  await page.goto('/problems');
  await page.getByRole('searchbox', { name: 'Search' }).fill('binary tree');
  await page.getByLabel('Difficulty').selectOption('easy');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/q=binary\+tree/);
  const titles = await page.getByRole('table').getByRole('link').allTextContents();
  expect(titles).toContain('Maximum Depth of Binary Tree');
  expect(titles).not.toContain('Two Sum');
  for (const t of titles) expect(t).toMatch(/Tree/);
  await context.close();
});

test('only categories with problems are offered, and a random pick from each lands on a problem', async ({ page }) => {
  await visit(page, '/problems');
  const offered = await offeredCategories(page);
  expect(offered.length).toBeGreaterThan(5);
  for (const [, label] of offered) expect(label).toMatch(/\((?!0\))\d+\)$/);
  expect(offered.map(([, l]) => l).join(' ')).not.toContain('Backtracking');

  for (const [value, label] of offered) {
    await visit(page, `/problems?category=${value}`);
    await expect(countLine(page)).toContainText(/^\d+ problems? /);
    await page.getByRole('button', { name: 'Random problem' }).click();
    await expect(page, `random in ${label}`).toHaveURL(/\/problems\/[a-z0-9-]+$/);
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Problem not found');
    await expect(page.getByText('Not found.')).toHaveCount(0);
  }

  // Offered categories follow the difficulty: none without a hard problem is offered then.
  await visit(page, '/problems?difficulty=hard');
  for (const [, label] of await offeredCategories(page)) expect(label).toMatch(/\((?!0\))\d+\)$/);
});

test('at 375 px the problem list keeps its Status column and the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await visit(page, '/problems');
  await expect(page.getByRole('columnheader', { name: 'Status' })).toBeInViewport();
  await expect(page.getByRole('table').getByRole('link').first()).toBeInViewport();
  // The difficulty stays readable: its badge moves beside the title.
  await expect(page.getByRole('table').getByRole('row').nth(1).getByText('Easy').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await visit(page, '/problems/two-sum');
  const problemOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(problemOverflow).toBeLessThanOrEqual(0);
});

test('at 1440x900 the problem page shows Monaco beside the statement, and nothing twice', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await visit(page, '/problems/two-sum');
  await waitForEditor(page);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveText('Two Sum');
  const code = page.getByRole('region', { name: 'Your code' });
  await expect(code.getByRole('textbox', { name: PY_EDITOR })).toBeAttached();
  await expect(code.locator('.monaco-editor')).toBeInViewport();
  await expect(code.getByRole('button', { name: 'Run examples' })).toBeInViewport();
  const statementBox = (await page.locator('article', { has: title }).boundingBox())!;
  const codeBox = (await code.boundingBox())!;
  expect(codeBox.x).toBeGreaterThanOrEqual(statementBox.x + statementBox.width);
  expect(codeBox.y).toBeLessThan(300);

  await expect(page.getByText('Two Sum', { exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Examples' })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Constraints' })).toHaveCount(1);
  await expect(page.getByText('2 <= nums.length <= 10^5', { exact: true })).toHaveCount(1);
  await expect(page.getByText('Example 1', { exact: true })).toHaveCount(1);
  // One h1, and no heading skips a level on the way down.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  const levels = await page.getByRole('main').evaluate((m) =>
    Array.from(m.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => Number(h.tagName[1])),
  );
  for (let i = 1; i < levels.length; i++) expect(levels[i], levels.join(' ')).toBeLessThanOrEqual(levels[i - 1] + 1);
});

test('Python → Java → Python keeps the typed code, a reload keeps the draft, and Reset asks first', async ({ page }) => {
  await visit(page, '/problems/two-sum');
  await waitForEditor(page);
  await replaceEditorText(page, PY_EDITOR, TWO_SUM);
  await expect.poll(() => editorText(page)).toBe(TWO_SUM);

  await page.getByLabel('Language').selectOption('java');
  await expect(page.getByRole('textbox', { name: 'Your solution (Java)' })).toBeAttached();
  await expect.poll(() => editorText(page)).toContain('class Solution');
  await replaceEditorText(page, 'Your solution (Java)', '// my java draft\nclass Solution {}\n');

  await page.getByLabel('Language').selectOption('python');
  await expect.poll(() => editorText(page)).toBe(TWO_SUM);

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await waitForEditor(page);
  await expect(page.getByLabel('Language')).toHaveValue('python');
  await expect.poll(() => editorText(page)).toBe(TWO_SUM);
  await expect(page.getByText('Restored your draft from this device')).toBeVisible();
  await page.getByLabel('Language').selectOption('java');
  await expect.poll(() => editorText(page)).toBe('// my java draft\nclass Solution {}\n');

  // Reset asks; declining keeps the code, accepting brings the starter back.
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect.poll(() => editorText(page)).toBe('// my java draft\nclass Solution {}\n');
  page.once('dialog', (d) => {
    expect(d.message()).toContain('starter');
    d.accept();
  });
  await page.getByRole('button', { name: 'Reset to starter' }).click();
  await expect.poll(() => editorText(page)).not.toContain('my java draft');
  await expect.poll(() => editorText(page)).toContain('class Solution');
  await page.reload();
  await waitForEditor(page);
  await expect(page.getByLabel('Language')).toHaveValue('java');
  await expect.poll(() => editorText(page)).not.toContain('my java draft');
});

test('without Monaco the plain text area works: Tab indents, Esc then Tab moves on', async ({ page }) => {
  await page.route('**/vs/**', (route) => route.abort());
  await visit(page, '/problems/two-sum');
  const area = page.getByRole('textbox', { name: PY_EDITOR });
  await expect(area).toBeVisible();
  await expect(page.getByText(/The code editor could not load/)).toBeVisible();
  await area.fill('def two_sum(nums, target):\n');
  await area.press('End');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Tab');
  await expect(area).toBeFocused();
  await expect(area).toHaveValue('def two_sum(nums, target):\n    ');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(area).not.toBeFocused();
  // The draft is kept from the text area too.
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('textbox', { name: PY_EDITOR })).toHaveValue('def two_sum(nums, target):\n    ');
});

test('linked-list and tree problems state their node fields in every language', async ({ page }) => {
  await visit(page, '/problems/add-two-numbers');
  await expect(page.getByRole('heading', { name: 'Data structures' })).toBeVisible();
  const statement = page.locator('article');
  for (const line of ['Python: ListNode(val=0, next=None)', 'JavaScript: new ListNode(val = 0, next = null)', 'Java: ListNode with int val; ListNode next;']) {
    await expect(statement.getByRole('listitem').filter({ hasText: line })).toHaveCount(1);
  }
  await visit(page, '/problems/binary-tree-level-order-traversal');
  await expect(page.getByRole('heading', { name: 'Data structures' })).toBeVisible();
  await expect(page.locator('article').getByText(/Each node has the fields val \(its value\), left and right/)).toBeVisible();
  await visit(page, '/problems/two-sum');
  await expect(page.getByRole('heading', { name: 'Data structures' })).toHaveCount(0);
});

test('a signed-in candidate runs examples, then submits against hidden cases', async ({ page }) => {
  await signUp(page, uniqueEmail('runner'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await visit(page, '/problems/two-sum');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two Sum');
  await expect(page.getByLabel('Language')).toHaveValue('python');
  await waitForEditor(page);

  await replaceEditorText(page, PY_EDITOR, TWO_SUM);
  await page.getByRole('button', { name: 'Run examples' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText('Accepted: 3 of 3 cases passed');

  await replaceEditorText(page, PY_EDITOR, 'def two_sum(nums, target):\n    print("debug", nums)\n    return [0, 1]\n');
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
  await expect(page.getByRole('alert').filter({ hasText: 'Sign in to run code.' })).toBeVisible();
});

test("the problem page's editor follows the site's theme toggle", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await visit(page, '/problems/two-sum');
  await waitForEditor(page);
  const editor = page.locator('.monaco-editor').first();
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  const dark = (await toggle.getAttribute('aria-pressed')) === 'true';
  await expect(editor).toHaveClass(dark ? /\bvs-dark\b/ : /(^|\s)vs(\s|$)/);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', dark ? 'false' : 'true');
  await expect(editor).toHaveClass(dark ? /(^|\s)vs(\s|$)/ : /\bvs-dark\b/);
  await toggle.click();
  await expect(editor).toHaveClass(dark ? /\bvs-dark\b/ : /(^|\s)vs(\s|$)/);
});
