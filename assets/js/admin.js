// ChloroMaster administration panel. Loaded by app.js with a dynamic import
// only on /admin routes, so the public pages never download it. Same rules
// as the site: no inline code or styles, no innerHTML, every node built with
// the DOM API, English and Arabic.
//
// The session is an HttpOnly cookie scoped to /api/admin: this module never
// sees or stores a token. Any 401 sends the browser to /admin/login with a
// message and the page to come back to.

const S = {
  en: {
    admin: 'Administration', signIn: 'Sign in', signingIn: 'Signing in…', username: 'User name', password: 'Password',
    signInIntro: 'Sign in with your administrator account.',
    badLogin: 'The user name or password is not correct.', tooManyLogins: 'Too many failed sign-ins. Wait a few minutes and try again.',
    expired: 'Your session has ended. Sign in again to continue.', signInFirst: 'Sign in to open that page.',
    signedOut: 'You have signed out.', signOut: 'Sign out', fillBoth: 'Enter your user name and password.',
    nav: 'Administration', dashboard: 'Dashboard', submissions: 'Messages', datasheets: 'Datasheet requests',
    catalogue: 'Catalogue', outbox: 'Mail outbox', viewSite: 'View the site',
    totalVisitors: 'Visitors', uniquePerDay: 'unique per day',
    totalVisitorsHint: 'Each day’s unique visitors, added up over all recorded days (one person on two days counts twice).',
    todayVisitors: 'Visitors today', totalSubmissions: 'Messages',
    todaySubmissions: 'Messages today', unreadSubmissions: 'Unread messages', conversionRate: 'Conversion rate',
    visitsChart: 'Visits per day', views: 'Page views', visitors: 'Visitors', date: 'Date',
    chartLabel: 'Page views per day from {a} to {b}; highest {n}.', noData: 'No visit data yet.',
    topPages: 'Top pages', topSources: 'Traffic sources', page: 'Page', source: 'Source', count: 'Visits', share: 'Share',
    exports: 'Exports and backup', exportSubmissions: 'Messages (CSV)', exportDatasheets: 'Datasheet requests (CSV)',
    backup: 'Download a backup of the database', backupBusy: 'Preparing the backup…',
    loading: 'Loading…', loadFailed: 'This page could not be loaded. Try again in a moment.',
    offline: 'The server could not be reached. Check your connection and try again.',
    failed: 'The server could not do that. Try again in a moment.',
    search: 'Search', searchLabel: 'Search name, e-mail, company or message', apply: 'Search', show: 'Show',
    all: 'All', unread: 'Unread', read: 'Read', none: 'Nothing to show.',
    name: 'Name', email: 'E-mail', company: 'Company', received: 'Received', status: 'Status',
    prev: 'Previous page', next: 'Next page', pageOf: 'Page {a} of {b} ({n} in all)', pagination: 'Pages',
    firstName: 'First name', lastName: 'Last name', phone: 'Phone', industry: 'Industry', country: 'Country',
    postalCode: 'Postal code', message: 'Message', ipAddress: 'IP address', userAgent: 'Browser', receiveEmails: 'Wants news',
    yes: 'Yes', no: 'No', markRead: 'Mark as read', markUnread: 'Mark as unread', markedRead: 'Marked as read.',
    markedUnread: 'Marked as unread.', del: 'Delete', confirmDelete: 'Delete this for good? This cannot be undone.',
    confirmYes: 'Yes, delete', cancel: 'Cancel', deleted: 'Deleted.', backToList: 'Back to the messages',
    notFound: 'It does not exist, or it was deleted.', message_n: 'Message #{n}',
    datasheet: 'Datasheet', requested: 'Requested',
    services: 'Services', products: 'Products and projects', newService: 'New service', newProduct: 'New product',
    edit: 'Edit', slug: 'Address (slug)', titleEn: 'Title (English)', titleAr: 'Title (Arabic)',
    descriptionEn: 'Description (English)', descriptionAr: 'Description (Arabic)', nameEn: 'Name (English)', nameAr: 'Name (Arabic)',
    icon: 'Icon', category: 'Category', isActive: 'Shown on the site', displayOrder: 'Order', serviceSlug: 'Service',
    datasheetField: 'Datasheet (file name without .pdf; empty for none)', images: 'Images (one site path per line)',
    english: 'English', arabic: 'العربية', save: 'Save', saving: 'Saving…', saved: 'Saved.', created: 'Created.',
    fixFields: 'Please correct the highlighted fields.', required: 'This field is required.',
    editService: 'Edit service', editProduct: 'Edit product', active: 'Shown', inactive: 'Hidden', backToCatalogue: 'Back to the catalogue',
    mailOff: 'Sending mail is switched off on this server: new messages and datasheet requests queue no mail, and nothing is sent. Anything listed here was queued while mail was on and waits until it is switched on again. Messages and datasheet requests are still saved in this panel.',
    mailOn: 'Sending mail is switched on.',
    pending: 'Waiting', dead: 'Failed for good', sent: 'Sent', recipient: 'To', subject: 'Subject', kind: 'Kind', attempts: 'Attempts',
    lastError: 'Last error', nextAttempt: 'Next attempt', created_at: 'Queued', dueNow: 'Now', retry: 'Retry now', retried: 'Queued for another attempt.',
    actions: 'Actions', loadMore: 'Reload',
    suppressed: 'Not sent (limit)',
    whyRecipient: 'Not sent: this address already had its mails for the last 24 hours (CHLORO_MAIL_PER_RECIPIENT_PER_DAY).',
    whyHourly: 'Not sent: the hourly limit of mail to visitors was reached (CHLORO_MAIL_VISITOR_PER_HOUR).',
    whyOff: 'Not sent: mail to visitors is switched off (a limit is 0).',
    tooLong: 'Use at most {n} characters.', tooManyImages: 'Use at most {n} images.',
    badSlug: 'Use only lower-case letters, digits and “-” (not at the start or the end).', unknownService: 'Choose an existing service.',
    control: 'This field contains characters that are not allowed.', badEmail: 'Enter a valid e-mail address.',
    badPhone: 'Enter a phone number (digits, spaces, + - ( ) .).', badValue: 'The server did not accept this value ({m}).',
    slugTakenService: 'Another service already uses this address (slug).', slugTakenProduct: 'Another product already uses this address (slug).',
    inUse: 'This service still has {n} product(s): move or delete them first.', refused: 'The server refused this: {m}',
  },
  ar: {
    admin: 'الإدارة', signIn: 'تسجيل الدخول', signingIn: 'جارٍ تسجيل الدخول…', username: 'اسم المستخدم', password: 'كلمة المرور',
    signInIntro: 'سجّل الدخول بحساب المسؤول.',
    badLogin: 'اسم المستخدم أو كلمة المرور غير صحيحة.', tooManyLogins: 'محاولات دخول فاشلة كثيرة. انتظر بضع دقائق ثم حاول مجدداً.',
    expired: 'انتهت جلستك. سجّل الدخول مرة أخرى للمتابعة.', signInFirst: 'سجّل الدخول لفتح تلك الصفحة.',
    signedOut: 'تم تسجيل خروجك.', signOut: 'تسجيل الخروج', fillBoth: 'أدخل اسم المستخدم وكلمة المرور.',
    nav: 'الإدارة', dashboard: 'لوحة المعلومات', submissions: 'الرسائل', datasheets: 'طلبات النشرات الفنية',
    catalogue: 'الكتالوج', outbox: 'صندوق البريد الصادر', viewSite: 'عرض الموقع',
    totalVisitors: 'الزوار', uniquePerDay: 'دون تكرار في اليوم الواحد',
    totalVisitorsHint: 'مجموع الزوار المختلفين في كل يوم على مدى كل الأيام المسجلة (الشخص نفسه في يومين يُحسب مرتين).',
    todayVisitors: 'زوار اليوم', totalSubmissions: 'الرسائل',
    todaySubmissions: 'رسائل اليوم', unreadSubmissions: 'رسائل غير مقروءة', conversionRate: 'معدل التحويل',
    visitsChart: 'الزيارات اليومية', views: 'مشاهدات الصفحات', visitors: 'الزوار', date: 'التاريخ',
    chartLabel: 'مشاهدات الصفحات يومياً من {a} إلى {b}؛ الأعلى {n}.', noData: 'لا توجد بيانات زيارات بعد.',
    topPages: 'الصفحات الأكثر زيارة', topSources: 'مصادر الزيارات', page: 'الصفحة', source: 'المصدر', count: 'الزيارات', share: 'النسبة',
    exports: 'التصدير والنسخ الاحتياطي', exportSubmissions: 'الرسائل (CSV)', exportDatasheets: 'طلبات النشرات الفنية (CSV)',
    backup: 'تنزيل نسخة احتياطية من قاعدة البيانات', backupBusy: 'جارٍ تجهيز النسخة الاحتياطية…',
    loading: 'جارٍ التحميل…', loadFailed: 'تعذّر تحميل هذه الصفحة. حاول بعد قليل.',
    offline: 'تعذّر الوصول إلى الخادم. تحقق من اتصالك وحاول مرة أخرى.',
    failed: 'لم يتمكن الخادم من تنفيذ ذلك. حاول بعد قليل.',
    search: 'بحث', searchLabel: 'ابحث في الاسم أو البريد أو الشركة أو الرسالة', apply: 'بحث', show: 'عرض',
    all: 'الكل', unread: 'غير مقروءة', read: 'مقروءة', none: 'لا يوجد ما يُعرض.',
    name: 'الاسم', email: 'البريد الإلكتروني', company: 'الشركة', received: 'تاريخ الاستلام', status: 'الحالة',
    prev: 'الصفحة السابقة', next: 'الصفحة التالية', pageOf: 'صفحة {a} من {b} ({n} إجمالاً)', pagination: 'الصفحات',
    firstName: 'الاسم الأول', lastName: 'اسم العائلة', phone: 'الهاتف', industry: 'القطاع', country: 'الدولة',
    postalCode: 'الرمز البريدي', message: 'الرسالة', ipAddress: 'عنوان IP', userAgent: 'المتصفح', receiveEmails: 'يرغب في الأخبار',
    yes: 'نعم', no: 'لا', markRead: 'تعليم كمقروءة', markUnread: 'تعليم كغير مقروءة', markedRead: 'عُلّمت كمقروءة.',
    markedUnread: 'عُلّمت كغير مقروءة.', del: 'حذف', confirmDelete: 'هل تريد الحذف نهائياً؟ لا يمكن التراجع عن ذلك.',
    confirmYes: 'نعم، احذف', cancel: 'إلغاء', deleted: 'تم الحذف.', backToList: 'العودة إلى الرسائل',
    notFound: 'غير موجود، أو تم حذفه.', message_n: 'الرسالة رقم {n}',
    datasheet: 'النشرة الفنية', requested: 'تاريخ الطلب',
    services: 'الخدمات', products: 'المنتجات والمشروعات', newService: 'خدمة جديدة', newProduct: 'منتج جديد',
    edit: 'تعديل', slug: 'العنوان (slug)', titleEn: 'العنوان (بالإنجليزية)', titleAr: 'العنوان (بالعربية)',
    descriptionEn: 'الوصف (بالإنجليزية)', descriptionAr: 'الوصف (بالعربية)', nameEn: 'الاسم (بالإنجليزية)', nameAr: 'الاسم (بالعربية)',
    icon: 'الأيقونة', category: 'الفئة', isActive: 'ظاهر في الموقع', displayOrder: 'الترتيب', serviceSlug: 'الخدمة',
    datasheetField: 'النشرة الفنية (اسم الملف دون ‎.pdf؛ فارغ إن لم توجد)', images: 'الصور (مسار واحد في كل سطر)',
    english: 'English', arabic: 'العربية', save: 'حفظ', saving: 'جارٍ الحفظ…', saved: 'تم الحفظ.', created: 'تمت الإضافة.',
    fixFields: 'يرجى تصحيح الحقول المشار إليها.', required: 'هذا الحقل مطلوب.',
    editService: 'تعديل الخدمة', editProduct: 'تعديل المنتج', active: 'ظاهر', inactive: 'مخفي', backToCatalogue: 'العودة إلى الكتالوج',
    mailOff: 'إرسال البريد متوقف على هذا الخادم: لا تُضيف الرسائل وطلبات النشرات الفنية الجديدة أي بريد إلى الصادر، ولا يُرسل شيء. ما يظهر هنا أُضيف حين كان البريد مفعّلًا، وينتظر إعادة تفعيله. تظل الرسائل وطلبات النشرات الفنية محفوظة في لوحة الإدارة.',
    mailOn: 'إرسال البريد مفعّل.',
    pending: 'في الانتظار', dead: 'فشلت نهائياً', sent: 'أُرسلت', recipient: 'إلى', subject: 'الموضوع', kind: 'النوع', attempts: 'المحاولات',
    lastError: 'آخر خطأ', nextAttempt: 'المحاولة التالية', created_at: 'وقت الإضافة', dueNow: 'الآن', retry: 'أعد المحاولة الآن', retried: 'أُضيفت لمحاولة أخرى.',
    actions: 'إجراءات', loadMore: 'تحديث',
    suppressed: 'لم تُرسل (الحد)',
    whyRecipient: 'لم تُرسل: تلقّى هذا العنوان الحد الأقصى من الرسائل خلال آخر 24 ساعة (CHLORO_MAIL_PER_RECIPIENT_PER_DAY).',
    whyHourly: 'لم تُرسل: بلغ البريد المرسل إلى الزوار حدّه في هذه الساعة (CHLORO_MAIL_VISITOR_PER_HOUR).',
    whyOff: 'لم تُرسل: إرسال البريد إلى الزوار متوقف (أحد الحدود يساوي 0).',
    tooLong: 'يرجى ألا يزيد النص على {n} حرفاً.', tooManyImages: 'يرجى ألا يزيد عدد الصور على {n}.',
    badSlug: 'استخدم حروفاً إنجليزية صغيرة وأرقاماً و«-» فقط (لا في البداية ولا في النهاية).', unknownService: 'اختر خدمة موجودة.',
    control: 'يحتوي هذا الحقل على رموز غير مسموح بها.', badEmail: 'أدخل بريداً إلكترونياً صحيحاً.',
    badPhone: 'أدخل رقم هاتف (أرقام ومسافات و + - ( ) .).', badValue: 'لم يقبل الخادم هذه القيمة ({m}).',
    slugTakenService: 'هذا العنوان (slug) مستخدم لخدمة أخرى.', slugTakenProduct: 'هذا العنوان (slug) مستخدم لمنتج آخر.',
    inUse: 'ما زال لهذه الخدمة منتجات ({n}): انقلها أو احذفها أولاً.', refused: 'رفض الخادم ذلك: {m}',
  },
};

