// Placeholder behaviour for the interim page: a language switch that the
// real site will keep, and a readiness line fed by the health endpoint.
// Loaded as a module from a fingerprinted URL; no inline script (strict CSP).

const STORAGE_KEY = "chloromaster.lang";

function preferredLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "ar") return saved;
  return (navigator.language || "en").toLowerCase().startsWith("ar") ? "ar" : "en";
}

function applyLanguage(lang) {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = lang === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-en]")) {
    el.textContent = el.dataset[lang] || el.dataset.en;
  }
  const button = document.getElementById("lang");
  if (button) {
    button.textContent = lang === "ar" ? "English" : "العربية";
    button.setAttribute("aria-label", button.textContent);
  }
}

async function showStatus() {
  const status = document.getElementById("status");
  if (!status) return;
  try {
    const res = await fetch("/health/ready", { headers: { Accept: "application/json" } });
    status.textContent = res.ok ? "Service ready." : "Service starting…";
  } catch {
    status.textContent = "";
  }
}

let lang = preferredLanguage();
applyLanguage(lang);
document.getElementById("lang")?.addEventListener("click", () => {
  lang = lang === "ar" ? "en" : "ar";
  localStorage.setItem(STORAGE_KEY, lang);
  applyLanguage(lang);
});
showStatus();
