// End-to-end tests of the administration panel in Debian's chromium.
//
//   ADMIN_USER=… ADMIN_PASSWORD=… node tests/browser/admin.mjs http://127.0.0.1:PORT
//
// The appliance must have been started with that first admin
// (CHLORO_ADMIN_USER / CHLORO_ADMIN_PASSWORD), without the contact limit, and
// with mail on but an SMTP relay that refuses connections, its contact
// notifications going to MAIL_ADMIN (tests/it/browser.rs does all of that).
// Every admin endpoint is expected: a 404 from one fails its scenario.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRequest, allowStatus, base, finish, newPage, noViolations, shot, test } from './harness.mjs';

const USER = process.env.ADMIN_USER;
const PASSWORD = process.env.ADMIN_PASSWORD;
const MAIL_ADMIN = process.env.MAIL_ADMIN;
if (!USER || !PASSWORD || !MAIL_ADMIN) {
  console.error('ADMIN_USER and ADMIN_PASSWORD must name the appliance\'s first admin, MAIL_ADMIN its CHLORO_MAIL_ADMIN');
  process.exit(2);
}

// An API client of its own (no browser): seeds data and reads what the
// server holds.
const api = await apiRequest.newContext({ baseURL: base });
{
  const r = await api.post('/api/admin/login', { data: { username: USER, password: PASSWORD } });
  assert.equal(r.status(), 200, 'the API client signs in');
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function adminReady(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('#admin #page-title');
  await page.waitForFunction(() => !document.querySelector('#admin .loading'));
}

async function signIn(page, { from = '/admin/login' } = {}) {
  // A protected page asks the API first; its 401 is what sends it to sign-in.
  if (from && !from.startsWith('/admin/login')) allowStatus.add(401);
  if (from) await page.goto(base + from);
  await page.waitForSelector('#login-form');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => !location.pathname.startsWith('/admin/login'));
  await adminReady(page);
}

async function labelled(page) {
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')]
    .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id || el.name));
  assert.deepEqual(unlabeled, [], `unlabelled controls on ${page.url()}`);
}

async function contact(firstName, message) {
  const r = await api.post('/api/contact', { data: { firstName, lastName: 'Browsertest', email: `${firstName.toLowerCase()}@example.com`, phone: '+20 2 1234 5678', company: 'Nile Water', message } });
  assert.equal(r.status(), 201, `contact ${firstName}: ${await r.text()}`);
}

// ---------------------------------------------------------------------------

await test('admin: wrong password refused, then sign-in lands on the dashboard', async () => {
  const { context, page } = await newPage();
  allowStatus.add(401);
  const res = await page.goto(base + '/admin/login');
  assert.equal(res.status(), 200);
  await page.waitForSelector('#login-form');
  assert.equal(await page.getAttribute('meta[name=robots]', 'content'), 'noindex');
  // Keyboard order: user name, password, button.
  await page.focus('#login-username');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', 'not the password');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#login-status.bad');
  assert.match(await page.textContent('#login-status'), /not correct/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login-password', 'focus back on the password');
  assert.equal(await page.inputValue('#login-password'), '');
  await labelled(page);
  await noViolations(page);
  await shot(page, 'en-admin-login-failed');
  await signIn(page, { from: null });
  assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
  assert.equal(await page.textContent('#page-title'), 'Dashboard');
  await page.waitForSelector('#stats [data-stat="totalSubmissions"] dd');
  // totalVisitors adds up each day's unique visitors: the label says so.
  assert.match(await page.textContent('#stats [data-stat="totalVisitors"] dt'), /^Visitors\s*unique per day$/);
  assert.match(await page.getAttribute('#stats [data-stat="totalVisitors"]', 'title'), /unique visitors, added up over all recorded days/);
  // No token is kept in the page's storage: the session is an HttpOnly cookie.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!/[0-9a-f]{64}/.test(stored), `a token in web storage: ${stored}`);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'chloro_admin');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict' && session.path === '/api/admin', JSON.stringify(cookies));
  // Chart when the API has the series, a plain "no data" state when not.
  const stats = await (await page.request.get(base + '/api/admin/dashboard/stats')).json();
  if (Array.isArray(stats.visitsPerDay) && stats.visitsPerDay.length) {
    // A fresh site has 30 days of zero views: bars of height 0, still drawn.
    await page.waitForSelector('#visits-chart svg rect.bar', { state: 'attached' });
    assert.equal(await page.locator('#visits-chart svg rect.bar').count(), stats.visitsPerDay.length);
  } else await page.waitForSelector('#chart-empty');
  await noViolations(page);
  await shot(page, 'en-admin-dashboard');
  await context.close();
});

