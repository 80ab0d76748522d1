// End-to-end tests of the embedded site in Debian's chromium, driven by
// playwright-core (which never downloads a browser here).
//
//   node tests/browser/run.mjs http://127.0.0.1:PORT
//
// Exits non-zero on the first failed scenario. Screenshots go to
// target/browser-screenshots/ (or $SCREENSHOT_DIR).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRequest, base, BUDGET, allowStatus, finish, newPage, noViolations, settle, shot, test } from './harness.mjs';

// ---------------------------------------------------------------------------

await test('every main page renders without console errors or CSP violations', async () => {
  const { context, page } = await newPage();
  const pages = [
    ['home', '/', 'Chlorine handled safely'],
    ['service-chlorine', '/service/chlorine-system-solutions', 'Chlorine System Solutions'],
    ['service-installation', '/service/systems-installation-commissioning', 'Systems Installation and Commissioning'],
    ['equipment-emergency-kit', '/equipment/emergency-kit', 'Chlorine Emergency Kit'],
    ['project-palm-hills', '/equipment/palm-hills-water-tank', ''],
    ['privacy', '/privacy', 'Privacy policy'],
    ['terms', '/terms', 'Terms of use'],
    ['admin-login', '/admin/login', 'Sign in'],
    ['not-found', '/no/such/page', 'Page not found'],
  ];
  for (const [name, path, heading] of pages) {
    // A path the app has no page for is still the app (which draws the
    // not-found view), served with a real 404 for crawlers and monitors.
    const expected = name === 'not-found' ? 404 : 200;
    if (expected === 404) allowStatus.add(404);
    const res = await page.goto(base + path);
    assert.equal(res.status(), expected, path);
    // The checks below only mean something under the strict policy.
    assert.match(res.headers()['content-security-policy'] || '', /script-src 'self';.*style-src 'self';/, `${path}: strict CSP`);
    await settle(page);
    const h1 = await page.textContent('#page-title');
    if (heading) assert.ok(h1.includes(heading), `${path}: heading ${JSON.stringify(h1)}`);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await noViolations(page);
    await shot(page, `en-${name}`);
    allowStatus.delete(404);
  }
  // The home page lists the services from the API and the clients.
  await page.goto(base + '/');
  await settle(page);
  await page.waitForSelector('#services a[href="/service/chlorine-system-solutions"]');
  for (const client of ['Veolia', 'Metito', 'Hassan Allam Holding', 'The Arab Contractors']) {
    assert.ok(await page.isVisible(`#clients li:text-is("${client}")`), client);
  }
  // A phone-sized viewport has no horizontal scrolling.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow at 360 px: ${overflow}px`);
  await shot(page, 'en-home-360', false);
  // A file that does not exist is the server's 404 page.
  allowStatus.add(404);
  const missing = await page.goto(base + '/missing.png');
  assert.equal(missing.status(), 404);
  await noViolations(page);
  await context.close();
});

// The pages every visitor, crawler and link preview gets, in both languages:
// [name, English path, English heading, Arabic heading, the form on it].
const PUBLIC_PAGES = [
  ['home', '/', 'Chlorine handled safely', 'تداول آمن للكلور', '#contact-form'],
  ['service', '/service/chlorine-system-solutions', 'Chlorine System Solutions', 'حلول أنظمة الكلور', null],
  ['product', '/equipment/emergency-kit', 'Chlorine Emergency Kit', 'حقيبة طوارئ الكلور', '#datasheet-form'],
  ['privacy', '/privacy', 'Privacy policy', 'سياسة الخصوصية', null],
  ['terms', '/terms', 'Terms of use', 'شروط الاستخدام', null],
];
const inLang = (lang, path) => (lang === 'ar' ? `/ar${path}` : path);

// The admin API, signed in: seeds a gallery and edits the catalogue for real.
async function adminApi() {
  const api = await apiRequest.newContext({ baseURL: base, extraHTTPHeaders: { Origin: base } });
  const login = await api.post('/api/admin/login', { data: { username: process.env.ADMIN_USER, password: process.env.ADMIN_PASSWORD } });
  assert.equal(login.status(), 200, 'the API client signs in');
  return api;
}
// A product's writable fields, as the admin API takes them back.
const productBody = (p, changes = {}) => ({
  slug: p.slug, serviceSlug: p.serviceSlug, nameEn: p.nameEn, nameAr: p.nameAr, descriptionEn: p.descriptionEn,
  descriptionAr: p.descriptionAr, datasheet: p.datasheet, images: p.images,
  gallery: (p.gallery || []).map((g) => ({ id: g.id, altEn: g.altEn, altAr: g.altAr })), ...changes,
});
const GALLERY_ALT = { en: 'The emergency kit, open on site', ar: 'حقيبة الطوارئ مفتوحة في الموقع' };

