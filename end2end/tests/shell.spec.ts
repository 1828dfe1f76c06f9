import { test, expect } from '@playwright/test';
import { visit } from './helpers';

test('the page is hydrated: the theme toggle and password reveal work', async ({ page }) => {
  await visit(page, '/signin');
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  const before = await html.getAttribute('data-theme');
  await toggle.click();
  const after = await html.getAttribute('data-theme');
  expect(after).not.toBe(before);
  await expect(toggle).toHaveAttribute('aria-pressed', after === 'dark' ? 'true' : 'false');

  // The choice survives a reload (applied before the app hydrates).
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', after!);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
});

test('unknown pages answer 404 with a way home', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
});

test('the landing page works on a 375 px phone with its menu', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await visit(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('the landing page shows pricing and links to the legal pages', async ({ page }) => {
  await visit(page, '/');
  await expect(page.getByRole('heading', { name: 'Pricing' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Practice pack' })).toBeVisible();
  await page.getByRole('link', { name: 'Privacy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy Policy');
  await expect(page.getByRole('heading', { name: 'AI processing' })).toBeVisible();
});

test('the forgot-password form confirms without revealing accounts', async ({ page }) => {
  await visit(page, '/forgot');
  await page.getByLabel('Email').fill('nobody-here@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account exists' })).toBeVisible();
});
