// ChloroMaster public site: one module, no framework, no build step.
// The appliance renders every public page as complete HTML, in English at
// the plain paths and in Arabic under /ar/; this script only enhances what
// is already on screen (it never re-renders a public page):
//   - the contact and datasheet forms validate inline, in the page's
//     language (<html lang>), and are sent to the JSON API with fetch,
//     keeping what was typed on an error (without JavaScript they are plain
//     HTML forms the server answers with a page);
//   - in-page links move focus, not just the view; the nav marks its section;
//   - one page-visit beacon per page view.
// /admin is the one page still drawn here: the shell (index.html) loads
// this module, which fetches the admin panel (js/admin.js) and routes its
// pages with the History API.
// Works under the strict CSP: no inline code or styles, no eval, no
// innerHTML with data — every node is built with the DOM API.

const S = {
  en: {
    // The admin shell (index.html: data-i18n, data-i18n-label).
    skip: 'Skip to content',
    navServices: 'Services', navAbout: 'About', navClients: 'Clients', navFaq: 'FAQ', navContact: 'Contact',
    switchTo: 'العربية', switchLabel: 'اقرأ الموقع بالعربية',
    homeLabel: 'ChloroMaster — home', navLabel: 'Main', legalLabel: 'Legal',
    privacy: 'Privacy policy', terms: 'Terms of use',
    notFoundTitle: 'Page not found', notFoundText: 'The page you are looking for does not exist or has moved.', goHome: 'Go to the home page',
    loadFailed: 'The page could not be loaded. Please reload it.',
    // The forms.
    sending: 'Sending…', requesting: 'Preparing…',
    contactOk: 'Thank you — your message has been received. An engineer will reply within two working days.',
    sendAnother: 'Send another message',
    fixFields: 'Please correct the highlighted fields.',
    rateLimited: 'You have sent several requests in a short time. Please wait a little and try again — or e-mail us directly.',
    failed: 'Sorry, something went wrong on our side and your request was not sent. Please try again in a few minutes.',
    offline: 'Your request could not reach us. Check your connection and try again.',
    required: 'This field is required.', nameRequired: 'Please give a first or last name.',
    tooLong: 'Please use at most {n} characters.', badEmail: 'Please enter a valid e-mail address.',
    badPhone: 'Please enter a phone number (digits, spaces, + - ( ) .).', control: 'This field contains characters that are not allowed.',
    datasheetOk: 'Your datasheet is downloading. If it does not start, use this link:',
    datasheetLink: 'download the PDF', datasheetMissing: 'This datasheet is not available at the moment. Please contact us and we will send it.',
  },
  ar: {
    skip: 'انتقل إلى المحتوى',
    navServices: 'الخدمات', navAbout: 'من نحن', navClients: 'العملاء', navFaq: 'الأسئلة الشائعة', navContact: 'اتصل بنا',
    switchTo: 'English', switchLabel: 'Read the site in English',
    homeLabel: 'كلورو ماستر — الصفحة الرئيسية', navLabel: 'القائمة الرئيسية', legalLabel: 'روابط قانونية',
    privacy: 'سياسة الخصوصية', terms: 'شروط الاستخدام',
    notFoundTitle: 'الصفحة غير موجودة', notFoundText: 'الصفحة التي تبحث عنها غير موجودة أو نُقلت.', goHome: 'العودة إلى الصفحة الرئيسية',
    loadFailed: 'تعذّر تحميل الصفحة. يرجى إعادة تحميلها.',
    sending: 'جارٍ الإرسال…', requesting: 'جارٍ التجهيز…',
    contactOk: 'شكراً لك — وصلتنا رسالتك، وسيرد عليك أحد مهندسينا خلال يومي عمل.',
    sendAnother: 'إرسال رسالة أخرى',
    fixFields: 'يرجى تصحيح الحقول المشار إليها.',
    rateLimited: 'أرسلت عدة طلبات في وقت قصير. يرجى الانتظار قليلاً ثم المحاولة مرة أخرى، أو مراسلتنا بالبريد مباشرة.',
    failed: 'عذراً، حدث خطأ لدينا ولم يُرسل طلبك. يرجى المحاولة بعد دقائق.',
    offline: 'تعذّر وصول طلبك إلينا. تحقق من اتصالك وحاول مرة أخرى.',
    required: 'هذا الحقل مطلوب.', nameRequired: 'يرجى كتابة الاسم الأول أو اسم العائلة.',
    tooLong: 'يرجى ألا يزيد النص على {n} حرفاً.', badEmail: 'يرجى إدخال بريد إلكتروني صحيح.',
    badPhone: 'يرجى إدخال رقم هاتف (أرقام ومسافات و + - ( ) .).', control: 'يحتوي هذا الحقل على رموز غير مسموح بها.',
    datasheetOk: 'يجري تنزيل النشرة الفنية. إذا لم يبدأ التنزيل فاستخدم هذا الرابط:',
    datasheetLink: 'تنزيل ملف PDF', datasheetMissing: 'هذه النشرة غير متاحة حالياً. تواصل معنا وسنرسلها إليك.',
  },
};