await test('admin: dashboard chart drawn from visitsPerDay, mirrored in Arabic', async () => {
  const { context, page } = await newPage();
  await signIn(page);
  const days = Array.from({ length: 14 }, (_, i) => ({ date: `2026-11-${String(i + 10).padStart(2, '0')}`, views: 10 + i * 3, visitors: 5 + i }));
  await page.route('**/api/admin/dashboard/stats', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), visitsPerDay: days } });
  });
  await page.reload();
  await adminReady(page);
  assert.equal(await page.locator('#visits-chart svg rect.bar').count(), 14);
  assert.match(await page.getAttribute('#visits-chart svg', 'aria-label'), /Page views per day/);
  assert.equal(await page.locator('#visits-chart table tbody tr').count(), 14, 'the numbers as a table too');
  const firstX = async () => Number(await page.getAttribute('#visits-chart rect.bar >> nth=0', 'x'));
  const ltrX = await firstX();
  await shot(page, 'en-admin-dashboard-chart');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.getElementById('page-title')?.textContent === 'لوحة المعلومات');
  await page.waitForSelector('#visits-chart');
  assert.ok(await firstX() > ltrX, 'the first day is on the right in Arabic');
  assert.match(await page.textContent('#stats [data-stat="totalVisitors"] dt'), /^الزوار\s*دون تكرار في اليوم الواحد$/);
  await noViolations(page);
  await shot(page, 'ar-admin-dashboard-chart');
  await context.close();
});