let ctx; // from app.js: h, icon, navigate, lang, describe
const t = (k) => (S[ctx.lang()][k] ?? S.en[k] ?? k);
const fill = (k, vars) => t(k).replace(/\{(\w)\}/g, (_, v) => String(vars[v] ?? ''));
const enc = encodeURIComponent;
const USER_KEY = 'chloromaster.admin.user';

// ---------------------------------------------------------------- styles
// The panel's stylesheet is loaded with the module (the public pages never
// pay for it); views render once it has arrived, so nothing jumps.
let styles;
function loadStyles() {
  styles ||= new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/css/admin.css';
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.append(link);
  });
  return styles;
}

// ---------------------------------------------------------------- API
class ApiError extends Error {
  constructor(kind, status, data) {
    super(`${kind} ${status}`);
    this.kind = kind;
    this.status = status;
    this.data = data;
  }
}

let leaving = false; // a 401 is being handled: stop everything else
async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('offline', 0, null);
  }
  let data = null;
  if (res.status !== 204) {
    try { data = await res.json(); } catch { /* empty or not JSON */ }
  }
  if (res.ok) return data;
  if (res.status === 401 && path !== '/api/admin/login') {
    sessionExpired();
    throw new ApiError('expired', 401, data);
  }
  const kind = { 400: 'invalid', 404: 'missing', 409: 'conflict', 429: 'rate' }[res.status] || 'failed';
  throw new ApiError(kind, res.status, data);
}

