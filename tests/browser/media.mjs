// End-to-end test of the media features (issue 16) in Debian's chromium: an
// admin uploads photos and a datasheet PDF for a product in the admin panel,
// the public product page shows the gallery in English and Arabic, a visitor
// downloads the uploaded datasheet, and the media library says where each
// file is used before it deletes one.
//
//   ADMIN_USER=… ADMIN_PASSWORD=… node tests/browser/media.mjs http://127.0.0.1:PORT
//
// tests/it/browser.rs starts the appliance with that first admin. The photos
// are real JPEG and PNG files drawn on a canvas in the browser; the PDF is a
// minimal valid one built here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiRequest, allowStatus, base, finish, newPage, noViolations, settle, shot, test } from './harness.mjs';

const USER = process.env.ADMIN_USER;
const PASSWORD = process.env.ADMIN_PASSWORD;
if (!USER || !PASSWORD) {
  console.error('ADMIN_USER and ADMIN_PASSWORD must name the appliance\'s first admin');
  process.exit(2);
}

const api = await apiRequest.newContext({ baseURL: base });
{
  const r = await api.post('/api/admin/login', { data: { username: USER, password: PASSWORD } });
  assert.equal(r.status(), 200, 'the API client signs in');
}

async function adminReady(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('#admin #page-title');
  await page.waitForFunction(() => !document.querySelector('#admin .loading'));
}

