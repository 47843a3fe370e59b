// AI Sandbox: what the teacher's dashboard (teacher.js) and the projector
// view (projector.js) share: the texts in the chosen language, one
// websocket that reconnects by itself, number formats, and the classes this
// browser teaches, kept with their secrets in localStorage (never in an
// address). Plain JavaScript, nothing loaded from outside the server.
'use strict';

window.Classroom = (function () {
  // The shared translation code (i18n.js, loaded before this file), the
  // same as the student page's: a laptop keeps one language.
  const I18n = window.AISandboxI18n;
  // The classes this browser teaches: [{code, secret, title, opened}].
  const CLASSES_KEY = 'aisandbox.teacher.classes';
  // At most this many classes are remembered; the oldest go first.
  const MAX_CLASSES = 20;
  // Reconnect delays, as on the student page (app.js): doubling from half a
  // second up to 15 s, jittered by ±25 %.
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 15000;

  const C = {
    lang: I18n.FALLBACK_LANG,
    strings: {},
    langSeq: 0,
    langFns: [],
    ws: null,
    open: false,
    attempt: 0,
    timer: 0,
    seq: 0,
    handlers: null, // { open(), close(seconds), message(msg) } given to connect
    byType: new Map(), // message type -> the functions on() registered for it
  };

  // ---------- texts ----------

  const t = (key, params) => I18n.t(C.strings, key, params);

  // setLang loads the texts of lang, fills every data-i18n element and
  // data-i18n-attr attribute, and tells the page and the server.
  async function setLang(lang) {
    const seq = ++C.langSeq;
    const loaded = await I18n.load(lang);
    if (!loaded || seq !== C.langSeq) return;
    const shown = loaded.lang;
    C.lang = shown;
    C.strings = loaded.strings;
    I18n.remember(shown);
    document.documentElement.lang = shown;
    I18n.apply(document, C.strings);
    const title = document.body.dataset.titleKey;
    if (title) document.title = t(title);
    const select = document.getElementById('lang');
    if (select) select.value = shown;
    document.body.dataset.lang = shown;
    if (C.open) send({ type: 'lang', id: nextId('l'), lang: shown });
    for (const fn of C.langFns) fn(shown);
  }

  // ---------- numbers ----------

  const fmt = (n, opts) => I18n.number(C.lang, n, opts);
  const fmtInt = (n) => fmt(n, { maximumFractionDigits: 0 });
  const fmtPercent = (p) => fmt(p, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // A setting's value on an axis or in a list: at most four significant
  // digits, so 0.0001 and 1000 both read well.
  const fmtValue = (x) => (typeof x === 'number' ? fmt(x, { maximumSignificantDigits: 4 }) : String(x));

  function fmtTime(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    try {
      return new Intl.DateTimeFormat(C.lang, { hour: '2-digit', minute: '2-digit' }).format(d);
    } catch (e) {
      return d.toISOString().slice(11, 16);
    }
  }

  function fmtDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    try {
      return new Intl.DateTimeFormat(C.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    } catch (e) {
      return d.toISOString().slice(0, 16).replace('T', ' ');
    }
  }

  // ---------- the connection ----------

  function nextId(prefix) {
    C.seq += 1;
    return prefix + C.seq;
  }

  function send(msg) {
    if (!C.ws || C.ws.readyState !== WebSocket.OPEN) return false;
    C.ws.send(JSON.stringify(msg));
    return true;
  }

  // connect opens the websocket and keeps it open: handlers.open runs on
  // each (re)connection, handlers.close when it drops (with the delay, in
  // seconds, before the next try). Each message goes to the functions
  // registered for its type with on(), then to handlers.message, if given.
  function connect(handlers) {
    C.handlers = handlers;
    dial();
  }

  // on calls fn(msg) for every message of the type, in the order the
  // functions were registered.
  function on(type, fn) {
    const fns = C.byType.get(type) || [];
    fns.push(fn);
    C.byType.set(type, fns);
  }

  // deliver hands a message to its type's functions and to the catch-all;
  // one that fails is reported and does not keep the message from the
  // others.
  function deliver(msg) {
    const fns = (C.byType.get(msg.type) || []).slice();
    if (C.handlers.message) fns.push(C.handlers.message);
    for (const fn of fns) {
      try {
        fn(msg);
      } catch (e) {
        console.error('aisandbox: handling a ' + msg.type + ' message failed', e);
      }
    }
  }

  function dial() {
    clearTimeout(C.timer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(scheme + '//' + location.host + '/ws?lang=' + encodeURIComponent(C.lang));
    } catch (e) {
      console.warn(e);
      retry();
      return;
    }
    C.ws = ws;
    ws.onopen = () => {
      if (C.ws !== ws) return;
      C.open = true;
      C.attempt = 0;
      C.handlers.open();
    };
    ws.onmessage = (ev) => {
      if (C.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        console.warn('aisandbox: unreadable message from the server', e);
        return;
      }
      if (msg && typeof msg === 'object' && typeof msg.type === 'string') deliver(msg);
    };
    ws.onclose = () => {
      if (C.ws !== ws) return;
      C.ws = null;
      C.open = false;
      retry();
    };
  }

  function retry() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** C.attempt);
    const delay = Math.round(base * (0.75 + 0.5 * Math.random()));
    C.attempt += 1;
    C.timer = setTimeout(dial, delay);
    C.handlers.close(Math.max(1, Math.round(delay / 1000)));
  }

  // ---------- the classes this browser teaches ----------

  function classes() {
    try {
      const v = JSON.parse(localStorage.getItem(CLASSES_KEY) || '[]');
      return Array.isArray(v) ? v.filter((c) => c && typeof c.code === 'string' && typeof c.secret === 'string') : [];
    } catch (e) {
      return [];
    }
  }

  function keepClass(entry) {
    const list = classes().filter((c) => c.code !== entry.code);
    list.unshift(entry);
    try {
      localStorage.setItem(CLASSES_KEY, JSON.stringify(list.slice(0, MAX_CLASSES)));
    } catch (e) {
      // Not remembered: the teacher key on screen is the way back.
    }
  }

  function forgetClass(code) {
    try {
      localStorage.setItem(CLASSES_KEY, JSON.stringify(classes().filter((c) => c.code !== code)));
    } catch (e) {
      // Nothing kept.
    }
  }

  const findClass = (code) => classes().find((c) => c.code === code) || null;

  // ---------- the DOM ----------

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = v;
        else if (k === 'className') e.className = v;
        else if (k === 'dataset') Object.assign(e.dataset, v);
        else if (k === 'onclick') e.addEventListener('click', v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  // start picks the language, wires the language switch and loads the
  // texts; the page connects once they are there.
  async function start() {
    const select = document.getElementById('lang');
    if (select) select.addEventListener('change', () => setLang(select.value));
    await setLang(I18n.initialLang());
  }

  return Object.freeze({
    t, fmt, fmtInt, fmtPercent, fmtValue, fmtTime, fmtDate, nextId, send, connect, on, start, setLang, el,
    lang: () => C.lang,
    connected: () => C.open,
    onLang(fn) { C.langFns.push(fn); },
    classes, keepClass, forgetClass, findClass,
  });
})();