// Back to the sign-in page, remembering where we were.
function sessionExpired() {
  if (leaving) return;
  leaving = true;
  let wasSignedIn = false;
  try { wasSignedIn = !!sessionStorage.getItem(USER_KEY); sessionStorage.removeItem(USER_KEY); } catch { /* no storage */ }
  const next = location.pathname + location.search;
  ctx.navigate(`/admin/login?reason=${wasSignedIn ? 'expired' : 'signin'}&next=${enc(next)}`, true);
}

// Only pages of the panel are places to come back to.
function safeNext(raw) {
  if (typeof raw !== 'string' || !/^\/admin\/[A-Za-z0-9\-._~%/?=&+]*$/.test(raw) || raw.startsWith('/admin/login')) return '/admin/dashboard';
  return raw;
}

// The server explains a 400 or 409 in English. The reasons it gives (field
// checks in src/api/validate.rs and src/api/admin/catalogue.rs, conflicts in
// the latter) are shown in the page's language; an unknown one is quoted
// inside a translated sentence.
const isolate = (text) => `\u2068${text}\u2069`; // English inside Arabic keeps its own direction
const REASONS = [
  [/^is required$/, 'required'],
  [/at most (\d+) characters/, 'tooLong'],
  [/at most (\d+) images/, 'tooManyImages'],
  [/lower-case letters, digits and '-'/, 'badSlug'],
  [/slug of an existing service/, 'unknownService'],
  [/control characters/, 'control'],
  [/valid e-mail address/, 'badEmail'],
  [/phone number/, 'badPhone'],
];
const CONFLICTS = [
  // [server message, text, the field it is about]
  [/^Another service already has this slug/, 'slugTakenService', 'slug'],
  [/^Another product already has this slug/, 'slugTakenProduct', 'slug'],
  [/still has (\d+) product/, 'inUse', null],
];
// The number a matched server message names (a length, a count), if any.
const countIn = (m) => (m[1] === undefined ? '' : num(m[1]));
function reasonText(reason) {
  const r = String(reason);
  for (const [re, key] of REASONS) {
    const m = r.match(re);
    if (m) return fill(key, { n: countIn(m) });
  }
  return fill('badValue', { m: isolate(r) });
}
const fieldName = (f) => (Object.hasOwn(S.en, f) ? t(f) : f);

// A refused write: {text} for the page's status line, {fields} (name → text)
// for the fields the server named, {listed} (one line per field) for a page
// without those fields. Null when the error is not a 400/409.
function refusal(e) {
  if (!(e instanceof ApiError) || (e.kind !== 'invalid' && e.kind !== 'conflict')) return null;
  const d = e.data || {};
  if (d.errors && typeof d.errors === 'object') {
    const fields = Object.fromEntries(Object.entries(d.errors).map(([f, r]) => [f, reasonText(r)]));
    return { text: t('fixFields'), fields, listed: Object.entries(fields).map(([f, x]) => `${fieldName(f)}: ${x}`) };
  }
  const message = typeof d.message === 'string' ? d.message : '';
  for (const [re, key, field] of CONFLICTS) {
    const m = message.match(re);
    if (!m) continue;
    const text = fill(key, { n: countIn(m) });
    return { text, fields: field ? { [field]: text } : {}, listed: [] };
  }
  return { text: message ? fill('refused', { m: isolate(message) }) : t('failed'), fields: {}, listed: [] };
}

function errorText(e) {
  if (!(e instanceof ApiError)) return t('failed');
  if (e.kind === 'offline') return t('offline');
  if (e.kind === 'missing') return t('notFound');
  const r = refusal(e);
  if (r) return [r.text, ...r.listed].join(' ');
  return t('failed');
}

// ---------------------------------------------------------------- small pieces
function h(...args) { return ctx.h(...args); }
function fmtDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso || '');
  return new Intl.DateTimeFormat(ctx.lang() === 'ar' ? 'ar-EG' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
const num = (n, opts) => new Intl.NumberFormat(ctx.lang() === 'ar' ? 'ar-EG' : 'en', opts).format(Number(n) || 0);
const ltr = (text) => h('span', { dir: 'ltr', class: 'ltr' }, String(text ?? ''));
const status = (id) => h('p', { class: 'notice', role: 'status', 'aria-live': 'polite', tabindex: '-1', id });
function setNotice(el, cls, text) {
  el.className = `notice ${cls}`;
  el.textContent = text;
}
const failure = (e) => h('p', { class: 'notice bad', role: 'alert' }, errorText(e));
const title = (text) => h('h1', { id: 'page-title', tabindex: '-1' }, text);

// A scrollable table region that keyboard users can scroll too.
function table(label, heads, rows) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' },
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows)));
}

