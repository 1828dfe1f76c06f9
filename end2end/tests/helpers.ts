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