await test('a product photo uploaded by an admin is in the product page\'s gallery', async () => {
  // A real photo-like JPEG: the browser's own screenshot of the home page.
  const { context, page } = await newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(base + '/');
  await settle(page);
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 80 });
  await context.close();
  const api = await adminApi();
  const up = await api.post('/api/admin/media?filename=emergency-kit.jpg', { headers: { 'Content-Type': 'application/octet-stream' }, data: jpeg });
  assert.ok(up.status() === 201 || up.status() === 200, `upload: ${up.status()} ${await up.text()}`);
  const { id } = await up.json();
  let media;
  // Polled well under the API's rate limit; image processing is slow in a debug build.
  for (let i = 0; i < 240; i++) {
    const r = await api.get(`/api/admin/media/${id}`);
    assert.equal(r.status(), 200, `media ${id}: ${r.status()}`);
    media = await r.json();
    if (media.status !== 'processing') break;
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(media.status, 'ready', JSON.stringify(media));
  const product = await (await api.get('/api/products/emergency-kit')).json();
  const put = await api.put('/api/admin/products/emergency-kit', { data: productBody(product, { gallery: [{ id, altEn: GALLERY_ALT.en, altAr: GALLERY_ALT.ar }] }) });
  assert.ok(put.ok(), `the gallery is stored: ${put.status()} ${await put.text()}`);
  await api.dispose();
});

await test('without JavaScript every page reads fully in both languages', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  // No script runs, so no page-visit beacon is ever sent.
  const scripted = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/pagevisit')) scripted.push(r.url()); });
  for (const [name, path, en, ar, form] of PUBLIC_PAGES) {
    for (const lang of ['en', 'ar']) {
      const url = inLang(lang, path);
      const res = await page.goto(base + url);
      assert.equal(res.status(), 200, url);
      assert.equal(await page.getAttribute('html', 'lang'), lang, url);
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr', url);
      const h1 = await page.textContent('main h1');
      assert.ok(h1.includes(lang === 'ar' ? ar : en), `${url}: heading ${JSON.stringify(h1)}`);
      assert.ok((await page.title()).length > 10, `${url}: a title of its own`);
      const text = (await page.innerText('main')).trim();
      assert.ok(text.length > 300, `${url}: only ${text.length} characters of text`);
      assert.equal(/\p{Script=Arabic}/u.test(text), lang === 'ar', `${url}: the text is in ${lang}`);
      for (const h of await page.$$eval('main h2', (els) => els.map((e) => e.textContent.trim()))) assert.ok(h, `${url}: an empty h2`);
      // Images (the product gallery) are in the HTML, described, sized, loaded.
      const images = await page.$$eval('main img', (imgs) => imgs.map((i) => ({
        src: i.currentSrc || i.src, alt: i.getAttribute('alt'), w: i.getAttribute('width'), h: i.getAttribute('height'),
        loaded: i.complete && i.naturalWidth > 0, lazy: i.loading === 'lazy',
      })));
      if (name === 'product') {
        const photo = images.find((img) => img.alt === GALLERY_ALT[lang]);
        assert.ok(photo, `${url}: the gallery photo, described in ${lang}: ${JSON.stringify(images)}`);
        assert.ok(photo.loaded, `${url}: the first gallery photo loads at once`);
        assert.ok(await page.$('main picture img[srcset]'), `${url}: the gallery photo offers its sizes`);
      }
      for (const img of images) {
        assert.ok(img.alt !== null, `${url}: ${img.src} has an alt`);
        assert.ok(img.w && img.h, `${url}: ${img.src} has width and height`);
        if (!img.lazy) assert.ok(img.loaded, `${url}: ${img.src} loaded`);
      }
      if (form) {
        // A real HTML form: it posts to the server by itself.
        const f = await page.$eval(form, (el) => ({ method: el.getAttribute('method'), action: el.action, labelled: [...el.querySelectorAll('input:not([type=hidden]), textarea, select')].every((c) => c.labels && c.labels.length > 0), fields: el.querySelectorAll('input, textarea').length }));
        assert.equal((f.method || '').toLowerCase(), 'post', `${url}: ${form} posts`);
        assert.ok(f.action.startsWith(base + '/'), `${url}: ${form} posts to this site (${f.action})`);
        assert.ok(f.fields >= 5 && f.labelled, `${url}: ${form} has its labelled fields`);
        assert.ok(await page.isVisible(`${form} button[type=submit]`), `${url}: ${form} can be sent`);
      }
      if (name === 'home') {
        assert.ok(await page.$$eval('#services a[href*="/service/"]', (a) => a.length) >= 2, `${url}: the services are listed`);
        assert.ok(await page.isVisible('#faq details'), `${url}: the FAQ`);
      }
      await shot(page, `nojs-${lang}-${name}`);
    }
  }
  assert.deepEqual(scripted, [], 'JavaScript is off: no script ran');
  await context.close();
});

