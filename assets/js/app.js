// ChloroMaster public site: one module, no framework, no build step.
// Client-side routes with real URLs (History API), English and Arabic,
// catalogue from /api, forms validated like the server (src/api/validate.rs).
// Works under the strict CSP: no inline code or styles, no eval, no
// innerHTML with data — every node is built with the DOM API.

const S = {
  en: {
    skip: 'Skip to content',
    navServices: 'Services', navAbout: 'About', navClients: 'Clients', navFaq: 'FAQ', navContact: 'Contact',
    switchTo: 'العربية', switchLabel: 'اقرأ الموقع بالعربية',
    home: 'Home', homeLabel: 'ChloroMaster — home',
    navLabel: 'Main', legalLabel: 'Legal', breadcrumbLabel: 'Breadcrumb',
    siteTitle: 'ChloroMaster — chlorination and water-treatment equipment',
    heroTitle: 'Chlorine handled safely, dosed precisely',
    heroLead: 'We supply chlorine handling, dosing and safety equipment, and install and commission complete chlorination systems for drinking-water and wastewater plants.',
    heroServices: 'Explore our services', heroContact: 'Talk to an engineer',
    servicesTitle: 'What we do',
    servicesIntro: 'Two lines of work that meet at the same plant: the equipment that keeps chlorine under control, and the people who put it in service.',
    viewService: 'See the details',
    aboutTitle: 'About ChloroMaster',
    aboutP1: 'ChloroMaster is an engineering company focused on one thing: chlorination that is safe for operators and reliable for the water it treats.',
    aboutP2: 'From lifting a one-ton drum to flushing a line with nitrogen before maintenance, our equipment covers each step of a chlorine installation. Our site teams install, test and hand over complete systems, and train the people who run them.',
    statProducts: 'chlorine safety and dosing products', statProjects: 'installation projects', statServices: 'service lines',
    clientsTitle: 'Who we work with',
    clientsIntro: 'Contractors and operators who build and run water infrastructure have trusted our equipment and our site teams, among them:',
    clients: ['Veolia', 'Metito', 'Hassan Allam Holding', 'The Arab Contractors'],
    faqTitle: 'Frequently asked questions',
    faq: [
      ['Do you install the equipment you supply?', 'Yes. Our installation and commissioning team can take a chlorination system from delivery to handover, including pressure tests, leak checks and operator training.'],
      ['How do I get a product datasheet?', 'Open the product’s page and fill in the short datasheet form. The PDF downloads straight away, and we keep your details only to follow up on your request.'],
      ['Can you help with an existing chlorine room?', 'Yes. We regularly add safety equipment such as emergency kits, safety showers, scrubbers and change-over units to installations that are already running.'],
      ['Which plants do you work on?', 'Drinking-water treatment plants, wastewater plants, storage tanks and industrial sites that disinfect with chlorine gas.'],
      ['How quickly will you answer my message?', 'An engineer reads every message and answers within two working days.'],
    ],
    contactTitle: 'Contact us',
    contactIntro: 'Tell us about your plant or your project. Fields marked * are required.',
    firstName: 'First name', lastName: 'Last name', email: 'E-mail', phone: 'Phone', company: 'Company',
    industry: 'Industry', country: 'Country', postalCode: 'Postal code', message: 'Message',
    receiveEmails: 'Send me occasional news about ChloroMaster products',
    send: 'Send message', sending: 'Sending…',
    contactOk: 'Thank you — your message has been received. An engineer will reply within two working days.',
    sendAnother: 'Send another message',
    fixFields: 'Please correct the highlighted fields.',
    rateLimited: 'You have sent several requests in a short time. Please wait a little and try again — or e-mail us directly.',
    failed: 'Sorry, something went wrong on our side and your request was not sent. Please try again in a few minutes.',
    offline: 'Your request could not reach us. Check your connection and try again.',
    required: 'This field is required.', nameRequired: 'Please give a first or last name.',
    tooLong: 'Please use at most {n} characters.', badEmail: 'Please enter a valid e-mail address.',
    badPhone: 'Please enter a phone number (digits, spaces, + - ( ) .).', control: 'This field contains characters that are not allowed.',
    productsTitle: 'Products', projectsTitle: 'Projects',
    loading: 'Loading…', loadFailed: 'The catalogue could not be loaded. Please reload the page.',
    datasheetTitle: 'Download the datasheet',
    datasheetIntro: 'Leave your contact details and the PDF datasheet downloads at once.',
    datasheetName: 'Datasheet', getDatasheet: 'Download datasheet', requesting: 'Preparing…',
    datasheetOk: 'Your datasheet is downloading. If it does not start, use this link:',
    datasheetLink: 'download the PDF', datasheetMissing: 'This datasheet is not available at the moment. Please contact us and we will send it.',
    noDatasheet: 'Interested in a similar project?', noDatasheetText: 'Tell us about your plant and we will propose a system and a schedule.',
    contactLink: 'Contact us',
    backTo: 'Back to', related: 'Service',
    notFoundTitle: 'Page not found', notFoundText: 'The page you are looking for does not exist or has moved.', goHome: 'Go to the home page',
    privacy: 'Privacy policy', terms: 'Terms of use',
    privacyBody: [
      ['What we collect', 'When you send the contact form or request a datasheet we store what you typed, the time, your IP address and your browser’s user-agent, so that we can answer you and protect the forms from abuse.'],
      ['Visit statistics', 'When you open a page, your browser tells our own server which page it was, where you came from and what kind of device you use. We store no IP address with a visit; a daily-changing hash lets us count unique visitors. No third-party analytics, cookies or trackers are used.'],
      ['How we use it', 'Only to answer your request, send the datasheet you asked for and, if you ticked the box, send occasional product news. We do not sell or share your details.'],
      ['Your choices', 'You can ask us at any time to see, correct or delete what we hold about you by writing through the contact form.'],
      ['Language preference', 'Your language choice is kept in your browser’s local storage and never sent to us.'],
    ],
    termsBody: [
      ['Information on this site', 'Product descriptions and datasheets are provided for information. Final specifications are confirmed in our written offer for each project.'],
      ['Datasheets', 'Datasheets may be used to evaluate and specify ChloroMaster equipment. Please do not republish them without our permission.'],
      ['Safety', 'Chlorine is hazardous. Equipment must be installed and operated by trained staff in line with local regulations and the manufacturer’s instructions.'],
      ['Liability', 'We take care that this site is accurate but cannot accept liability for decisions made on its content alone.'],
    ],
  },
  ar: {
    skip: 'انتقل إلى المحتوى',
    navServices: 'الخدمات', navAbout: 'من نحن', navClients: 'العملاء', navFaq: 'الأسئلة الشائعة', navContact: 'اتصل بنا',
    switchTo: 'English', switchLabel: 'Read the site in English',
    home: 'الرئيسية', homeLabel: 'كلورو ماستر — الصفحة الرئيسية',
    navLabel: 'القائمة الرئيسية', legalLabel: 'روابط قانونية', breadcrumbLabel: 'مسار التنقل',
    siteTitle: 'كلورو ماستر — معدات الكلورة ومعالجة المياه',
    heroTitle: 'تداول آمن للكلور وحقن دقيق',
    heroLead: 'نورّد معدات مناولة الكلور وحقنه والأمان، ونركّب أنظمة الكلورة الكاملة ونشغّلها في محطات مياه الشرب والصرف الصحي.',
    heroServices: 'تعرّف على خدماتنا', heroContact: 'تحدّث إلى مهندس',
    servicesTitle: 'ماذا نقدّم',
    servicesIntro: 'مجالان يلتقيان في المحطة نفسها: المعدات التي تُبقي الكلور تحت السيطرة، والفريق الذي يضعها في الخدمة.',
    viewService: 'عرض التفاصيل',
    aboutTitle: 'عن كلورو ماستر',
    aboutP1: 'كلورو ماستر شركة هندسية تركّز على أمر واحد: كلورة آمنة للمشغّلين وموثوقة للمياه التي تعالجها.',
    aboutP2: 'من رفع اسطوانة سعة طن إلى تطهير الخطوط بالنيتروجين قبل الصيانة، تغطي معداتنا كل مرحلة في منظومة الكلور. وتتولى فرقنا الميدانية تركيب الأنظمة الكاملة واختبارها وتسليمها وتدريب العاملين عليها.',
    statProducts: 'منتجاً للأمان وحقن الكلور', statProjects: 'مشروع تركيب', statServices: 'مجالا خدمة',
    clientsTitle: 'عملاؤنا',
    clientsIntro: 'وثق في معداتنا وفرقنا الميدانية مقاولون ومشغّلون يبنون مرافق المياه ويديرونها، ومنهم:',
    clients: ['فيوليا', 'ميتيتو', 'حسن علام القابضة', 'المقاولون العرب'],
    faqTitle: 'الأسئلة الشائعة',
    faq: [
      ['هل تقومون بتركيب المعدات التي تورّدونها؟', 'نعم. يستطيع فريق التركيب والتشغيل لدينا تسلّم منظومة الكلورة من التوريد حتى التسليم، بما في ذلك اختبارات الضغط وفحص التسرب وتدريب المشغّلين.'],
      ['كيف أحصل على النشرة الفنية لمنتج؟', 'افتح صفحة المنتج واملأ نموذج النشرة الفنية القصير، فيبدأ تنزيل ملف PDF فوراً، ولا نستخدم بياناتك إلا لمتابعة طلبك.'],
      ['هل يمكنكم تطوير غرفة كلور قائمة؟', 'نعم. نضيف باستمرار معدات الأمان مثل حقائب الطوارئ ودشّ الأمان وأنظمة المعادلة ووحدات التحويل إلى منشآت تعمل بالفعل.'],
      ['ما نوع المحطات التي تعملون بها؟', 'محطات معالجة مياه الشرب ومحطات الصرف الصحي وخزانات المياه والمواقع الصناعية التي تستخدم غاز الكلور في التطهير.'],
      ['متى تردّون على رسالتي؟', 'يقرأ مهندس كل رسالة ويرد عليها خلال يومي عمل.'],
    ],
    contactTitle: 'اتصل بنا',
    contactIntro: 'أخبرنا عن محطتك أو مشروعك. الحقول المعلّمة بـ * مطلوبة.',
    firstName: 'الاسم الأول', lastName: 'اسم العائلة', email: 'البريد الإلكتروني', phone: 'الهاتف', company: 'الشركة',
    industry: 'القطاع', country: 'الدولة', postalCode: 'الرمز البريدي', message: 'الرسالة',
    receiveEmails: 'أرسلوا لي أخبار منتجات كلورو ماستر من حين لآخر',
    send: 'إرسال الرسالة', sending: 'جارٍ الإرسال…',
    contactOk: 'شكراً لك — وصلتنا رسالتك، وسيرد عليك أحد مهندسينا خلال يومي عمل.',
    sendAnother: 'إرسال رسالة أخرى',
    fixFields: 'يرجى تصحيح الحقول المشار إليها.',
    rateLimited: 'أرسلت عدة طلبات في وقت قصير. يرجى الانتظار قليلاً ثم المحاولة مرة أخرى، أو مراسلتنا بالبريد مباشرة.',
    failed: 'عذراً، حدث خطأ لدينا ولم يُرسل طلبك. يرجى المحاولة بعد دقائق.',
    offline: 'تعذّر وصول طلبك إلينا. تحقق من اتصالك وحاول مرة أخرى.',
    required: 'هذا الحقل مطلوب.', nameRequired: 'يرجى كتابة الاسم الأول أو اسم العائلة.',
    tooLong: 'يرجى ألا يزيد النص على {n} حرفاً.', badEmail: 'يرجى إدخال بريد إلكتروني صحيح.',
    badPhone: 'يرجى إدخال رقم هاتف (أرقام ومسافات و + - ( ) .).', control: 'يحتوي هذا الحقل على رموز غير مسموح بها.',
    productsTitle: 'المنتجات', projectsTitle: 'المشروعات',
    loading: 'جارٍ التحميل…', loadFailed: 'تعذّر تحميل الكتالوج. يرجى إعادة تحميل الصفحة.',
    datasheetTitle: 'تنزيل النشرة الفنية',
    datasheetIntro: 'اترك بيانات التواصل وسيبدأ تنزيل النشرة الفنية بصيغة PDF فوراً.',
    datasheetName: 'النشرة الفنية', getDatasheet: 'تنزيل النشرة الفنية', requesting: 'جارٍ التجهيز…',
    datasheetOk: 'يجري تنزيل النشرة الفنية. إذا لم يبدأ التنزيل فاستخدم هذا الرابط:',
    datasheetLink: 'تنزيل ملف PDF', datasheetMissing: 'هذه النشرة غير متاحة حالياً. تواصل معنا وسنرسلها إليك.',
    noDatasheet: 'هل تخطط لمشروع مماثل؟', noDatasheetText: 'أخبرنا عن محطتك وسنقترح عليك منظومة وجدولاً زمنياً.',
    contactLink: 'اتصل بنا',
    backTo: 'العودة إلى', related: 'الخدمة',
    notFoundTitle: 'الصفحة غير موجودة', notFoundText: 'الصفحة التي تبحث عنها غير موجودة أو نُقلت.', goHome: 'العودة إلى الصفحة الرئيسية',
    privacy: 'سياسة الخصوصية', terms: 'شروط الاستخدام',
    privacyBody: [
      ['ما الذي نجمعه', 'عند إرسال نموذج التواصل أو طلب نشرة فنية نحفظ ما كتبته ووقت الإرسال وعنوان IP ومعرّف المتصفح، لنتمكن من الرد عليك وحماية النماذج من إساءة الاستخدام.'],
      ['إحصاءات الزيارات', 'عند فتح صفحة يخبر متصفحك خادمنا الخاص بالصفحة ومصدر الزيارة ونوع الجهاز. لا نحفظ عنوان IP مع الزيارة، وإنما بصمة تتغير يومياً لعدّ الزوار. لا نستخدم أي أدوات تحليل أو ملفات تعريف ارتباط أو متتبعات من جهات خارجية.'],
      ['كيف نستخدمها', 'للرد على طلبك وإرسال النشرة التي طلبتها فقط، وإرسال أخبار المنتجات إن وافقت على ذلك. لا نبيع بياناتك ولا نشاركها.'],
      ['خياراتك', 'يمكنك في أي وقت أن تطلب الاطلاع على بياناتك أو تصحيحها أو حذفها عبر نموذج التواصل.'],
      ['تفضيل اللغة', 'يُحفظ اختيارك للغة في التخزين المحلي لمتصفحك ولا يُرسل إلينا.'],
    ],
    termsBody: [
      ['المعلومات في هذا الموقع', 'أوصاف المنتجات والنشرات الفنية للعلم فقط، وتُعتمد المواصفات النهائية في عرضنا المكتوب لكل مشروع.'],
      ['النشرات الفنية', 'يمكن استخدام النشرات الفنية لتقييم معدات كلورو ماستر وتحديد مواصفاتها، ويرجى عدم إعادة نشرها دون إذن منا.'],
      ['السلامة', 'الكلور مادة خطرة، ويجب أن يركّب المعدات ويشغّلها عاملون مدرَّبون وفق اللوائح المحلية وتعليمات الصانع.'],
      ['المسؤولية', 'نحرص على دقة محتوى الموقع، لكننا لا نتحمل المسؤولية عن قرارات تُتخذ بناءً عليه وحده.'],
    ],
  },
};

