// The replay player: an ended interview played back from its record (the owner's page and a
// shared link's), with the timeline's slider, markers, panels and keyboard.
import { test, expect, Page, BrowserContext } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { signUp, uniqueEmail, visit, startInterview, waitForEditor, editorText, replaceEditorText, OwnServer } from './helpers';

const SOLUTION = fs.readFileSync(
  path.join(__dirname, '../../problems/binary-tree-maximum-path-sum/python/solution.py'),
  'utf8',
);
const EDITOR = 'Your solution (Python)';
const TREES = { difficulty: 'hard', category: 'trees', language: 'python' };
const QUESTION = 'Can the tree have negative values?';

test.describe.configure({ mode: 'serial' });

let owner: BrowserContext;
let ownerPage: Page;
let sessionId = '';
let starter = '';
let finalCode = '';

const slider = (page: Page) => page.getByRole('slider', { name: 'Moment of the replay' });
const replayed = (page: Page) => editorText(page);

test.afterAll(async () => {
  await owner?.close();
});

test('an ended interview plays back: slider, markers, run results, chat, diff, keyboard and deep links', async ({ browser }) => {
  test.setTimeout(180_000);
  owner = await browser.newContext();
  const page = await owner.newPage();
  ownerPage = page;
  await signUp(page, uniqueEmail('replay'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);
  sessionId = new URL(page.url()).pathname.split('/').pop()!;
  starter = await editorText(page);

  // While the interview is open, its replay is not ready: a clear message and the way back.
  const early = await owner.newPage();
  const res = await early.goto(`/sessions/${sessionId}/replay`);
  expect(res?.status()).toBe(409);
  await expect(early.getByRole('heading', { level: 1 })).toHaveText('Replay not ready yet');
  await expect(early.getByRole('link', { name: 'Back to the interview' })).toHaveAttribute('href', `/interview/${sessionId}`);
  await early.close();

  await replaceEditorText(page, EDITOR, SOLUTION);
  await expect(page.getByText('All changes saved', { exact: true })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'cases passed' })).toHaveText(/^Accepted: (\d+) of \1 cases passed$/);
  const chat = page.getByRole('log', { name: 'Conversation with the interviewer' });
  await page.getByLabel('Message to the interviewer').fill(QUESTION);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.locator('.chat-message.candidate')).toHaveText(/Can the tree have negative values\?/);
  finalCode = await editorText(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'End interview' }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+\/summary$/);

  await visit(page, `/sessions/${sessionId}/replay`);
  await waitForEditor(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replay: Binary Tree Maximum Path Sum');
  await expect(page.getByRole('link', { name: 'Back to the summary' })).toHaveAttribute('href', `/sessions/${sessionId}/summary`);
  await expect(page.getByRole('link', { name: 'Share this replay' })).toHaveAttribute('href', `/sessions/${sessionId}/share`);

  // The slider starts at the start: the starter code.
  const s = slider(page);
  await expect(s).toHaveAttribute('aria-valuenow', '0');
  await expect(s).toHaveAttribute('aria-valuetext', /^00:00 of \d\d:\d\d$/);
  await expect.poll(() => replayed(page)).toBe(starter);

  // A marker per run and per chat message, on their tracks.
  const runMarker = page.getByRole('group', { name: 'Runs and submissions' }).getByRole('button', { name: /^Run at \d\d:\d\d: (\d+)\/\1 passed \(Accepted\)$/ });
  await expect(runMarker).toHaveCount(1);
  const chatMarker = page.getByRole('group', { name: 'Chat', exact: true }).getByRole('button', { name: /^Candidate at \d\d:\d\d: Can the tree have negative values\?$/ });
  await expect(chatMarker).toHaveCount(1);

  // End shows the final code, Home the starter again.
  await s.focus();
  await page.keyboard.press('End');
  await expect(s).not.toHaveAttribute('aria-valuenow', '0');
  await expect.poll(() => replayed(page)).toBe(finalCode);
  await page.keyboard.press('Home');
  await expect(s).toHaveAttribute('aria-valuenow', '0');
  await expect.poll(() => replayed(page)).toBe(starter);

  // Scrubbing with the pointer: a click at the slider's right end is the end.
  const box = (await s.boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  await expect.poll(() => replayed(page)).toBe(finalCode);

  // The run marker opens that run's results.
  await runMarker.click();
  const results = page.getByRole('region', { name: 'Results of run 1' });
  await expect(results.getByText(/^Accepted: (\d+) of \1 cases passed/)).toBeVisible();
  await expect(results.getByText(/Case 1 · Accepted/)).toBeVisible();
  // A visible case shows what it gave the code and what it expected back.
  const firstCase = results.getByRole('listitem').filter({ hasText: /Case 1 · Accepted/ });
  await expect(firstCase).toContainText(/Input: root = /);
  await expect(firstCase).toContainText(/Expected: /);

  // The chat marker seeks to the message, which the chat panel shows highlighted.
  await chatMarker.click();
  const message = page.getByRole('listitem').filter({ hasText: QUESTION });
  await expect(message).toHaveAttribute('aria-current', 'true');
  await expect(message).toBeInViewport();

  // The diff marks the added lines.
  const diff = page.getByRole('region', { name: 'Changes from the starting code to the final code' });
  await expect(diff.getByRole('row').filter({ hasText: 'best = max(best' }).first()).toContainText('added');
  await expect(page.getByText(/^\+\d+ −\d+ lines$/)).toBeVisible();

  // Space plays and pauses (not while in a field).
  await page.getByRole('heading', { level: 1 }).click();
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Space');
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByLabel(/Skip idle stretches \(longer than \d+ s\)/)).toBeChecked();
  await expect(page.getByLabel('Speed')).toHaveValue('1');

  // A link to a moment opens there, paused; a bad one opens at the start.
  await visit(page, `/sessions/${sessionId}/replay?t=00:00`);
  await waitForEditor(page);
  await expect(slider(page)).toHaveAttribute('aria-valuenow', '0');
  await expect.poll(() => replayed(page)).toBe(starter);
  const runAt = (await runMarker.getAttribute('aria-label'))!.match(/^Run at (\d\d:\d\d)/)![1];
  await visit(page, `/sessions/${sessionId}/replay?t=${runAt}`);
  await expect(slider(page)).toHaveAttribute('aria-valuetext', new RegExp(`^${runAt} of `));
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await visit(page, `/sessions/${sessionId}/replay?t=nonsense`);
  await expect(slider(page)).toHaveAttribute('aria-valuenow', '0');

  // Copy link to this moment shows the link.
  await slider(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider(page)).not.toHaveAttribute('aria-valuenow', '0');
  const moment = (await slider(page).getAttribute('aria-valuetext'))!.split(' of ')[0];
  await page.getByRole('button', { name: 'Copy link to this moment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toContainText(`/sessions/${sessionId}/replay?t=${moment}`);
});

test('playing runs to the end at the chosen speed and stops there; J and L step 10 seconds', async () => {
  const page = await owner.newPage();
  await visit(page, `/sessions/${sessionId}/replay`);
  await waitForEditor(page);
  const s = slider(page);
  const max = Number(await s.getAttribute('aria-valuemax'));
  await page.getByLabel('Speed').selectOption('4');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(s).toHaveAttribute('aria-valuenow', String(max), { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => replayed(page)).toBe(finalCode);
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('j');
  await expect(s).toHaveAttribute('aria-valuenow', String(Math.max(0, max - 10)));
  await page.keyboard.press('j');
  await page.keyboard.press('l');
  await expect(s).toHaveAttribute('aria-valuenow', String(Math.min(max, 10)));
  await expect(page.getByText('Keyboard shortcuts')).toBeVisible();
  await page.close();
});

test('without JavaScript the page still shows the final code and the timeline', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await owner.storageState() });
  const page = await context.newPage();
  const res = await page.goto(`/sessions/${sessionId}/replay`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('region', { name: 'Final code (Python)' })).toContainText('best = max(best');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', '0');
  await context.close();
});

