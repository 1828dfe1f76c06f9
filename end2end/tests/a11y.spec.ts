// Accessibility across the site: axe-core over every page in both themes (any violation
// fails), a skip link that moves focus, the header's Sign up button readable on /signup, and
// no page wider than a 375 px screen.
import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { OwnServer, signUp, uniqueEmail, visit, waitForEditor } from './helpers';

// A server of its own: the admin role and the reset link come from its command line.
const server = new OwnServer(41);
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
type Who = 'visitor' | 'user' | 'admin';

let userState: Awaited<ReturnType<BrowserContext['storageState']>>;
let adminState: Awaited<ReturnType<BrowserContext['storageState']>>;
let roomPath = '';
let summaryPath = '';
let problemPath = '';
let resetPath = '';
let replayPath = '';
let sharedPath = '';


async function go(page: Page, path: string) {
  await visit(page, server.base + path);
}

async function signUpOn(page: Page, email: string, name: string) {
  await signUp(page, email, name, server.base);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** A page in `theme`, set the way the app keeps it: the stored choice read before paint. */
async function open(browser: Browser, who: Who, theme: Theme, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const storageState = who === 'user' ? userState : who === 'admin' ? adminState : undefined;
  const context = await browser.newContext({ storageState, viewport: { width, height: 900 } });
  await context.addInitScript((t) => localStorage.setItem('sparring-theme', t), theme);
  return { context, page: await context.newPage() };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await server.start();
  const context = await browser.newContext();
  const page = await context.newPage();

  // A candidate with one ended interview (its summary) and one open one (the room).
  const email = uniqueEmail('a11y');
  await signUpOn(page, email, 'Ada Lovelace');
  for (const end of [true, false]) {
    await go(page, '/dashboard');
    await page.getByRole('button', { name: 'Find a problem' }).click();
    await page.getByRole('button', { name: 'Start interview (uses 1 credit)' }).click();
    await expect(page).toHaveURL(/\/interview\/[0-9a-f-]+$/);
    await waitForEditor(page);
    if (end) {
      page.once('dialog', (dialog) => dialog.accept());
      await page.getByRole('button', { name: 'End interview' }).click();
      await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+\/summary$/);
      summaryPath = new URL(page.url()).pathname;
      replayPath = summaryPath.replace(/\/summary$/, '/replay');
      const session = summaryPath.split('/')[2];
      sharedPath = await page.evaluate(async (s) => {
        const res = await fetch('/api/create_share_link', { method: 'POST', body: new URLSearchParams({ session: s, expiry: 'week', chat: 'true' }) });
        return (await res.json()).path as string;
      }, session);
    } else {
      roomPath = new URL(page.url()).pathname;
    }
  }
  await go(page, '/problems');
  problemPath = (await page.getByRole('table').getByRole('link').first().getAttribute('href'))!;
  server.command('seed-history', '--email', email, '--sessions', '5');
  userState = await context.storageState();

  // A reset link, as the mail would carry it.
  const anon = await browser.newContext();
  const p2 = await anon.newPage();
  await go(p2, '/forgot');
  await p2.getByLabel('Email').fill(email);
  await p2.getByRole('button', { name: 'Send reset link' }).click();
  await expect(p2.getByRole('status').filter({ hasText: 'reset link is on its way' })).toBeVisible();
  const mail = server.command('last-mail', '--to', email);
  resetPath = new URL(mail.match(/https?:\/\/\S+\/reset\?token=[0-9a-f]+/)![0]).pathname + '?' + mail.match(/token=[0-9a-f]+/)![0];

  // An administrator.
  const adminEmail = uniqueEmail('a11y-admin');
  await signUpOn(p2, adminEmail, 'Grace Hopper');
  server.command('grant-admin', '--email', adminEmail);
  adminState = await anon.storageState();
  await anon.close();
  await context.close();
});

test.afterAll(async () => {
  await server.dispose();
});

type Target = { name: string; who: Who; path: () => string; ready?: (page: Page) => Promise<void> };

const heading = (text: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text);
};

