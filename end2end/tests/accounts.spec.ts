import { test, expect } from '@playwright/test';
import { PASSWORD, signIn, signUp, uniqueEmail, visit } from './helpers';

test('a new user signs up, sees 3 credits, signs out and signs back in', async ({ page }) => {
  const email = uniqueEmail('flow');
  await signUp(page, email);

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Ada Lovelace');
  await expect(page.getByTestId('credit-balance')).toHaveText('3 credits');
  await expect(page.getByRole('button', { name: 'Find a problem' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: "You're signed out." })).toBeVisible();

  // The dashboard is closed to a signed-out visitor.
  await visit(page, '/dashboard');
  await expect(page).toHaveURL(/\/signin\?next=\/dashboard$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('credit-balance')).toHaveText('3 credits');

  // Signed in, the landing page sends you to the dashboard.
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('a wrong password shows an error and creates no session', async ({ page, context }) => {
  const email = uniqueEmail('wrong');
  await signUp(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await context.clearCookies();

  await signIn(page, email, 'not the right password');
  await expect(page.getByRole('alert')).toHaveText("That email and password don't match an account.");
  await expect(page).toHaveURL(/\/signin/);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'sparring_session')).toBeUndefined();

  await visit(page, '/dashboard');
  await expect(page).toHaveURL(/\/signin/);
});

test('a duplicate email is refused clearly', async ({ page, context }) => {
  const email = uniqueEmail('dup');
  await signUp(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await context.clearCookies();

  await signUp(page, email, 'Someone Else');
  await expect(page.getByRole('alert')).toContainText('An account with this email already exists');
  await expect(page).toHaveURL(/\/signup$/);
});

test('sign-up explains what is wrong with a weak password', async ({ page }) => {
  await visit(page, '/signup');
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Email').fill(uniqueEmail('weak'));
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel(/I accept the/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Use at least 10 characters for your password\.$/);
  await expect(password).toBeFocused();
});

test('the profile can be edited by its owner', async ({ page }) => {
  await signUp(page, uniqueEmail('profile'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
  await page.getByLabel('Display name').fill('Grace Hopper');
  await page.getByLabel('Experience level').selectOption('senior');
  await page.getByLabel('Target companies').fill('Acme, Globex');
  await page.getByLabel('Preferred language').selectOption('java');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Grace Hopper');
  await expect(page.getByLabel('Experience level')).toHaveValue('senior');
  await expect(page.getByLabel('Preferred language')).toHaveValue('java');
});

test('an empty sign-up flags every field at once, next to it, and focuses the first', async ({ page }) => {
  await visit(page, '/signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 4 fields marked below.');
  const expected: [string | RegExp, RegExp][] = [
    ['Name', /^Enter a display name\.$/],
    ['Email', /^Enter your email address\.$/],
    [/^Password$/, /Choose a password of at least 10 characters\.$/],
    [/I accept the/, /^Please accept the Terms and Privacy Policy/],
  ];
  for (const [label, message] of expected) {
    const field = page.getByLabel(label);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(message);
  }
  await expect(page.getByLabel('Name')).toBeFocused();
  await expect(page).toHaveURL(/\/signup$/);

  // Fixing one field clears its flag on the next try; the others stay.
  await page.getByLabel('Name').fill('Ada');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Name')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 3 fields marked below.');
});

test('sign-in names empty fields, and a wrong pair is reported for the form as a whole', async ({ page }) => {
  await visit(page, '/signin');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter your email address.');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription('Enter your password.');
  await expect(page.getByLabel('Email')).toBeFocused();
});

test('without JavaScript a failed sign-up renders the form again with its errors', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}/signup`);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your account');
  await expect(page.getByRole('alert')).toHaveText('Please correct the 4 fields marked below.');
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name')).toHaveAccessibleDescription('Enter a display name.');
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('An email address needs an @, like name@example.com.');
  // The first invalid field has focus when the page opens.
  await expect(page.getByLabel('Name')).toBeFocused();
  await expect(page.locator('body')).not.toContainText('"Validation"');

  // A wrong password without script: the page again, with the message.
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password', { exact: true }).fill('wrong password!');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByRole('alert')).toHaveText("That email and password don't match an account.");
  await context.close();
});

test('the profile flags each bad field next to it and keeps the saved values', async ({ page }) => {
  await signUp(page, uniqueEmail('profile-errors'));
  await expect(page).toHaveURL(/\/dashboard$/);
  await visit(page, '/profile');
  await page.getByLabel('Display name').fill('');
  await page.getByLabel('Target companies').fill(Array.from({ length: 11 }, (_, i) => `Company ${i}`).join(', '));
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByLabel('Display name')).toHaveAccessibleDescription('Enter a display name.');
  await expect(page.getByLabel('Target companies')).toHaveAccessibleDescription(/List at most 10 target companies\.$/);
  await expect(page.getByLabel('Display name')).toBeFocused();
  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Ada Lovelace');
});