await test('without JavaScript the contact form posts and answers with a page: errors next to their fields, then the confirmation, in both languages', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  allowStatus.add(422);
  for (const [lang, name, phone, thanks, badEmail] of [
    ['en', 'Nadia', '+20 2 1234 5678', /Thank you/, /valid e-mail/],
    ['ar', 'نادية', '٠١٠٠١٢٣٤٥٦٧', /شكراً لك/, /بريد إلكتروني صحيح/],
  ]) {
    const message = lang === 'ar' ? 'نحتاج عرض سعر بدون جافاسكربت.' : 'A quote, please, sent without JavaScript.';
    await page.goto(base + inLang(lang, '/') + '#contact');
    await page.fill('#contact-form [name=firstName]', name);
    await page.fill('#contact-form [name=email]', 'not an address');
    await page.fill('#contact-form [name=phone]', phone);
    await page.fill('#contact-form [name=message]', message);
    // The server's validation answers with the page: the error next to its
    // field, in the page's language, and everything typed still there.
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('#contact-form button[type=submit]')]);
    assert.ok(refused.status() >= 400 && refused.status() < 500, `a refused form answers ${refused.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.match(await page.textContent('#contact-form-email-err'), badEmail);
    assert.equal(await page.getAttribute('#contact-form-email', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#contact-form-firstName'), name, 'typed values are kept');
    assert.equal(await page.inputValue('#contact-form-phone'), phone);
    assert.equal(await page.inputValue('#contact-form-message'), message);
    await shot(page, `nojs-${lang}-contact-errors`);
    await page.fill('#contact-form [name=email]', `nadia-${lang}@example.com`);
    const [res] = await Promise.all([
      page.waitForNavigation(),
      page.click('#contact-form button[type=submit]'),
    ]);
    assert.ok(res.ok(), `the confirmation page answers ${res.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.match(await page.innerText('main'), thanks);
    await shot(page, `nojs-${lang}-contact-sent`);
  }
  await context.close();
});

await test('with JavaScript the server-rendered page stays: no second render, no flash', async () => {
  const { context, page } = await newPage();
  // Installed before any of the page's scripts: sees every change to main.
  await page.addInitScript(() => {
    window.__removed = [];
    window.__textChanges = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        const inMain = r.target.nodeType === 1 ? r.target.closest?.('main') : r.target.parentElement?.closest('main');
        if (r.type === 'characterData' && inMain) window.__textChanges += 1;
        for (const n of r.removedNodes) {
          if (inMain || n.nodeName === 'MAIN' || n.querySelector?.('main')) window.__removed.push(n.nodeName);
        }
        for (const n of r.addedNodes) {
          if (!window.__title && (n.id === 'page-title' || n.querySelector?.('#page-title'))) window.__title = n.id === 'page-title' ? n : n.querySelector('#page-title');
          if (!window.__main && (n.nodeName === 'MAIN' || n.querySelector?.('main'))) window.__main = n.nodeName === 'MAIN' ? n : n.querySelector('main');
        }
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  for (const [, path] of PUBLIC_PAGES) {
    for (const lang of ['en', 'ar']) {
      const url = inLang(lang, path);
      const res = await page.goto(base + url);
      const served = await res.text();
      await settle(page);
      const state = await page.evaluate(() => ({
        removed: window.__removed, textChanges: window.__textChanges,
        sameMain: !!window.__main && window.__main === document.querySelector('main'),
        sameTitle: !!window.__title && window.__title === document.getElementById('page-title'),
        title: document.getElementById('page-title').textContent,
      }));
      assert.deepEqual(state.removed, [], `${url}: nothing in main is replaced`);
      assert.equal(state.textChanges, 0, `${url}: no text in main is rewritten`);
      assert.ok(state.sameMain && state.sameTitle, `${url}: main and its heading are the nodes the parser made`);
      assert.ok(served.includes(state.title), `${url}: the heading on screen is the one the server sent`);
      await noViolations(page);
    }
  }
  await context.close();
});

await test('home page HTML+CSS+JS transferred within the budget', async () => {
  const { context, page } = await newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map();
  const bytes = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, [e.type, e.response.url, e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '']));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(base + '/');
  await settle(page);
  let budgeted = 0;
  let total = 0;
  const lines = [];
  for (const [id, [type, url, encoding]] of types) {
    const n = bytes.get(id) || 0;
    total += n;
    if (['Document', 'Stylesheet', 'Script'].includes(type)) {
      budgeted += n;
      lines.push(`  ${type} ${url.replace(base, '')} ${n} B ${encoding}`);
      if (n > 1024) assert.ok(encoding, `${url} is sent compressed`);
    }
  }
  console.log(`     home page: HTML+CSS+JS ${budgeted} B on the wire (budget ${BUDGET}); everything incl. API, fonts, icons ${total} B\n${lines.join('\n')}`);
  assert.ok(budgeted > 0 && budgeted <= BUDGET, `home page weighs ${budgeted} B`);
  await context.close();
});

