import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { signUp, uniqueEmail, visit, startInterview, focusEditorEnd, pasteIntoEditor } from './helpers';

const EDITOR = 'Your solution (Python)';
// A big paste: a comment, so the code still runs.
const BIG = '# ' + 'pasted notes '.repeat(20) + '\n';

/** axe finds nothing on the page as it stands. */
async function clean(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function endInterview(page: Page) {
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'End interview' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+\/summary$/);
}

test('the summary links its evidence to the replay; a share link opens the session for anyone until it is revoked', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await signUp(page, uniqueEmail('share'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, { language: 'python' });
  const id = page.url().match(/\/interview\/([0-9a-f-]+)$/)![1];

  // A paste, then a run for the evaluation to cite.
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, BIG);
  await expect(page.getByText('All changes saved', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toBeVisible({ timeout: 30_000 });
  await endInterview(page);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  // The summary leads to the replay and to the share page.
  await expect(page.getByRole('link', { name: 'Watch the replay' })).toHaveAttribute('href', `/sessions/${id}/replay`);
  await expect(page.getByRole('link', { name: 'Watch the replay' })).toHaveAttribute('rel', 'external');
  await expect(page.getByRole('link', { name: 'Share', exact: true })).toHaveAttribute('href', `/sessions/${id}/share`);

  // The integrity signals show the paste, its moment linked to the replay.
  const integrity = page.getByRole('region', { name: 'Integrity signals' });
  await expect(integrity).toContainText(/Pastes: 1 \(\d+ characters in all, the largest \d+ characters\)/);
  await expect(integrity).toContainText('signals to look at in the replay, not a verdict');
  await expect(integrity.getByRole('link').first()).toHaveAttribute('href', new RegExp(`^/sessions/${id}/replay\\?t=\\d{2}:\\d{2}$`));

  // Once the evaluation is ready, the moments it cites link to the replay too.
  const evaluation = page.getByRole('region', { name: 'Evaluation' });
  await expect(evaluation).toBeVisible({ timeout: 90_000 });
  const cited = evaluation.getByRole('link', { name: /^\d{1,3}:\d{2}$/ }).first();
  await expect(cited).toHaveAttribute('href', new RegExp(`^/sessions/${id}/replay\\?t=\\d{1,3}:\\d{2}$`));
  await expect(cited).toHaveAttribute('rel', 'external');
  await clean(page);

  // Following a cited moment opens the replay at that moment.
  const when = ((await cited.textContent()) ?? '').trim();
  await cited.click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${id}/replay\\?t=${when}$`));
  await expect(page.getByRole('slider', { name: 'Moment of the replay' })).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^${when} of `),
  );
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Interview summary' })).toBeVisible();

  // The share page: the defaults, then a link without the chat.
  await page.getByRole('link', { name: 'Share', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${id}/share$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Share this interview');
  await expect(page.getByText(/Never shared: the hidden tests, reference solutions/)).toBeVisible();
  await expect(page.getByLabel('Link expires after')).toHaveValue('week');
  await expect(page.getByLabel('Include the chat')).toBeChecked();
  await expect(page.getByLabel('Show my name and email')).not.toBeChecked();
  await expect(page.getByText('No links to this interview yet.')).toBeVisible();
  await page.getByLabel('Link expires after').selectOption('month');
  await page.getByLabel('Include the chat').uncheck();
  await page.getByRole('button', { name: 'Create link' }).click();
  const field = page.getByLabel('Your new link');
  await expect(field).toHaveValue(new RegExp(`^${baseURL}/shared/[0-9a-f]{64}$`));
  await expect(field).toHaveAttribute('readonly', '');
  await expect(page.getByText('this address will not be shown again')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  const token = (await field.inputValue()).match(/[0-9a-f]{64}$/)![0];
  const links = page.getByRole('table', { name: 'Share links to this interview' });
  await expect(links.getByRole('row')).toHaveCount(2);
  await expect(links).toContainText('No chat, name hidden');
  await expect(links).toContainText('Active');
  await links.getByRole('button', { name: /^Revoke the link created/ }).click();
  await expect(links.getByRole('group', { name: /^Confirm revoking/ })).toBeVisible();
  await clean(page);
  await links.getByRole('button', { name: 'Cancel' }).click();

  // Anyone with the link, signed out: the replay without the chat, and a view counted.
  const anon = await browser.newContext({ baseURL });
  const shared = await anon.request.get(`/api/shared/${token}`);
  expect(shared.status()).toBe(200);
  const manifest = await shared.json();
  expect(manifest.chat_included).toBe(false);
  expect(manifest.chat).toEqual([]);
  expect(manifest.integrity.pastes.length).toBe(1);
  const opened = await anon.request.post('/api/open_shared', { form: { token } });
  expect(opened.status()).toBe(200);
  const session = await opened.json();
  expect(session.summary.id).toBe('');
  expect(session.owner).toBeNull();
  // The shared report's moments link to the shared page, never to the owner's replay.
  expect(session.summary.evaluation.state).toBe('ready');
  expect(session.summary.evaluation.report_html).toContain(`href="/shared/${token}?t=`);
  expect(session.summary.evaluation.report_html).not.toContain(`/sessions/${id}/`);

  // The profile lists the link with its view; revoking it there (after a confirmation) ends it.
  await visit(page, '/profile');
  const all = page.getByRole('table', { name: 'Your share links' });
  const row = all.getByRole('row').filter({ hasText: 'No chat, name hidden' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: '1', exact: true })).toBeVisible();
  await expect(row.getByRole('link')).toHaveAttribute('href', `/sessions/${id}/summary`);
  await row.getByRole('button', { name: /^Revoke the link created/ }).click();
  await expect(row.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: /^Revoke the link created/ }).click();
  await row.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button')).toHaveCount(0);
  await clean(page);

  expect((await anon.request.get(`/api/shared/${token}`)).status()).toBe(410);
  expect((await anon.request.post('/api/open_shared', { form: { token } })).status()).toBe(410);
  expect((await anon.request.get(`/api/shared/${'0'.repeat(64)}`)).status()).toBe(404);
  expect((await anon.request.get('/api/shared/not-a-token')).status()).toBe(404);

  // A session keeps at most 20 live links: the page says so when the 21st is asked for.
  for (let n = 0; n < 20; n++) {
    const made = await page.request.post('/api/create_share_link', { form: { session: id, expiry: 'day' } });
    expect(made.status()).toBe(200);
  }
  await visit(page, `/sessions/${id}/share`);
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('alert')).toContainText('already has 20 share links');
  await expect(page.getByLabel('Your new link')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Share links to this interview' }).getByRole('row')).toHaveCount(22);

  // Signed out, the share page asks to sign in.
  const anonPage = await anon.newPage();
  await anonPage.goto(`/sessions/${id}/share`);
  await expect(anonPage).toHaveURL(/\/signin/);
  await anon.close();

  // Someone else: the share page is the 404 page, and the session's links are not theirs to see or make.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await signUp(otherPage, uniqueEmail('share-other'), 'Mallory');
  await expect(otherPage).toHaveURL(/\/dashboard$/);
  const res = await visit(otherPage, `/sessions/${id}/share`);
  expect(res!.status()).toBe(404);
  await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  expect((await other.request.post('/api/share_links', { form: { session: id } })).status()).toBe(404);
  expect((await other.request.post('/api/share_target', { form: { session: id } })).status()).toBe(404);
  expect(
    (await other.request.post('/api/create_share_link', { form: { session: id, expiry: 'week', chat: 'true' } })).status(),
  ).toBe(404);
  expect((await other.request.post('/api/share_target', { form: { session: 'x'.repeat(10_000) } })).status()).toBe(404);
  // Their own list is empty: no one else's links show up.
  expect(await (await other.request.post('/api/share_links', { form: { session: '' } })).json()).toEqual([]);
  await other.close();
});

test('an interview still in progress cannot be shared yet', async ({ page }) => {
  await signUp(page, uniqueEmail('share-open'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page);
  const id = page.url().match(/\/interview\/([0-9a-f-]+)$/)![1];
  await visit(page, `/sessions/${id}/share`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Share this interview');
  await expect(page.getByRole('status').filter({ hasText: 'still in progress' })).toHaveText(
    'This interview is still in progress: you can share it once it has ended.',
  );
  await expect(page.getByRole('button', { name: 'Create link' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Back to the interview' })).toHaveAttribute('href', `/interview/${id}`);
});