async function signIn(page, from) {
  allowStatus.add(401); // the protected page's first API call sends it to sign-in
  await page.goto(base + from);
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

// A minimal valid PDF (one page, one line of text) with a correct xref table.
function minimalPdf(text) {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out, 'latin1')); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// A photo-like image drawn on a canvas and encoded by the browser.
async function drawImage(page, type, width, height, hue) {
  const b64 = await page.evaluate(async ([type, width, height, hue]) => {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, width, height);
    grad.addColorStop(0, `hsl(${hue} 70% 35%)`);
    grad.addColorStop(1, `hsl(${(hue + 120) % 360} 70% 70%)`);
    g.fillStyle = grad;
    g.fillRect(0, 0, width, height);
    let seed = hue + 1;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${Math.floor(rnd() * 360)} 60% ${Math.floor(30 + rnd() * 50)}% / .6)`;
      g.beginPath();
      g.arc(rnd() * width, rnd() * height, 4 + rnd() * 40, 0, Math.PI * 2);
      g.fill();
    }
    const blob = await new Promise((r) => c.toBlob(r, type, 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, [type, width, height, hue]);
  return Buffer.from(b64, 'base64');
}

// Every attribute change of the upload rows and their progress bars under
// `root`, recorded in the page, so the test sees states that pass quickly.
async function watchUploads(page, root) {
  await page.evaluate((sel) => {
    window.__uploads = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const row = r.target.closest?.('li.upload');
        if (!row) continue;
        if (r.type === 'attributes' && r.attributeName === 'value' && r.target.tagName === 'PROGRESS') window.__uploads.push([row.dataset.name, 'progress', Number(r.target.value)]);
        if (r.type === 'attributes' && r.attributeName === 'data-state' && r.target === row) window.__uploads.push([row.dataset.name, 'state', row.dataset.state]);
      }
    }).observe(document.querySelector(sel), { subtree: true, attributes: true, attributeFilter: ['value', 'data-state'] });
  }, root);
}

const SLUG = 'media-test-beam';
const PHOTO_A = 'beam-side.jpg';
const PHOTO_B = 'beam-top.png';
const PDF_NAME = 'beam-datasheet.pdf';
const ALT = {
  [PHOTO_A]: { en: 'Drum lifting beam, side view', ar: 'عارضة رفع البراميل، منظر جانبي' },
  [PHOTO_B]: { en: 'Drum lifting beam from above', ar: 'عارضة رفع البراميل من أعلى' },
};
const pdfBytes = minimalPdf('ChloroMaster drum lifting beam datasheet');
const state = {}; // what one scenario leaves for the next: media ids, bytes

// The product the scenario works on: new, without photos or a datasheet.
{
  const services = await (await api.get('/api/admin/services')).json();
  const service = services.find((s) => s.category !== 'installation') || services[0];
  const r = await api.post('/api/admin/products', { data: {
    slug: SLUG, serviceSlug: service.slug, nameEn: 'Drum Lifting Beam', nameAr: 'عارضة رفع البراميل',
    descriptionEn: 'Lifts chlorine drums safely.', descriptionAr: 'ترفع براميل الكلور بأمان.', datasheet: null, images: [],
  } });
  assert.equal(r.status(), 201, `create the product: ${await r.text()}`);
}

await test('media: an admin uploads two photos and a datasheet PDF for a product, orders the photos, describes them in both languages and saves', async () => {
  const { context, page } = await newPage();
  allowStatus.add(415);
  await signIn(page, `/admin/catalogue/products/${SLUG}`);
  await page.waitForSelector('#cat-form-gallery-box');
  await labelled(page);
  const jpeg = await drawImage(page, 'image/jpeg', 1800, 1200, 200);
  const png = await drawImage(page, 'image/png', 900, 700, 30);
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG');
  state.bytes = { [PHOTO_A]: jpeg, [PHOTO_B]: png, [PDF_NAME]: pdfBytes };

  // The upload is slowed down so its progress is visible.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  await watchUploads(page, '#cat-form-gallery-upload-list');
  // Several files at once, through the file picker.
  await page.setInputFiles('#cat-form-gallery-upload-input', [
    { name: PHOTO_A, mimeType: 'image/jpeg', buffer: jpeg },
    { name: PHOTO_B, mimeType: 'image/png', buffer: png },
  ]);
  assert.equal(await page.locator('#cat-form-gallery-upload-list li.upload').count(), 2, 'a row per file');
  await page.waitForSelector(`#cat-form-gallery-upload-list li.upload[data-name="${PHOTO_A}"] progress`);
  await shot(page, 'en-media-uploading', false);
  await page.waitForFunction(() => document.querySelectorAll('#cat-form-gallery-upload-list li.upload[data-state="ready"]').length === 2, null, { timeout: 90_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = await page.evaluate(() => window.__uploads);
  for (const name of [PHOTO_A, PHOTO_B]) {
    const mine = seen.filter(([n]) => n === name);
    const progress = mine.filter(([, k]) => k === 'progress').map(([, , v]) => v);
    const states = mine.filter(([, k]) => k === 'state').map(([, , v]) => v);
    assert.ok(progress.some((v) => v > 0 && v < 100), `${name}: the bar moved through the upload: ${progress}`);
    assert.equal(progress.at(-1), 100, `${name}: the bar ends full`);
    assert.deepEqual(states.filter((s, i) => s !== states[i - 1]).filter((s) => s !== 'processing'), ['uploading', 'ready'], `${name}: ${states}`);
    assert.equal(await page.textContent(`#cat-form-gallery-upload-list li.upload[data-name="${name}"] .upload-state`), 'Ready');
  }
  // The server made the variants: both photos are in the gallery, in the
  // order they were chosen, with the server's preview.
  const library = (await (await api.get('/api/admin/media')).json()).data;
  const idOf = (name) => library.find((m) => m.name === name)?.id;
  state.ids = { [PHOTO_A]: idOf(PHOTO_A), [PHOTO_B]: idOf(PHOTO_B) };
  assert.ok(state.ids[PHOTO_A] && state.ids[PHOTO_B], `both in the library: ${JSON.stringify(library)}`);
  const order = () => page.$$eval('#cat-form-gallery li.gallery-item', (lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(await order(), [state.ids[PHOTO_A], state.ids[PHOTO_B]]);
  await page.waitForFunction(() => [...document.querySelectorAll('#cat-form-gallery li.gallery-item img.thumb')].filter((i) => i.complete && i.naturalWidth > 0).length === 2);
  assert.equal(await page.getAttribute('#cat-form-gallery-0-altAr', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('#cat-form-gallery-0-altAr', 'lang'), 'ar');

  // A file that is no image, whatever its name says: refused with the reason.
  await page.setInputFiles('#cat-form-gallery-upload-input', [{ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00 this is not a photo at all, it is a program') }]);
  const refused = '#cat-form-gallery-upload-list li.upload[data-name="photo.jpg"]';
  await page.waitForSelector(`${refused}[data-state="error"]`);
  assert.match(await page.textContent(`${refused} .upload-state`), /^Not a JPEG, PNG or WebP photo or a PDF/);
  assert.equal(await page.locator('#cat-form-gallery li.gallery-item').count(), 2, 'nothing added for it');

  // Reorder with the keyboard: the top photo moves down, focus stays with it.
  await page.focus(`#cat-form-gallery li.gallery-item[data-id="${state.ids[PHOTO_A]}"] button[data-action="down"]`);
  await page.keyboard.press('Enter');
  assert.deepEqual(await order(), [state.ids[PHOTO_B], state.ids[PHOTO_A]], 'moved down');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li.gallery-item')?.dataset.id), state.ids[PHOTO_A], 'focus moved with the photo');
  assert.match(await page.textContent('#cat-form-gallery-live'), /moved to position 2/);
  // Up again, then down again with the keyboard: the same order in the end.
  await page.keyboard.press('Enter'); // the focused button is "Move up" now
  assert.deepEqual(await order(), [state.ids[PHOTO_A], state.ids[PHOTO_B]], 'moved up');
  await page.focus(`#cat-form-gallery li.gallery-item[data-id="${state.ids[PHOTO_B]}"] button[data-action="up"]`);
  await page.keyboard.press('Space');
  assert.deepEqual(await order(), [state.ids[PHOTO_B], state.ids[PHOTO_A]], 'the PNG first');

  // Saving without descriptions is refused before anything is sent.
  let puts = 0;
  page.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes(`/api/admin/products/${SLUG}`)) puts++; });
  await page.click('#cat-form button[type=submit]');
  await page.waitForSelector('#cat-form-status.bad');
  assert.equal(puts, 0, 'nothing sent');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cat-form-gallery-0-altEn', 'focus on the first missing description');
  assert.equal(await page.getAttribute('#cat-form-gallery-0-altEn', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#cat-form-gallery-1-altAr-err'), 'This field is required.');
  await shot(page, 'en-media-gallery-invalid');
  for (const [i, name] of [[0, PHOTO_B], [1, PHOTO_A]]) {
    await page.fill(`#cat-form-gallery-${i}-altEn`, ALT[name].en);
    await page.fill(`#cat-form-gallery-${i}-altAr`, ALT[name].ar);
  }
  assert.equal(await page.getAttribute('#cat-form-gallery-0-altEn', 'aria-invalid'), null, 'a description typed is no longer marked');
  assert.equal(await page.textContent('#cat-form-gallery-1-altAr-err'), '');

  // The datasheet PDF, dropped on its drop zone.
  assert.match(await page.textContent('#cat-form-pdf-current'), /No PDF uploaded/);
  await watchUploads(page, '#cat-form-pdf-upload-list');
  await page.evaluate(([b64, name]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'application/pdf' }));
    const zone = document.getElementById('cat-form-pdf-upload-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [pdfBytes.toString('base64'), PDF_NAME]);
  await page.waitForSelector(`#cat-form-pdf-upload-list li.upload[data-name="${PDF_NAME}"][data-state="ready"]`);
  assert.equal(await page.textContent('#cat-form-pdf-link'), PDF_NAME, 'the current datasheet is the new PDF');
  state.ids[PDF_NAME] = (await (await api.get('/api/admin/media')).json()).data.find((m) => m.name === PDF_NAME)?.id;
  assert.ok(state.ids[PDF_NAME]);
  const linked = await page.request.get(base + await page.getAttribute('#cat-form-pdf-link', 'href'));
  assert.equal(Buffer.compare(await linked.body(), pdfBytes), 0, 'the link serves the uploaded bytes');

  await labelled(page);
  await noViolations(page);
  await shot(page, 'en-media-product-edit');
  await page.click('#cat-form button[type=submit]');
  await page.waitForSelector('#cat-form-status.ok');
  assert.equal(puts, 1);
  // What the server holds now.
  const saved = (await (await api.get('/api/admin/products')).json()).find((p) => p.slug === SLUG);
  assert.deepEqual(saved.gallery.map((g) => [g.id, g.altEn, g.altAr]),
    [PHOTO_B, PHOTO_A].map((n) => [state.ids[n], ALT[n].en, ALT[n].ar]), JSON.stringify(saved.gallery));
  assert.equal(saved.datasheetMedia, state.ids[PDF_NAME]);
  assert.equal(saved.datasheet, 'beam-datasheet', 'the datasheet is named after the PDF');
  assert.equal(await page.inputValue('#cat-form-datasheet'), 'beam-datasheet', 'and the form shows that name');
  // A reload shows what was saved.
  await page.reload();
  await adminReady(page);
  assert.deepEqual(await order(), [state.ids[PHOTO_B], state.ids[PHOTO_A]]);
  assert.equal(await page.inputValue('#cat-form-gallery-0-altAr'), ALT[PHOTO_B].ar);
  assert.equal(await page.textContent('#cat-form-pdf-link'), PDF_NAME);
  assert.equal(await page.inputValue('#cat-form-images'), '', 'the gallery is not copied into the legacy paths');
  await noViolations(page);
  await context.close();
});

// The public product page, as the ssr and ssr-client branches render it:
// the gallery in order, as <picture> with srcset and the modern sources,
// width/height, and alt texts in the page's language.
async function checkGallery(page, lang) {
  const pub = await (await api.get(`/api/products/${SLUG}`)).json();
  assert.equal(pub.gallery.length, 2, `public gallery: ${JSON.stringify(pub.gallery)}`);
  const imgs = await page.$$eval('main img', (list) => list.filter((i) => /\/media\//.test(i.getAttribute('src') || '')).map((i) => ({
    src: i.getAttribute('src'), srcset: i.getAttribute('srcset'), sizes: i.getAttribute('sizes'), alt: i.getAttribute('alt'),
    width: i.getAttribute('width'), height: i.getAttribute('height'), loading: i.getAttribute('loading'),
    sources: i.parentElement.tagName === 'PICTURE' ? [...i.parentElement.querySelectorAll('source')].map((s) => ({ type: s.type, srcset: s.getAttribute('srcset') })) : null,
  })));
  assert.equal(imgs.length, 2, `two gallery images on ${page.url()}: ${JSON.stringify(imgs)}`);
  const names = [PHOTO_B, PHOTO_A];
  imgs.forEach((img, i) => {
    const g = pub.gallery[i];
    assert.equal(g.id, state.ids[names[i]], 'in the saved order');
    assert.equal(img.alt, ALT[names[i]][lang], `alt text in ${lang}`);
    assert.equal(img.src, g.src);
    assert.equal(img.srcset, g.srcset);
    assert.match(img.srcset, /^\/media\/[0-9a-f]{64}\.\w+ \d+w(, \/media\/[0-9a-f]{64}\.\w+ \d+w)*$/);
    assert.ok(img.sizes, 'sizes with srcset');
    assert.deepEqual([img.width, img.height], [String(g.width), String(g.height)], 'width and height: no layout shift');
    assert.ok(img.sources, 'inside a <picture>');
    assert.deepEqual(img.sources, (g.sources || []).map((s) => ({ type: s.type, srcset: s.srcset })));
  });
  // The largest variant of the 1800 px JPEG is 1600 px wide; the 900 px PNG
  // is never upscaled.
  assert.equal(pub.gallery[1].width, 1600);
  assert.equal(pub.gallery[0].width, 900);
  // Every URL of the srcsets is served, immutable, as an image.
  for (const g of pub.gallery) {
    const urls = [g.srcset, ...(g.sources || []).map((s) => s.srcset)].join(', ').split(/,\s*/).map((x) => x.split(' ')[0]);
    for (const u of new Set(urls)) {
      const r = await page.request.get(base + u);
      assert.equal(r.status(), 200, u);
      assert.match(r.headers()['content-type'], /^image\//, u);
      assert.match(r.headers()['cache-control'] || '', /immutable/, u);
    }
  }
  // The browser shows the first photo (above the fold).
  await page.waitForFunction(() => {
    const img = [...document.querySelectorAll('main img')].find((i) => /\/media\//.test(i.getAttribute('src') || ''));
    return img && img.complete && img.naturalWidth > 0;
  });
}

await test('media: the public product page shows the gallery in English and in Arabic', async () => {
  const { context, page } = await newPage();
  const res = await page.goto(`${base}/equipment/${SLUG}`);
  assert.equal(res.status(), 200);
  await settle(page);
  await checkGallery(page, 'en');
  await noViolations(page);
  await shot(page, 'en-media-product-page');
  const ar = await page.goto(`${base}/ar/equipment/${SLUG}`);
  assert.equal(ar.status(), 200);
  await settle(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await checkGallery(page, 'ar');
  await noViolations(page);
  await shot(page, 'ar-media-product-page');
  await context.close();
});

await test('media: a visitor requests the datasheet on the product page and downloads the uploaded PDF', async () => {
  const { context, page } = await newPage();
  await page.goto(`${base}/equipment/${SLUG}`);
  await settle(page);
  await page.fill('#datasheet-form-firstName', 'Samir');
  await page.fill('#datasheet-form-email', 'samir@example.com');
  await page.fill('#datasheet-form-phone', '01012345678');
  await page.fill('#datasheet-form-company', 'Delta Water');
  const [answer, download] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/datasheet/request')),
    page.waitForEvent('download'),
    page.click('#datasheet-form button[type=submit]'),
  ]);
  assert.equal(answer.status(), 200, await answer.text());
  assert.equal(download.suggestedFilename(), PDF_NAME, 'downloaded under the datasheet\'s name');
  assert.equal(Buffer.compare(readFileSync(await download.path()), pdfBytes), 0, 'the uploaded PDF, byte for byte');
  await noViolations(page);
  await context.close();
});

await test('media: the library lists the files with where they are used; deleting a used one asks twice and names the product', async () => {
  const { context, page } = await newPage();
  allowStatus.add(409);
  await signIn(page, '/admin/catalogue?view=media');
  assert.equal(await page.textContent('#page-title'), 'Media library');
  assert.equal(await page.getAttribute('.admin-nav a[aria-current="page"]', 'href'), '/admin/catalogue?view=media', 'the library is its own section');
  const row = (name) => `#media-list tr[data-name="${name}"]`;
  const cells = (name) => page.evaluate((sel) => Object.fromEntries([...document.querySelectorAll(`${sel} td[data-col]`)].map((td) => [td.dataset.col, td.textContent])), row(name));
  for (const name of [PHOTO_A, PHOTO_B, PDF_NAME]) {
    await page.waitForSelector(row(name));
    const c = await cells(name);
    assert.equal(c.usedBy, `Product: Drum Lifting Beam (${name === PDF_NAME ? 'datasheet' : 'photos'})`, `${name} is used: ${JSON.stringify(c)}`);
    assert.match(c.size, name === PDF_NAME ? /^\d+ byte/ : /kB|KB|MB|byte/, `${name}: its size`);
  }
  assert.equal((await cells(PHOTO_A)).dimensions, '1,800 × 1,200');
  assert.equal((await cells(PDF_NAME)).dimensions, '—');
  assert.equal(await page.locator(`${row(PHOTO_A)} td[data-col="preview"] img`).count(), 1, 'a photo has a thumbnail');
  assert.equal(await page.locator(`${row(PDF_NAME)} td[data-col="preview"] svg`).count(), 1, 'a PDF has an icon');
  await page.waitForFunction((sel) => { const i = document.querySelector(`${sel} img`); return i && i.complete && i.naturalWidth > 0; }, row(PHOTO_B));
  assert.match(await page.textContent('#media-quota'), / of .* used; at most .* per file\./);
  await labelled(page);
  await shot(page, 'en-media-library');

  // Delete the PNG: the first question, the server's 409, the second
  // question naming the product; cancelled, nothing happens.
  await page.click(`${row(PHOTO_B)} button[data-action="delete"]`);
  await page.waitForSelector(`${row(PHOTO_B)} .confirm`);
  assert.equal(await page.textContent(`${row(PHOTO_B)} .confirm p`), 'Delete this file for good? This cannot be undone.');
  await page.click(`${row(PHOTO_B)} .confirm [data-confirm=yes]`);
  await page.waitForFunction((sel) => /still used/.test(document.querySelector(`${sel} .confirm p`)?.textContent || ''), row(PHOTO_B));
  const question = await page.textContent(`${row(PHOTO_B)} .confirm p`);
  assert.equal(question, 'This file is still used: Product: Drum Lifting Beam (photos). Deleting it removes it from there too. Delete it anyway?');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.confirm), 'yes', 'focus on the second question');
  await shot(page, 'en-media-delete-used');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.confirm', { state: 'detached' });
  assert.equal((await api.get(`/api/admin/media/${state.ids[PHOTO_B]}`)).status(), 200, 'cancelled: still there');
  // Asked twice, confirmed twice: deleted, and gone from the product.
  await page.click(`${row(PHOTO_B)} button[data-action="delete"]`);
  await page.click(`${row(PHOTO_B)} .confirm [data-confirm=yes]`);
  await page.waitForFunction((sel) => /still used/.test(document.querySelector(`${sel} .confirm p`)?.textContent || ''), row(PHOTO_B));
  await page.click(`${row(PHOTO_B)} .confirm button:text-is("Yes, delete it anyway")`);
  await page.waitForSelector(row(PHOTO_B), { state: 'detached' });
  assert.equal(await page.textContent('#media-status'), 'Deleted.');
  allowStatus.add(404);
  assert.equal((await api.get(`/api/admin/media/${state.ids[PHOTO_B]}`)).status(), 404);
  const product = await (await api.get(`/api/products/${SLUG}`)).json();
  assert.deepEqual(product.gallery.map((g) => g.id), [state.ids[PHOTO_A]], 'the product keeps the other photo');
  await noViolations(page);

  // The library in Arabic.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.getElementById('page-title')?.textContent === 'مكتبة الوسائط');
  await page.waitForSelector(row(PDF_NAME));
  assert.equal((await cells(PDF_NAME)).usedBy, 'منتج: عارضة رفع البراميل (النشرة الفنية)');
  await labelled(page);
  await noViolations(page);
  await shot(page, 'ar-media-library');
  await context.close();
});

await test('media: the library and the gallery editor at 360 px in Arabic, without overflow', async () => {
  const { context, page } = await newPage({ locale: 'ar-EG', viewport: { width: 360, height: 740 } });
  await signIn(page, '/admin/catalogue?view=media');
  for (const path of ['/admin/catalogue?view=media', `/admin/catalogue/products/${SLUG}`]) {
    await page.goto(base + path);
    await adminReady(page);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await labelled(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow on ${path} at 360 px: ${overflow}px`);
    await noViolations(page);
  }
  assert.equal(await page.textContent('#cat-form-gallery-box legend'), 'الصور بترتيب العرض');
  await shot(page, 'ar-media-product-edit-360');
  await context.close();
});

await api.dispose();
await finish();