const ADMIN = location.pathname === '/admin' || location.pathname.startsWith('/admin/');

// ---------------------------------------------------------------- language
// A public page's language is the server's: <html lang> from the first byte.
// The admin shell keeps its own choice (the #lang button), remembered here.
const LANG_KEY = 'chloromaster.lang';
function adminLang() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'ar') return saved;
  } catch { /* storage disabled: fall through */ }
  const prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const p of prefs) {
    const l = String(p).toLowerCase();
    if (l.startsWith('ar')) return 'ar';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}
let lang = ADMIN ? adminLang() : (document.documentElement.lang === 'ar' ? 'ar' : 'en');
const t = (k) => (S[lang][k] ?? S.en[k] ?? k);

// ---------------------------------------------------------------- DOM helpers
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid != null && kid !== false) el.append(kid);
  return el;
}

// ---------------------------------------------------------------- validation (mirrors src/api/validate.rs)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f]/;
function isValidEmail(s) {
  const at = s.lastIndexOf('@');
  if (at < 0) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  const localOk = local.length > 0 && new TextEncoder().encode(local).length <= 64 && !local.startsWith('.') &&
    !local.endsWith('.') && !local.includes('..') && /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u.test(local);
  const labels = domain.split('.');
  const tld = labels[labels.length - 1];
  const domainOk = new TextEncoder().encode(domain).length <= 253 && labels.length >= 2 &&
    labels.every((l) => l.length > 0 && new TextEncoder().encode(l).length <= 63 && !l.startsWith('-') && !l.endsWith('-') && /^[\p{L}\p{N}-]+$/u.test(l)) &&
    [...tld].length >= 2 && !/^[0-9]+$/.test(tld);
  return localOk && domainOk;
}
// rule: [kind, max, required]
function checkField(kind, max, required, raw) {
  const v = (raw || '').trim();
  if (!v) return required ? ['required'] : null;
  const len = [...v].length;
  if (len > max) return ['tooLong', max];
  if ((kind === 'multiline' ? CONTROL : CONTROL_LINE).test(v)) return ['control'];
  if (kind === 'email' && !isValidEmail(v)) return ['badEmail'];
  if (kind === 'phone') {
    // As validate.rs: ASCII, Arabic-Indic, Eastern Arabic-Indic and full-width digits; the full-width plus.
    const digits = (v.match(/[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g) || []).length;
    if (digits < 5 || !/^[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19 +\-().\uff0b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+$/.test(v)) return ['badPhone'];
  }
  return null;
}
// The server answers in English; show its reasons in the page's language.
function serverReason(reason) {
  const r = String(reason);
  const m = r.match(/at most (\d+)/);
  if (m) return ['tooLong', Number(m[1])];
  if (/first or last name/.test(r)) return ['nameRequired'];
  if (/required/.test(r)) return ['required'];
  if (/e-mail/.test(r)) return ['badEmail'];
  if (/phone/.test(r)) return ['badPhone'];
  if (/control/.test(r)) return ['control'];
  return ['raw', r];
}
const message = ([key, arg]) => (key === 'raw' ? arg : t(key).replace('{n}', String(arg)));

// ---------------------------------------------------------------- API
async function submitJson(url, body) {
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { kind: 'offline' };
  }
  let data = null;
  try { data = await res.json(); } catch { /* non-JSON error body */ }
  if (res.ok) return { kind: 'ok', status: res.status, data };
  if (res.status === 429) return { kind: 'rate' };
  if (res.status === 400 && data && data.errors && typeof data.errors === 'object') return { kind: 'invalid', errors: data.errors };
  return { kind: 'failed', status: res.status, data };
}

// ---------------------------------------------------------------- forms
// [name, kind, max, required]: the server's rules (src/api/validate.rs).
const CONTACT_FIELDS = [
  ['firstName', 'text', 100, false],
  ['lastName', 'text', 100, false],
  ['email', 'email', 254, true],
  ['phone', 'phone', 32, true],
  ['company', 'text', 200, false],
  ['industry', 'text', 100, false],
  ['country', 'text', 100, false],
  ['postalCode', 'text', 20, false],
  ['message', 'multiline', 5000, true],
];
const DATASHEET_FIELDS = [
  ['firstName', 'text', 100, false],
  ['lastName', 'text', 100, false],
  ['email', 'email', 254, true],
  ['phone', 'phone', 32, true],
  ['company', 'text', 200, false],
  ['country', 'text', 100, false],
];
const NAME_FIELDS = ['firstName', 'lastName'];

// Takes over a server-rendered form (src/site/render.rs): its fields, their
// error paragraphs (`<id>-<field>-err`), the status line (`<id>-status`) and
// the JSON endpoint (`data-api`) are the server's; anything missing is added,
// nothing is re-rendered. Without this script the same form posts to its page.
function enhanceForm(form, fields) {
  const id = form.id;
  form.noValidate = true;
  const controls = {};
  const errs = {};
  for (const [name] of fields) {
    const ctl = form.elements.namedItem(name);
    if (!ctl || !ctl.tagName) continue;
    if (!ctl.id) ctl.id = `${id}-${name}`;
    let err = document.getElementById(`${ctl.id}-err`);
    if (!err) {
      err = h('p', { class: 'err', id: `${ctl.id}-err` });
      ctl.after(err);
    }
    const described = (ctl.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (!described.includes(err.id)) ctl.setAttribute('aria-describedby', [...described, err.id].join(' '));
    controls[name] = ctl;
    errs[name] = err;
  }
  let status = document.getElementById(`${id}-status`);
  if (!status) {
    status = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite', id: `${id}-status` });
    form.append(status);
  }
  const button = form.querySelector('button[type="submit"], button:not([type])');
  const idle = button ? button.textContent : '';

  const setError = (name, err) => {
    const ctl = controls[name];
    if (!ctl) return false;
    errs[name].textContent = err ? message(err) : '';
    if (err) ctl.setAttribute('aria-invalid', 'true');
    else ctl.removeAttribute('aria-invalid');
    return true;
  };
  const validate = () => {
    const found = {};
    for (const [name, kind, max, required] of fields) {
      if (!controls[name]) continue;
      const e = checkField(kind, max, required, controls[name].value);
      if (e) found[name] = e;
    }
    if (NAME_FIELDS.every((n) => controls[n]) && !found.firstName && !found.lastName &&
      !controls.firstName.value.trim() && !controls.lastName.value.trim()) found.firstName = ['nameRequired'];
    return found;
  };
  const showErrors = (found) => {
    let first = null;
    for (const [name] of fields) {
      setError(name, found[name]);
      if (found[name] && !first) first = controls[name];
    }
    return first;
  };
  const setStatus = (cls, ...content) => {
    status.className = cls ? `notice ${cls}` : 'notice';
    status.replaceChildren(...content);
  };
  const busy = (key) => {
    if (!button) return;
    button.disabled = !!key;
    button.textContent = key ? t(key) : idle;
  };
  const values = () => {
    const body = {};
    for (const [name] of fields) if (controls[name]) body[name] = controls[name].value.trim();
    return body;
  };
  // A field marked invalid is re-checked as it is edited (not on blur: the
  // message vanishing on blur would move the submit button under the pointer).
  for (const [name] of fields) {
    controls[name]?.addEventListener('input', () => {
      if (!controls[name].hasAttribute('aria-invalid')) return;
      const now = validate();
      setError(name, now[name]);
      if (NAME_FIELDS.includes(name)) for (const n of NAME_FIELDS) setError(n, now[n]);
    });
  }
  return { form, controls, status, validate, showErrors, setStatus, busy, values };
}

function wireSubmit(f, url, makeBody, onOk, busyKey, onOther) {
  f.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const found = f.validate();
    const first = f.showErrors(found);
    if (first) {
      f.setStatus('bad', t('fixFields'));
      first.focus();
      return;
    }
    f.busy(busyKey);
    f.setStatus('', t(busyKey));
    const r = await submitJson(url, makeBody());
    f.busy(null);
    if (r.kind === 'ok') return onOk(r.data);
    if (r.kind === 'invalid') {
      const mapped = {};
      const unplaced = [];
      for (const [field, reason] of Object.entries(r.errors)) {
        const name = field === 'market' ? 'industry' : field;
        if (f.controls[name]) mapped[name] = serverReason(reason);
        else unplaced.push(`${field}: ${reason}`);
      }
      const firstBad = f.showErrors(mapped);
      f.setStatus('bad', [t('fixFields'), ...unplaced].join(' '));
      (firstBad || f.status).focus?.();
      return;
    }
    if (onOther && onOther(r)) return;
    f.setStatus('bad', t(r.kind === 'rate' ? 'rateLimited' : r.kind === 'offline' ? 'offline' : 'failed'));
  });
}