// An inline "are you sure?" instead of window.confirm: keyboard-friendly,
// translated, and it keeps focus where the user is.
function confirmDelete(button, onYes) {
  const box = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': t('confirmDelete') });
  const yes = h('button', { type: 'button', class: 'btn btn-danger', 'data-confirm': 'yes' }, t('confirmYes'));
  const no = h('button', { type: 'button', class: 'btn btn-quiet' }, t('cancel'));
  const close = () => { box.remove(); button.hidden = false; button.focus(); };
  no.addEventListener('click', close);
  box.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') close(); });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    // On failure the reason is in the page's status line; the question goes.
    const ok = await onYes();
    if (ok === false && box.isConnected) close();
  });
  box.append(h('p', {}, t('confirmDelete')), h('div', { class: 'row' }, yes, no));
  button.hidden = true;
  button.after(box);
  yes.focus();
}

// ---------------------------------------------------------------- layout
const SECTIONS = [
  ['dashboard', '/admin/dashboard'],
  ['submissions', '/admin/submissions'],
  ['datasheets', '/admin/datasheet-requests'],
  ['catalogue', '/admin/catalogue'],
  ['outbox', '/admin/outbox'],
];

function frame(main, active, ...content) {
  const out = h('button', { type: 'button', class: 'btn btn-quiet', id: 'admin-signout' }, t('signOut'));
  out.addEventListener('click', signOut);
  let user = '';
  try { user = sessionStorage.getItem(USER_KEY) || ''; } catch { /* no storage */ }
  const nav = h('nav', { class: 'admin-nav', 'aria-label': t('nav') },
    h('ul', {}, SECTIONS.map(([key, href]) => h('li', {},
      h('a', { href, 'aria-current': key === active ? 'page' : null }, t(key))))),
    h('div', { class: 'admin-user' }, user ? h('span', { class: 'who' }, ltr(user)) : null, out));
  const body = h('div', { class: 'admin-body' }, content);
  main.append(h('div', { class: 'wrap page admin', id: 'admin' }, nav, body));
  return body;
}

async function signOut() {
  try {
    await api('/api/admin/logout', { method: 'POST' });
  } catch (e) {
    if (e.kind === 'expired') return; // already signed out: sessionExpired took over
  }
  try { sessionStorage.removeItem(USER_KEY); } catch { /* no storage */ }
  ctx.navigate('/admin/login?reason=signedout', true);
}

// ---------------------------------------------------------------- login
function loginView(main) {
  const q = new URLSearchParams(location.search);
  const reason = q.get('reason');
  const next = safeNext(q.get('next'));
  const msg = { expired: 'expired', signin: 'signInFirst', signedout: 'signedOut' }[reason];
  const note = h('p', { class: msg === 'signedOut' ? 'notice ok' : 'notice', role: 'status', id: 'login-reason' }, msg ? t(msg) : '');
  const user = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, dir: 'ltr', 'aria-describedby': 'login-status', autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, dir: 'ltr', 'aria-describedby': 'login-status' });
  const stat = h('p', { class: 'notice', role: 'alert', id: 'login-status' });
  const button = h('button', { type: 'submit', class: 'btn' }, t('signIn'));
  const form = h('form', { id: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: user.id }, t('username')), user),
    h('div', { class: 'field' }, h('label', { for: pass.id }, t('password')), pass),
    button, stat);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!user.value.trim() || !pass.value) {
      setNotice(stat, 'bad', t('fillBoth'));
      (user.value.trim() ? pass : user).focus();
      return;
    }
    button.disabled = true;
    button.textContent = t('signingIn');
    stat.className = 'notice';
    stat.textContent = '';
    try {
      const r = await api('/api/admin/login', { method: 'POST', body: { username: user.value.trim(), password: pass.value } });
      try { sessionStorage.setItem(USER_KEY, (r && r.username) || user.value.trim()); } catch { /* no storage */ }
      leaving = false;
      ctx.navigate(next, true);
    } catch (e) {
      button.disabled = false;
      button.textContent = t('signIn');
      pass.value = '';
      setNotice(stat, 'bad', e.status === 401 ? t('badLogin') : e.kind === 'rate' ? t('tooManyLogins') : errorText(e));
      pass.focus();
    }
  });
  leaving = false;
  main.append(h('div', { class: 'wrap page admin-login', id: 'admin' },
    title(t('signIn')), h('p', {}, t('signInIntro')), note, form));
  queueMicrotask(() => user.focus());
  return t('signIn');
}

// ---------------------------------------------------------------- dashboard
async function dashboardView(main) {
  const body = frame(main, 'dashboard', title(t('dashboard')), h('p', { class: 'loading', role: 'status' }, t('loading')));
  const s = await api('/api/admin/dashboard/stats');
  const cards = [
    ['totalVisitors', num(s.totalVisitors)], ['todayVisitors', num(s.todayVisitors)],
    ['totalSubmissions', num(s.totalSubmissions)], ['todaySubmissions', num(s.todaySubmissions)],
    ['unreadSubmissions', num(s.unreadSubmissions)], ['conversionRate', `${num(s.conversionRate, { maximumFractionDigits: 2 })} %`],
  ];
  body.replaceChildren(
    title(t('dashboard')),
    h('dl', { class: 'stats', id: 'stats' }, cards.map(([k, v]) => h('div', { 'data-stat': k, title: k === 'totalVisitors' ? t('totalVisitorsHint') : null },
      h('dt', {}, t(k), k === 'totalVisitors' ? h('span', { class: 'stat-note' }, t('uniquePerDay')) : null), h('dd', {}, v)))),
    h('section', { class: 'admin-section', 'aria-labelledby': 'chart-h' }, h('h2', { id: 'chart-h' }, t('visitsChart')), visitsChart(s.visitsPerDay)),
    h('div', { class: 'admin-cols' },
      h('section', { 'aria-labelledby': 'pages-h' }, h('h2', { id: 'pages-h' }, t('topPages')),
        (s.topPages || []).length ? table(t('topPages'), [t('page'), t('views')], s.topPages.map((p) => h('tr', {}, h('td', {}, ltr(p.page)), h('td', {}, num(p.views))))) : h('p', {}, t('noData'))),
      h('section', { 'aria-labelledby': 'sources-h' }, h('h2', { id: 'sources-h' }, t('topSources')),
        (s.topTrafficSources || []).length ? table(t('topSources'), [t('source'), t('count'), t('share')], s.topTrafficSources.map((x) => h('tr', {}, h('td', {}, ltr(x.source)), h('td', {}, num(x.count)), h('td', {}, `${num(x.percentage, { maximumFractionDigits: 1 })} %`)))) : h('p', {}, t('noData')))),
    exportsSection());
  return t('dashboard');
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const kid of kids) if (kid) el.append(kid);
  return el;
}

