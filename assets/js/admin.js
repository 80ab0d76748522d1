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
    media: 'Media library', files: 'Files', mediaIntro: 'Photos (JPEG, PNG, WebP) and PDF datasheets for the catalogue. Each photo is resized for the site after it is uploaded.',
    dropZone: 'Drop files here, or choose them', chooseFiles: 'Choose files', chooseFile: 'Choose a file',
    dropHintAll: 'JPEG, PNG or WebP photos and PDF files; several at once.', dropHintImages: 'JPEG, PNG or WebP photos; several at once.', dropHintPdf: 'One PDF file.',
    uploads: 'Uploads', progressOf: 'Upload of {m}', queued: 'Waiting…', uploadingN: 'Uploading… {n}', processing: 'Processing…', ready: 'Ready',
    failedImage: 'The server could not process this image.', upTooLarge: 'Too large for the server ({m}).', upBadType: 'Not a JPEG, PNG or WebP photo or a PDF ({m}).',
    upBroken: 'The file is damaged or incomplete ({m}).', notAnImage: 'This is not a photo: it cannot go in a gallery.', notAPdf: 'This is not a PDF.',
    quota: '{a} of {b} used; at most {c} per file.', preview: 'Preview', file: 'File', size: 'Size', dimensions: 'Dimensions', usedIn: 'Used in', added: 'Added',
    notUsed: 'Not used', product: 'Product', service: 'Service', usedGallery: 'photos', usedDatasheet: 'datasheet', pdf: 'PDF',
    confirmDeleteFile: 'Delete this file for good? This cannot be undone.',
    stillUsed: 'This file is still used: {m}. Deleting it removes it from there too. Delete it anyway?', deleteAnyway: 'Yes, delete it anyway',
    gallery: 'Photos, in display order', galleryHint: 'The first photo is the main one. Each photo needs a description in both languages: it is read aloud to visitors who cannot see it and shown when it cannot load.',
    noPhotos: 'No photos yet.', photoN: 'Photo {n}', altEn: 'Description (English)', altAr: 'Description (Arabic)',
    moveUp: 'Move up', moveDown: 'Move down', replace: 'Replace', remove: 'Remove', movedTo: '{m} moved to position {n}.', removedPhoto: '{m} removed. Save to keep the change.',
    addFromLibrary: 'Add from the library', uploadPhotos: 'Upload photos', pickPhoto: 'Choose a photo', pickPdf: 'Choose a PDF', replacing: 'Choose the photo that replaces photo {n}',
    libraryEmpty: 'The library has nothing of that kind yet: upload a file.', close: 'Close', inGallery: 'in the gallery', addedPhoto: '{m} added as photo {n}.', replacedPhoto: 'Photo {n} replaced by {m}.',
    datasheetPdf: 'Datasheet PDF', currentPdf: 'Current file:', noPdf: 'No PDF uploaded: the file name above is looked up on the server (CHLORO_DATASHEETS_DIR).',
    uploadPdf: 'Upload a PDF', removePdf: 'Remove the PDF', pdfSet: 'The datasheet is now {m}. Save to keep the change.', pdfRemoved: 'The PDF is removed. Save to keep the change.',
    fromLibrary: 'Choose from the library', uploadFiles: 'Upload files', datasheetMedia: 'Datasheet PDF',
    pdfHint: 'Visitors who request the datasheet download this file. Links already sent keep serving the file they were issued for until they expire.',
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
    media: 'مكتبة الوسائط', files: 'الملفات', mediaIntro: 'الصور (JPEG وPNG وWebP) والنشرات الفنية بصيغة PDF للكتالوج. يُعاد تحجيم كل صورة للموقع بعد رفعها.',
    dropZone: 'أفلت الملفات هنا أو اخترها', chooseFiles: 'اختر ملفات', chooseFile: 'اختر ملفاً',
    dropHintAll: 'صور JPEG أو PNG أو WebP وملفات PDF؛ عدة ملفات معاً.', dropHintImages: 'صور JPEG أو PNG أو WebP؛ عدة صور معاً.', dropHintPdf: 'ملف PDF واحد.',
    uploads: 'الملفات المرفوعة', progressOf: 'رفع {m}', queued: 'في الانتظار…', uploadingN: 'جارٍ الرفع… {n}', processing: 'جارٍ المعالجة…', ready: 'جاهز',
    failedImage: 'تعذّر على الخادم معالجة هذه الصورة.', upTooLarge: 'الملف أكبر مما يقبله الخادم ({m}).', upBadType: 'ليس صورة JPEG أو PNG أو WebP ولا ملف PDF ({m}).',
    upBroken: 'الملف تالف أو غير مكتمل ({m}).', notAnImage: 'هذا ليس صورة: لا يمكن إضافته إلى المعرض.', notAPdf: 'هذا ليس ملف PDF.',
    quota: 'المستخدم {a} من {b}؛ بحد أقصى {c} للملف الواحد.', preview: 'معاينة', file: 'الملف', size: 'الحجم', dimensions: 'الأبعاد', usedIn: 'مستخدم في', added: 'تاريخ الإضافة',
    notUsed: 'غير مستخدم', product: 'منتج', service: 'خدمة', usedGallery: 'الصور', usedDatasheet: 'النشرة الفنية', pdf: 'PDF',
    confirmDeleteFile: 'هل تريد حذف هذا الملف نهائياً؟ لا يمكن التراجع عن ذلك.',
    stillUsed: 'ما زال هذا الملف مستخدماً: {m}. حذفه يزيله من هناك أيضاً. هل تريد حذفه رغم ذلك؟', deleteAnyway: 'نعم، احذفه رغم ذلك',
    gallery: 'الصور بترتيب العرض', galleryHint: 'الصورة الأولى هي الرئيسية. تحتاج كل صورة إلى وصف باللغتين: يُقرأ بصوت عالٍ للزوار الذين لا يرونها ويظهر إذا تعذّر تحميلها.',
    noPhotos: 'لا توجد صور بعد.', photoN: 'الصورة {n}', altEn: 'الوصف (بالإنجليزية)', altAr: 'الوصف (بالعربية)',
    moveUp: 'نقل لأعلى', moveDown: 'نقل لأسفل', replace: 'استبدال', remove: 'إزالة', movedTo: 'نُقلت {m} إلى الموضع {n}.', removedPhoto: 'أُزيلت {m}. احفظ لتثبيت التغيير.',
    addFromLibrary: 'إضافة من المكتبة', uploadPhotos: 'رفع صور', pickPhoto: 'اختر صورة', pickPdf: 'اختر ملف PDF', replacing: 'اختر الصورة التي تحل محل الصورة {n}',
    libraryEmpty: 'لا يوجد في المكتبة شيء من هذا النوع بعد: ارفع ملفاً.', close: 'إغلاق', inGallery: 'في المعرض', addedPhoto: 'أُضيفت {m} بوصفها الصورة {n}.', replacedPhoto: 'استُبدلت الصورة {n} بـ {m}.',
    datasheetPdf: 'ملف النشرة الفنية (PDF)', currentPdf: 'الملف الحالي:', noPdf: 'لم يُرفع ملف PDF: يُبحث عن اسم الملف أعلاه على الخادم (CHLORO_DATASHEETS_DIR).',
    uploadPdf: 'رفع ملف PDF', removePdf: 'إزالة ملف PDF', pdfSet: 'النشرة الفنية الآن {m}. احفظ لتثبيت التغيير.', pdfRemoved: 'أُزيل ملف PDF. احفظ لتثبيت التغيير.',
    fromLibrary: 'اختر من المكتبة', uploadFiles: 'رفع ملفات', datasheetMedia: 'ملف النشرة الفنية (PDF)',
    pdfHint: 'يُنزّل الزوار الذين يطلبون النشرة الفنية هذا الملف. الروابط المرسلة سابقاً تظل تقدّم الملف الذي صدرت له حتى تنتهي صلاحيتها.',
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
  // A view's parallel requests can answer 401 after the first one has
  // already shown the sign-in page: that page is no place to come back to.
  if (leaving || location.pathname.startsWith('/admin/login')) return;
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
function confirmDelete(button, onYes, { question = t('confirmDelete'), yesText = t('confirmYes') } = {}) {
  const box = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': question });
  const yes = h('button', { type: 'button', class: 'btn btn-danger', 'data-confirm': 'yes' }, yesText);
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
  box.append(h('p', {}, question), h('div', { class: 'row' }, yes, no));
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
  // Under the catalogue's address: the server knows only the panel's
  // existing paths (src/assets/pages.rs) and answers others with a 404 shell.
  ['media', '/admin/catalogue?view=media'],
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

// ---------------------------------------------------------------- media
// Uploads send the raw file to the media store (the server decides the type
// from the content, never from the name), one file at a time, with
// XMLHttpRequest for its upload progress events (fetch has none). An image
// is usable once the server has made its variants, off the request path: its
// row polls the item until it is ready. Previews are the server's own
// variants (img-src 'self'), never blob: URLs.
const KINDS = { 400: 'invalid', 404: 'missing', 409: 'conflict', 429: 'rate' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (p) => num(p, { style: 'percent', maximumFractionDigits: 0 });

function fmtBytes(n) {
  const b = Number(n) || 0;
  const [v, unit] = b >= 1024 ** 3 ? [b / 1024 ** 3, 'gigabyte'] : b >= 1024 ** 2 ? [b / 1024 ** 2, 'megabyte'] : b >= 1024 ? [b / 1024, 'kilobyte'] : [b, 'byte'];
  return num(v, { style: 'unit', unit, maximumFractionDigits: v < 10 && unit !== 'byte' ? 1 : 0 });
}
const dims = (m) => (m && m.width && m.height ? `${num(m.width)} × ${num(m.height)}` : '');

function uploadFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/admin/media?filename=${enc(file.name)}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (ev) => { if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total); });
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* empty or not JSON */ }
      if ((xhr.status === 200 || xhr.status === 201) && data && typeof data.id === 'string') { onProgress(1); resolve(data); return; }
      if (xhr.status === 401) { sessionExpired(); reject(new ApiError('expired', 401, data)); return; }
      reject(new ApiError(KINDS[xhr.status] || 'failed', xhr.status, data));
    });
    xhr.addEventListener('error', () => reject(new ApiError('offline', 0, null)));
    xhr.addEventListener('abort', () => reject(new ApiError('offline', 0, null)));
    xhr.send(file);
  });
}