function enhanceContact(form) {
  const f = enhanceForm(form, CONTACT_FIELDS);
  const box = form.elements.namedItem('receiveEmails');
  wireSubmit(f, form.dataset.api || '/api/contact', () => ({ ...f.values(), receiveEmails: !!box?.checked }), () => {
    // The confirmation takes the form's place; "send another" brings the
    // same form back, emptied.
    const again = h('button', { class: 'btn', type: 'button', onclick: () => {
      form.reset();
      f.showErrors({});
      f.setStatus('');
      ok.replaceWith(form);
      form.querySelector('input, textarea')?.focus();
    } }, t('sendAnother'));
    const ok = h('div', { class: 'notice ok', role: 'status', tabindex: '-1', id: 'contact-ok' }, h('p', {}, t('contactOk')), again);
    form.replaceWith(ok);
    ok.focus();
  }, 'sending');
}

function enhanceDatasheet(form) {
  const f = enhanceForm(form, DATASHEET_FIELDS);
  const slug = form.elements.namedItem('datasheetSlug')?.value || form.dataset.datasheet || '';
  wireSubmit(f, form.dataset.api || '/api/datasheet/request', () => ({ ...f.values(), datasheetSlug: slug }), (data) => {
    const url = data && typeof data.downloadUrl === 'string' ? data.downloadUrl : '';
    let target;
    try { target = new URL(url, location.origin); } catch { target = null; }
    if (!target || target.origin !== location.origin || !url.startsWith('/api/datasheet/download/')) {
      f.setStatus('bad', t('failed'));
      return;
    }
    f.setStatus('ok', `${t('datasheetOk')} `, h('a', { href: target.pathname, download: '', id: 'datasheet-link' }, t('datasheetLink')));
    // An attachment response: the browser downloads it and the page stays.
    location.assign(target.pathname);
  }, 'requesting', (r) => {
    if (r.kind === 'failed' && r.status === 404) {
      f.setStatus('bad', t('datasheetMissing'));
      return true;
    }
    return false;
  });
}