// Views per day as bars, visitors as a line; time runs in the reading
// direction (right to left in Arabic). A table carries the same numbers for
// screen readers.
function visitsChart(days) {
  if (!Array.isArray(days) || days.length === 0) return h('p', { class: 'notice', id: 'chart-empty' }, t('noData'));
  const W = 720, H = 240, PAD = 28, n = days.length;
  const max = Math.max(1, ...days.map((d) => Number(d.views) || 0));
  const step = (W - 2 * PAD) / n;
  const rtl = ctx.lang() === 'ar';
  const xOf = (i) => (rtl ? W - PAD - (i + 1) * step : PAD + i * step);
  const yOf = (v) => H - PAD - ((Number(v) || 0) / max) * (H - 2 * PAD);
  const dayFmt = new Intl.DateTimeFormat(rtl ? 'ar-EG' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const label = (d) => { const x = new Date(`${d.date}T00:00:00Z`); return Number.isNaN(x.getTime()) ? String(d.date) : dayFmt.format(x); };
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', focusable: 'false',
    'aria-label': fill('chartLabel', { a: label(days[0]), b: label(days[n - 1]), n: num(max) }) });
  chart.append(svg('line', { x1: PAD, x2: W - PAD, y1: H - PAD, y2: H - PAD, class: 'axis' }));
  chart.append(svg('text', { x: rtl ? W - PAD : PAD, y: PAD - 10, class: 'tick', 'text-anchor': 'start' }, document.createTextNode(num(max))));
  days.forEach((d, i) => {
    const y = yOf(d.views);
    const bar = svg('rect', { x: xOf(i) + step * 0.15, y, width: Math.max(1, step * 0.7), height: H - PAD - y, class: 'bar' });
    bar.append(svg('title', {}, document.createTextNode(`${label(d)}: ${num(d.views)} ${t('views')}, ${num(d.visitors)} ${t('visitors')}`)));
    chart.append(bar);
  });
  const points = days.map((d, i) => `${(xOf(i) + step / 2).toFixed(1)},${yOf(d.visitors).toFixed(1)}`).join(' ');
  chart.append(svg('polyline', { points, class: 'line', fill: 'none' }));
  for (const i of [0, n - 1]) {
    chart.append(svg('text', { x: xOf(i) + step / 2, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, document.createTextNode(label(days[i]))));
  }
  const legend = h('p', { class: 'legend', 'aria-hidden': 'true' },
    h('span', { class: 'key key-bar' }), t('views'), ' ', h('span', { class: 'key key-line' }), t('visitors'));
  const data = h('table', { class: 'visually-hidden' }, h('caption', {}, t('visitsChart')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('date')), h('th', { scope: 'col' }, t('views')), h('th', { scope: 'col' }, t('visitors')))),
    h('tbody', {}, days.map((d) => h('tr', {}, h('td', {}, label(d)), h('td', {}, num(d.views)), h('td', {}, num(d.visitors))))));
  return h('figure', { class: 'chart-box', id: 'visits-chart' }, chart, legend, data);
}

function exportsSection() {
  const note = status('backup-status');
  const backup = h('a', { href: '/api/admin/backup', class: 'btn btn-quiet', id: 'backup-link' }, t('backup'));
  // Fetched first so a failure or an ended session is a message on this
  // page, not a JSON error page in the browser.
  backup.addEventListener('click', async (ev) => {
    ev.preventDefault();
    setNotice(note, '', t('backupBusy'));
    let res;
    try { res = await fetch('/api/admin/backup', { credentials: 'same-origin' }); } catch { setNotice(note, 'bad', t('offline')); return; }
    if (res.status === 401) { sessionExpired(); return; }
    if (!res.ok) { setNotice(note, 'bad', t('failed')); return; }
    const blob = await res.blob();
    const cd = res.headers.get('Content-Disposition') || '';
    const m = cd.match(/filename="?([^";]+)"?/);
    const a = h('a', { href: URL.createObjectURL(blob), download: m ? m[1] : 'chloromaster-backup' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    note.className = 'notice';
    note.textContent = '';
  });
  return h('section', { class: 'admin-section', 'aria-labelledby': 'exports-h' }, h('h2', { id: 'exports-h' }, t('exports')),
    h('div', { class: 'row' },
      h('a', { href: '/api/admin/submissions.csv', class: 'btn btn-quiet', download: '', id: 'csv-submissions' }, t('exportSubmissions')),
      h('a', { href: '/api/admin/datasheet-requests.csv', class: 'btn btn-quiet', download: '', id: 'csv-datasheets' }, t('exportDatasheets')),
      backup),
    note);
}

// ---------------------------------------------------------------- lists
function pager(p, hrefFor) {
  const pages = Math.max(1, Number(p.totalPages) || 1);
  const cur = Number(p.page) || 1;
  const link = (n, key, rel) => (n >= 1 && n <= pages && n !== cur
    ? h('a', { href: hrefFor(n), class: 'btn btn-quiet', rel }, t(key))
    : h('span', { class: 'btn btn-quiet', 'aria-disabled': 'true' }, t(key)));
  return h('nav', { class: 'pager', 'aria-label': t('pagination') },
    link(cur - 1, 'prev', 'prev'),
    h('span', { class: 'pager-info', id: 'pager-info' }, fill('pageOf', { a: num(cur), b: num(pages), n: num(p.total) })),
    link(cur + 1, 'next', 'next'));
}

async function submissionsView(main) {
  const q = new URLSearchParams(location.search);
  const page = Math.max(1, parseInt(q.get('page'), 10) || 1);
  const search = (q.get('search') || '').slice(0, 200);
  const show = ['read', 'unread'].includes(q.get('status')) ? q.get('status') : 'all';
  const searchBox = h('input', { type: 'search', id: 'sub-search', name: 'search', value: search, dir: 'auto' });
  const filter = h('select', { id: 'sub-status', name: 'status' }, ['all', 'unread', 'read'].map((v) => h('option', { value: v, selected: v === show }, t(v))));
  const form = h('form', { class: 'filters', role: 'search', id: 'sub-filters' },
    h('div', { class: 'field' }, h('label', { for: searchBox.id }, t('searchLabel')), searchBox),
    h('div', { class: 'field' }, h('label', { for: filter.id }, t('show')), filter),
    h('button', { type: 'submit', class: 'btn' }, t('apply')));
  const go = () => {
    const p = new URLSearchParams();
    if (searchBox.value.trim()) p.set('search', searchBox.value.trim());
    if (filter.value !== 'all') p.set('status', filter.value);
    const qs = p.toString();
    ctx.navigate(`/admin/submissions${qs ? `?${qs}` : ''}`);
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go(); });
  filter.addEventListener('change', go);
  const list = h('div', { id: 'sub-list' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  frame(main, 'submissions', title(t('submissions')), form, list);
  const params = new URLSearchParams({ page: String(page), pageSize: '20' });
  if (search) params.set('search', search);
  if (show !== 'all') params.set('status', show);
  const p = await api(`/api/admin/submissions?${params}`);
  const hrefFor = (n) => {
    const x = new URLSearchParams(location.search);
    x.set('page', String(n));
    return `/admin/submissions?${x}`;
  };
  list.replaceChildren(...(p.data.length === 0 ? [h('p', { id: 'sub-empty' }, t('none'))] : [
    table(t('submissions'), [t('name'), t('email'), t('company'), t('received'), t('status')], p.data.map((s) => h('tr', { class: s.isRead ? 'is-read' : 'is-unread', 'data-id': String(s.id) },
      h('td', {}, h('a', { href: `/admin/submissions/${s.id}` }, s.fullName || `#${s.id}`)),
      h('td', {}, ltr(s.email)), h('td', {}, s.company || ''), h('td', {}, fmtDate(s.submittedAt)),
      h('td', {}, h('span', { class: s.isRead ? 'tag' : 'tag tag-new' }, t(s.isRead ? 'read' : 'unread')))))),
    pager(p, hrefFor)]));
  return t('submissions');
}

async function submissionView(main, id) {
  const body = frame(main, 'submissions', h('p', { class: 'loading', role: 'status' }, t('loading')));
  let s;
  try {
    s = await api(`/api/admin/submissions/${enc(id)}`);
  } catch (e) {
    if (e.kind !== 'missing') throw e;
    body.replaceChildren(title(fill('message_n', { n: id })), h('p', { class: 'notice bad', id: 'sub-missing' }, t('notFound')),
      h('a', { href: '/admin/submissions' }, t('backToList')));
    return fill('message_n', { n: id });
  }
  const note = status('sub-status-msg');
  const readBtn = h('button', { type: 'button', class: 'btn', id: 'sub-toggle-read' });
  const readState = h('span', { id: 'sub-read-state' });
  const showRead = () => {
    readBtn.textContent = t(s.isRead ? 'markUnread' : 'markRead');
    readState.replaceChildren(h('span', { class: s.isRead ? 'tag' : 'tag tag-new' }, t(s.isRead ? 'read' : 'unread')));
  };
  showRead();
  readBtn.addEventListener('click', async () => {
    readBtn.disabled = true;
    try {
      s = await api(`/api/admin/submissions/${enc(id)}/read`, { method: 'PATCH', body: !s.isRead });
      showRead();
      setNotice(note, 'ok', t(s.isRead ? 'markedRead' : 'markedUnread'));
    } catch (e) {
      if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e));
    } finally {
      readBtn.disabled = false;
    }
  });
  const delBtn = h('button', { type: 'button', class: 'btn btn-danger', id: 'sub-delete' }, t('del'));
  delBtn.addEventListener('click', () => confirmDelete(delBtn, async () => {
    try {
      await api(`/api/admin/submissions/${enc(id)}`, { method: 'DELETE' });
      ctx.navigate('/admin/submissions', true);
      return true;
    } catch (e) {
      if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e));
      return false;
    }
  }));
  const name = `${s.firstName || ''} ${s.lastName || ''}`.trim() || fill('message_n', { n: s.id });
  const rows = [
    ['email', ltr(s.email)], ['phone', ltr(s.phone)], ['company', s.company], ['industry', s.industry], ['country', s.country],
    ['postalCode', s.postalCode], ['received', fmtDate(s.submittedAt)], ['receiveEmails', t(s.receiveEmails ? 'yes' : 'no')],
    ['ipAddress', s.ipAddress ? ltr(s.ipAddress) : '—'], ['userAgent', ltr(s.userAgent)], ['status', readState],
  ];
  body.replaceChildren(
    h('p', {}, h('a', { href: '/admin/submissions', id: 'back-to-list' }, t('backToList'))),
    title(name),
    h('dl', { class: 'facts', id: 'sub-facts' }, rows.map(([k, v]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, v || '—')))),
    h('h2', {}, t('message')),
    h('p', { class: 'message-text', dir: 'auto', id: 'sub-message' }, s.message || ''),
    h('div', { class: 'row actions-row' }, readBtn, delBtn),
    note);
  return `${name} — ${t('submissions')}`;
}

