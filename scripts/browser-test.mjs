// The newcomer's path through a real browser: open Swagger UI, log in to Keycloak as a demo
// resident (authorization code + PKCE), then call GET /me from Swagger UI and read the answer.
// Usage: node scripts/browser-test.mjs <base-url> (default http://127.0.0.1:8080)
// Needs playwright-core (scripts/node-tools.sh) and Debian's chromium; never a downloaded browser.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, '.local/node-tools/package.json'));
const { chromium } = require('playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const user = process.env.FULIAN_BROWSER_USER ?? 'resident-a';
const password = process.env.FULIAN_BROWSER_PASSWORD ?? 'fulian-demo';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/q/swagger-ui/`);
  await page.locator('button.authorize').first().click();

  // The OIDC scheme's dialog: client id (fulian-app) and scopes (openid profile) are preset.
  const dialog = page.locator('.auth-container').filter({ hasText: 'authorization_code' }).first();
  if (process.env.FULIAN_BROWSER_SCREENSHOT) {
    await page.screenshot({ path: process.env.FULIAN_BROWSER_SCREENSHOT, fullPage: true });
  }
  // Swagger UI opens Keycloak's login in a popup. On a loaded machine the first click can land
  // while the dialog is still rendering and open nothing, so it is tried up to three times; a
  // failure prints what the dialog showed and what the page logged.
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  let popup;
  for (let attempt = 1; !popup && attempt <= 3; attempt++) {
    await dialog.locator('button.authorize').waitFor({ state: 'visible' });
    const opened = page.waitForEvent('popup', { timeout: 15_000 }).catch(() => undefined);
    await dialog.locator('button.authorize').click();
    popup = await opened;
    if (!popup) {
      console.error(`browser-test: no login popup after click ${attempt}; dialog shows: ` +
        (await dialog.innerText().catch(() => '?')).replace(/\s+/g, ' '));
    }
  }
  if (!popup) {
    throw new Error(`Swagger UI opened no Keycloak login popup; page console:\n${consoleLines.join('\n')}`);
  }
  await popup.waitForLoadState();
  await popup.locator('#username').fill(user);
  await popup.locator('#password').fill(password);
  await Promise.all([popup.waitForEvent('close'), popup.locator('#kc-login').click()]);
  await page.getByText('Logout').first().waitFor();
  await page.locator('.modal-ux button.close-modal').click();

  // GET /me → Try it out → Execute.
  const op = page.locator('#operations-Me-getMe');
  await op.locator('.opblock-summary').click();
  await op.locator('button.try-out__btn').click();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/me') && r.request().method() === 'GET'),
    op.locator('button.execute').click(),
  ]);
  const body = await response.json();
  const authHeader = response.request().headers()['authorization'] ?? '';
  if (response.status() !== 200 || !authHeader.startsWith('Bearer ') || !body.id) {
    throw new Error(`GET /me through Swagger UI answered ${response.status()}: ${JSON.stringify(body)}`);
  }
  console.log(`browser-test: logged in as ${user} through Keycloak; GET /me → 200 ${JSON.stringify(body)}`);
} finally {
  await browser.close();
}