await test('admin: contact form → list → open → deep-link reload → mark read → back → delete', async () => {
  const { context, page } = await newPage();
  // A visitor sends the contact form.
  await page.goto(base + '/#contact');
  await page.waitForSelector('#contact-form');
  await page.fill('#contact-form-firstName', 'Zainab');
  await page.fill('#contact-form-lastName', 'Browsertest');
  await page.fill('#contact-form-email', 'zainab@example.com');
  await page.fill('#contact-form-phone', '+20 2 5555 0101');
  await page.fill('#contact-form-company', 'Delta Water');
  await page.fill('#contact-form-message', 'Quote for a wet scrubber, please.\nSecond line.');
  await page.click('#contact-form button[type=submit]');
  await page.waitForSelector('#contact-ok');

  await signIn(page, { from: '/admin/submissions' });
  assert.equal(new URL(page.url()).pathname, '/admin/submissions');
  const row = page.locator('#sub-list tr', { hasText: 'Zainab Browsertest' });
  await row.waitFor();
  assert.equal(await row.getAttribute('class'), 'is-unread');
  // Newest first: the new message is the first row.
  assert.match(await page.textContent('#sub-list tbody tr >> nth=0'), /Zainab Browsertest/);
  // Search and filter go into the URL (back/forward and reload keep them).
  await page.fill('#sub-search', 'wet scrubber');
  await page.click('#sub-filters button[type=submit]');
  await page.waitForFunction(() => location.search === '?search=wet+scrubber');
  await adminReady(page);
  assert.equal(await page.locator('#sub-list tbody tr').count(), 1);
  await page.selectOption('#sub-status', 'read');
  await page.waitForFunction(() => location.search.includes('status=read'));
  await page.waitForSelector('#sub-empty');
  await page.selectOption('#sub-status', 'unread');
  await page.waitForSelector('#sub-list tr.is-unread');
  await shot(page, 'en-admin-submissions');

  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('#sub-list a:text("Zainab Browsertest")');
  await page.waitForFunction(() => /^\/admin\/submissions\/\d+$/.test(location.pathname));
  await adminReady(page);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
  const detailUrl = page.url();
  assert.equal(await page.textContent('#page-title'), 'Zainab Browsertest');
  assert.equal(await page.textContent('#sub-message'), 'Quote for a wet scrubber, please.\nSecond line.');
  // Deep link: a reload of the detail page renders it again.
  await page.reload();
  await adminReady(page);
  assert.equal(await page.textContent('#page-title'), 'Zainab Browsertest');
  assert.match(await page.textContent('#sub-facts'), /zainab@example\.com/);
  await labelled(page);
  await shot(page, 'en-admin-submission');

  await page.click('#sub-toggle-read');
  await page.waitForSelector('#sub-status-msg.ok');
  assert.equal(await page.textContent('#sub-toggle-read'), 'Mark as unread');
  assert.match(await page.textContent('#sub-read-state'), /Read/);
  // Back to the filtered list: the message is read now, so it is gone from "unread".
  await page.click('#back-to-list');
  await adminReady(page);
  await page.goBack();
  await page.waitForFunction((u) => location.href === u, detailUrl);
  await adminReady(page);
  await page.goBack();
  await page.waitForFunction(() => location.search.includes('status=unread'));
  await adminReady(page);
  assert.equal(await page.locator('#sub-list tr', { hasText: 'Zainab Browsertest' }).count(), 0, 'read messages leave the unread filter');
  await page.goForward();
  await page.waitForFunction((u) => location.href === u, detailUrl);
  await adminReady(page);

  // Delete, with a confirmation that can be cancelled from the keyboard.
  await page.click('#sub-delete');
  await page.waitForSelector('.confirm');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.confirm), 'yes', 'focus on the confirmation');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.confirm', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sub-delete');
  await page.click('#sub-delete');
  await shot(page, 'en-admin-submission-delete');
  await page.click('.confirm [data-confirm=yes]');
  await page.waitForFunction(() => location.pathname === '/admin/submissions');
  await adminReady(page);
  assert.equal(await page.locator('#sub-list tr', { hasText: 'Zainab Browsertest' }).count(), 0, 'deleted');
  // The deleted message's address is a not-found state, not a crash.
  allowStatus.add(404);
  await page.goto(detailUrl);
  await page.waitForSelector('#sub-missing');
  await noViolations(page);
  await context.close();
});

