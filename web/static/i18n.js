// AI Sandbox: the interface texts in the chosen language, shared by the
// student page (app.js) and the teacher's and projector's pages
// (classroom.js): which language a page starts in, loading i18n/LANG.json
// with English as the fallback, filling {name} placeholders, writing the
// texts into data-i18n elements and data-i18n-attr attributes, and numbers
// in the language's format. Plain JavaScript, nothing loaded from outside
// the server.
'use strict';

window.AISandboxI18n = (function () {
  // The languages AI Sandbox speaks (i18n.Lang on the server).
  const LANGS = Object.freeze(['kk', 'ru', 'en']);
  // The language shown when the chosen one cannot be loaded.
  const FALLBACK_LANG = 'en';
  // One key for every page: a laptop keeps one language.
  const STORAGE_KEY = 'aisandbox.lang';

  // t returns the text for key in strings (a loaded i18n/LANG.json) with
  // {name} placeholders filled from params; a missing key shows as itself,
  // so a gap is visible rather than silent, and a placeholder params lacks
  // stays as written.
  function t(strings, key, params) {
    let s = strings[key];
    if (typeof s !== 'string') s = key;
    if (!params) return s;
    return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
  }

  // initialLang is the language a page starts in: ?lang= in its address,
  // else the one remembered in this browser, else the first of the
  // browser's languages AI Sandbox speaks, else English.
  function initialLang() {
    const q = new URLSearchParams(location.search).get('lang');
    if (q && LANGS.includes(q)) return q;
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved && LANGS.includes(saved)) return saved;
    } catch (e) {
      // Storage can be off (private mode, kiosk profiles): fall through.
    }
    const wanted = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ''];
    for (const l of wanted) {
      const base = String(l).toLowerCase().split(/[-_]/)[0];
      if (LANGS.includes(base)) return base;
    }
    return FALLBACK_LANG;
  }

  // remember keeps lang in this browser for the next page; where storage
  // is off it is not remembered and the page still works.
  function remember(lang) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch (e) {
      // Not remembered.
    }
  }

  async function fetchStrings(lang) {
    const res = await fetch('i18n/' + lang + '.json', { cache: 'no-cache' });
    if (!res.ok) throw new Error('i18n: ' + lang + '.json: HTTP ' + res.status);
    const data = await res.json();
    if (!data || typeof data !== 'object') throw new Error('i18n: ' + lang + '.json is not an object');
    return data;
  }

  // load fetches the texts of lang, or of English when those cannot be had,
  // and resolves to { lang, strings, fellBack }: the language loaded, its
  // texts, and whether that is English in place of lang. It resolves to
  // null when no texts could be loaded at all; the page then keeps the
  // English written into its HTML.
  async function load(lang) {
    try {
      return { lang, strings: await fetchStrings(lang), fellBack: false };
    } catch (e) {
      if (lang === FALLBACK_LANG) {
        console.error(e);
        return null;
      }
      console.warn(e);
    }
    try {
      return { lang: FALLBACK_LANG, strings: await fetchStrings(FALLBACK_LANG), fellBack: true };
    } catch (e) {
      console.error(e);
      return null;
    }
  }

  // apply writes the texts into every element under root marked
  // data-i18n="key" and into every attribute listed in
  // data-i18n-attr="attr:key;attr:key".
  function apply(root, strings) {
    for (const el of root.querySelectorAll('[data-i18n]')) {
      el.textContent = t(strings, el.dataset.i18n);
    }
    for (const el of root.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of el.dataset.i18nAttr.split(';')) {
        const [attr, key] = pair.split(':');
        if (attr && key) el.setAttribute(attr.trim(), t(strings, key.trim()));
      }
    }
  }

  // number formats n for lang with Intl.NumberFormat options opts: a dash
  // for what is not a finite number, the plain digits where the browser
  // cannot format for lang.
  function number(lang, n, opts) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
    try {
      return new Intl.NumberFormat(lang, opts).format(n);
    } catch (e) {
      return String(n);
    }
  }

  return Object.freeze({ LANGS, FALLBACK_LANG, t, initialLang, remember, load, apply, number });
})();
