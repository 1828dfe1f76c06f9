import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import {
  signUp, uniqueEmail, visit, startInterview, waitForEditor, editorText, focusEditorEnd, pasteIntoEditor,
} from './helpers';

// Hard + trees has exactly one problem (Python, JavaScript and Java), so the proposal is known.
const TREES = { difficulty: 'hard', category: 'trees', language: 'python' };
const EDITOR = 'Your solution (Python)';

async function allSaved(page: Page) {
  await expect(page.getByText('All changes saved', { exact: true })).toBeVisible();
}

/** The document's size against the window's: [scrollHeight, innerHeight, scrollWidth, innerWidth]. */
async function documentSize(page: Page) {
  return page.evaluate(() => [
    Math.max(document.documentElement.scrollHeight, document.body.scrollHeight),
    window.innerHeight,
    Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    window.innerWidth,
  ]);
}

async function barInView(page: Page) {
  await expect(page.getByRole('timer')).toBeInViewport({ ratio: 1 });
  for (const name of ['Run', 'Submit', 'End interview']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }
}

async function openRoom(page: Page, tag: string) {
  await signUp(page, uniqueEmail(tag));
  await expect(page).toHaveURL(/\/dashboard$/);
  await startInterview(page, TREES);
}

test('at 1440×900 the room fits the window and the bar stays in view after clicking the editor and dragging a divider', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openRoom(page, 'workspace');

  const [height, innerHeight, width, innerWidth] = await documentSize(page);
  expect(height).toBeLessThanOrEqual(innerHeight);
  expect(width).toBeLessThanOrEqual(innerWidth);
  await barInView(page);
  // The site's own header and footer make way for the workspace; one way out stays.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Dashboard' })).toBeVisible();

  // Clicking into the editor scrolls nothing away.
  const editor = page.locator('.monaco-editor').first();
  const box = (await editor.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20);
  await barInView(page);

  // Dragging the divider between the problem and the code.
  const divider = page.getByRole('separator', { name: 'Resize the problem and code panes' });
  await expect(divider).toHaveAttribute('aria-valuenow', '40');
  const d = (await divider.boundingBox())!;
  await page.mouse.move(d.x + d.width / 2, d.y + d.height / 2);
  await page.mouse.down();
  await page.mouse.move(d.x + d.width / 2 + 150, d.y + d.height / 2 + 400, { steps: 5 });
  await page.mouse.up();
  await expect(divider).not.toHaveAttribute('aria-valuenow', '40');
  // And the one between the code and the output, dragged past the bottom of the window.
  const lower = page.getByRole('separator', { name: 'Resize the code and output panes' });
  const l = (await lower.boundingBox())!;
  await page.mouse.move(l.x + l.width / 2, l.y + l.height / 2);
  await page.mouse.down();
  await page.mouse.move(l.x + l.width / 2, 899, { steps: 5 });
  await page.mouse.up();
  await barInView(page);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const [after, inner] = await documentSize(page);
  expect(after).toBeLessThanOrEqual(inner);
  // The title is said once, and the constraints once.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  const problem = page.getByRole('region', { name: 'Binary Tree Maximum Path Sum' });
  await expect(problem.getByText('Binary Tree Maximum Path Sum', { exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Constraints' })).toHaveCount(1);
});

test('at 1024×768 the workspace still fits: no page scroll, the bar and both panes in view', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openRoom(page, 'workspace1024');
  const [height, innerHeight, width, innerWidth] = await documentSize(page);
  expect(height).toBeLessThanOrEqual(innerHeight);
  expect(width).toBeLessThanOrEqual(innerWidth);
  await barInView(page);
  await expect(page.getByText('The workspace needs a screen at least 1024 pixels wide')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
  await expect(page.locator('.monaco-editor').first()).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Hide output' })).toBeInViewport({ ratio: 1 });
});

test('hiding the output is undone with the mouse', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openRoom(page, 'output');
  await page.getByRole('button', { name: 'Hide output' }).click();
  await expect(page.getByText('Run your code (Ctrl/Cmd+Enter)')).toBeHidden();
  const show = page.getByRole('button', { name: 'Show output' });
  await expect(show).toBeInViewport({ ratio: 1 });
  await show.click();
  await expect(page.getByText('Run your code (Ctrl/Cmd+Enter)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hide output' })).toBeInViewport({ ratio: 1 });
  await barInView(page);
});