await test('admin: pagination, datasheet requests, CSV exports, backup', async () => {
  for (let i = 0; i < 23; i++) await contact(`Pager${String(i).padStart(2, '0')}`, `Paged message ${i}`);
  const product = await (await api.get('/api/products/emergency-kit')).json();
  const ds = await api.post('/api/datasheet/request', { data: { firstName: 'Huda', lastName: 'Sheet', email: 'huda@example.com', phone: '01012345678', company: 'Canal Water', country: 'Egypt', datasheetSlug: product.datasheet } });
  assert.equal(ds.status(), 200, await ds.text());

  const { context, page } = await newPage();
  await signIn(page, { from: '/admin/submissions' });
  assert.match(await page.textContent('#pager-info'), /^Page 1 of \d+/);
  assert.match(await page.textContent('#sub-list tbody tr >> nth=0'), /Pager22/, 'newest first');
  await page.click('.pager a[rel=next]');
  await page.waitForFunction(() => location.search === '?page=2');
  await adminReady(page);
  assert.match(await page.textContent('#pager-info'), /^Page 2 of/);
  assert.match(await page.textContent('#sub-list tbody tr >> nth=0'), /Pager02/);
  await shot(page, 'en-admin-submissions-page2');

  await page.click('.admin-nav a[href="/admin/datasheet-requests"]');
  await page.waitForFunction(() => location.pathname === '/admin/datasheet-requests');
  await adminReady(page);
  const req = page.locator('#ds-list tr', { hasText: 'huda@example.com' }).first();
  await req.waitFor();
  assert.match(await req.textContent(), /Huda Sheet/);
  await noViolations(page);
  await shot(page, 'en-admin-datasheet-requests');

  // The CSV links answer with CSV for the signed-in browser.
  await page.goto(base + '/admin/dashboard');
  await adminReady(page);
  for (const sel of ['#csv-submissions', '#csv-datasheets']) {
    const href = await page.getAttribute(sel, 'href');
    const r = await page.request.get(base + href);
    assert.equal(r.status(), 200, href);
    assert.match(r.headers()['content-type'], /^text\/csv/, href);
    if (sel === '#csv-submissions') assert.match(await r.text(), /Pager22/);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-submissions')]);
  assert.match(download.suggestedFilename(), /\.csv$/);

  const [backup] = await Promise.all([page.waitForEvent('download'), page.click('#backup-link')]);
  assert.ok(readFileSync(await backup.path()).length > 0, 'the backup is not empty');
  await noViolations(page);
  await context.close();
});

await test('admin: an ended session returns to sign-in with a message, then to the page', async () => {
  const { context, page } = await newPage();
  allowStatus.add(401);
  await signIn(page, { from: '/admin/submissions?status=unread' });
  assert.equal(new URL(page.url()).search, '?status=unread', 'back to the deep link after sign-in');
  // The server ends the session behind the browser's back (another client
  // signs it out with the same cookie).
  const cookie = (await context.cookies()).find((c) => c.name === 'chloro_admin');
  const other = await apiRequest.newContext({ baseURL: base });
  const out = await other.post('/api/admin/logout', { headers: { Cookie: `chloro_admin=${cookie.value}` } });
  assert.equal(out.status(), 204);
  await other.dispose();
  await page.click('.admin-nav a[href="/admin/datasheet-requests"]');
  await page.waitForFunction(() => location.pathname === '/admin/login');
  assert.match(await page.textContent('#login-reason'), /session has ended/);
  assert.equal(new URL(page.url()).searchParams.get('next'), '/admin/datasheet-requests');
  await noViolations(page);
  await shot(page, 'en-admin-expired');
  await signIn(page, { from: null });
  assert.equal(new URL(page.url()).pathname, '/admin/datasheet-requests');
  await context.close();
});

await test('admin: sign out, and pages need a session again', async () => {
  const { context, page } = await newPage();
  allowStatus.add(401);
  await signIn(page);
  await page.click('#admin-signout');
  await page.waitForFunction(() => location.pathname === '/admin/login');
  assert.match(await page.textContent('#login-reason'), /signed out/);
  assert.equal((await context.cookies()).filter((c) => c.name === 'chloro_admin').length, 0, 'the cookie is cleared');
  await page.goto(base + '/admin/submissions');
  await page.waitForFunction(() => location.pathname === '/admin/login');
  assert.match(await page.textContent('#login-reason'), /Sign in to open/);
  // Back does not show the panel again: the page asks the server, which says no.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => location.pathname === '/admin/login');
  await page.waitForSelector('#login-form');
  await noViolations(page);
  await context.close();
});

await test('admin: every page in English and Arabic, at 360 px, without console errors or CSP violations', async () => {
  const pages = [['dashboard', '/admin/dashboard', 'Dashboard', 'لوحة المعلومات'], ['submissions', '/admin/submissions', 'Messages', 'الرسائل'],
    ['datasheet-requests', '/admin/datasheet-requests', 'Datasheet requests', 'طلبات النشرات الفنية'],
    ['catalogue', '/admin/catalogue', 'Catalogue', 'الكتالوج'], ['media', '/admin/catalogue?view=media', 'Media library', 'مكتبة الوسائط'],
    ['outbox', '/admin/outbox', 'Mail outbox', 'صندوق البريد الصادر']];
  const firstId = (await (await api.get('/api/admin/submissions?pageSize=1')).json()).data[0].id;
  pages.push(['submission', `/admin/submissions/${firstId}`, 'Pager22 Browsertest', 'Pager22 Browsertest']);
  for (const [locale, tag] of [['en-US', 'en'], ['ar-EG', 'ar']]) {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const { context, page } = await newPage({ locale, viewport });
      await signIn(page);
      for (const [name, path, en, ar] of pages) {
        await page.goto(base + path);
        await adminReady(page);
        assert.equal(await page.textContent('#page-title'), tag === 'ar' ? ar : en, path);
        assert.equal(await page.getAttribute('html', 'dir'), tag === 'ar' ? 'rtl' : 'ltr');
        await labelled(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `horizontal overflow on ${path} at ${viewport.width} px (${tag}): ${overflow}px`);
        await noViolations(page);
        await shot(page, `${tag}-admin-${name}${viewport.width === 360 ? '-360' : ''}`, viewport.width !== 360);
      }
      // The admin pages send no visit beacon (they are not site traffic).
      await context.close();
    }
  }
});