const PAGES: Target[] = [
  { name: 'landing', who: 'visitor', path: () => '/', ready: async (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'sign in', who: 'visitor', path: () => '/signin', ready: heading('Sign in') },
  { name: 'sign up', who: 'visitor', path: () => '/signup', ready: heading('Create your account') },
  { name: 'forgot password', who: 'visitor', path: () => '/forgot', ready: heading('Reset your password') },
  {
    name: 'password reset',
    who: 'visitor',
    path: () => resetPath,
    ready: async (p) => expect(p.getByLabel('New password', { exact: true })).toBeVisible(),
  },
  { name: 'terms', who: 'visitor', path: () => '/terms', ready: async (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'privacy', who: 'visitor', path: () => '/privacy', ready: async (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'not found', who: 'visitor', path: () => '/no/such/page', ready: heading('Page not found') },
  {
    name: 'dashboard and history',
    who: 'user',
    path: () => '/dashboard',
    ready: async (p) => expect(p.getByText(/\d+ interviews?$/).first()).toBeVisible(),
  },
  { name: 'problems list', who: 'user', path: () => '/problems', ready: async (p) => expect(p.getByRole('table')).toBeVisible() },
  { name: 'problem page', who: 'user', path: () => problemPath, ready: async (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'room', who: 'user', path: () => roomPath, ready: waitForEditor },
  {
    name: 'evaluation summary',
    who: 'user',
    path: () => summaryPath,
    ready: async (p) => expect(p.getByLabel(/^Overall score \d+\.\d out of 10$/)).toBeVisible({ timeout: 30_000 }),
  },
  { name: 'replay', who: 'user', path: () => replayPath, ready: waitForEditor },
  { name: 'shared replay', who: 'visitor', path: () => sharedPath, ready: waitForEditor },
  { name: 'profile', who: 'user', path: () => '/profile', ready: async (p) => expect(p.getByLabel('Display name')).toBeVisible() },
  { name: 'admin AI usage', who: 'admin', path: () => '/admin/usage', ready: heading('AI usage and cost') },
  { name: 'admin credits', who: 'admin', path: () => '/admin/credits', ready: async (p) => expect(p.getByLabel('Account email')).toBeVisible() },
];

function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n')}`)
    .join('\n');
}

for (const theme of THEMES) {
  for (const target of PAGES) {
    test(`axe finds no violation on the ${target.name} page in the ${theme} theme`, async ({ browser }) => {
      const { context, page } = await open(browser, target.who, theme);
      await go(page, target.path());
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      if (target.ready) await target.ready(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(describe(results.violations)).toBe('');
      await context.close();
    });
  }
}

test('the theme toggle switches the palette and the page stays clean in the other theme', async ({ browser }) => {
  const { context, page } = await open(browser, 'visitor', 'light');
  await go(page, '/signin');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => localStorage.getItem('sparring-theme'))).toBe('dark');
  const results = await new AxeBuilder({ page }).analyze();
  expect(describe(results.violations)).toBe('');
  await context.close();
});

for (const theme of THEMES) {
  test(`the header's Sign up button is readable on /signup in the ${theme} theme`, async ({ browser }) => {
    const { context, page } = await open(browser, 'visitor', theme);
    await go(page, '/signup');
    const button = page.getByRole('banner').getByRole('link', { name: 'Sign up' });
    await expect(button).toHaveAttribute('aria-current', 'page');
    const [color, background] = await button.evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.color, s.backgroundColor];
    });
    expect(color).not.toBe(background);
    await context.close();
  });
}

test('the skip link moves focus to the main content', async ({ browser }) => {
  const { context, page } = await open(browser, 'user', 'light');
  await go(page, '/dashboard');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab goes to the first control inside the main content, not the header.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
  await context.close();
});

const MOBILE_PAGES: Target[] = PAGES.filter((t) =>
  ['landing', 'sign in', 'sign up', 'forgot password', 'password reset', 'terms', 'privacy', 'not found', 'dashboard and history', 'replay', 'shared replay', 'profile', 'admin AI usage', 'admin credits'].includes(t.name),
);

test('no page is wider than a 375 px screen', async ({ browser }) => {
  const wide: string[] = [];
  for (const target of MOBILE_PAGES) {
    const { context, page } = await open(browser, target.who, 'light', 375);
    await go(page, target.path());
    if (target.ready) await target.ready(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 375) wide.push(`${target.name}: ${width} px`);
    await context.close();
  }
  expect(wide).toEqual([]);
});

test('history rows at 375 px show the status and the score in full', async ({ browser }) => {
  const { context, page } = await open(browser, 'user', 'light', 375);
  await go(page, '/dashboard');
  const rows = page.getByRole('listitem').filter({ has: page.locator('.history-status') });
  await expect(rows.first()).toBeVisible();
  const cut = await rows.evaluateAll((items) =>
    items.flatMap((li) => {
      const box = li.getBoundingClientRect();
      return Array.from(li.querySelectorAll<HTMLElement>('.history-status, .history-score'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5 || el.scrollWidth > el.clientWidth + 0.5;
        })
        .map((el) => `${li.textContent}: "${el.textContent}"`);
    }),
  );
  expect(cut).toEqual([]);
  // A scored row says its score.
  await expect(rows.locator('.history-score').first()).toBeVisible();
  await context.close();
});