// A refused upload in the page's language, quoting the server's reason.
function uploadError(e) {
  const key = { 413: 'upTooLarge', 415: 'upBadType', 422: 'upBroken' }[e?.status];
  if (!key) return errorText(e);
  const m = e.data && typeof e.data.message === 'string' ? e.data.message.replace(/\.$/, '') : '';
  return m ? fill(key, { m: isolate(m) }) : fill(key, { m: '' }).replace(/ ?\(\)/, '');
}

// Polls a processing item until the server has made its variants (or gave
// up), as long as `alive()` says someone is still looking.
async function whenProcessed(media, alive) {
  let m = media;
  for (let i = 0; m && m.status === 'processing' && alive(); i++) {
    await sleep(Math.min(2000, 250 + i * 150));
    m = await api(`/api/admin/media/${enc(m.id)}`);
  }
  return m;
}

const PDF_ICON = 'M7 3h7l5 5v13H7zM14 3v5h5M9.5 13h5M9.5 16.5h5';
function pdfIcon() {
  return svg('svg', { viewBox: '0 0 24 24', class: 'file-icon', 'aria-hidden': 'true', focusable: 'false', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.6', 'stroke-linejoin': 'round' },
    svg('path', { d: PDF_ICON }));
}
// A preview: the server's image variant, or a file icon (a PDF, or an image
// still being processed).
function thumb(m) {
  if (m && m.kind === 'image' && m.status === 'ready' && typeof m.url === 'string' && m.url.startsWith('/')) {
    return h('img', { class: 'thumb', src: m.url, alt: '', loading: 'lazy', decoding: 'async' });
  }
  return h('span', { class: 'thumb thumb-file', 'data-kind': m?.kind || 'none' }, m?.kind === 'pdf' ? pdfIcon() : null);
}

// A drop zone that is also the file picker: the file input (visually
// hidden, still focusable) sits in the zone, named by the zone's label, so
// Tab reaches it, Enter or Space opens the picker, and the zone shows the
// focus. Each file gets a row with a progress bar and its state. onMedia(m)
// runs for each stored file once it is ready, in the order the files were
// chosen, and returns a message when the file does not fit there.
function uploader({ id, accept, multiple = true, title: heading, hint, onUploaded, onMedia }) {
  const input = h('input', { type: 'file', id: `${id}-input`, class: 'drop-input', accept, multiple: multiple || null, 'aria-describedby': `${id}-hint` });
  const zone = h('div', { class: 'drop-zone', id: `${id}-zone` },
    h('label', { for: input.id, class: 'drop-label' },
      h('span', { class: 'drop-title' }, heading || t('uploadFiles')),
      h('span', { class: 'drop-sub' }, t('dropZone')),
      h('span', { class: 'btn btn-quiet btn-small', 'aria-hidden': 'true' }, t(multiple ? 'chooseFiles' : 'chooseFile'))),
    input,
    h('p', { class: 'hint', id: `${id}-hint` }, hint));
  const list = h('ul', { class: 'uploads', id: `${id}-list`, 'aria-label': t('uploads') });
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: `${id}-live` });
  let sending = Promise.resolve(); // one upload at a time: the bandwidth goes to one file
  let delivering = Promise.resolve(); // onMedia in the order the files were chosen
  const add = (files) => {
    for (const file of multiple ? [...files] : [...files].slice(0, 1)) {
      const bar = h('progress', { max: '100', value: '0', 'aria-label': fill('progressOf', { m: file.name }) });
      const state = h('span', { class: 'upload-state' }, t('queued'));
      const row = h('li', { class: 'upload', 'data-state': 'queued', 'data-name': file.name },
        h('span', { class: 'upload-name' }, ltr(file.name), ' ', h('span', { class: 'upload-size' }, fmtBytes(file.size))), bar, state);
      const set = (st, text) => {
        row.dataset.state = st;
        state.textContent = text;
        if (st === 'ready' || st === 'error') live.textContent = `${file.name}: ${text}`;
      };
      list.append(row);
      const sent = sending.then(async () => {
        set('uploading', fill('uploadingN', { n: pct(0) }));
        try {
          const m = await uploadFile(file, (p) => { bar.value = Math.round(p * 100); set('uploading', fill('uploadingN', { n: pct(p) })); });
          bar.value = 100;
          onUploaded?.(m);
          return m;
        } catch (e) {
          if (e.kind !== 'expired') set('error', uploadError(e));
          return null;
        }
      });
      sending = sent;
      const processed = sent.then(async (m) => {
        if (!m) return null;
        if (m.status === 'processing') set('processing', t('processing'));
        try {
          const done = await whenProcessed(m, () => row.isConnected);
          if (done && done.status === 'failed') { set('error', done.error ? `${t('failedImage')} (${isolate(done.error)})` : t('failedImage')); return null; }
          return done && done.status !== 'processing' ? done : null;
        } catch (e) {
          if (e.kind !== 'expired') set('error', errorText(e));
          return null;
        }
      });
      delivering = delivering.then(() => processed).then((m) => {
        if (!m) return;
        const problem = onMedia?.(m);
        if (problem) set('error', problem);
        else set('ready', t('ready'));
      });
    }
  };
  input.addEventListener('change', () => { add(input.files); input.value = ''; });
  zone.addEventListener('dragover', (ev) => { ev.preventDefault(); if (ev.dataTransfer) ev.dataTransfer.dropEffect = 'copy'; zone.classList.add('is-over'); });
  zone.addEventListener('dragleave', (ev) => { if (!zone.contains(ev.relatedTarget)) zone.classList.remove('is-over'); });
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('is-over');
    if (ev.dataTransfer?.files?.length) add(ev.dataTransfer.files);
  });
  return h('div', { class: 'uploader', id }, zone, list, live);
}