// ---------------------------------------------------------------- language
const LANG_KEY = 'chloromaster.lang';
function initialLang() {
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
let lang = initialLang();
const t = (k) => (S[lang][k] ?? S.en[k] ?? k);
const pick = (obj, base) => (lang === 'ar' ? obj[base + 'Ar'] || obj[base + 'En'] : obj[base + 'En'] || obj[base + 'Ar']) || '';

function applyLang() {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'ar' ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // Landmark and link names that are not visible text (index.html marks them).
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  const btn = document.getElementById('lang');
  btn.textContent = t('switchTo');
  btn.lang = lang === 'ar' ? 'en' : 'ar';
  btn.setAttribute('aria-label', t('switchLabel'));
}

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
const SVG_NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  flask: 'M9 3h6M10 3v6L4.5 18.5A2 2 0 0 0 6.2 21.5h11.6a2 2 0 0 0 1.7-3L14 9V3M7 15h10',
  wrench: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z',
  drop: 'M12 3s6 6.5 6 11a6 6 0 0 1-12 0c0-4.5 6-11 6-11z',
  arrow: 'M5 12h14M13 6l6 6-6 6',
};
function icon(name, cls) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', cls);
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name] || ICONS.drop);
  svg.append(path);
  return svg;
}
// An arrow that points "forward" in the reading direction (mirrored in RTL).
const arrow = () => icon('arrow', 'dir-icon card-arrow');

