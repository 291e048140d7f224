// The cadre console in a real browser (issue 21), driven by playwright-core in Debian's chromium
// against the real Keycloak: a cadre signs in with the authorization code flow, publishes a draft
// event, a resident signs up through the API, the cadre approves her and exports the list, then
// signs out; a resident cannot open the console; a neighbouring community's cadre sees none of the
// first cadre's events; a form without its token is refused. Every page is scanned with axe-core
// (no serious or critical violations) and photographed at 390 and 1280 px wide.
//
// Usage: node scripts/console-test.mjs <base-url>, with EVENT_ID, SESSION_ID, EVENT_TITLE (a draft
// event of community-cadre's unit whose session takes sign-ups by approval), RESIDENT_TOKEN (a
// resident of that unit), CAMPAIGN_UNIT_ID and CAMPAIGN_MEMBERS (that many opted-in members with
// a device follow the unit, nobody else), CHECKIN_SESSION_ID with two confirmed sign-ups
// CHECKIN_REG1 (whose code FAKE_VIDEO films) and CHECKIN_REG2 (code CHECKIN_CODE2) in the
// environment, and LOTTERY_EVENT_ID with LOTTERY_SESSION_ID (three applicants, two seats, window
// still open), and the case team's CASE_REQUEST_ID (sealed account CASE_ACCOUNT), CASE_ID (a
// sealed note CASE_NOTE) and REGISTER_ID (sealed name REGISTER_NAME), and FAMILY_SEARCH_ID (a
// search in its review phase) with FAMILY_NOMINATION_ID (a family of the cadre's community, its
// minor's consent missing), VOTING_SEARCH_ID (a search in its vote with one flagged vote),
// DECIDED_SEARCH_ID with DECIDED_CANDIDATE_ID (a search in its objection period); SHOTS names the
// screenshot folder.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, '.local/node-tools/package.json'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`console-test: ${name} is not set`);
  return v;
};
const eventId = env('EVENT_ID');
const sessionId = env('SESSION_ID');
const title = env('EVENT_TITLE');
const residentToken = env('RESIDENT_TOKEN');
const campaignUnit = env('CAMPAIGN_UNIT_ID');
const campaignMembers = env('CAMPAIGN_MEMBERS');
const door = env('CHECKIN_SESSION_ID');
const reg1 = env('CHECKIN_REG1');
const reg2 = env('CHECKIN_REG2');
const code2 = env('CHECKIN_CODE2');
const fakeVideo = env('FAKE_VIDEO');
const lotteryEvent = env('LOTTERY_EVENT_ID');
const lotterySession = env('LOTTERY_SESSION_ID');
const caseRequest = env('CASE_REQUEST_ID');
const caseAccount = env('CASE_ACCOUNT');
const caseId = env('CASE_ID');
const caseNote = env('CASE_NOTE');
const registerId = env('REGISTER_ID');
const registerName = env('REGISTER_NAME');
const familySearch = env('FAMILY_SEARCH_ID');
const familyNomination = env('FAMILY_NOMINATION_ID');
const votingSearch = env('VOTING_SEARCH_ID');
const decidedSearch = env('DECIDED_SEARCH_ID');
const decidedCandidate = env('DECIDED_CANDIDATE_ID');
const password = process.env.FULIAN_BROWSER_PASSWORD ?? 'fulian-demo';
const shots = process.env.SHOTS ?? path.join(root, 'target/console-screenshots');
fs.mkdirSync(shots, { recursive: true });

const problems = [];
const log = (line) => console.log(`console-test: ${line}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // The camera films a QR code: a file the test wrote (FakeCamera.java).
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${fakeVideo}`],
});

async function newPage() {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true,
    permissions: ['camera'],
    viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  return { context, page };
}

async function signIn(page, user, path = '/console') {
  await page.goto(`${base}${path}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  const [response] = await Promise.all([
    page.waitForNavigation({ url: (u) => u.pathname.startsWith('/console') }),
    page.locator('#kc-login').click(),
  ]);
  return response;
}

// axe-core on the page as it stands: serious and critical violations fail the run.
async function scan(page, name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    problems.push(`axe ${name}: ${v.impact} ${v.id} (${v.help}) at ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  }
  log(`axe ${name}: ${result.violations.length} violations, ${bad.length} serious or critical`);
}