// Names and edit links of the catalogue records a file is used by.
function usageNames(services, products) {
  const names = {};
  const pick = (x, base) => (ctx.lang() === 'ar' ? x[`${base}Ar`] || x[`${base}En`] : x[`${base}En`] || x[`${base}Ar`]) || x.slug;
  for (const s of services) names[`service:${s.slug}`] = { name: pick(s, 'title'), href: `/admin/catalogue/services/${enc(s.id)}` };
  for (const p of products) names[`product:${p.slug}`] = { name: pick(p, 'name'), href: `/admin/catalogue/products/${enc(p.slug)}` };
  const label = (u) => `${t(u.kind === 'service' ? 'service' : 'product')}: ${names[`${u.kind}:${u.slug}`]?.name || u.slug} (${t(u.field === 'datasheet' ? 'usedDatasheet' : 'usedGallery')})`;
  const link = (u) => {
    const x = names[`${u.kind}:${u.slug}`];
    return x ? h('a', { href: x.href }, label(u)) : h('span', {}, label(u));
  };
  return { label, link };
}

async function mediaView(main) {
  const body = frame(main, 'media', title(t('media')), h('p', { class: 'loading', role: 'status' }, t('loading')));
  const [first, services, products] = await Promise.all([api('/api/admin/media'), api('/api/admin/services'), api('/api/admin/products')]);
  const usage = usageNames(services, products);
  const note = status('media-status');
  const quota = h('p', { class: 'hint', id: 'media-quota' });
  const content = h('div', { id: 'media-list' });
  let refreshing = null;
  let again = false;
  // One refresh at a time; a request during one runs once more after it.
  const refresh = async () => {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        try { show(await api('/api/admin/media')); } catch (e) { if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e)); }
      } while (again && body.isConnected);
    })();
    try { await refreshing; } finally { refreshing = null; }
    return undefined;
  };
  const delButton = (m) => {
    const b = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'data-action': 'delete', 'aria-label': `${t('del')}: ${m.name}` }, t('del'));
    const remove = async (force) => {
      try {
        await api(`/api/admin/media/${enc(m.id)}${force ? '?force=true' : ''}`, { method: 'DELETE' });
      } catch (e) {
        if (!force && e.status === 409 && Array.isArray(e.data?.usedBy)) {
          // Still used: a second question that says where, then a forced delete.
          const where = e.data.usedBy.map(usage.label).join('; ');
          setTimeout(() => confirmDelete(b, () => remove(true), { question: fill('stillUsed', { m: where }), yesText: t('deleteAnyway') }));
          return false;
        }
        if (e.kind !== 'expired') setNotice(note, 'bad', errorText(e));
        return false;
      }
      setNotice(note, 'ok', t('deleted'));
      b.closest('tr')?.remove();
      note.focus();
      refresh();
      return true;
    };
    b.addEventListener('click', () => confirmDelete(b, () => remove(false), { question: t('confirmDeleteFile') }));
    return b;
  };
  const show = (lib) => {
    const items = Array.isArray(lib.data) ? lib.data : [];
    quota.textContent = fill('quota', { a: fmtBytes(lib.totalBytes), b: fmtBytes(lib.quotaBytes), c: fmtBytes(lib.maxFileBytes) });
    content.replaceChildren(items.length === 0 ? h('p', { id: 'media-empty' }, t('none')) :
      table(t('files'), [t('preview'), t('file'), t('size'), t('dimensions'), t('usedIn'), t('added'), t('actions')], items.map((m) => {
        const used = Array.isArray(m.usedBy) ? m.usedBy : [];
        const state = m.status === 'ready' ? null : h('span', { class: m.status === 'failed' ? 'tag tag-bad' : 'tag tag-new' }, t(m.status === 'failed' ? 'failedImage' : 'processing'));
        return h('tr', { 'data-id': m.id, 'data-kind': m.kind, 'data-status': m.status, 'data-name': m.name },
          h('td', { 'data-col': 'preview' }, thumb(m)),
          h('td', { 'data-col': 'name' }, typeof m.url === 'string' && m.url.startsWith('/')
            ? h('a', { href: m.url, download: m.kind === 'pdf' ? m.name : null }, ltr(m.name)) : ltr(m.name),
          m.kind === 'pdf' ? [' ', h('span', { class: 'tag' }, t('pdf'))] : null, state ? [' ', state] : null),
          h('td', { 'data-col': 'size' }, fmtBytes(m.bytes)),
          h('td', { 'data-col': 'dimensions' }, dims(m) ? ltr(dims(m)) : '—'),
          h('td', { 'data-col': 'usedBy' }, used.length ? h('ul', { class: 'plain' }, used.map((u) => h('li', {}, usage.link(u)))) : t('notUsed')),
          h('td', { 'data-col': 'added' }, fmtDate(m.addedAt)),
          h('td', {}, delButton(m)));
      })));
  };
  show(first);
  const up = uploader({ id: 'media-upload', hint: t('dropHintAll'), onUploaded: () => refresh(), onMedia: () => { refresh(); return null; } });
  body.replaceChildren(title(t('media')), h('p', {}, t('mediaIntro')), up, note,
    h('section', { class: 'admin-section', 'aria-labelledby': 'media-h' }, h('h2', { id: 'media-h' }, t('files')), quota, content));
  return t('media');
}