// ---------------------------------------------------------------- API
const cache = new Map();
async function getJson(path) {
  if (cache.has(path)) return cache.get(path);
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const data = await res.json();
  cache.set(path, data);
  return data;
}
const enc = encodeURIComponent;

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

// ---------------------------------------------------------------- forms
const drafts = {}; // form id -> {field: value}, so a language switch keeps what was typed
const CONTACT_FIELDS = [
  ['firstName', 'text', 100, false, { autocomplete: 'given-name' }],
  ['lastName', 'text', 100, false, { autocomplete: 'family-name' }],
  ['email', 'email', 254, true, { type: 'email', autocomplete: 'email', inputmode: 'email' }],
  ['phone', 'phone', 32, true, { type: 'tel', autocomplete: 'tel' }],
  ['company', 'text', 200, false, { autocomplete: 'organization' }],
  ['industry', 'text', 100, false, {}],
  ['country', 'text', 100, false, { autocomplete: 'country-name' }],
  ['postalCode', 'text', 20, false, { autocomplete: 'postal-code' }],
  ['message', 'multiline', 5000, true, { wide: true }],
];
const DATASHEET_FIELDS = [
  ['firstName', 'text', 100, false, { autocomplete: 'given-name' }],
  ['lastName', 'text', 100, false, { autocomplete: 'family-name' }],
  ['email', 'email', 254, true, { type: 'email', autocomplete: 'email', inputmode: 'email' }],
  ['phone', 'phone', 32, true, { type: 'tel', autocomplete: 'tel' }],
  ['company', 'text', 200, false, { autocomplete: 'organization' }],
  ['country', 'text', 100, false, { autocomplete: 'country-name' }],
];
const NAME_FIELDS = ['firstName', 'lastName'];