async function datasheetsView(main) {
  const q = new URLSearchParams(location.search);
  const page = Math.max(1, parseInt(q.get('page'), 10) || 1);
  const list = h('div', { id: 'ds-list' }, h('p', { class: 'loading', role: 'status' }, t('loading')));
  frame(main, 'datasheets', title(t('datasheets')),
    h('p', {}, h('a', { href: '/api/admin/datasheet-requests.csv', download: '', class: 'btn btn-quiet' }, t('exportDatasheets'))), list);
  const p = await api(`/api/admin/datasheet-requests?page=${page}&pageSize=20`);
  list.replaceChildren(...(p.data.length === 0 ? [h('p', { id: 'ds-empty' }, t('none'))] : [
    table(t('datasheets'), [t('name'), t('email'), t('phone'), t('company'), t('country'), t('datasheet'), t('requested')], p.data.map((r) => h('tr', { 'data-id': String(r.id) },
      h('td', {}, r.fullName || ''), h('td', {}, ltr(r.email)), h('td', {}, ltr(r.phone)), h('td', {}, r.company || ''),
      h('td', {}, r.country || ''), h('td', {}, ltr(r.datasheet)), h('td', {}, fmtDate(r.requestedAt))))),
    pager(p, (n) => `/admin/datasheet-requests?page=${n}`)]));
  return t('datasheets');
}

// ---------------------------------------------------------------- catalogue
async function catalogueView(main) {
  const body = frame(main, 'catalogue', title(t('catalogue')), h('p', { class: 'loading', role: 'status' }, t('loading')));
  const [services, products] = await Promise.all([api('/api/admin/services'), api('/api/admin/products')]);
  const note = status('cat-status');
  const svcTitle = Object.fromEntries(services.map((s) => [s.slug, ctx.lang() === 'ar' ? s.titleAr || s.titleEn : s.titleEn || s.titleAr]));
  const delButton = (label, path) => {
    const b = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'aria-label': `${t('del')}: ${label}` }, t('del'));
    b.addEventListener('click', () => confirmDelete(b, async () => {
      try {
        await api(path, { method: 'DELETE' });
        setNotice(note, 'ok', t('deleted'));
        b.closest('tr')?.remove();
        note.focus?.();
        return true;
      } catch (e) {
        if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e));
        return false;
      }
    }));
    return b;
  };
  const name = (x, base) => (ctx.lang() === 'ar' ? x[`${base}Ar`] || x[`${base}En`] : x[`${base}En`] || x[`${base}Ar`]) || x.slug;
  body.replaceChildren(
    title(t('catalogue')), note,
    h('section', { class: 'admin-section', 'aria-labelledby': 'svc-h' },
      h('div', { class: 'row spread' }, h('h2', { id: 'svc-h' }, t('services')), h('a', { class: 'btn', href: '/admin/catalogue/services/new', id: 'new-service' }, t('newService'))),
      table(t('services'), [t('name'), t('slug'), t('category'), t('status'), t('actions')], services.map((s) => h('tr', { 'data-slug': s.slug },
        h('td', {}, h('a', { href: `/admin/catalogue/services/${enc(s.id)}` }, name(s, 'title'))), h('td', {}, ltr(s.slug)), h('td', {}, ltr(s.category)),
        h('td', {}, t(s.isActive === false ? 'inactive' : 'active')),
        h('td', {}, h('a', { class: 'btn btn-quiet btn-small', href: `/admin/catalogue/services/${enc(s.id)}`, 'aria-label': `${t('edit')}: ${name(s, 'title')}` }, t('edit')), ' ', delButton(name(s, 'title'), `/api/admin/services/${enc(s.id)}`)))))),
    h('section', { class: 'admin-section', 'aria-labelledby': 'prod-h' },
      h('div', { class: 'row spread' }, h('h2', { id: 'prod-h' }, t('products')), h('a', { class: 'btn', href: '/admin/catalogue/products/new', id: 'new-product' }, t('newProduct'))),
      table(t('products'), [t('name'), t('slug'), t('serviceSlug'), t('datasheet'), t('actions')], products.map((p) => h('tr', { 'data-slug': p.slug },
        h('td', {}, h('a', { href: `/admin/catalogue/products/${enc(p.slug)}` }, name(p, 'name'))), h('td', {}, ltr(p.slug)),
        h('td', {}, svcTitle[p.serviceSlug] || p.serviceSlug), h('td', {}, p.datasheet ? ltr(p.datasheet) : '—'),
        h('td', {}, h('a', { class: 'btn btn-quiet btn-small', href: `/admin/catalogue/products/${enc(p.slug)}`, 'aria-label': `${t('edit')}: ${name(p, 'name')}` }, t('edit')), ' ', delButton(name(p, 'name'), `/api/admin/products/${enc(p.slug)}`)))))));
  return t('catalogue');
}