// The files of the library that can go in a place (images for a gallery, a
// PDF for a datasheet), as a list of buttons; Escape or Close returns to the
// button that opened it.
function pickerPanel({ id, kind, heading, lib, taken, onPick, onClose }) {
  const choices = [...lib.values()].filter((m) => m.kind === kind && m.status !== 'failed');
  const close = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'data-action': 'close' }, t('close'));
  const panel = h('div', { class: 'picker', id, role: 'group', 'aria-labelledby': `${id}-h` },
    h('div', { class: 'row spread' }, h('h3', { id: `${id}-h` }, heading), close),
    choices.length === 0 ? h('p', { class: 'hint' }, t('libraryEmpty')) :
      h('ul', { class: 'picker-list' }, choices.map((m) => {
        const inUse = taken(m.id);
        const b = h('button', { type: 'button', class: 'pick', 'data-id': m.id, disabled: inUse || null },
          thumb(m), h('span', { class: 'pick-name' }, ltr(m.name)),
          h('span', { class: 'pick-meta' }, [dims(m), fmtBytes(m.bytes), inUse ? t('inGallery') : ''].filter(Boolean).join(' · ')));
        b.addEventListener('click', () => onPick(m));
        return h('li', {}, b);
      })));
  close.addEventListener('click', onClose);
  panel.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); onClose(); } });
  return panel;
}