function buildForm(id, fields, submitKey, extra) {
  const draft = (drafts[id] ||= {});
  const status = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite', id: `${id}-status` });
  const controls = {};
  const errs = {};
  const fieldEls = fields.map(([name, kind, max, required, o]) => {
    const fid = `${id}-${name}`;
    const attrs = { id: fid, name, autocomplete: o.autocomplete, inputmode: o.inputmode, 'aria-describedby': `${fid}-err`,
      'aria-required': required ? 'true' : null, maxlength: String(max),
      // Addresses and numbers read left to right in both languages; free text follows what is typed.
      dir: kind === 'email' || kind === 'phone' ? 'ltr' : 'auto' };
    const ctl = kind === 'multiline' ? h('textarea', { ...attrs, rows: '6' }) : h('input', { ...attrs, type: o.type || 'text' });
    ctl.value = draft[name] || '';
    ctl.addEventListener('input', () => { draft[name] = ctl.value; });
    controls[name] = ctl;
    errs[name] = h('p', { class: 'err', id: `${fid}-err` });
    const label = h('label', { for: fid }, t(name), required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
    return h('div', { class: o.wide ? 'field wide' : 'field' }, label, ctl, errs[name]);
  });
  const button = h('button', { class: 'btn', type: 'submit' }, t(submitKey));
  const form = h('form', { id, novalidate: true, 'aria-describedby': `${id}-status` }, h('div', { class: 'fields' }, fieldEls), extra?.(draft), button, status);

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
    status.className = `notice ${cls}`;
    status.replaceChildren(...content);
  };
  // A field marked invalid is re-checked as it is edited (not on blur: the
  // message vanishing on blur would move the submit button under the pointer).
  for (const [name] of fields) {
    controls[name].addEventListener('input', () => {
      if (!controls[name].hasAttribute('aria-invalid')) return;
      const now = validate();
      setError(name, now[name]);
      if (NAME_FIELDS.includes(name)) for (const n of NAME_FIELDS) setError(n, now[n]);
    });
  }
  return { form, controls, button, status, draft, validate, showErrors, setStatus, setError };
}

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