await test('admin catalogue: create, validate, edit and delete a service and a product', async () => {
  const { context, page } = await newPage();
  allowStatus.add(400).add(409);
  await signIn(page, { from: '/admin/catalogue' });
  await page.click('#new-service');
  await page.waitForSelector('#cat-form');
  assert.equal(await page.getAttribute('#cat-form-titleAr', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('#cat-form-descriptionAr', 'dir'), 'rtl');
  const en = await page.locator('#cat-form-titleEn').boundingBox();
  const ar = await page.locator('#cat-form-titleAr').boundingBox();
  assert.ok(Math.abs(en.y - ar.y) < 2 && ar.x > en.x, 'English and Arabic side by side');
  // A value only the server refuses is shown next to its field.
  await page.fill('#cat-form-slug', 'Not A Slug!');
  await page.fill('#cat-form-titleEn', 'Browser Service');
  await page.fill('#cat-form-titleAr', 'خدمة المتصفح');
  await page.fill('#cat-form-descriptionEn', 'Made by the browser test.');
  await page.fill('#cat-form-descriptionAr', 'أنشأها اختبار المتصفح.');
  await page.fill('#cat-form-category', 'products');
  await page.fill('#cat-form-icon', 'flask');
  await page.click('#cat-form button[type=submit]');
  await page.waitForSelector('#cat-form-slug-err:not(:empty)');
  assert.equal(await page.getAttribute('#cat-form-slug', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#cat-form-slug-err'), 'Use only lower-case letters, digits and “-” (not at the start or the end).');
  await shot(page, 'en-admin-service-invalid');
  await page.fill('#cat-form-slug', 'browser-service');
  await page.click('#cat-form button[type=submit]');
  await page.waitForFunction(() => /^\/admin\/catalogue\/services\/[^/]+$/.test(location.pathname) && location.pathname !== '/admin/catalogue/services/new');
  await page.waitForSelector('#cat-form-status.ok');
  const pub = await api.get('/api/services/browser-service');
  assert.equal(pub.status(), 200, 'the public API shows the new service');
  await page.fill('#cat-form-titleEn', 'Browser Service (edited)');
  await page.click('#cat-form button[type=submit]');
  await page.waitForSelector('#cat-form-status.ok');
  assert.equal((await (await api.get('/api/services/browser-service')).json()).titleEn, 'Browser Service (edited)', 'the edit is public at once');

  await page.goto(base + '/admin/catalogue/products/new');
  await adminReady(page);
  await page.fill('#cat-form-slug', 'browser-product');
  await page.selectOption('#cat-form-serviceSlug', 'browser-service');
  await page.fill('#cat-form-nameEn', 'Browser Product');
  await page.fill('#cat-form-nameAr', 'منتج المتصفح');
  await page.fill('#cat-form-descriptionEn', 'A product.');
  await page.fill('#cat-form-descriptionAr', 'منتج.');
  await page.click('#cat-form button[type=submit]');
  await page.waitForFunction(() => location.pathname === '/admin/catalogue/products/browser-product');
  assert.equal((await api.get('/api/products/browser-product')).status(), 200);
  await shot(page, 'en-admin-product-edit');

  // The service still has a product: deleting it is refused with the reason.
  await page.goto(base + '/admin/catalogue');
  await adminReady(page);
  await page.click('tr[data-slug="browser-service"] button:text-is("Delete")');
  await page.click('tr[data-slug="browser-service"] .confirm [data-confirm=yes]');
  await page.waitForSelector('#cat-status.bad');
  assert.equal(await page.textContent('#cat-status'), 'This service still has 1 product(s): move or delete them first.');
  assert.equal(await page.locator('.confirm').count(), 0, 'the question closes when the delete is refused');
  await shot(page, 'en-admin-catalogue-refused');
  await page.click('tr[data-slug="browser-product"] button:text-is("Delete")');
  await page.click('tr[data-slug="browser-product"] .confirm [data-confirm=yes]');
  await page.waitForSelector('tr[data-slug="browser-product"]', { state: 'detached' });
  await page.click('tr[data-slug="browser-service"] button:text-is("Delete")');
  await page.click('tr[data-slug="browser-service"] .confirm [data-confirm=yes]');
  await page.waitForSelector('tr[data-slug="browser-service"]', { state: 'detached' });
  assert.equal((await api.get('/api/services/browser-service')).status(), 404);
  await noViolations(page);
  await context.close();
});

await test('admin catalogue in Arabic: the server\'s refusals are in Arabic, next to their field', async () => {
  const { context, page } = await newPage({ locale: 'ar-EG' });
  allowStatus.add(400).add(409);
  await signIn(page, { from: '/admin/catalogue/services/new' });
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  // A 400 naming the field: its reason in Arabic under the field.
  await page.fill('#cat-form-slug', 'Not A Slug!');
  await page.fill('#cat-form-titleEn', 'Refused Service');
  await page.fill('#cat-form-titleAr', 'خدمة مرفوضة');
  await page.click('#cat-form button[type=submit]');
  await page.waitForSelector('#cat-form-slug-err:not(:empty)');
  assert.equal(await page.textContent('#cat-form-slug-err'), 'استخدم حروفاً إنجليزية صغيرة وأرقاماً و«-» فقط (لا في البداية ولا في النهاية).');
  assert.equal(await page.textContent('#cat-form-status'), 'يرجى تصحيح الحقول المشار إليها.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cat-form-slug', 'focus on the refused field');
  // A 409 (the slug is another service's): in Arabic, on the slug field too.
  await page.fill('#cat-form-slug', 'chlorine-system-solutions');
  await page.click('#cat-form button[type=submit]');
  const taken = 'هذا العنوان (slug) مستخدم لخدمة أخرى.';
  await page.waitForFunction((text) => document.getElementById('cat-form-slug-err').textContent === text, taken);
  assert.equal(await page.textContent('#cat-form-status'), taken);
  assert.equal(await page.getAttribute('#cat-form-slug', 'aria-invalid'), 'true');
  assert.equal(new URL(page.url()).pathname, '/admin/catalogue/services/new', 'nothing was created');
  assert.notEqual((await (await api.get('/api/services/chlorine-system-solutions')).json()).titleEn, 'Refused Service');
  await labelled(page);
  await noViolations(page);
  await shot(page, 'ar-admin-service-refused');
  await context.close();
});

await test('admin outbox: a failing message is listed, retried, and deleted after a confirmation', async () => {
  // The relay refuses connections (tests/it/browser.rs): the contact form
  // queues two messages, the first attempt at each fails at once, and the
  // next one is an hour away, so they stay as they are while this runs.
  await contact('Oskar', 'A message whose mail cannot be delivered.');
  const outbox = async () => (await api.get('/api/admin/outbox')).json();
  const subject = 'New contact form submission from Oskar Browsertest';
  let o;
  let msg;
  for (let i = 0; i < 150; i++) {
    o = await outbox();
    msg = o.messages.find((m) => m.subject === subject);
    // The sender is idle once every message has had its attempt.
    if (msg && o.messages.every((m) => m.attempts > 0 || m.status === 'dead')) break;
    await sleep(100);
  }
  assert.ok(msg && msg.attempts === 1, `the notification was queued and tried once: ${JSON.stringify(o)}`);
  assert.equal(o.enabled, true);
  assert.equal(msg.status, 'pending');
  assert.ok(msg.lastError.startsWith('127.0.0.1:1: '), `why it failed: ${msg.lastError}`);
  const wait = Date.parse(msg.nextAttemptAt) - Date.now();
  assert.ok(wait > 50 * 60_000, `the next attempt is an hour away: ${msg.nextAttemptAt}`);
  assert.ok(o.messages.some((m) => m.recipient === 'o***@example.com' && m.attempts === 1), 'the visitor\'s confirmation failed too');

  const { context, page } = await newPage();
  await signIn(page, { from: '/admin/outbox' });
  const row = `tr[data-id="${msg.id}"]`;
  const cells = () => page.evaluate((sel) => Object.fromEntries([...document.querySelectorAll(`${sel} td[data-col]`)].map((td) => [td.dataset.col, td.textContent])), row);
  const count = (k) => page.textContent(`#outbox-counts [data-stat="${k}"] dd`);
  const fmt = (n) => new Intl.NumberFormat('en').format(n);
  assert.match(await page.textContent('#outbox-mode'), /switched on/);
  assert.equal(await count('pending'), fmt(o.pending));
  assert.equal(await count('dead'), fmt(o.dead));
  let c = await cells();
  const [local, domain] = MAIL_ADMIN.split('@');
  assert.deepEqual({ status: c.status, recipient: c.recipient, subject: c.subject, attempts: c.attempts, lastError: c.lastError },
    { status: 'Waiting', recipient: `${local[0]}***@${domain}`, subject, attempts: '1', lastError: msg.lastError });
  assert.notEqual(c.nextAttempt, 'Now');
  await labelled(page);
  await shot(page, 'en-admin-outbox');

  // Retry: attempted again at once (and refused again), so its next attempt
  // moves, with a fresh count of attempts.
  await page.click(`${row} button:text-is("Retry now")`);
  await page.waitForSelector('#outbox-status.ok');
  assert.equal(await page.textContent('#outbox-status'), 'Queued for another attempt.');
  let again;
  for (let i = 0; i < 150; i++) {
    o = await outbox();
    again = o.messages.find((m) => m.id === msg.id);
    if (again && again.attempts === 1 && Date.parse(again.nextAttemptAt) > Date.parse(msg.nextAttemptAt)) break;
    await sleep(100);
  }
  assert.ok(again && again.attempts === 1 && Date.parse(again.nextAttemptAt) > Date.parse(msg.nextAttemptAt), `tried again after the retry: ${JSON.stringify(again)}`);
  await page.reload();
  await adminReady(page);
  c = await cells();
  assert.deepEqual([c.status, c.attempts], ['Waiting', '1']);

  // Delete: a confirmation first; cancelling it keeps the message.
  await page.click(`${row} button:text-is("Delete")`);
  await page.waitForSelector(`${row} .confirm`);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.confirm), 'yes', 'focus on the confirmation');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.confirm', { state: 'detached' });
  assert.equal(await page.locator(row).count(), 1, 'cancelled: still listed');
  assert.ok((await outbox()).messages.some((m) => m.id === msg.id), 'cancelled: still queued');
  await page.click(`${row} button:text-is("Delete")`);
  await shot(page, 'en-admin-outbox-delete');
  await page.click(`${row} .confirm [data-confirm=yes]`);
  await page.waitForSelector(row, { state: 'detached' });
  assert.equal(await page.textContent('#outbox-status'), 'Deleted.');
  const after = await outbox();
  assert.ok(!after.messages.some((m) => m.id === msg.id), 'gone from the server');
  assert.equal(after.pending, o.pending - 1);
  assert.equal(await count('pending'), fmt(after.pending), 'the counts follow');
  await noViolations(page);
  await context.close();
});

await test('admin outbox: a confirmation the mail limits stopped is shown as not sent, with its reason, in English and Arabic, and can only be deleted', async () => {
  // Four messages from one address: its confirmations past the third in 24
  // hours are suppressed (CHLORO_MAIL_PER_RECIPIENT_PER_DAY's default).
  for (let i = 0; i < 4; i++) await contact('Quota', `Message ${i} to the same address.`);
  const outbox = async () => (await api.get('/api/admin/outbox')).json();
  let o;
  let msg;
  for (let i = 0; i < 150; i++) {
    o = await outbox();
    msg = o.messages.find((m) => m.status === 'suppressed' && m.recipient === 'q***@example.com');
    if (msg) break;
    await sleep(100);
  }
  assert.ok(msg, `the fourth confirmation was suppressed: ${JSON.stringify(o)}`);
  assert.equal(msg.suppressedReason, 'recipient-daily-limit');
  assert.equal(msg.kind, 'contact-visitor');
  assert.ok(o.suppressed >= 1);

  const { context, page } = await newPage();
  await signIn(page, { from: '/admin/outbox' });
  const row = `tr[data-id="${msg.id}"]`;
  const cells = () => page.evaluate((sel) => Object.fromEntries([...document.querySelectorAll(`${sel} td[data-col]`)].map((td) => [td.dataset.col, td.textContent])), row);
  assert.equal(await page.getAttribute(row, 'data-status'), 'suppressed');
  let c = await cells();
  assert.equal(c.status, 'Not sent (limit)');
  assert.match(c.lastError, /^Not sent: this address already had its mails for the last 24 hours/);
  assert.equal(c.nextAttempt, '—');
  assert.equal(c.attempts, '0');
  assert.equal(await page.textContent('#outbox-counts [data-stat="suppressed"] dd'), new Intl.NumberFormat('en').format(o.suppressed));
  assert.equal(await page.locator(`${row} button:text-is("Retry now")`).count(), 0, 'never sent, so no retry');
  assert.equal(await page.locator(`${row} button:text-is("Delete")`).count(), 1);
  await shot(page, 'en-admin-outbox-suppressed');

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.getElementById('page-title')?.textContent === 'صندوق البريد الصادر');
  await page.waitForSelector(row);
  c = await cells();
  assert.equal(c.status, 'لم تُرسل (الحد)');
  assert.match(c.lastError, /^لم تُرسل: تلقّى هذا العنوان الحد الأقصى/);
  assert.equal(await page.textContent('#outbox-counts [data-stat="suppressed"] dt'), 'لم تُرسل (الحد)');
  await noViolations(page);
  await shot(page, 'ar-admin-outbox-suppressed');

  await page.click(`${row} button:text-is("حذف")`);
  await page.click(`${row} .confirm [data-confirm=yes]`);
  await page.waitForSelector(row, { state: 'detached' });
  const after = await outbox();
  assert.ok(!after.messages.some((m) => m.id === msg.id), 'gone from the server');
  assert.equal(after.suppressed, o.suppressed - 1);
  await noViolations(page);
  await context.close();
});

await test('public home page does not load the admin module', async () => {
  const { context, page } = await newPage();
  const scripts = [];
  page.on('request', (r) => { if (r.resourceType() === 'script' || r.resourceType() === 'stylesheet') scripts.push(new URL(r.url()).pathname); });
  await page.goto(base + '/');
  await page.waitForLoadState('networkidle');
  assert.ok(scripts.some((s) => /^\/js\/app\.[0-9a-f]{10}\.js$/.test(s)), scripts.join(' '));
  assert.ok(!scripts.some((s) => s.includes('admin')), `admin code on the home page: ${scripts.join(' ')}`);
  await page.goto(base + '/admin/login');
  await page.waitForSelector('#login-form');
  assert.ok(scripts.some((s) => /^\/js\/admin\.[0-9a-f]{10}\.js$/.test(s)), `the admin module by its fingerprinted name: ${scripts.join(' ')}`);
  assert.ok(scripts.some((s) => /^\/css\/admin\.[0-9a-f]{10}\.css$/.test(s)), `the admin stylesheet by its fingerprinted name: ${scripts.join(' ')}`);
  await context.close();
});

await api.dispose();
await finish();