// Field: [name, kind, options]. Pairs of English/Arabic fields sit side by side.
const SERVICE_FIELDS = [
  ['slug', 'slug'], ['titleEn', 'text', 'en'], ['titleAr', 'text', 'ar'], ['descriptionEn', 'multiline', 'en'], ['descriptionAr', 'multiline', 'ar'],
  ['icon', 'slug'], ['category', 'slug'], ['displayOrder', 'number'], ['isActive', 'check'],
];
const PRODUCT_FIELDS = [
  ['slug', 'slug'], ['serviceSlug', 'service'], ['nameEn', 'text', 'en'], ['nameAr', 'text', 'ar'], ['descriptionEn', 'multiline', 'en'], ['descriptionAr', 'multiline', 'ar'],
  ['datasheet', 'slug'], ['images', 'lines'],
];

async function editView(main, kind, key) {
  const isService = kind === 'services';
  const heading = key === 'new' ? t(isService ? 'newService' : 'newProduct') : t(isService ? 'editService' : 'editProduct');
  const body = frame(main, 'catalogue', title(heading), h('p', { class: 'loading', role: 'status' }, t('loading')));
  const [list, services] = await Promise.all([api(`/api/admin/${kind}`), isService ? Promise.resolve([]) : api('/api/admin/services')]);
  const item = key === 'new' ? null : list.find((x) => String(isService ? x.id : x.slug) === key);
  if (key !== 'new' && !item) {
    body.replaceChildren(title(heading), h('p', { class: 'notice bad' }, t('notFound')), h('a', { href: '/admin/catalogue' }, t('backToCatalogue')));
    return heading;
  }
  const fields = isService ? SERVICE_FIELDS : PRODUCT_FIELDS;
  const controls = {};
  const errs = {};
  const id = 'cat-form';
  const control = ([name, type, l]) => {
    const fid = `${id}-${name}`;
    const v = item ? item[name] : undefined;
    const common = { id: fid, name, 'aria-describedby': `${fid}-err` };
    if (l === 'ar') Object.assign(common, { dir: 'rtl', lang: 'ar' });
    else if (l === 'en') Object.assign(common, { dir: 'ltr', lang: 'en' });
    else common.dir = 'ltr';
    let ctl;
    if (type === 'multiline') ctl = h('textarea', { ...common, rows: '5' });
    else if (type === 'lines') ctl = h('textarea', { ...common, rows: '3' });
    else if (type === 'check') ctl = h('input', { ...common, type: 'checkbox' });
    else if (type === 'number') ctl = h('input', { ...common, type: 'number', inputmode: 'numeric', step: '1' });
    else if (type === 'service') ctl = h('select', common, services.map((s) => h('option', { value: s.slug }, `${s.titleEn || s.slug} — ${s.titleAr || ''}`)));
    else ctl = h('input', { ...common, type: 'text', autocapitalize: 'none', spellcheck: type === 'slug' ? 'false' : null });
    if (type === 'check') ctl.checked = item ? item[name] !== false : true;
    else if (type === 'lines') ctl.value = Array.isArray(v) ? v.join('\n') : '';
    else if (type === 'number') ctl.value = v == null ? '0' : String(v);
    else if (type === 'service') { if (v) ctl.value = String(v); }
    else ctl.value = v == null ? '' : String(v);
    controls[name] = ctl;
    errs[name] = h('p', { class: 'err', id: `${fid}-err` });
    const label = type === 'check'
      ? h('label', { class: 'check', for: fid }, ctl, t(name))
      : h('label', { for: fid }, t(name === 'datasheet' ? 'datasheetField' : name));
    return h('div', { class: `field${l ? ` lang-${l}` : ''}`, 'data-field': name }, label, type === 'check' ? null : ctl, errs[name]);
  };
  const note = status('cat-form-status');
  const button = h('button', { type: 'submit', class: 'btn' }, t('save'));
  const form = h('form', { id, novalidate: true, class: 'cat-form' },
    h('div', { class: 'pair-head', 'aria-hidden': 'true' }, h('span', { lang: 'en' }, t('english')), h('span', { lang: 'ar' }, t('arabic'))),
    h('div', { class: 'pairs' }, fields.filter((f) => f[2]).map(control)),
    h('div', { class: 'fields' }, fields.filter((f) => !f[2]).map(control)),
    h('div', { class: 'row' }, button, h('a', { href: '/admin/catalogue', class: 'btn btn-quiet' }, t('backToCatalogue'))),
    note);
  const collect = () => {
    const out = {};
    for (const [name, type] of fields) {
      const c = controls[name];
      if (type === 'check') out[name] = c.checked;
      else if (type === 'number') out[name] = Number.parseInt(c.value, 10) || 0;
      else if (type === 'lines') out[name] = c.value.split('\n').map((x) => x.trim()).filter(Boolean);
      else if (name === 'datasheet') out[name] = c.value.trim() || null;
      else out[name] = c.value.trim();
    }
    return out;
  };
  const showErrors = (found) => {
    let first = null;
    for (const [name] of fields) {
      const e = found[name];
      errs[name].textContent = e ? (Array.isArray(e) ? e.join(' ') : String(e)) : '';
      if (e) { controls[name].setAttribute('aria-invalid', 'true'); first ||= controls[name]; } else controls[name].removeAttribute('aria-invalid');
    }
    return first;
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const required = isService ? ['slug', 'titleEn', 'titleAr'] : ['slug', 'serviceSlug', 'nameEn', 'nameAr'];
    const data = collect();
    const missing = Object.fromEntries(required.filter((n) => !data[n]).map((n) => [n, t('required')]));
    const first = showErrors(missing);
    if (first) { setNotice(note, 'bad', t('fixFields')); first.focus(); return; }
    button.disabled = true;
    button.textContent = t('saving');
    try {
      const path = key === 'new' ? `/api/admin/${kind}` : `/api/admin/${kind}/${enc(key)}`;
      const saved = await api(path, { method: key === 'new' ? 'POST' : 'PUT', body: data });
      const newKey = saved ? String(isService ? saved.id ?? key : saved.slug ?? data.slug) : key;
      if (key === 'new' || newKey !== key) {
        ctx.navigate(`/admin/catalogue/${kind}/${enc(newKey)}?saved=1`, true);
        return;
      }
      setNotice(note, 'ok', t('saved'));
    } catch (e) {
      if (e.kind === 'expired') return;
      const r = refusal(e);
      if (r) {
        const unplaced = Object.entries(r.fields).filter(([f]) => !controls[f]).map(([f, x]) => `${fieldName(f)}: ${x}`);
        const bad = showErrors(r.fields);
        setNotice(note, 'bad', [r.text, ...unplaced].join(' '));
        (bad || note).focus?.();
      } else {
        setNotice(note, 'bad', errorText(e));
      }
    } finally {
      button.disabled = false;
      button.textContent = t('save');
    }
  });
  if (new URLSearchParams(location.search).get('saved')) setNotice(note, 'ok', t('saved'));
  body.replaceChildren(h('p', {}, h('a', { href: '/admin/catalogue' }, t('backToCatalogue'))), title(heading), form);
  return heading;
}