function wireSubmit(f, url, makeBody, onOk, busyKey, idleKey, onOther) {
  f.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const found = f.validate();
    const first = f.showErrors(found);
    if (first) {
      f.setStatus('bad', t('fixFields'));
      first.focus();
      return;
    }
    f.button.disabled = true;
    f.button.textContent = t(busyKey);
    f.setStatus('', t(busyKey));
    const r = await submitJson(url, makeBody());
    f.button.disabled = false;
    f.button.textContent = t(idleKey);
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

function valuesOf(f, fields) {
  const body = {};
  for (const [name] of fields) body[name] = f.controls[name].value.trim();
  return body;
}

function contactForm(holder) {
  const id = 'contact-form';
  const f = buildForm(id, CONTACT_FIELDS, 'send', (draft) => {
    const box = h('input', { type: 'checkbox', id: `${id}-receiveEmails`, name: 'receiveEmails' });
    box.checked = !!draft.receiveEmails;
    box.addEventListener('change', () => { draft.receiveEmails = box.checked; });
    return h('div', { class: 'field wide' }, h('label', { class: 'check', for: box.id }, box, t('receiveEmails')));
  });
  wireSubmit(f, '/api/contact', () => ({ ...valuesOf(f, CONTACT_FIELDS), receiveEmails: !!f.draft.receiveEmails }), () => {
    delete drafts[id];
    const again = h('button', { class: 'btn', type: 'button', onclick: () => {
      holder.replaceChildren(contactForm(holder));
      holder.querySelector('input')?.focus();
    } }, t('sendAnother'));
    const ok = h('div', { class: 'notice ok', role: 'status', tabindex: '-1', id: 'contact-ok' }, h('p', {}, t('contactOk')), again);
    holder.replaceChildren(ok);
    ok.focus();
  }, 'sending', 'send');
  return f.form;
}

function contactSection() {
  const holder = h('div', {});
  holder.append(contactForm(holder));
  return h('section', { class: 'section alt', id: 'contact', 'aria-labelledby': 'contact-h' },
    h('div', { class: 'wrap two' },
      h('div', {}, h('h2', { id: 'contact-h' }, t('contactTitle')), h('p', { class: 'section-intro' }, t('contactIntro'))),
      holder));
}

function datasheetSection(product) {
  const id = 'datasheet-form';
  const f = buildForm(id, DATASHEET_FIELDS, 'getDatasheet', () =>
    h('p', { class: 'hint' }, `${t('datasheetName')}: `, h('span', { lang: 'en', dir: 'ltr' }, `${product.datasheet}.pdf`)));
  wireSubmit(f, '/api/datasheet/request', () => ({ ...valuesOf(f, DATASHEET_FIELDS), datasheetSlug: product.datasheet }), (data) => {
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
  }, 'requesting', 'getDatasheet', (r) => {
    if (r.kind === 'failed' && r.status === 404) {
      f.setStatus('bad', t('datasheetMissing'));
      return true;
    }
    return false;
  });
  return h('section', { class: 'panel', id: 'datasheet', 'aria-labelledby': 'datasheet-h' },
    h('h2', { id: 'datasheet-h' }, t('datasheetTitle')), h('p', {}, t('datasheetIntro')), f.form);
}

// ---------------------------------------------------------------- views
// Each view sets the page's description for sharing and search previews.
let description = '';
const describe = (text) => { description = text; };
const loading = () => h('p', { class: 'loading', role: 'status' }, t('loading'));
const loadFailed = () => h('p', { class: 'notice bad', role: 'alert' }, t('loadFailed'));
const crumbs = (...items) => h('nav', { class: 'crumbs', 'aria-label': t('breadcrumbLabel') }, h('ol', {}, items.map(([label, href], i) =>
  h('li', {}, i === items.length - 1 ? h('span', { 'aria-current': 'page' }, label) : h('a', { href }, label)))));

function productCard(p) {
  return h('li', { class: 'card' }, icon(p.datasheet ? 'drop' : 'wrench', 'card-icon'),
    h('h3', {}, h('a', { href: `/equipment/${enc(p.slug)}` }, pick(p, 'name'))),
    h('p', {}, pick(p, 'description')));
}

async function homeView(main) {
  const servicesList = h('ul', { class: 'grid' }, h('li', {}, loading()));
  const stats = h('dl', { class: 'stats' });
  main.append(
    h('section', { class: 'hero', 'aria-labelledby': 'page-title' }, h('div', { class: 'wrap' },
      h('h1', { id: 'page-title', tabindex: '-1' }, t('heroTitle')),
      h('p', { class: 'lead' }, t('heroLead')),
      h('div', { class: 'actions' },
        h('a', { class: 'btn btn-light', href: '/#services' }, t('heroServices')),
        h('a', { class: 'btn btn-ghost', href: '/#contact' }, t('heroContact'))))),
    h('section', { class: 'section', id: 'services', 'aria-labelledby': 'services-h' }, h('div', { class: 'wrap' },
      h('h2', { id: 'services-h' }, t('servicesTitle')), h('p', { class: 'section-intro' }, t('servicesIntro')), servicesList)),
    h('section', { class: 'section alt', id: 'about', 'aria-labelledby': 'about-h' }, h('div', { class: 'wrap' },
      h('h2', { id: 'about-h' }, t('aboutTitle')), h('p', { class: 'lead' }, t('aboutP1')), h('p', {}, t('aboutP2')), stats)),
    h('section', { class: 'section', id: 'clients', 'aria-labelledby': 'clients-h' }, h('div', { class: 'wrap' },
      h('h2', { id: 'clients-h' }, t('clientsTitle')), h('p', { class: 'section-intro' }, t('clientsIntro')),
      h('ul', { class: 'clients' }, t('clients').map((c) => h('li', {}, c))))),
    h('section', { class: 'section faq', id: 'faq', 'aria-labelledby': 'faq-h' }, h('div', { class: 'wrap' },
      h('h2', { id: 'faq-h' }, t('faqTitle')),
      t('faq').map(([q, a]) => h('details', {}, h('summary', {}, q), h('p', {}, a))))),
    contactSection());
  try {
    const [services, products] = await Promise.all([getJson('/api/services'), getJson('/api/products')]);
    servicesList.replaceChildren(...(services || []).map((s) => h('li', { class: 'card' }, icon(s.icon, 'card-icon'),
      h('h3', {}, pick(s, 'title')), h('p', {}, pick(s, 'description')),
      h('a', { class: 'more', href: `/service/${enc(s.slug)}` }, t('viewService'), ' ', arrow()))));
    const withSheet = (products || []).filter((p) => p.datasheet).length;
    const nf = new Intl.NumberFormat(lang === 'ar' ? 'ar-EG' : 'en');
    stats.replaceChildren(
      ...[[withSheet, 'statProducts'], [(products || []).length - withSheet, 'statProjects'], [(services || []).length, 'statServices']]
        .map(([n, k]) => h('div', {}, h('dt', {}, t(k)), h('dd', {}, nf.format(n)))));
  } catch (e) {
    console.warn(e);
    servicesList.replaceChildren(h('li', {}, loadFailed()));
  }
  describe(t('heroLead'));
  return t('siteTitle');
}

async function serviceView(main, slug) {
  const wrap = h('div', { class: 'wrap page' }, loading());
  main.append(wrap);
  const [service, products] = await Promise.all([getJson(`/api/services/${enc(slug)}`), getJson(`/api/products?service=${enc(slug)}`)]);
  if (!service) return notFoundView(main);
  const title = pick(service, 'title');
  const projects = service.category === 'installation';
  wrap.replaceChildren(
    crumbs([t('home'), '/'], [title]),
    h('h1', { id: 'page-title', tabindex: '-1' }, title),
    h('p', { class: 'lead' }, pick(service, 'description')),
    h('h2', {}, t(projects ? 'projectsTitle' : 'productsTitle')),
    h('ul', { class: 'grid' }, (products || []).map(productCard)));
  describe(pick(service, 'description'));
  return `${title} — ChloroMaster`;
}

async function equipmentView(main, slug) {
  const wrap = h('div', { class: 'wrap page' }, loading());
  main.append(wrap);
  const product = await getJson(`/api/products/${enc(slug)}`);
  if (!product) return notFoundView(main);
  const services = (await getJson('/api/services')) || [];
  const service = services.find((s) => s.slug === product.serviceSlug);
  const name = pick(product, 'name');
  const svcTitle = service ? pick(service, 'title') : product.serviceSlug;
  wrap.replaceChildren(
    crumbs([t('home'), '/'], [svcTitle, `/service/${enc(product.serviceSlug)}`], [name]),
    h('div', { class: 'two' },
      h('div', {},
        h('span', { class: 'tag' }, svcTitle),
        h('h1', { id: 'page-title', tabindex: '-1' }, name),
        h('p', { class: 'lead' }, pick(product, 'description')),
        // Images are the catalogue's own files (img-src 'self'): only same-origin paths.
        (product.images || []).filter((src) => typeof src === 'string' && src.startsWith('/') && !src.startsWith('//'))
          .map((src) => h('img', { class: 'product-img', src, alt: name, loading: 'lazy' })),
        h('p', {}, h('a', { href: `/service/${enc(product.serviceSlug)}` }, `${t('backTo')} ${svcTitle}`))),
      product.datasheet ? datasheetSection(product) : h('section', { class: 'panel' },
        h('h2', {}, t('noDatasheet')), h('p', {}, t('noDatasheetText')), h('a', { class: 'btn', href: '/#contact' }, t('contactLink')))));
  describe(pick(product, 'description'));
  return `${name} — ChloroMaster`;
}

function textView(main, titleKey, bodyKey) {
  main.append(h('div', { class: 'wrap page' },
    crumbs([t('home'), '/'], [t(titleKey)]),
    h('h1', { id: 'page-title', tabindex: '-1' }, t(titleKey)),
    t(bodyKey).map(([head, body]) => [h('h2', {}, head), h('p', {}, body)])));
  describe(t(bodyKey)[0][1]);
  return `${t(titleKey)} — ChloroMaster`;
}

function notFoundView(main) {
  main.replaceChildren(h('div', { class: 'wrap page', id: 'not-found' },
    h('h1', { id: 'page-title', tabindex: '-1' }, t('notFoundTitle')),
    h('p', { class: 'lead' }, t('notFoundText')),
    h('a', { class: 'btn', href: '/' }, t('goHome'))));
  noindex();
  return `${t('notFoundTitle')} — ChloroMaster`;
}

// The administration panel is its own module, fetched only on /admin pages
// (the public pages never download it). It renders into a holder added now,
// so a view that finishes after the user has moved on writes into a detached
// node, never into the next page.
function noindex() {
  let robots = document.querySelector('meta[name="robots"]');
  if (!robots) document.head.append(robots = h('meta', { name: 'robots', content: 'noindex' }));
}
const adminContext = {
  h, icon, noindex, lang: () => lang,
  navigate: (path, replace = false) => navigate(new URL(path, location.origin), replace),
};
async function adminView(main) {
  const holder = h('div', { class: 'admin-root' });
  main.append(holder);
  const mod = await import('/js/admin.js');
  const title = await mod.adminView(holder, adminContext);
  return title ?? notFoundView(main);
}

// ---------------------------------------------------------------- router
function route(path) {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let m;
  if (p === '/' || p === '/index.html') return (main) => homeView(main);
  if ((m = p.match(/^\/service\/([^/]+)$/))) return (main) => serviceView(main, decodeURIComponent(m[1]));
  if ((m = p.match(/^\/equipment\/([^/]+)$/))) return (main) => equipmentView(main, decodeURIComponent(m[1]));
  if (p === '/privacy') return (main) => textView(main, 'privacy', 'privacyBody');
  if (p === '/terms') return (main) => textView(main, 'terms', 'termsBody');
  if (p === '/admin' || p.startsWith('/admin/')) return (main) => adminView(main);
  return (main) => notFoundView(main);
}

let renderSeq = 0;
let pageStart = Date.now();
let lastPage = '';
async function render({ focus = true, beacon = true } = {}) {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  document.querySelector('meta[name="robots"]')?.remove();
  main.replaceChildren();
  description = '';
  let title;
  try {
    title = await route(location.pathname)(main);
  } catch (e) {
    console.warn(e);
    if (seq !== renderSeq) return;
    main.replaceChildren(h('div', { class: 'wrap page' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('notFoundTitle')), loadFailed()));
    title = 'ChloroMaster';
  }
  if (seq !== renderSeq) return;
  document.title = title;
  document.querySelector('meta[name="description"]')?.setAttribute('content', description || t('heroLead'));
  markNav();
  const hash = location.hash.slice(1);
  const target = hash && document.getElementById(hash);
  if (target) target.scrollIntoView();
  else if (focus) window.scrollTo(0, 0);
  if (focus) (target || document.getElementById('page-title') || main).focus({ preventScroll: true });
  if (beacon) sendVisit();
}

function markNav() {
  for (const a of document.querySelectorAll('.nav a')) {
    const here = location.pathname === '/' && a.hash && a.hash === location.hash;
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// Page-visit beacon to our own server: the only analytics on the site.
function sendVisit() {
  const now = Date.now();
  const page = location.pathname;
  if (page === lastPage) return;
  // The administrators' own page views are not site traffic.
  if (page === '/admin' || page.startsWith('/admin/')) return;
  const body = JSON.stringify({
    pageUrl: page,
    pageTitle: document.title,
    referrer: lastPage ? location.origin + lastPage : document.referrer,
    sessionDuration: Math.round((now - pageStart) / 1000),
  });
  lastPage = page;
  pageStart = now;
  try { navigator.sendBeacon?.('/api/pagevisit', new Blob([body], { type: 'application/json' })); } catch { /* best effort */ }
}

function navigate(url, replace = false) {
  const same = url.pathname === location.pathname && url.search === location.search;
  if (same && url.hash) {
    history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
    const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) {
      // Move focus too (skip link, in-page navigation), not just the view.
      if (!target.hasAttribute('tabindex') && !target.matches('a, button, input, select, textarea')) target.setAttribute('tabindex', '-1');
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
    markNav();
    return;
  }
  history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  render();
}

document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest?.('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || /\.[a-z0-9]+$/i.test(url.pathname)) return;
  ev.preventDefault();
  navigate(url);
});
window.addEventListener('popstate', () => render({ focus: false }));

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'ar' ? 'en' : 'ar';
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* not persisted */ }
  applyLang();
  render({ focus: false, beacon: false }).then(() => document.getElementById('lang').focus());
});

applyLang();
render({ focus: false });