await test('contact form: client-side errors, a server 400 next to its field, then success', async () => {
  const { context, page } = await newPage();
  await page.goto(base + '/#contact');
  await settle(page);
  const form = page.locator('#contact-form');
  let posts = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/contact') && r.method() === 'POST') posts++; });

  // 1. Empty form: the browser never sends it; errors sit next to the fields.
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#contact-form-email-err:not(:empty)');
  assert.equal(posts, 0, 'an invalid form is not sent');
  assert.equal(await page.getAttribute('#contact-form-email', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#contact-form-message-err'), /required/);
  assert.match(await page.textContent('#contact-form-firstName-err'), /first or last name/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contact-form-firstName', 'focus moves to the first bad field');
  await noViolations(page);
  await shot(page, 'en-contact-errors');

  // 2. A value only the server rejects: the browser's check is bypassed by
  //    disabling it for this one submission, and the server's 400 is shown.
  await page.fill('#contact-form-firstName', 'Amal');
  await page.fill('#contact-form-lastName', 'Test');
  await page.fill('#contact-form-email', 'amal@example.com');
  await page.fill('#contact-form-phone', '+20 2 1234 5678');
  await page.fill('#contact-form-message', 'We need a chlorine scrubber quote.');
  allowStatus.add(400).add(429).add(503);
  await page.route('**/api/contact', async (route) => {
    const body = JSON.parse(route.request().postData());
    body.phone = 'call me maybe'; // a value the server refuses
    await route.continue({ postData: JSON.stringify(body) });
  }, { times: 1 });
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/contact')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(bad.status(), 400, 'the server refused the phone');
  await page.waitForSelector('#contact-form-phone-err:not(:empty)');
  assert.match(await page.textContent('#contact-form-phone-err'), /phone number/);
  assert.equal(await page.getAttribute('#contact-form-phone', 'aria-invalid'), 'true');
  assert.equal(await page.isVisible('#contact-ok'), false, 'a 400 is not a success');
  await page.unroute('**/api/contact');

  // 3. A 5xx is a failure, never a success.
  await page.route('**/api/contact', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"unavailable"}' }), { times: 1 });
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#contact-form-status.bad');
  assert.match(await page.textContent('#contact-form-status'), /went wrong/);
  assert.equal(await page.isVisible('#contact-ok'), false);
  await page.unroute('**/api/contact');

  // 4. 429 gets the friendly message.
  await page.route('**/api/contact', (route) => route.fulfill({ status: 429, contentType: 'application/json', body: '{"message":"too many"}' }), { times: 1 });
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#contact-form-status.bad');
  assert.match(await page.textContent('#contact-form-status'), /short time/);
  await page.unroute('**/api/contact');

  // 5. Success.
  const [ok] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/contact')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(ok.status(), 201);
  await page.waitForSelector('#contact-ok');
  assert.match(await page.textContent('#contact-ok'), /Thank you/);
  await noViolations(page);
  await shot(page, 'en-contact-sent');
  await context.close();
});

await test('datasheet request downloads a PDF from a same-origin link', async () => {
  const { context, page } = await newPage();
  await page.goto(base + '/equipment/emergency-kit');
  await settle(page);
  await page.fill('#datasheet-form-firstName', 'Omar');
  await page.fill('#datasheet-form-email', 'omar@example.com');
  await page.fill('#datasheet-form-phone', '01012345678');
  await page.fill('#datasheet-form-company', 'Water Co');
  const [answer, download] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/datasheet/request')),
    page.waitForEvent('download'),
    page.click('#datasheet-form button[type=submit]'),
  ]);
  assert.equal(answer.status(), 200);
  const { downloadUrl } = await answer.json();
  assert.match(downloadUrl, /^\/api\/datasheet\/download\/[0-9a-f]+$/);
  assert.equal(new URL(download.url()).pathname, downloadUrl, 'the page opened the returned link');
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const file = await download.path();
  assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-', 'the download is a PDF');
  const res = await page.request.get(base + downloadUrl);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^application\/pdf/);
  assert.equal(await page.getAttribute('#datasheet-link', 'href'), downloadUrl);
  await noViolations(page);
  await shot(page, 'en-datasheet-requested');
  await context.close();
});