// The ordered gallery of a product or service: each photo with its English
// and Arabic descriptions (both required), moved by buttons (keyboard and
// screen readers first), replaced or removed; photos come from the library
// or are uploaded here. Nothing is stored until the form is saved.
function galleryEditor(fid, initial, lib) {
  const items = (Array.isArray(initial) ? initial : []).filter((g) => g && typeof g.id === 'string')
    .map((g) => ({ id: g.id, altEn: String(g.altEn ?? ''), altAr: String(g.altAr ?? ''), errs: {} }));
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: `${fid}-live` });
  const say = (text) => { live.textContent = text; };
  const err = h('p', { class: 'err', id: `${fid}-err` });
  const list = h('ol', { class: 'gallery-list', id: fid, 'aria-labelledby': `${fid}-h` });
  const holder = h('div', { class: 'picker-holder' });
  const addBtn = h('button', { type: 'button', class: 'btn btn-quiet', id: `${fid}-add`, 'aria-expanded': 'false', 'aria-controls': `${fid}-picker` }, t('addFromLibrary'));
  const nameOf = (id) => lib.get(id)?.name || id.slice(0, 12);
  let picking = null; // the button that opened the picker
  const closePicker = () => {
    holder.replaceChildren();
    addBtn.setAttribute('aria-expanded', 'false');
    const back = picking;
    picking = null;
    if (back?.isConnected) back.focus();
  };
  const openPicker = (opener, at) => {
    holder.replaceChildren();
    picking = opener;
    addBtn.setAttribute('aria-expanded', String(at === null));
    const heading = at === null ? t('pickPhoto') : fill('replacing', { n: num(at + 1) });
    holder.append(pickerPanel({
      id: `${fid}-picker`, kind: 'image', heading, lib, taken: (id) => items.some((x) => x.id === id),
      onClose: closePicker,
      onPick: (m) => {
        if (at === null) {
          items.push({ id: m.id, altEn: '', altAr: '', errs: {} });
          picking = null;
          closePicker();
          render([items.length - 1, 'altEn']);
          say(fill('addedPhoto', { m: m.name, n: num(items.length) }));
        } else {
          items[at] = { ...items[at], id: m.id };
          picking = null;
          closePicker();
          render([at, 'replace']);
          say(fill('replacedPhoto', { n: num(at + 1), m: m.name }));
        }
      },
    }));
    (holder.querySelector('.pick:not([disabled])') || holder.querySelector('[data-action="close"]'))?.focus();
  };
  addBtn.addEventListener('click', () => (picking === addBtn ? closePicker() : openPicker(addBtn, null)));

  const itemEl = (it, i) => {
    const m = lib.get(it.id);
    const n = num(i + 1);
    const pid = `${fid}-${i}`;
    const who = `${fill('photoN', { n })} (${nameOf(it.id)})`;
    const alt = (key, lang) => {
      const input = h('input', { type: 'text', id: `${pid}-${key}`, name: key, dir: lang === 'ar' ? 'rtl' : 'ltr', lang, maxlength: '250',
        'aria-describedby': `${pid}-${key}-err`, 'aria-invalid': it.errs[key] ? 'true' : null, 'data-field': key });
      input.value = it[key];
      const msg = h('p', { class: 'err', id: `${pid}-${key}-err` }, it.errs[key] || '');
      input.addEventListener('input', () => {
        it[key] = input.value;
        // A description being typed is no longer missing.
        if (it.errs[key] && input.value.trim()) { delete it.errs[key]; input.removeAttribute('aria-invalid'); msg.textContent = ''; }
      });
      return h('div', { class: `field lang-${lang}` }, h('label', { for: input.id }, t(key)), input, msg);
    };
    const btn = (action, text, onClick, disabled) => {
      const b = h('button', { type: 'button', class: 'btn btn-quiet btn-small', 'data-action': action, 'aria-label': `${text}: ${who}`, disabled: disabled || null }, text);
      b.addEventListener('click', onClick);
      return b;
    };
    const move = (d) => {
      items.splice(i + d, 0, items.splice(i, 1)[0]);
      render([i + d, d < 0 ? 'up' : 'down']);
      say(fill('movedTo', { m: nameOf(it.id), n: num(i + d + 1) }));
    };
    const state = m && m.status !== 'ready' ? h('span', { class: m.status === 'failed' ? 'tag tag-bad' : 'tag tag-new' }, t(m.status === 'failed' ? 'failedImage' : 'processing')) : null;
    return h('li', { class: 'gallery-item', 'data-id': it.id },
      thumb(m),
      h('div', { class: 'gallery-body' },
        h('p', { class: 'gallery-name' }, h('strong', {}, fill('photoN', { n })), ' ', ltr(nameOf(it.id)), state ? [' ', state] : null),
        h('div', { class: 'pairs' }, alt('altEn', 'en'), alt('altAr', 'ar')),
        h('div', { class: 'row' },
          btn('up', t('moveUp'), () => move(-1), i === 0),
          btn('down', t('moveDown'), () => move(1), i === items.length - 1),
          btn('replace', t('replace'), (ev) => openPicker(ev.currentTarget, i)),
          btn('remove', t('remove'), () => {
            items.splice(i, 1);
            render(items.length ? [Math.min(i, items.length - 1), 'remove'] : null);
            if (!items.length) addBtn.focus();
            say(fill('removedPhoto', { m: nameOf(it.id) }));
          }))));
  };
  // focus: [index, what] to keep the keyboard where it was after a change.
  const render = (focus) => {
    list.replaceChildren(...(items.length ? items.map(itemEl) : [h('li', { class: 'gallery-empty' }, t('noPhotos'))]));
    if (!focus) return;
    const li = list.children[focus[0]];
    const target = li?.querySelector(`[data-action="${focus[1]}"]:not([disabled]), [data-field="${focus[1]}"]`) || li?.querySelector('[data-action]:not([disabled])');
    target?.focus();
  };
  render();
  const up = uploader({
    id: `${fid}-upload`, accept: 'image/jpeg,image/png,image/webp,image/avif', title: t('uploadPhotos'), hint: t('dropHintImages'),
    onMedia: (m) => {
      if (m.kind !== 'image') return t('notAnImage');
      lib.set(m.id, m);
      if (!items.some((x) => x.id === m.id)) items.push({ id: m.id, altEn: '', altAr: '', errs: {} });
      render();
      return null;
    },
  });
  const el = h('fieldset', { class: 'media-editor', id: `${fid}-box`, 'aria-describedby': `${fid}-hint` },
    h('legend', { id: `${fid}-h` }, t('gallery')),
    h('p', { class: 'hint', id: `${fid}-hint` }, t('galleryHint')),
    err, list, live, h('div', { class: 'row' }, addBtn), holder, up);
  return {
    el,
    value: () => items.map(({ id, altEn, altAr }) => ({ id, altEn: altEn.trim(), altAr: altAr.trim() })),
    // Both descriptions of every photo, as the server checks them; the first
    // field in error, or null.
    validate: () => {
      err.textContent = '';
      for (const it of items) {
        it.errs = {};
        for (const key of ['altEn', 'altAr']) {
          const v = it[key].trim();
          if (!v) it.errs[key] = t('required');
          else if ([...v].length > 250) it.errs[key] = fill('tooLong', { n: num(250) });
        }
      }
      render();
      return list.querySelector('[aria-invalid="true"]');
    },
    // The server's reasons for `gallery…` fields, next to the photo they are
    // about when it names one; the first field in error, or the list.
    place: (fields) => {
      const rest = [];
      for (const it of items) it.errs = {};
      for (const [f, text] of Object.entries(fields)) {
        const m = f.match(/^gallery(?:\[(\d+)\]|\.(\d+))?(?:\.(altEn|altAr|id))?$/);
        const it = m && (m[1] ?? m[2]) !== undefined ? items[Number(m[1] ?? m[2])] : null;
        if (it && (m[3] === 'altEn' || m[3] === 'altAr')) it.errs[m[3]] = text;
        else rest.push(it ? `${fill('photoN', { n: num(items.indexOf(it) + 1) })}: ${text}` : text);
      }
      err.textContent = rest.join(' ');
      render();
      return list.querySelector('[aria-invalid="true"]') || (rest.length ? list : null);
    },
  };
}