// The page at a phone's and a desk's width.
async function photograph(page, name) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function look(page, name) {
  await scan(page, name);
  await photograph(page, name);
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

let current = null; // the page in use, photographed when a step fails
try {
  // 1. The cadre signs in through Keycloak and lands on the dashboard.
  const cadre = await newPage();
  let page = cadre.page;
  current = page;
  await signIn(page, 'community-cadre');
  await page.locator('h1').first().waitFor();
  expect(new URL(page.url()).pathname === '/console', `after sign-in at ${page.url()}`);
  expect(await page.locator('nav.nav a[aria-current="page"]').innerText() === '首页',
    'the dashboard is the current page');
  await page.locator('.chart svg').first().waitFor();
  log('signed in as community-cadre: dashboard with charts');
  await look(page, 'dashboard');

  // 2. Events of her unit: the draft is listed.
  await page.locator('nav.nav a', { hasText: '活动管理' }).click();
  await page.locator('#event-list').waitFor();
  expect((await page.locator('#event-list').innerText()).includes(title), 'the draft is listed');
  await look(page, 'events');

  // 3. She opens and publishes it.
  await page.locator('#event-list a', { hasText: title }).click();
  await page.locator('h1', { hasText: title }).waitFor();
  await look(page, 'event');
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form.move button', { hasText: '发布' }).click(),
  ]);
  expect((await page.locator('.badge').first().innerText()) === '已发布',
    `status after publishing: ${await page.locator('.badge').first().innerText()}`);
  log(`published event ${eventId} from the console`);

  // 4. A resident signs up through the API (the mini-app's call).
  const signUp = await fetch(`${base}/sessions/${sessionId}/registrations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${residentToken}`, 'Content-Type': 'application/json',
      'Idempotency-Key': `console-test-${sessionId}` },
    body: '{}',
  });
  const signed = await signUp.json();
  expect(signUp.status === 201 || signUp.status === 200,
    `resident sign-up answered ${signUp.status}: ${JSON.stringify(signed)}`);
  expect(signed.status === 'PENDING', `resident's registration is ${signed.status}`);
  log(`resident signed up through the API: registration ${signed.id} PENDING`);

  // 5. The dashboard's week shows the session with one sign-up waiting; from there the cadre
  // approves her in the session's list (htmx) and exports the list.
  await page.goto(`${base}/console`);
  const week = page.locator('#week tr', { hasText: title });
  await week.waitFor();
  expect((await week.locator('td strong').innerText()) === '1',
    `the week's row shows one sign-up waiting: ${await week.innerText()}`);
  await look(page, 'dashboard-week');
  await week.locator('a', { hasText: title }).click();
  const row = page.locator(`#registration-${signed.id}`);
  await row.waitFor();
  expect((await row.innerText()).includes('待审核'), 'the row waits for approval');
  await look(page, 'registrations');
  await row.locator('button', { hasText: '通过' }).first().click();
  await page.locator(`#registration-${signed.id} .badge`, { hasText: '已确认' }).waitFor();
  log(`approved registration ${signed.id} in the console`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a', { hasText: '导出名单' }).click(),
  ]);
  const file = path.join(shots, 'attendees.xlsx');
  await download.saveAs(file);
  const head = fs.readFileSync(file).subarray(0, 2).toString('latin1');
  expect(head === 'PK', 'the export is an XLSX (zip) file');
  log(`exported ${fs.statSync(file).size} bytes of XLSX`);

  // 6. A form without its token is refused; a forged one too.
  const forged = await page.request.post(`${base}/console/events/${eventId}/transition`, {
    form: { action: 'CLOSE_REGISTRATION' }, maxRedirects: 0 });
  expect(forged.status() === 403, `a form without its token answered ${forged.status()}`);
  const wrong = await page.request.post(`${base}/console/events/${eventId}/transition`, {
    form: { action: 'CLOSE_REGISTRATION', csrf: 'AAAA' }, maxRedirects: 0 });
  expect(wrong.status() === 403, `a form with a wrong token answered ${wrong.status()}`);
  log('forms without the right token: 403');

  // 7a. Check-in at the door: the camera reads the first code (this Chromium has no
  // BarcodeDetector, so the server reads the frames); offline, the second code is typed and a
  // picture of the first is taken, a forged code is refused on the phone; back online, the batch
  // goes up by itself.
  await page.goto(`${base}/console/sessions/${door}/checkin`);
  await page.locator('#checkin').waitFor();
  await page.locator('#net', { hasText: '在线' }).waitFor();
  await look(page, 'checkin');
  await page.locator('#start').click();
  await page.locator(`#results li[data-registration="${reg1}"]`, { hasText: '已签到' }).first()
    .waitFor({ timeout: 30_000 });
  log(`the camera checked in registration ${reg1}`);
  await cadre.context.setOffline(true);
  await page.locator('#net', { hasText: '离线' }).waitFor();
  await page.locator('#typed-code').fill(code2);
  await page.locator('#typed button').click();
  await page.locator(`#results li[data-registration="${reg2}"]`, { hasText: '签名有效' }).first()
    .waitFor();
  const forgedCode = `${code2.slice(0, -6)}${code2.slice(-6).split('').reverse().join('')}`;
  await page.locator('#typed-code').fill(forgedCode === code2 ? `${code2}x` : forgedCode);
  await page.locator('#typed button').click();
  await page.locator('#results li.refused', { hasText: '签到码无效' }).first().waitFor();
  await page.locator('#capture').click();
  await page.locator('#pending', { hasText: '2 条待上传' }).waitFor();
  log('offline: a typed code and a picture kept, a forged code refused on the phone');
  await look(page, 'checkin-offline');
  await cadre.context.setOffline(false);
  await page.locator(`#results li[data-registration="${reg2}"]`, { hasText: '已签到' }).first()
    .waitFor({ timeout: 30_000 });
  await page.locator(`#results li[data-registration="${reg1}"]`, { hasText: '此前已签到' }).first()
    .waitFor({ timeout: 30_000 });
  await page.locator('#pending', { hasText: '0 条待上传' }).waitFor();
  log('back online: the kept check-ins went up (second checked in, the picture read as already in)');
  // The venue's self check-in code, ready to print.
  await Promise.all([page.waitForNavigation(),
    page.locator('button', { hasText: '生成签到码' }).click()]);
  const venue = await page.locator('#venue-code').innerText();
  expect(/^[A-Z0-9]{8}$/.test(venue), `the venue code: ${venue}`);
  await look(page, 'venue-code');
  log(`venue code ${venue} ready to print`);

  // 7b. A new event from the form, with a weekly series; edited; one more session; copied.
  await page.goto(`${base}/console/events`);
  await page.locator('a', { hasText: '新建活动' }).click();
  await page.locator('#event-form').waitFor();
  await look(page, 'event-new');
  const inDays = (d, h) => {
    const t = new Date(Date.now() + 8 * 3600_000 + d * 86400_000);
    return `${t.toISOString().slice(0, 10)}T${h}`;
  };
  await page.locator('select[name=kind]').selectOption('PARENT_SCHOOL');
  await page.locator('input[name=title]').fill('工作台新建的家长课堂');
  await page.locator('textarea[name=description]').fill('每周六上午，亲子沟通系列课。');
  await page.locator('input[name=address]').fill('园岭街道妇女儿童之家');
  await page.locator('input[name=startsAt]').fill(inDays(10, '09:30'));
  await page.locator('input[name=endsAt]').fill(inDays(10, '11:00'));
  await page.locator('input[name=capacity]').fill('25');
  await page.locator('input[name=repeatWeeks]').fill('2');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存为草稿' }).click()]);
  await page.locator('h1', { hasText: '工作台新建的家长课堂' }).waitFor();
  const madeSessions = await page.locator('section[aria-labelledby=sessions-h] tbody tr').count();
  expect(madeSessions === 3, `sessions of the new event: ${madeSessions}`);
  const madePath = new URL(page.url()).pathname;
  log(`created ${madePath} from the form with 3 weekly sessions`);
  await page.locator('a', { hasText: '编辑活动' }).click();
  await page.locator('#event-edit').waitFor();
  await look(page, 'event-edit');
  await page.locator('input[name=title]').fill('工作台新建的家长课堂（已改）');
  await page.locator('input[name=address]').fill('园岭街道妇女儿童之家二楼');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存' }).click()]);
  await page.locator('h1', { hasText: '（已改）' }).waitFor();
  await page.locator('summary', { hasText: '添加场次' }).click();
  await page.locator('.add-session input[name=startsAt]').fill(inDays(40, '09:30'));
  await page.locator('.add-session input[name=endsAt]').fill(inDays(40, '11:00'));
  await Promise.all([page.waitForNavigation(),
    page.locator('.add-session button', { hasText: '添加场次' }).click()]);
  const withAdded = await page.locator('section[aria-labelledby=sessions-h] tbody tr').count();
  expect(withAdded === 4, `sessions after adding one: ${withAdded}`);
  await page.locator('a', { hasText: '复制活动' }).click();
  await page.locator('#event-form').waitFor();
  expect(await page.locator('input[name=title]').inputValue() === '工作台新建的家长课堂（已改）',
    'the copy starts from the original title');
  expect(await page.locator('input[name=repeatWeeks]').inputValue() === '3',
    'the copy repeats as many sessions as the original had');
  await page.locator('input[name=title]').fill('工作台复制的家长课堂');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存为草稿' }).click()]);
  await page.locator('h1', { hasText: '工作台复制的家长课堂' }).waitFor();
  log('edited it, added a session, copied it');
  // A form with a bad field comes back as a page naming it, and nothing is stored.
  const formCsrf = await page.locator('input[name=csrf]').first().getAttribute('value');
  const badEvent = await page.request.post(`${base}/console/events`, { maxRedirects: 0,
    form: { csrf: formCsrf, ownerUnitId: campaignUnit, kind: 'PARENT_SCHOOL', title: '',
      description: 'x', startsAt: 'yesterday', endsAt: '', mode: 'FIRST_COME', capacity: '5' } });
  const badEventText = await badEvent.text();
  expect(badEvent.status() === 400 && badEventText.includes('startsAt'),
    `a bad event form: ${badEvent.status()} ${badEventText.slice(0, 300)}`);
  log(`bad event form: ${badEvent.status()}, the field named`);

  // 7c. A lottery: sign-up is closed, then drawn from the registrations page; the record shows
  // the seed and the ranks.
  await page.goto(`${base}/console/events/${lotteryEvent}`);
  await Promise.all([page.waitForNavigation(),
    page.locator('form.move button', { hasText: '截止报名' }).click()]);
  await page.goto(`${base}/console/sessions/${lotterySession}/registrations`);
  await page.locator('#lottery-h').waitFor();
  await look(page, 'lottery-before');
  await Promise.all([page.waitForNavigation(),
    page.locator('button', { hasText: '现在抽签' }).click()]);
  const seed = await page.locator('#lottery-seed').innerText();
  expect(/^[0-9a-f]{16,}$/i.test(seed.trim()), `the seed shown after the draw: ${seed}`);
  const ranked = await page.locator('#lottery-entries tbody tr').count();
  expect(ranked === 3, `entries in the draw's record: ${ranked}`);
  await look(page, 'lottery');
  log(`drew the lottery of session ${lotterySession}: seed ${seed.slice(0, 8)}…, 3 entries`);

  // 7d. News: an article written, published; a service point added, edited and removed.
  await page.locator('nav.nav a', { hasText: '动态发布' }).click();
  await page.locator('a', { hasText: '写动态' }).click();
  await page.locator('#news-form').waitFor();
  await look(page, 'news-new');
  await page.locator('select[name=category]').selectOption('NOTICE');
  await page.locator('input[name=title]').fill('工作台发布的通知');
  await page.locator('textarea[name=body]').fill('本周六上午九点半，社区妇女儿童之家举办亲子阅读活动。');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存为草稿' }).click()]);
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '发布' }).click()]);
  await page.locator('.badge', { hasText: '已发布' }).waitFor();
  await look(page, 'article');
  log(`wrote and published ${new URL(page.url()).pathname}`);
  await page.locator('nav.nav a', { hasText: '服务阵地' }).click();
  await page.locator('#point-list, p.empty').first().waitFor();
  await look(page, 'service-points');
  await page.locator('a', { hasText: '新增服务阵地' }).click();
  await page.locator('select[name=kind]').selectOption('MOTHER_BABY_ROOM');
  await page.locator('input[name=nameZh]').fill('工作台新增的母婴室');
  await page.locator('input[name=address]').fill('园岭街道百花二路 8 号一楼');
  await page.locator('input[name=phone]').fill('0755-83000000');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存' }).click()]);
  const point = page.locator('#point-list li', { hasText: '工作台新增的母婴室' });
  await point.waitFor();
  await point.locator('a', { hasText: '修改' }).click();
  await page.locator('input[name=phone]').fill('0755-83111111');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存' }).click()]);
  expect((await point.innerText()).includes('0755-83111111'), `the edited point: ${await point.innerText()}`);
  await Promise.all([page.waitForNavigation(), point.locator('button', { hasText: '移除' }).click()]);
  expect(await page.locator('#point-list li', { hasText: '工作台新增的母婴室' }).count() === 0,
    'the removed point is gone from the list');
  log('service point added, edited and removed');
  // 7e. The 最美家庭 review: the son's consent through his guardian, then the community forwards
  // the family to its street with a reason, within its quota.
  await page.locator('nav.nav a', { hasText: '最美家庭' }).click();
  await page.locator('#family-searches').waitFor();
  await look(page, 'families');
  await page.goto(`${base}/console/families/${familySearch}`);
  await page.locator('#nominations').waitFor();
  await look(page, 'family-search');
  await page.locator(`#nominations a[href="/console/family-nominations/${familyNomination}"]`).click();
  await page.locator('#members').waitFor();
  expect(await page.locator('#review').count() === 1, 'the review form is offered in the review phase');
  const early = await page.request.post(`${base}/console/family-nominations/${familyNomination}/review`, {
    form: { csrf: await page.locator('#review input[name=csrf]').getAttribute('value'),
      decision: 'FORWARD', reason: '工作台测试：提前上报' }, maxRedirects: 0 });
  expect(early.status() === 422, `forwarding before the son's consent: ${early.status()}`);
  await page.locator('#members input[name=guardianName]').fill('陈静');
  await Promise.all([page.waitForNavigation(), page.locator('#members button').first().click()]);
  await look(page, 'family-nomination');
  await page.locator('#review textarea[name=reason]').fill('工作台测试：邻里互助，事迹感人');
  await Promise.all([page.waitForNavigation(),
    page.locator('#review button', { hasText: '同意上报' }).click()]);
  expect((await page.locator('.meta').first().innerText()).includes('街道'),
    `after forwarding: ${await page.locator('.meta').first().innerText()}`);
  await page.goto(`${base}/console/families/${familySearch}`);
  expect((await page.locator('#quotas').innerText()).includes('1 / 2'),
    `the community's quota after forwarding: ${await page.locator('#quotas').innerText()}`);
  log('the family went up to its street with the guardian\'s consent and a reason; quota 1 / 2');

  const orgAsCadre = await page.request.get(`${base}/console/org`);
  expect(orgAsCadre.status() === 403, `a community cadre on the org page: ${orgAsCadre.status()}`);

  // 7. A campaign to the unit's followers: composed with an estimate, dry run, sent, its progress
  // followed live (server-sent events) until it completes, then its report.
  await page.locator('nav.nav a', { hasText: '推送活动' }).click();
  await page.locator('a', { hasText: '新建推送' }).click();
  // Bad input is refused with the API's texts, as a page, and nothing is stored.
  const csrf = await page.locator('#compose input[name=csrf]').getAttribute('value');
  const bad = await page.request.post(`${base}/console/campaigns`, { maxRedirects: 0,
    form: { csrf, ownerUnitId: campaignUnit, titleZh: '', bodyZh: 'x', perMinute: '0' } });
  const badText = await bad.text();
  expect(bad.status() === 400 && bad.headers()['content-type'].startsWith('text/html')
    && badText.includes('titleZh') && badText.includes('perMinute'),
    `a campaign without a title and with perMinute 0: ${bad.status()} ${badText.slice(0, 300)}`);
  log(`bad campaign form: ${bad.status()}, the fields named on an HTML page`);
  await page.locator('input[name=titleZh]').fill('工作台推送测试');
  await page.locator('textarea[name=bodyZh]').fill('本周六上午家长课堂，欢迎报名。');
  await page.locator('select[name=followersOf]').selectOption(campaignUnit);
  await page.locator('button', { hasText: '估算人数' }).click();
  await page.locator('#estimate .estimate').waitFor();
  const estimate = await page.locator('#estimate').innerText();
  expect(estimate.includes(`符合条件 ${campaignMembers} 人`), `the estimate: ${estimate}`);
  await look(page, 'campaign-new');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '保存为草稿' }).click()]);
  expect(/\/console\/campaigns\/\d+$/.test(new URL(page.url()).pathname), `after saving: ${page.url()}`);
  await page.locator('button', { hasText: '试运行' }).click();
  await page.locator('#dry-run .estimate').first().waitFor();
  log(`dry run: ${(await page.locator('#dry-run').innerText()).replace(/\s+/g, ' ')}`);
  await Promise.all([page.waitForNavigation(), page.locator('form.move button', { hasText: '发送' }).click()]);
  await page.locator('#campaign-status', { hasText: '已完成' }).waitFor({ timeout: 90_000 });
  const sent = await page.locator('#p-sent').innerText();
  expect(sent === campaignMembers, `sent as shown live: ${sent}`);
  log(`campaign ${new URL(page.url()).pathname.split('/').pop()} completed live: ${sent} sent`);
  await page.reload();
  await page.locator('#report').waitFor();
  await look(page, 'campaign');

  // 8. She signs out: Keycloak's session ends too, the console asks for a sign-in again.
  await page.locator('a.logout').click();
  await page.waitForURL((u) => u.pathname === '/console/signed-out');
  await look(page, 'signed-out');
  await page.goto(`${base}/console`);
  expect(await page.locator('#username').count() === 1, 'after sign-out the console asks again');
  log('signed out: the console asks for a sign-in again');
  await cadre.context.close();

  // 9. A resident cannot open any console page.
  const resident = await newPage();
  page = resident.page;
  current = page;
  await signIn(page, 'resident-a');
  for (const p of ['/console', '/console/events', `/console/events/${eventId}`,
    `/console/sessions/${sessionId}/registrations`, '/console/campaigns', '/console/news',
    '/console/service-points', '/console/org', '/console/audit', '/console/help-requests',
    `/console/cases/${caseId}`, `/console/register/${registerId}`, '/console/families',
    `/console/family-nominations/${familyNomination}`,
    `/console/sessions/${door}/checkin`, '/console/events/new']) {
    const r = await page.goto(`${base}${p}`);
    expect(r.status() === 403, `a resident on ${p}: ${r.status()}`);
  }
  await look(page, 'forbidden');
  log('a resident gets 403 on every console page');
  await resident.context.close();

  // 10a. District staff: the organisation from the district down, a cadre appointed by username
  // and the appointment ended; the audit log shows both writes.
  const admin = await newPage();
  page = admin.page;
  current = page;
  await signIn(page, 'admin', '/console/org');
  await page.locator('#unit-children').waitFor();
  await look(page, 'org');
  await page.goto(`${base}/console/org?unit=${campaignUnit}`);
  expect(await page.locator('.crumbs li').count() >= 3, 'the community sits below district and street');
  expect((await page.locator('#cadre-list').innerText()).includes('community-cadre'),
    'the community cadre is listed by username');
  await page.locator('#appoint input[name=username]').fill('resident-b');
  await Promise.all([page.waitForNavigation(), page.locator('#appoint button').click()]);
  const seat = page.locator('#cadre-list li', { hasText: 'resident-b' });
  await seat.waitFor();
  await look(page, 'org-unit');
  await Promise.all([page.waitForNavigation(), seat.locator('button', { hasText: '免去' }).click()]);
  expect(await page.locator('#cadre-list li', { hasText: 'resident-b' }).count() === 0,
    'the ended appointment is gone');
  const nobody = await page.request.post(`${base}/console/org/cadres`, { maxRedirects: 0,
    form: { csrf: await page.locator('#appoint input[name=csrf]').getAttribute('value'),
      unitId: campaignUnit, username: 'no-such-user-here' } });
  expect(nobody.status() === 404, `appointing an unknown username: ${nobody.status()}`);
  log('admin appointed resident-b by username and ended it; an unknown username is a 404');
  await page.locator('nav.nav a', { hasText: '审计日志' }).click();
  await page.locator('input[name=action]').fill('admin.write');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: '查看' }).click()]);
  const writes = await page.locator('#audit-log tbody tr').count();
  expect(writes >= 2, `admin writes in the audit log: ${writes}`);
  await look(page, 'audit');
  log(`the audit log lists ${writes} admin writes`);
  // The 最美家庭 vote: the count with its integrity summary; a flagged vote voided with a reason.
  await page.goto(`${base}/console/families/${votingSearch}`);
  await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: '投票情况' }).click()]);
  await page.locator('#flagged').waitFor();
  await look(page, 'family-tally');
  await page.locator('#flagged input[name=reason]').first().fill('工作台测试：批量注册');
  await Promise.all([page.waitForNavigation(),
    page.locator('#flagged button', { hasText: '作废' }).first().click()]);
  const integrity = await page.locator('#integrity').innerText();
  expect(/1\s*票已作废/.test(integrity), `the integrity summary after voiding: ${integrity}`);
  log('admin voided a flagged vote with a reason; the count says so');
  // The result once the vote has closed; a juror's score keyed in.
  await page.goto(`${base}/console/families/${decidedSearch}`);
  await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: '评选结果' }).click()]);
  await page.locator('#result').waitFor();
  const jury = page.locator(`form[action$="/candidates/${decidedCandidate}/jury-scores"]`);
  await jury.locator('input[name=juror]').fill('评委甲');
  await jury.locator('input[name=score]').fill('88');
  await Promise.all([page.waitForNavigation(), jury.locator('button').click()]);
  const resultRow = await page.locator(`#candidate-${decidedCandidate}`).innerText();
  expect(resultRow.includes('88.0（1）'), `the finalist's row after the juror's score: ${resultRow}`);
  await look(page, 'family-result');
  log('admin keyed in a juror\'s score; the result shows it');
  await admin.context.close();

  // 10b. The case team: a caseworker sees facts only; her words, the case notes and the register's
  // identity appear only after a reveal with a reason; a visit and a case entry are recorded; the
  // supervisor reads the trail of who revealed what.
  const worker = await newPage();
  page = worker.page;
  current = page;
  await signIn(page, 'caseworker', '/console/help-requests');
  await page.locator('#help-requests').waitFor();
  const workerNav = await page.locator('nav.nav').innerText();
  expect(workerNav.includes('个案') && !workerNav.includes('活动管理'),
    `the caseworker's navigation: ${workerNav.replace(/\s+/g, ' ')}`);
  await look(page, 'help-requests');
  await page.goto(`${base}/console`);
  const overview = await page.locator('#case-overview').innerText();
  expect(/\d+\s*条求助待分流/.test(overview), `the caseworker's overview: ${overview}`);
  await look(page, 'dashboard-caseworker');
  const detail = await page.goto(`${base}/console/help-requests/${caseRequest}`);
  expect(detail.headers()['cache-control'] === 'no-store',
    `a case page is never stored: ${detail.headers()['cache-control']}`);
  expect(!(await page.locator('main').innerText()).includes(caseAccount), 'her words stay sealed');
  await look(page, 'help-request');
  const shortReason = await page.request.post(`${base}/console/help-requests/${caseRequest}/reveal`, {
    form: { csrf: await page.locator('#reveal input[name=csrf]').getAttribute('value'),
      fields: 'ACCOUNT', reason: 'ab' } });
  expect(shortReason.status() === 400, `a reveal without a real reason: ${shortReason.status()}`);
  await page.locator('#reveal input[value=ACCOUNT]').check();
  await page.locator('#reveal input[name=reason]').fill('工作台回电前核实陈述');
  await Promise.all([page.waitForNavigation(), page.locator('#reveal button').click()]);
  expect((await page.locator('#revealed').innerText()).includes(caseAccount),
    'the revealed account is shown');
  await look(page, 'help-request-revealed');
  await page.goto(`${base}/console/cases/${caseId}`);
  await page.locator('#timeline').waitFor();
  expect(!(await page.locator('main').innerText()).includes(caseNote), 'the case note stays sealed');
  await look(page, 'case');
  await page.locator('#reveal-notes input[name=entryIds]').first().check();
  await page.locator('#reveal-notes input[name=reason]').fill('工作台准备个案会议');
  await Promise.all([page.waitForNavigation(), page.locator('#reveal-notes button').click()]);
  expect((await page.locator('#revealed').innerText()).includes(caseNote), 'the revealed note');
  const before = await page.locator('#timeline tbody tr').count();
  await page.locator('#add-entry select[name=kind]').selectOption('CONTACT');
  await page.locator('#add-entry textarea[name=note]').fill('电话联系，约定下周面谈。');
  await Promise.all([page.waitForNavigation(), page.locator('#add-entry button').click()]);
  const after = await page.locator('#timeline tbody tr').count();
  expect(after === before + 1, `the timeline after adding an entry: ${before} → ${after}`);
  await page.goto(`${base}/console/register/${registerId}`);
  await page.locator('#add-visit').waitFor();
  expect(!(await page.locator('main').innerText()).includes(registerName), 'the name stays sealed');
  await look(page, 'register-entry');
  await page.locator('#add-visit select[name=mode]').selectOption('HOME');
  await page.locator('#add-visit input[value=MATERIAL]').check();
  await Promise.all([page.waitForNavigation(), page.locator('#add-visit button').click()]);
  expect(await page.locator('#visits tbody tr').count() === 1, 'the visit is recorded');
  await page.locator('#reveal input[value=NAME]').check();
  await page.locator('#reveal input[name=reason]').fill('工作台入户前确认姓名');
  await Promise.all([page.waitForNavigation(), page.locator('#reveal button').click()]);
  expect((await page.locator('#revealed').innerText()).includes(registerName), 'the revealed name');
  await page.goto(`${base}/console/register`);
  await look(page, 'register');
  log('caseworker: facts only until revealed with a reason; a visit and a case entry recorded');
  await worker.context.close();
  const supervisor = await newPage();
  page = supervisor.page;
  current = page;
  await signIn(page, 'case-supervisor', `/console/help-requests/${caseRequest}`);
  await page.locator('#trail').waitFor();
  const trail = await page.locator('#trail').innerText();
  expect(trail.includes('help-request.reveal'),
    `the supervisor's trail shows the reveal: ${trail.slice(0, 400)}`);
  await look(page, 'help-request-trail');
  log('supervisor: the trail shows the caseworker\'s reveal');
  await supervisor.context.close();
  const cadreOnCases = await newPage();
  await signIn(cadreOnCases.page, 'community-cadre');
  for (const p of ['/console/help-requests', `/console/cases/${caseId}`, `/console/register/${registerId}`]) {
    const r = await cadreOnCases.page.goto(`${base}${p}`);
    expect(r.status() === 403, `a community cadre on ${p}: ${r.status()}`);
  }
  await cadreOnCases.context.close();
  log('a community cadre gets 403 on the case team\'s pages');

  // 10. A neighbouring community's cadre sees none of her events.
  const neighbour = await newPage();
  page = neighbour.page;
  current = page;
  await signIn(page, 'neighbour-cadre', '/console/events');
  const listed = await page.locator('main').innerText();
  expect(!listed.includes(title), 'the neighbour does not see the event');
  const other = await page.goto(`${base}/console/events/${eventId}`);
  expect(other.status() === 403 || other.status() === 404,
    `the neighbour opening the event: ${other.status()}`);
  const rows = await page.goto(`${base}/console/sessions/${sessionId}/registrations`);
  expect(rows.status() === 403 || rows.status() === 404,
    `the neighbour opening the registrations: ${rows.status()}`);
  log(`the neighbouring cadre sees none of the events (${other.status()}, ${rows.status()})`);
  await neighbour.context.close();

  if (problems.length) {
    throw new Error(`problems found:\n${problems.join('\n')}`);
  }
  log('all flows passed');
} catch (e) {
  if (current) {
    await current.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true })
      .catch(() => {});
    const text = await current.locator('body').innerText().catch(() => '');
    log(`failed at ${current.url()}; the page reads:\n${text.slice(0, 2000)}`);
  }
  throw e;
} finally {
  await browser.close();
}