await test('Arabic: phone numbers typed in Arabic-Indic and Eastern Arabic-Indic digits are sent and kept as typed', async () => {
  const { context, page } = await newPage({ locale: 'ar-EG' });
  await page.goto(base + '/ar/#contact');
  await settle(page);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const form = page.locator('#contact-form');
  await form.waitFor();
  await page.fill('#contact-form-firstName', 'منى');
  await page.fill('#contact-form-email', 'mona@example.com');
  await page.fill('#contact-form-phone', '٠١٠٠١٢٣٤٥٦٧');
  await page.fill('#contact-form-postalCode', '١١٥١١');
  await page.fill('#contact-form-message', 'نحتاج عرض سعر لجهاز معادلة الكلور.');
  const [sent] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/contact')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(sent.status(), 201);
  const stored = await sent.json();
  assert.equal(stored.phone, '٠١٠٠١٢٣٤٥٦٧', 'stored as typed');
  assert.equal(stored.postalCode, '١١٥١١');
  await page.waitForSelector('#contact-ok');
  assert.match(await page.textContent('#contact-ok'), /شكراً لك/);
  await noViolations(page);
  await shot(page, 'ar-contact-sent-arabic-digits');

  await page.goto(base + '/ar/equipment/emergency-kit');
  await settle(page);
  await page.fill('#datasheet-form-firstName', 'رضا');
  await page.fill('#datasheet-form-email', 'reza@example.com');
  await page.fill('#datasheet-form-phone', '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/datasheet/request')),
    page.waitForEvent('download'),
    page.click('#datasheet-form button[type=submit]'),
  ]);
  assert.equal(answer.status(), 200);
  assert.equal(await page.getAttribute('#datasheet-form-phone', 'aria-invalid'), null);
  await noViolations(page);
  await context.close();
});