test('the replay fits a 375 px screen', async () => {
  const page = await owner.newPage();
  await page.setViewportSize({ width: 375, height: 800 });
  await visit(page, `/sessions/${sessionId}/replay`);
  await waitForEditor(page);
  await expect(slider(page)).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(375);
  await page.close();
});

test("another user gets the not-found page, and a visitor is sent to sign in", async ({ browser }) => {
  const other = await browser.newContext();
  const page = await other.newPage();
  await signUp(page, uniqueEmail('replay-other'));
  await expect(page).toHaveURL(/\/dashboard$/);
  const res = await page.goto(`/sessions/${sessionId}/replay`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Replay not found');
  await other.close();

  const visitor = await browser.newContext();
  const anon = await visitor.newPage();
  await anon.goto(`/sessions/${sessionId}/replay`);
  await expect(anon).toHaveURL(/\/signin/);
  await visitor.close();
});

test('a shared link plays the replay with the evaluation for anyone, until it is revoked', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = ownerPage;
  await visit(page, `/sessions/${sessionId}/summary`);
  await expect(page.getByLabel(/^Overall score \d+\.\d out of 10$/)).toBeVisible({ timeout: 30_000 });
  const created = await page.evaluate(async (session) => {
    const res = await fetch('/api/create_share_link', {
      method: 'POST',
      body: new URLSearchParams({ session, expiry: 'week', chat: 'true' }),
    });
    return { status: res.status, body: await res.json() };
  }, sessionId);
  expect(created.status).toBe(200);
  const sharedPath: string = created.body.path;
  expect(sharedPath).toMatch(/^\/shared\/\S+$/);

  const visitor = await browser.newContext();
  const anon = await visitor.newPage();
  const res = await anon.goto(sharedPath);
  expect(res?.status()).toBe(200);
  await expect(anon.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText('Shared replay: Binary Tree Maximum Path Sum');
  await expect(anon.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  await expect(anon.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
  await waitForEditor(anon);
  await expect(slider(anon)).toBeVisible();
  await expect(anon.getByRole('heading', { name: 'Evaluation' })).toBeVisible();
  await expect(anon.getByLabel(/^Overall score \d+\.\d out of 10$/)).toBeVisible();
  await expect(anon.getByText(/^Recommendation: /)).toBeVisible();
  // The chat is shared, and the player works without an account.
  await expect(anon.getByRole('group', { name: 'Chat', exact: true }).getByRole('button', { name: /^Candidate at/ })).toHaveCount(1);
  await slider(anon).focus();
  await anon.keyboard.press('End');
  await expect.poll(() => editorText(anon)).toBe(finalCode);
  await anon.getByRole('group', { name: 'Runs and submissions' }).getByRole('button', { name: /^Run at/ }).click();
  await expect(anon.getByRole('region', { name: 'Results of run 1' }).getByText(/^Accepted: /)).toBeVisible();

  // Revoked: 410 and a clear page.
  const revoked = await page.evaluate(async (id) => {
    const r = await fetch('/api/revoke_share_link', { method: 'POST', body: new URLSearchParams({ id }) });
    return r.status;
  }, created.body.link.id);
  expect(revoked).toBe(200);
  const again = await anon.reload();
  expect(again?.status()).toBe(410);
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText('This link was revoked or has expired');

  // A made-up token is not found.
  const made = await anon.goto('/shared/not-a-real-token-at-all');
  expect(made?.status()).toBe(404);
  await expect(anon.getByRole('heading', { level: 1 })).toHaveText('Shared replay not found');
  await visitor.close();
});

// On a server of its own: it uses up this client's allowance of wrong tokens, which the share
// tests running on the shared server after this file must still have.
test('guessing tokens is throttled: the shared page then answers 429 with a clear message', async ({ browser }) => {
  const server = new OwnServer(43);
  await server.start();
  try {
    const visitor = await browser.newContext();
    const anon = await visitor.newPage();
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) {
      status = (await anon.request.get(`${server.base}/api/shared/${'0'.repeat(10)}${i}`)).status();
    }
    expect(status).toBe(429);
    const res = await anon.goto(`${server.base}/shared/still-guessing`);
    expect(res?.status()).toBe(429);
    await expect(anon.getByRole('heading', { level: 1 })).toHaveText('Too many attempts');
    await expect(anon.getByRole('alert')).toContainText(/Try again in \d+ seconds/);
    await visitor.close();
  } finally {
    await server.dispose();
  }
});