// ---------------------------------------------------------------- outbox
async function outboxView(main) {
  const body = frame(main, 'outbox', title(t('outbox')), h('p', { class: 'loading', role: 'status' }, t('loading')));
  const note = status('outbox-status');
  const content = h('div', { class: 'admin-section', id: 'outbox-content' });
  // After a retry or a delete the page shows the server's new state: a
  // retried message is attempted again at once and may already have failed.
  const refresh = async () => show(await api('/api/admin/outbox'));
  const act = (label, name, path, method, done) => {
    const b = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'aria-label': `${label}: ${name}` }, label);
    const run = async () => {
      try {
        await api(path, { method });
      } catch (e) {
        if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e));
        return false;
      }
      setNotice(note, 'ok', done);
      try {
        await refresh();
      } catch (e) {
        if (e.kind === 'expired') return true;
        if (method === 'DELETE') b.closest('tr')?.remove();
      }
      note.focus();
      return true;
    };
    b.addEventListener('click', () => (method === 'DELETE' ? confirmDelete(b, run) : run()));
    return b;
  };
  // A message the mail limits stopped is never sent: it can only be deleted.
  const STATES = { pending: 'pending', dead: 'dead', suppressed: 'suppressed' };
  const WHY = { 'recipient-daily-limit': 'whyRecipient', 'hourly-limit': 'whyHourly', 'visitor-mail-off': 'whyOff' };
  const show = (o) => {
    const messages = Array.isArray(o.messages) ? o.messages : [];
    content.replaceChildren(
      h('p', { class: o.enabled ? 'notice ok' : 'notice', id: 'outbox-mode' }, t(o.enabled ? 'mailOn' : 'mailOff')),
      h('dl', { class: 'stats', id: 'outbox-counts' }, [['pending', o.pending], ['dead', o.dead], ['sent', o.sent], ['suppressed', o.suppressed ?? 0]].map(([k, v]) => h('div', { 'data-stat': k }, h('dt', {}, t(k)), h('dd', {}, num(v))))),
      messages.length === 0 ? h('p', { id: 'outbox-empty' }, t('none')) :
        table(t('outbox'), [t('status'), t('recipient'), t('subject'), t('attempts'), t('lastError'), t('nextAttempt'), t('actions')], messages.map((m) => {
          const name = m.subject || `#${m.id}`;
          const state = STATES[m.status] ?? 'pending';
          const why = state === 'suppressed' && WHY[m.suppressedReason];
          const del = act(t('del'), name, `/api/admin/outbox/${enc(m.id)}`, 'DELETE', t('deleted'));
          return h('tr', { 'data-id': String(m.id), 'data-status': state },
            h('td', { 'data-col': 'status' }, h('span', { class: state === 'pending' ? 'tag' : 'tag tag-new' }, t(state))),
            h('td', { 'data-col': 'recipient' }, ltr(m.recipient)), h('td', { dir: 'auto', 'data-col': 'subject' }, m.subject || ''),
            h('td', { 'data-col': 'attempts' }, num(m.attempts)),
            h('td', { 'data-col': 'lastError' }, why ? t(why) : m.lastError ? ltr(m.lastError) : '—'),
            h('td', { 'data-col': 'nextAttempt' }, m.nextAttemptAt ? fmtDate(m.nextAttemptAt) : state === 'pending' ? t('dueNow') : '—'),
            state === 'suppressed' ? h('td', {}, del) :
              h('td', {}, act(t('retry'), name, `/api/admin/outbox/${enc(m.id)}/retry`, 'POST', t('retried')), ' ', del));
        })));
  };
  show(await api('/api/admin/outbox'));
  body.replaceChildren(title(t('outbox')), note, content);
  return t('outbox');
}

// ---------------------------------------------------------------- entry
// Called by app.js's router for every /admin path; returns the page title.
export async function adminView(main, context) {
  ctx = context;
  await loadStyles();
  const p = location.pathname.replace(/\/+$/, '');
  let m;
  let view;
  if (p === '/admin') history.replaceState(null, '', '/admin/dashboard');
  if (p === '/admin/login') view = () => loginView(main);
  else if (p === '/admin' || p === '/admin/dashboard') view = () => dashboardView(main);
  else if (p === '/admin/submissions') view = () => submissionsView(main);
  else if ((m = p.match(/^\/admin\/submissions\/(\d+)$/))) view = () => submissionView(main, m[1]);
  else if (p === '/admin/datasheet-requests') view = () => datasheetsView(main);
  else if (p === '/admin/catalogue') view = () => catalogueView(main);
  else if ((m = p.match(/^\/admin\/catalogue\/(services|products)\/([^/]+)$/))) view = () => editView(main, m[1], decodeURIComponent(m[2]));
  else if (p === '/admin/outbox') view = () => outboxView(main);
  else return null; // not an admin page: app.js shows its not-found view
  ctx.noindex();
  try {
    const name = await view();
    return `${name} — ${t('admin')} — ChloroMaster`;
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'expired') return `${t('signIn')} — ChloroMaster`;
    if (!(e instanceof ApiError)) console.warn(e);
    const body = main.querySelector('.admin-body') || main;
    body.replaceChildren(title(t('admin')), failure(e));
    return `${t('admin')} — ChloroMaster`;
  }
}