await test('Arabic: its own URLs, rtl from the first byte, translated text; the switch links the two languages', async () => {
  const { context, page } = await newPage();
  await page.goto(base + '/');
  await settle(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // The switch is a link to the same page in the other language.
  assert.match(await page.getAttribute('#lang', 'href'), /^\/ar\/?$/);
  await Promise.all([page.waitForURL(/\/ar\/?$/), page.click('#lang')]);
  await settle(page);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.textContent('#page-title'), 'تداول آمن للكلور وحقن دقيق');
  assert.equal(await page.textContent('nav.nav a[href$="#contact"]'), 'اتصل بنا');
  assert.match(await page.getAttribute('nav.nav a[href$="#contact"]', 'href'), /^\/ar\/?#contact$/);
  assert.ok((await page.textContent('#services')).includes('حلول أنظمة الكلور'), 'catalogue text in Arabic');
  assert.equal(await page.getAttribute('#lang', 'href'), '/', 'the switch leads back to the English page');
  // The layout mirrors: the navigation sits left of the brand in RTL.
  const brand = await page.locator('.brand').boundingBox();
  const lang = await page.locator('#lang').boundingBox();
  assert.ok(lang.x < brand.x, 'the language switch is on the left in RTL');
  await page.reload();
  await settle(page);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl', 'the URL is the language');
  await noViolations(page);
  await shot(page, 'ar-home');
  for (const [name, path] of [['service-chlorine', '/service/chlorine-system-solutions'], ['equipment-emergency-kit', '/equipment/emergency-kit'], ['privacy', '/privacy'], ['terms', '/terms'], ['not-found', '/nowhere']]) {
    if (name === 'not-found') allowStatus.add(404);
    const res = await page.goto(base + '/ar' + path);
    assert.equal(res.status(), name === 'not-found' ? 404 : 200, path);
    await settle(page);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    if (name !== 'not-found') assert.equal(await page.getAttribute('#lang', 'href'), path, `${path}: the switch leads to the same page in English`);
    await noViolations(page);
    await shot(page, `ar-${name}`);
    allowStatus.delete(404);
  }
  await page.goto(base + '/ar/equipment/emergency-kit');
  await settle(page);
  assert.equal(await page.textContent('#page-title'), 'حقيبة طوارئ الكلور');
  // Client-side errors in Arabic.
  await page.click('#datasheet-form button[type=submit]');
  await page.waitForSelector('#datasheet-form-email-err:not(:empty)');
  assert.equal(await page.textContent('#datasheet-form-email-err'), 'هذا الحقل مطلوب.');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(base + '/ar/');
  await settle(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow at 360 px in Arabic: ${overflow}px`);
  await shot(page, 'ar-home-360', false);
  await page.goto(base + '/ar/equipment/emergency-kit');
  await settle(page);
  await shot(page, 'ar-equipment-360');
  await context.close();

  // A first visit with an Arabic browser is offered the Arabic page (a link,
  // never a redirect: the URL stays the canonical English one).
  const second = await newPage({ locale: 'ar-EG' });
  const first = await second.page.goto(base + '/');
  assert.equal(first.status(), 200);
  await settle(second.page);
  assert.equal(new URL(second.page.url()).pathname, '/');
  await Promise.all([second.page.waitForURL(/\/ar\/?$/), second.page.click('#lang-suggest a')]);
  await settle(second.page);
  assert.equal(await second.page.getAttribute('html', 'dir'), 'rtl');
  await second.context.close();
});

await test('deep-link reload, navigation by ordinary links, back button, unknown route', async () => {
  const { context, page } = await newPage();
  const res = await page.goto(base + '/equipment/emergency-kit');
  assert.equal(res.status(), 200);
  await settle(page);
  assert.equal(await page.textContent('#page-title'), 'Chlorine Emergency Kit');
  await page.reload();
  await settle(page);
  assert.equal(await page.textContent('#page-title'), 'Chlorine Emergency Kit');
  assert.match(await page.title(), /Emergency Kit/);
  assert.match(await page.getAttribute('meta[name=description]', 'content'), /leaks/);

  // Navigation between pages is ordinary links to real URLs: every page is
  // the server's HTML, complete when it arrives.
  await Promise.all([page.waitForURL('**/service/chlorine-system-solutions'), page.click('.crumbs a[href="/service/chlorine-system-solutions"]')]);
  await page.waitForSelector('a[href="/equipment/drum-trunnion"]');
  await Promise.all([page.waitForURL('**/equipment/drum-trunnion'), page.click('a[href="/equipment/drum-trunnion"]')]);
  await page.waitForFunction(() => document.getElementById('page-title')?.textContent === 'Chlorine Drum Trunnion');
  assert.match(await page.title(), /Drum Trunnion/);
  // A page restored from the back/forward cache fires no load event: wait
  // for the history entry, then for the page it shows.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => location.pathname === '/service/chlorine-system-solutions');
  await page.waitForFunction(() => document.getElementById('page-title')?.textContent === 'Chlorine System Solutions');
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => document.getElementById('page-title')?.textContent === 'Chlorine Emergency Kit');
  await page.goForward({ waitUntil: 'commit' });
  await page.waitForFunction(() => location.pathname === '/service/chlorine-system-solutions');

  // Unknown routes and unknown catalogue slugs are a not-found view (the
  // catalogue API answers 404 for the slug).
  allowStatus.add(404);
  for (const path of ['/this/does/not/exist', '/equipment/no-such-thing', '/service/nope']) {
    const res = await page.goto(base + path);
    assert.equal(res.status(), 404, path);
    await settle(page);
    assert.equal(await page.textContent('#page-title'), 'Page not found', path);
    assert.equal(await page.getAttribute('meta[name=robots]', 'content'), 'noindex');
  }
  await noViolations(page);
  await context.close();
});

await test('keyboard: skip link and in-page links move focus; every control labelled; one beacon per page', async () => {
  const { context, page } = await newPage();
  const beacons = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/pagevisit')) beacons.push([r.method(), new URL(r.frame().url()).pathname]); });
  await page.goto(base + '/');
  await settle(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the skip link moves focus to the content');
  // Tab order then follows the page: the hero's first call to action.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/#services');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'services');
  await page.click('a[href="/service/chlorine-system-solutions"]');
  await settle(page);
  await page.waitForTimeout(200);
  assert.deepEqual(beacons, [['POST', '/'], ['POST', '/service/chlorine-system-solutions']], 'one beacon per page');
  // Every form control has a label.
  await page.goto(base + '/equipment/emergency-kit');
  await settle(page);
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
    .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabeled, []);
  await context.close();
});

await test('text contrast meets WCAG AA; reduced motion turns off smooth scrolling and transitions', async () => {
  // Every visible text node's colour against the backgrounds behind it (a
  // gradient counts with each of its colours): 4.5:1, or 3:1 for large text.
  const lowContrast = () => {
    const rgb = (s) => (s.match(/rgba?\([^)]*\)/g) || []).map((c) => c.match(/[\d.]+/g).map(Number));
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const backgrounds = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        const image = rgb(cs.backgroundImage);
        if (image.length) return image;
        const [color] = rgb(cs.backgroundColor);
        if (color && (color.length < 4 || color[3] > 0)) return [color];
      }
      return [[255, 255, 255]];
    };
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let checked = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el.checkVisibility?.({ opacityProperty: true, visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom < -1000) continue;
      const cs = getComputedStyle(el);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      const [fg] = rgb(cs.color);
      const worst = Math.min(...backgrounds(el).map((bg) => ratio(fg, bg)));
      checked += 1;
      if (worst < (large ? 3 : 4.5)) bad.push(`${el.tagName.toLowerCase()}.${el.className} "${n.textContent.trim().slice(0, 30)}" ${worst.toFixed(2)}:1`);
    }
    return { checked, bad };
  };
  const { context, page } = await newPage();
  for (const path of ['/', '/service/chlorine-system-solutions', '/equipment/emergency-kit', '/privacy', '/terms']) {
    for (const lang of ['en', 'ar']) {
      await page.goto(base + (lang === 'ar' ? `/ar${path}` : path));
      await settle(page);
      assert.equal(await page.getAttribute('html', 'lang'), lang, path);
      const { checked, bad } = await page.evaluate(lowContrast);
      assert.ok(checked > 10, `${path} (${lang}): only ${checked} text nodes checked`);
      assert.deepEqual(bad, [], `${path} (${lang}): text below WCAG AA contrast`);
    }
  }
  // Smooth scrolling and transitions only for those who have not asked the
  // system for less motion.
  const motion = () => ({
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
    moving: [...document.querySelectorAll('*')].filter((el) => {
      const cs = getComputedStyle(el);
      return cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || cs.animationName !== 'none';
    }).length,
  });
  for (const path of ['/', '/ar/', '/equipment/emergency-kit', '/ar/equipment/emergency-kit']) {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto(base + path);
    await settle(page);
    assert.equal((await page.evaluate(motion)).scroll, 'smooth', path);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.deepEqual(await page.evaluate(motion), { scroll: 'auto', moving: 0 }, path);
  }
  await context.close();
});

await test('site: the web manifest\'s icons, the Arabic font, landmark names in Arabic and English', async () => {
  const { context, page } = await newPage({ locale: 'ar-EG' });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const fonts = [];
  page.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/fonts/')) fonts.push(r); });
  await page.goto(base + '/ar/');
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('#services a[href*="/service/"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');

  // The manifest and every icon it lists: there, of the declared type and size.
  const href = await page.getAttribute('link[rel=manifest]', 'href');
  const res = await page.request.get(new URL(href, base).href);
  assert.equal(res.status(), 200, href);
  assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
  const manifest = await res.json();
  assert.ok(Array.isArray(manifest.icons) && manifest.icons.length > 0, 'the manifest lists icons');
  for (const icon of manifest.icons) {
    const r = await page.request.get(new URL(icon.src, base).href);
    assert.equal(r.status(), 200, icon.src);
    assert.equal(r.headers()['content-type'].split(';')[0].trim(), icon.type, `${icon.src}: content type`);
    const body = await r.body();
    // The browser decodes it.
    const natural = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, icon.src);
    if (icon.type === 'image/svg+xml') {
      assert.equal(icon.sizes, 'any', `${icon.src}: a vector icon is for any size`);
      const m = body.toString('utf8').match(/<svg\b[^>]*\bviewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/);
      assert.ok(m && m[1] === m[2], `${icon.src}: a square viewBox`);
    } else {
      assert.equal(icon.type, 'image/png', icon.src);
      assert.equal(body.subarray(1, 4).toString('latin1'), 'PNG', `${icon.src}: a PNG`);
      const size = `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`;
      assert.deepEqual(icon.sizes.split(/\s+/), [size], `${icon.src}: declared ${icon.sizes}, the file is ${size}`);
      assert.equal(natural.join('x'), size, `${icon.src}: decoded size`);
    }
  }

  // The Arabic font that site.css declares is what Arabic text is set in,
  // and both of its faces arrive (body text and headings).
  const css = readFileSync(new URL('../../assets/css/site.css', import.meta.url), 'utf8');
  const families = [...new Set([...css.matchAll(/@font-face\s*{[^}]*font-family:\s*"([^"]+)"/g)].map((m) => m[1]))];
  assert.equal(families.length, 1, `one font family shipped: ${families}`);
  const [family] = families;
  const faces = async () => page.evaluate(async (fam) => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.replace(/^["']|["']$/g, '') === fam).map((f) => `${f.weight} ${f.status}`).sort();
  }, family);
  for (let i = 0; i < 50 && (await faces()).some((f) => !f.endsWith('loaded')); i++) await sleep(100);
  assert.deepEqual(await faces(), ['400 loaded', '700 loaded'], `${family} faces`);
  assert.ok((await page.evaluate(() => getComputedStyle(document.body).fontFamily)).startsWith(`"${family}"`), 'Arabic pages are set in it');
  assert.ok(fonts.length >= 2 && fonts.every((r) => r.status() === 200 && r.headers()['content-type'] === 'font/woff2'),
    `font responses: ${fonts.map((r) => `${r.url()} ${r.status()} ${r.headers()['content-type']}`)}`);

  // Landmarks are named in the page's language, on each language's pages.
  assert.equal(await page.getAttribute('#nav', 'aria-label'), 'القائمة الرئيسية');
  assert.equal(await page.getAttribute('.foot-nav', 'aria-label'), 'روابط قانونية');
  assert.equal(await page.getAttribute('.brand', 'aria-label'), 'كلورو ماستر — الصفحة الرئيسية');
  await Promise.all([page.waitForURL('**/ar/privacy'), page.click('.foot-nav a[href$="/privacy"]')]);
  await page.waitForSelector('nav.crumbs');
  assert.equal(await page.getAttribute('nav.crumbs', 'aria-label'), 'مسار التنقل');
  await noViolations(page);
  await Promise.all([page.waitForURL((u) => u.pathname === '/privacy'), page.click('#lang')]);
  await page.waitForSelector('nav.crumbs');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('nav.crumbs', 'aria-label'), 'Breadcrumb');
  assert.equal(await page.getAttribute('#nav', 'aria-label'), 'Main');
  assert.equal(await page.getAttribute('.foot-nav', 'aria-label'), 'Legal');
  assert.equal(await page.getAttribute('.brand', 'aria-label'), 'ChloroMaster — home');
  await context.close();
});

await test('a catalogue edit shows up on the next page load, in both languages', async () => {
  // A real admin edit through the API (the pages are rendered by the server
  // from the catalogue, so intercepting the browser's requests proves nothing).
  const api = await adminApi();
  const product = await (await api.get('/api/products/emergency-kit')).json();
  const body = (nameEn, nameAr) => productBody(product, { nameEn, nameAr });
  const edit = await api.put('/api/admin/products/emergency-kit', { data: body('Emergency Kit (edited)', 'حقيبة الطوارئ (معدّلة)') });
  assert.ok(edit.ok(), `the edit is stored: ${edit.status()}`);
  const { context, page } = await newPage();
  try {
    await page.goto(base + '/equipment/emergency-kit');
    await settle(page);
    assert.equal(await page.textContent('#page-title'), 'Emergency Kit (edited)');
    assert.match(await page.title(), /Emergency Kit \(edited\)/);
    await Promise.all([page.waitForURL('**/ar/equipment/emergency-kit'), page.click('#lang')]);
    await settle(page);
    assert.equal(await page.textContent('#page-title'), 'حقيبة الطوارئ (معدّلة)');
  } finally {
    const back = await api.put('/api/admin/products/emergency-kit', { data: body(product.nameEn, product.nameAr) });
    assert.ok(back.ok(), `the edit is undone: ${back.status()}`);
    await api.dispose();
  }
  await context.close();
});

await finish();