// A product's datasheet PDF: the current one (with a link to check it),
// replaced by one from the library or an upload, or removed.
function pdfEditor(fid, initial, lib) {
  let current = typeof initial === 'string' && initial ? initial : null;
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: `${fid}-live` });
  const err = h('p', { class: 'err', id: `${fid}-err` });
  const shown = h('div', { class: 'pdf-current', id: `${fid}-current` });
  const holder = h('div', { class: 'picker-holder' });
  const choose = h('button', { type: 'button', class: 'btn btn-quiet', id: `${fid}-choose`, 'aria-expanded': 'false', 'aria-controls': `${fid}-picker` }, t('fromLibrary'));
  const remove = h('button', { type: 'button', class: 'btn btn-quiet', id: `${fid}-remove` }, t('removePdf'));
  const render = () => {
    const m = current ? lib.get(current) : null;
    shown.replaceChildren(current
      ? h('p', {}, t('currentPdf'), ' ', pdfIcon(), ' ', m && typeof m.url === 'string'
        ? h('a', { href: m.url, download: m.name, id: `${fid}-link` }, ltr(m.name)) : ltr(m?.name || current.slice(0, 12)), m ? ` (${fmtBytes(m.bytes)})` : '')
      : h('p', { class: 'hint' }, t('noPdf')));
    remove.hidden = !current;
  };
  const set = (id) => {
    current = id;
    err.textContent = '';
    render();
    live.textContent = id ? fill('pdfSet', { m: lib.get(id)?.name || '' }) : t('pdfRemoved');
  };
  const closePicker = () => { holder.replaceChildren(); choose.setAttribute('aria-expanded', 'false'); choose.focus(); };
  choose.addEventListener('click', () => {
    if (holder.firstChild) { closePicker(); return; }
    choose.setAttribute('aria-expanded', 'true');
    holder.append(pickerPanel({ id: `${fid}-picker`, kind: 'pdf', heading: t('pickPdf'), lib, taken: (id) => id === current, onClose: closePicker,
      onPick: (m) => { set(m.id); closePicker(); } }));
    (holder.querySelector('.pick:not([disabled])') || holder.querySelector('[data-action="close"]'))?.focus();
  });
  remove.addEventListener('click', () => { set(null); choose.focus(); });
  render();
  const up = uploader({
    id: `${fid}-upload`, accept: 'application/pdf,.pdf', multiple: false, title: t('uploadPdf'), hint: t('dropHintPdf'),
    onMedia: (m) => {
      if (m.kind !== 'pdf') return t('notAPdf');
      lib.set(m.id, m);
      set(m.id);
      return null;
    },
  });
  const el = h('fieldset', { class: 'media-editor', id: `${fid}-box`, 'aria-describedby': `${fid}-hint` },
    h('legend', {}, t('datasheetPdf')),
    h('p', { class: 'hint', id: `${fid}-hint` }, t('pdfHint')),
    shown, err, live, h('div', { class: 'row' }, choose, remove), holder, up);
  return { el, value: () => current, place: (text) => { err.textContent = text; return text ? choose : null; } };
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
  const [list, services, media] = await Promise.all([api(`/api/admin/${kind}`), isService ? Promise.resolve([]) : api('/api/admin/services'),
    // Without the library the texts can still be edited (the gallery keeps its photos).
    api('/api/admin/media').catch((e) => { if (e.kind === 'expired') throw e; return null; })]);
  const item = key === 'new' ? null : list.find((x) => String(isService ? x.id : x.slug) === key);
  if (key !== 'new' && !item) {
    body.replaceChildren(title(heading), h('p', { class: 'notice bad' }, t('notFound')), h('a', { href: '/admin/catalogue' }, t('backToCatalogue')));
    return heading;
  }
  const fields = isService ? SERVICE_FIELDS : PRODUCT_FIELDS;
  // The server lists the gallery's own URLs first in `images` (for the old
  // site): they are not paths someone typed, so the legacy field leaves them
  // out, and saving never turns them into legacy paths.
  const fromGallery = new Set((Array.isArray(item?.gallery) ? item.gallery : [])
    .flatMap((g) => [g.src, ...String(g.srcset || '').split(',').map((x) => x.trim().split(/\s+/)[0])]).filter(Boolean));
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
    else if (type === 'lines') ctl.value = Array.isArray(v) ? v.filter((x) => !fromGallery.has(x)).join('\n') : '';
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
  // The library, shared by the gallery and the datasheet editors (an upload
  // in one is at once a choice in the other).
  const lib = new Map((Array.isArray(media?.data) ? media.data : []).map((m) => [m.id, m]));
  const gallery = galleryEditor(`${id}-gallery`, item?.gallery, lib);
  const pdf = isService ? null : pdfEditor(`${id}-pdf`, item?.datasheetMedia, lib);
  const form = h('form', { id, novalidate: true, class: 'cat-form' },
    h('div', { class: 'pair-head', 'aria-hidden': 'true' }, h('span', { lang: 'en' }, t('english')), h('span', { lang: 'ar' }, t('arabic'))),
    h('div', { class: 'pairs' }, fields.filter((f) => f[2]).map(control)),
    h('div', { class: 'fields' }, fields.filter((f) => !f[2]).map(control)),
    gallery.el, pdf?.el,
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
    out.gallery = gallery.value();
    if (pdf) out.datasheetMedia = pdf.value();
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
    const badPhoto = gallery.validate();
    if (first || badPhoto) { setNotice(note, 'bad', t('fixFields')); (first || badPhoto).focus(); return; }
    button.disabled = true;
    button.textContent = t('saving');
    try {
      const path = key === 'new' ? `/api/admin/${kind}` : `/api/admin/${kind}/${enc(key)}`;
      const saved = await api(path, { method: key === 'new' ? 'POST' : 'PUT', body: data });
      const newKey = saved ? String(isService ? saved.id ?? key : saved.slug ?? data.slug) : key;
      // The server names the datasheet after an uploaded PDF when it had no name.
      if (!isService && saved && typeof saved.datasheet === 'string' && !controls.datasheet.value.trim()) controls.datasheet.value = saved.datasheet;
      if (key === 'new' || newKey !== key) {
        ctx.navigate(`/admin/catalogue/${kind}/${enc(newKey)}?saved=1`, true);
        return;
      }
      setNotice(note, 'ok', t('saved'));
    } catch (e) {
      if (e.kind === 'expired') return;
      const r = refusal(e);
      if (r) {
        const mine = (f) => f.startsWith('gallery') || f === 'datasheetMedia';
        const unplaced = Object.entries(r.fields).filter(([f]) => !controls[f] && !mine(f)).map(([f, x]) => `${fieldName(f)}: ${x}`);
        const bad = showErrors(r.fields);
        const badPhoto = gallery.place(Object.fromEntries(Object.entries(r.fields).filter(([f]) => f.startsWith('gallery'))));
        const badPdf = pdf?.place(r.fields.datasheetMedia || '');
        setNotice(note, 'bad', [r.text, ...unplaced].join(' '));
        (bad || badPhoto || badPdf || note).focus?.();
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
  else if (p === '/admin/catalogue') view = () => (new URLSearchParams(location.search).get('view') === 'media' ? mediaView(main) : catalogueView(main));
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