// ---------------------------------------------------------------- in-page links
// A link to a part of the page it is on moves focus there too (skip link,
// the nav's sections), not just the view.
function focusTarget(hash) {
  let id = hash.slice(1);
  try { id = decodeURIComponent(id); } catch { /* keep it as written */ }
  const target = id && document.getElementById(id);
  if (!target) return false;
  if (!target.hasAttribute('tabindex') && !target.matches('a, button, input, select, textarea')) target.setAttribute('tabindex', '-1');
  target.scrollIntoView();
  target.focus({ preventScroll: true });
  return true;
}

function markNav() {
  for (const a of document.querySelectorAll('.nav a')) {
    const here = a.pathname === location.pathname && a.hash && a.hash === location.hash;
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ---------------------------------------------------------------- visits
// Page-visit beacon to our own server: the only analytics on the site. It
// says how long the previous page of this tab was open (sessionStorage:
// this tab only, never sent anywhere but here).
const VISIT_KEY = 'chloromaster.visit';
function sendVisit() {
  const now = Date.now();
  const page = location.pathname;
  let last = null;
  try { last = JSON.parse(sessionStorage.getItem(VISIT_KEY) || 'null'); } catch { /* storage disabled */ }
  const body = JSON.stringify({
    pageUrl: page,
    pageTitle: document.title,
    referrer: document.referrer,
    sessionDuration: last && Number.isFinite(last.at) && now >= last.at ? Math.round((now - last.at) / 1000) : 0,
  });
  try { sessionStorage.setItem(VISIT_KEY, JSON.stringify({ at: now })); } catch { /* not kept */ }
  try { navigator.sendBeacon?.('/api/pagevisit', new Blob([body], { type: 'application/json' })); } catch { /* best effort */ }
}

function enhancePublicPage() {
  const contact = document.getElementById('contact-form');
  if (contact instanceof HTMLFormElement) enhanceContact(contact);
  const datasheet = document.getElementById('datasheet-form');
  if (datasheet instanceof HTMLFormElement) enhanceDatasheet(datasheet);
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest?.('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname || url.search !== location.search || !url.hash) return;
    let id = url.hash.slice(1);
    try { id = decodeURIComponent(id); } catch { /* keep it as written */ }
    if (!document.getElementById(id)) return;
    ev.preventDefault();
    history.pushState(null, '', url.hash);
    focusTarget(url.hash);
    markNav();
  });
  window.addEventListener('popstate', markNav);
  markNav();
  // The server says which pages are not for the statistics (the not-found
  // page is counted: a broken link someone followed is worth knowing).
  sendVisit();
  // A page restored from the back/forward cache is a page view too.
  window.addEventListener('pageshow', (ev) => { if (ev.persisted) sendVisit(); });
}

// ---------------------------------------------------------------- the admin shell
function noindex() {
  let robots = document.querySelector('meta[name="robots"]');
  if (!robots) document.head.append(robots = h('meta', { name: 'robots', content: 'noindex' }));
}

function applyLang() {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'ar' ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // Landmark and link names that are not visible text (index.html marks them).
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  const btn = document.getElementById('lang');
  if (!btn) return;
  btn.textContent = t('switchTo');
  btn.lang = lang === 'ar' ? 'en' : 'ar';
  btn.setAttribute('aria-label', t('switchLabel'));
}

function notFoundView(main) {
  main.replaceChildren(h('div', { class: 'wrap page', id: 'not-found' },
    h('h1', { id: 'page-title', tabindex: '-1' }, t('notFoundTitle')),
    h('p', { class: 'lead' }, t('notFoundText')),
    h('a', { class: 'btn', href: lang === 'ar' ? '/ar/' : '/' }, t('goHome'))));
  noindex();
  return `${t('notFoundTitle')} — ChloroMaster`;
}

// The administration panel is its own module, fetched only on /admin pages
// (the public pages never download it). It renders into a holder added now,
// so a view that finishes after the user has moved on writes into a detached
// node, never into the next page.
const adminContext = {
  h, noindex, lang: () => lang,
  navigate: (path, replace = false) => navigate(new URL(path, location.origin), replace),
};
async function adminView(main) {
  const holder = h('div', { class: 'admin-root' });
  main.append(holder);
  const mod = await import('/js/admin.js');
  const title = await mod.adminView(holder, adminContext);
  return title ?? notFoundView(main);
}

let renderSeq = 0;
async function render({ focus = true } = {}) {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  main.replaceChildren();
  let title;
  try {
    title = await adminView(main);
  } catch (e) {
    console.warn(e);
    if (seq !== renderSeq) return;
    main.replaceChildren(h('div', { class: 'wrap page' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('notFoundTitle')),
      h('p', { class: 'notice bad', role: 'alert' }, t('loadFailed'))));
    title = 'ChloroMaster';
  }
  if (seq !== renderSeq) return;
  document.title = title;
  const target = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
  if (target) target.scrollIntoView();
  else if (focus) window.scrollTo(0, 0);
  if (focus) (target || document.getElementById('page-title') || main).focus({ preventScroll: true });
}

function navigate(url, replace = false) {
  const same = url.pathname === location.pathname && url.search === location.search;
  history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  if (same && url.hash) {
    focusTarget(url.hash);
    return;
  }
  render();
}

function startAdmin() {
  noindex();
  // Only the panel's own pages are drawn here; a link to the public site is
  // an ordinary page load of the server's page.
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest?.('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin) return;
    const admin = url.pathname === '/admin' || url.pathname.startsWith('/admin/');
    const inPage = url.pathname === location.pathname && url.search === location.search && url.hash;
    if (!admin && !inPage) return;
    ev.preventDefault();
    navigate(url);
  });
  window.addEventListener('popstate', () => {
    if (location.pathname === '/admin' || location.pathname.startsWith('/admin/')) render({ focus: false });
    else location.reload();
  });
  document.getElementById('lang')?.addEventListener('click', () => {
    lang = lang === 'ar' ? 'en' : 'ar';
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* not persisted */ }
    applyLang();
    render({ focus: false }).then(() => document.getElementById('lang')?.focus());
  });
  applyLang();
  render({ focus: false });
}

if (ADMIN) startAdmin();
else enhancePublicPage();