test('the chat shows each new message, and when scrolled up offers a pill that goes to the newest', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // The realtime channel passes through the test, which can add a message of its own.
  let fromServer: ((text: string) => void) | undefined;
  await page.routeWebSocket(/\/api\/sessions\/realtime$/, (ws) => {
    ws.connectToServer();
    fromServer = (text) => ws.send(text);
  });
  await openRoom(page, 'chat');
  const chat = page.getByRole('log', { name: 'Conversation with the interviewer' });
  await expect(chat).toContainText('walk me through your approach');
  const input = page.getByLabel('Message to the interviewer');
  const questions = [
    'Can the tree have negative values?',
    'Can the tree be empty?',
    'How large can the tree be?',
    'Are node values integers?',
    'Can the path start at any node?',
  ];
  for (const [i, q] of questions.entries()) {
    await input.fill(q);
    await input.press('Enter');
    await expect(chat.locator('.chat-message.candidate')).toHaveCount(i + 1);
    await expect.poll(() => chat.locator('.chat-message.interviewer:not(.streaming)').count()).toBeGreaterThanOrEqual(i + 2);
    // The newest reply is in view, not hidden below the first message.
    await expect(chat.locator('.chat-message').last()).toBeInViewport();
  }
  await expect(page.getByRole('button', { name: /New messages/ })).toHaveCount(0);

  // Scrolled up to reread: a new message does not pull the reader down, a pill says it came.
  await chat.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  await expect(chat.locator('.chat-message').first()).toBeInViewport();
  fromServer!(JSON.stringify({
    type: 'chat',
    message: { seq: 1_000_000, at: Date.now(), speaker: 'interviewer', text: 'Five minutes left.', html: '<p>Five minutes left.</p>' },
  }));
  const latest = chat.getByText('Five minutes left.');
  await expect(latest).toBeAttached();
  await expect(latest).not.toBeInViewport();
  const pill = page.getByRole('button', { name: /New messages/ });
  await expect(pill).toBeVisible();
  await pill.click();
  await expect(latest).toBeInViewport();
  await expect(pill).toHaveCount(0);
});

test('switching language keeps each language\'s code: Python → Java → Python, and after a reload', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openRoom(page, 'languages');
  const language = page.getByRole('combobox', { name: 'Language' });
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# my python work\n');
  await allSaved(page);
  const python = await editorText(page);

  // No question asked: nothing is lost by switching.
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await language.selectOption('java');
  await expect(page.getByRole('textbox', { name: 'Your solution (Java)' })).toBeAttached();
  await expect.poll(() => editorText(page)).toContain('class Solution');
  await focusEditorEnd(page, 'Your solution (Java)');
  await pasteIntoEditor(page, '// my java work\n');
  await allSaved(page);
  const java = await editorText(page);

  await language.selectOption('python');
  await expect.poll(() => editorText(page)).toBe(python);
  await allSaved(page);

  // After a reload, and with nothing kept on this device, the server knows each language's code.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForEditor(page);
  await expect(language).toHaveValue('python');
  expect(await editorText(page)).toBe(python);
  await language.selectOption('java');
  await expect.poll(() => editorText(page)).toBe(java);
  await allSaved(page);
  await page.reload();
  await waitForEditor(page);
  await expect(language).toHaveValue('java');
  await language.selectOption('python');
  await expect.poll(() => editorText(page)).toBe(python);
  // A language never used starts from its starter.
  await language.selectOption('javascript');
  await expect.poll(() => editorText(page)).toContain('function maxPathSum');
  await expect.poll(() => editorText(page)).not.toContain('# my python work');
  expect(dialogs).toEqual([]);
});

test('the dashboard offers to resume the open interview instead of failing late', async ({ page }) => {
  await openRoom(page, 'resume');
  const room = page.url();
  await visit(page, '/dashboard');
  const card = page.getByRole('region', { name: 'Interview in progress' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Binary Tree Maximum Path Sum');
  await expect(card).toContainText(/\d+ minutes? left/);
  await expect(page.getByRole('button', { name: 'Find a problem' })).toHaveCount(0);
  await card.getByRole('link', { name: 'Resume interview' }).click();
  await expect(page).toHaveURL(room);
  await waitForEditor(page);
  await expect(page.getByRole('timer')).toBeVisible();
});

test('at 375 px the room is honestly read-only: nothing wider than the screen, the code readable, End reachable', async ({ page }) => {
  await openRoom(page, 'mobile');
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# written on a desktop\n');
  await allSaved(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  await expect(page.getByText('The workspace needs a screen at least 1024 pixels wide')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Binary Tree Maximum Path Sum');
  const code = page.getByRole('heading', { name: 'Your code (Python, read-only)' });
  await expect(code).toBeVisible();
  await expect(page.getByText('# written on a desktop')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Continue anyway' })).toHaveCount(0);
  const [, , width, innerWidth] = await documentSize(page);
  expect(width).toBeLessThanOrEqual(innerWidth);
  const end = page.getByRole('button', { name: 'End interview' });
  await expect(end).toBeInViewport({ ratio: 1 });
  const box = (await end.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  // Scrolled to the end of the page, End is still there.
  await page.getByLabel('Message to the interviewer').scrollIntoViewIfNeeded();
  await expect(end).toBeInViewport({ ratio: 1 });
  page.once('dialog', (dialog) => void dialog.accept());
  await end.click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+\/summary$/);
});

test('a reload without edits does not ask before leaving; one with an unsent edit does', async ({ page }) => {
  await openRoom(page, 'unload');
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.accept();
  });
  await allSaved(page);
  await page.reload();
  await waitForEditor(page);
  await allSaved(page);
  expect(dialogs).toEqual([]);
  await focusEditorEnd(page, EDITOR);
  await pasteIntoEditor(page, '# not yet sent\n');
  await page.reload();
  await waitForEditor(page);
  expect(dialogs).toEqual(['beforeunload']);
});

test('the room has no structural accessibility faults at 1440×900: one heading order, real lists, allowed roles, focusable scrolling panes', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openRoom(page, 'axe');
  await expect(page.getByRole('log', { name: 'Conversation with the interviewer' })).toContainText('walk me through your approach');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
