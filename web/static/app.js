// AI Sandbox: the page. It talks to the server over one websocket, whose
// messages are documented in docs/protocol.md, and renders every interface
// string from /i18n/LANG.json. Plain JavaScript, no libraries, nothing loaded
// from outside the server.
//
// The flow: connect -> ask for `datasets` and `models` -> render their
// settings generically from type/default/min/max/choices -> `train` ->
// `started`, `progress`..., then `done` or `error` -> clicks on the regions
// picture become `predict` messages.
//
// document.body.dataset.state is one of connecting, ready, training, done,
// stopped, error; document.body.dataset.lang is the language shown. Browser
// tests wait on both.
'use strict';

(function () {
  const LANGS = ['kk', 'ru', 'en'];
  const FALLBACK_LANG = 'en';
  const STORAGE_KEY = 'aisandbox.lang';
  // The id of our training run. The protocol lets a new `train` reuse the id
  // of a run that has ended, which keeps one model per page on the server.
  const RUN_ID = 'run';
  // Reconnect delays: doubling from half a second up to 15 s, so a restarting
  // server is found quickly and a class of 30 tablets does not hammer a server
  // that is down. Each delay is jittered by ±25 % so the tablets spread out.
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 15000;
  // Keyboard probing: an arrow key moves the cross by 1/50 of the picture's
  // range, Shift+arrow by 1/10.
  const KEY_STEP = 1 / 50;
  const KEY_STEP_BIG = 1 / 10;
  // Radius of the probe marker in screen pixels (a 40 px target is 20 px).
  const MARKER_RADIUS_PX = 9;

  const $ = (id) => document.getElementById(id);
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const app = {
    lang: FALLBACK_LANG,
    strings: {},
    langSeq: 0,
    ws: null,
    connected: false, // the websocket is open
    linkReady: false, // this connection has answered datasets and models
    everReady: false, // we have been ready at least once (so a later ready is a reconnect)
    attempt: 0, // reconnect attempts since the last ready
    reconnectTimer: 0,
    seq: 0, // message id counter
    pending: { datasets: '', models: '' },
    have: { datasets: false, models: false },
    datasets: [],
    models: [],
    testSplit: null,
    selected: { dataset: '', model: '' },
    values: {}, // scope ("dataset:moons", "model:mlp", "run") -> setting name -> raw text
    state: 'connecting',
    status: () => '', // renders the status text in the current language
    prediction: null, // renders the prediction text, or null for the default
    runInfo: null, // renders the line under the numbers, or null
    numbers: null, // last epoch/epochs/loss/train/test numbers
    lostRun: false, // the connection dropped while training
    run: null, // { id, training, stopping, features, classes, frame, epochs }
    canAsk: false,
    cursor: null, // keyboard probe position in data units {x, y}
    marker: null, // last asked point {x, y, label}
    asking: '', // id of the predict message in flight
  };

  // ---------- translations ----------

  // t returns the string for key in the current language with {name}
  // placeholders filled from params; a missing key shows as itself so a gap
  // is visible rather than silent.
  function t(key, params) {
    let s = app.strings[key];
    if (typeof s !== 'string') s = key;
    if (!params) return s;
    return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
  }

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
      if (base === 'kk' || base === 'ru') return base;
      if (base === 'en') return 'en';
    }
    return FALLBACK_LANG;
  }

  async function fetchStrings(lang) {
    const res = await fetch('i18n/' + lang + '.json', { cache: 'no-cache' });
    if (!res.ok) throw new Error('i18n: ' + lang + '.json: HTTP ' + res.status);
    const data = await res.json();
    if (!data || typeof data !== 'object') throw new Error('i18n: ' + lang + '.json is not an object');
    return data;
  }

  async function setLang(lang) {
    const seq = ++app.langSeq;
    let strings;
    let shown = lang;
    let note = false;
    try {
      strings = await fetchStrings(lang);
    } catch (e) {
      console.error(e);
      if (lang === FALLBACK_LANG) return;
      try {
        strings = await fetchStrings(FALLBACK_LANG);
        shown = FALLBACK_LANG;
        note = true;
      } catch (e2) {
        console.error(e2);
        return; // keep the built-in English text of the page
      }
    }
    if (seq !== app.langSeq) return; // a later switch has won
    app.lang = shown;
    app.strings = strings;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch (e) {
      // Not remembered; the page still works.
    }
    $('lang').value = shown;
    document.documentElement.lang = shown;
    applyStrings();
    renderLists();
    renderNumbers();
    renderRunInfo();
    renderPrediction();
    if (note) setStatus(() => t('ui.status.no_i18n'));
    else renderStatus();
    document.body.dataset.lang = shown;
    if (app.connected) {
      send({ type: 'lang', id: nextId('l'), lang: shown });
      requestLists();
    }
  }

  // applyStrings fills every element marked data-i18n="key" and every
  // attribute listed in data-i18n-attr="attr:key;attr:key".
  function applyStrings() {
    for (const el of document.querySelectorAll('[data-i18n]')) {
      el.textContent = t(el.dataset.i18n);
    }
    for (const el of document.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of el.dataset.i18nAttr.split(';')) {
        const [attr, key] = pair.split(':');
        if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
      }
    }
    document.title = t('ui.title');
  }

  // ---------- number formatting in the page's language ----------

  function fmt(n, opts) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
    try {
      return new Intl.NumberFormat(app.lang, opts).format(n);
    } catch (e) {
      return String(n);
    }
  }
  const fmtInt = (n) => fmt(n, { maximumFractionDigits: 0 });
  const fmtPercent = (p) => fmt(p, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // Three decimals, but a loss below 0.001 keeps two significant digits
  // rather than showing as a misleading 0.000.
  const fmtLoss = (x) => (x > 0 && x < 0.001
    ? fmt(x, { maximumSignificantDigits: 2 })
    : fmt(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
  const fmtCoord = (x) => fmt(x, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  // ---------- status, state and buttons ----------

  function setStatus(render) {
    app.status = render;
    renderStatus();
  }

  function renderStatus() {
    $('status').textContent = app.status();
  }

  function setState(s) {
    app.state = s;
    document.body.dataset.state = s;
    const training = s === 'training';
    $('setup-fields').disabled = training;
    $('results').setAttribute('aria-busy', training ? 'true' : 'false');
    updateButtons();
  }

  function listsReady() {
    return app.have.datasets && app.have.models && app.datasets.length > 0 && app.models.length > 0;
  }

  function updateButtons() {
    const training = app.state === 'training';
    $('train').disabled = !(app.connected && listsReady()) || training;
    $('stop').disabled = !(training && app.run && !app.run.stopping);
  }

  // ---------- the connection ----------

  function nextId(prefix) {
    app.seq += 1;
    return prefix + app.seq;
  }

  function send(msg) {
    if (!app.ws || app.ws.readyState !== WebSocket.OPEN) return false;
    app.ws.send(JSON.stringify(msg));
    return true;
  }

  function connect() {
    clearTimeout(app.reconnectTimer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = scheme + '//' + location.host + '/ws?lang=' + encodeURIComponent(app.lang);
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      console.error(e);
      scheduleReconnect();
      return;
    }
    app.ws = ws;
    ws.onopen = () => {
      if (app.ws !== ws) return;
      app.connected = true;
      requestLists();
    };
    ws.onmessage = (ev) => {
      if (app.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        console.error('aisandbox: unreadable message from the server', e);
        return;
      }
      if (msg && typeof msg === 'object') handle(msg);
    };
    ws.onclose = () => {
      if (app.ws !== ws) return;
      app.ws = null;
      connectionLost();
      scheduleReconnect();
    };
    ws.onerror = () => {
      // The browser reports no detail here; onclose follows and reconnects.
    };
  }

  function connectionLost() {
    app.connected = false;
    app.linkReady = false;
    app.have = { datasets: false, models: false };
    app.asking = '';
    if (app.run && app.run.training) app.lostRun = true;
    if (app.run) app.run.training = false;
    // The server forgets a connection's runs when it closes, so the pictures
    // on screen can no longer be asked about.
    setCanAsk(false);
    setState('connecting');
  }

  function scheduleReconnect() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** app.attempt);
    const delay = Math.round(base * (0.75 + 0.5 * Math.random()));
    app.attempt += 1;
    const seconds = Math.max(1, Math.round(delay / 1000));
    setStatus(() => t('ui.status.reconnecting', { seconds: fmtInt(seconds) }));
    // The message stays up during the attempt: a status that flips on every
    // try would be read out again and again by screen readers.
    app.reconnectTimer = setTimeout(connect, delay);
  }

  function requestLists() {
    app.pending.datasets = nextId('d');
    app.pending.models = nextId('m');
    send({ type: 'datasets', id: app.pending.datasets });
    send({ type: 'models', id: app.pending.models });
  }

  function maybeReady() {
    if (!app.connected || !listsReady() || app.linkReady) {
      updateButtons();
      return;
    }
    app.linkReady = true;
    app.attempt = 0;
    const again = app.everReady;
    app.everReady = true;
    setState('ready');
    if (app.lostRun) {
      app.lostRun = false;
      setStatus(() => t('ui.status.lost_run'));
    } else if (again) {
      setStatus(() => t('ui.status.reconnected') + ' ' + t('ui.status.ready'));
    } else {
      setStatus(() => t('ui.status.ready'));
    }
  }

  // ---------- messages from the server ----------

  function handle(msg) {
    switch (msg.type) {
      case 'datasets':
        if (msg.id !== app.pending.datasets || !Array.isArray(msg.datasets)) return;
        app.datasets = msg.datasets;
        app.have.datasets = true;
        renderDatasets();
        maybeReady();
        break;
      case 'models':
        if (msg.id !== app.pending.models || !Array.isArray(msg.models)) return;
        app.models = msg.models;
        app.testSplit = msg.test_split || null;
        app.have.models = true;
        renderModels();
        renderRunSettings();
        maybeReady();
        break;
      case 'lang':
        break;
      case 'started':
        onStarted(msg);
        break;
      case 'progress':
        onProgress(msg);
        break;
      case 'done':
        onDone(msg);
        break;
      case 'prediction':
        onPrediction(msg);
        break;
      case 'error':
        onError(msg);
        break;
      default:
        console.warn('aisandbox: unknown message type', msg.type);
    }
  }

  // ---------- datasets, models and their settings ----------

  function currentDataset() {
    return app.datasets.find((d) => d.name === app.selected.dataset) || null;
  }

  function currentModel() {
    return app.models.find((m) => m.name === app.selected.model) || null;
  }

  function renderLists() {
    if (app.have.datasets) renderDatasets();
    if (app.have.models) {
      renderModels();
      renderRunSettings();
    }
  }

  function fillSelect(select, items, selected) {
    select.replaceChildren();
    for (const it of items) {
      const o = document.createElement('option');
      o.value = it.name;
      o.textContent = it.title || it.name;
      select.append(o);
    }
    select.value = selected;
  }

  function renderDatasets() {
    if (!currentDataset() && app.datasets.length) app.selected.dataset = app.datasets[0].name;
    fillSelect($('dataset'), app.datasets, app.selected.dataset);
    renderDataset();
  }

  function renderDataset() {
    const d = currentDataset();
    const card = (d && d.card) || {};
    $('card-purpose').textContent = card.purpose || '';
    $('card-purpose-line').hidden = !card.purpose;
    $('card').hidden = !d;
    $('card-source').textContent = card.source || '';
    $('card-not-for').textContent = card.not_for || '';
    $('card-kind').textContent = d ? t(card.synthetic ? 'ui.card.synthetic' : 'ui.card.measured') : '';
    renderSettings($('dataset-settings'), d ? d.settings : [], d ? 'dataset:' + d.name : '', 'dataset');
  }

  function renderModels() {
    if (!currentModel() && app.models.length) app.selected.model = app.models[0].name;
    fillSelect($('model'), app.models, app.selected.model);
    renderModel();
  }

  function renderModel() {
    const m = currentModel();
    $('model-description').textContent = (m && m.description) || '';
    renderSettings($('model-settings'), m ? m.settings : [], m ? 'model:' + m.name : '', 'model');
  }

  function renderRunSettings() {
    const s = app.testSplit;
    $('run-settings').closest('section').hidden = !s;
    renderSettings($('run-settings'), s ? [s] : [], 'run', '');
  }

  // settingText turns a default value into the text shown in its control.
  function settingText(setting, value) {
    if (value === undefined || value === null) return '';
    if (setting.type === 'ints' && Array.isArray(value)) return value.join(', ');
    return String(value);
  }

  function intsExample(setting) {
    if (Array.isArray(setting.default) && setting.default.length) return setting.default.join(', ');
    return '8, 8';
  }

  // renderSettings builds one labelled control per setting, from its type and
  // limits alone, so new models and datasets need no change here.
  function renderSettings(container, settings, scope, prefix) {
    container.replaceChildren();
    if (!scope || !Array.isArray(settings)) return;
    const values = app.values[scope] || (app.values[scope] = {});
    for (const s of settings) {
      if (!s || typeof s.name !== 'string') continue;
      const path = prefix ? prefix + '.' + s.name : s.name;
      const id = 'set-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
      const field = document.createElement('div');
      field.className = 'field' + (s.type === 'ints' ? ' ints' : '');

      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = s.label || s.name;
      field.append(label);

      let control;
      if (s.type === 'choice' && Array.isArray(s.choices)) {
        control = document.createElement('select');
        for (const c of s.choices) {
          const o = document.createElement('option');
          o.value = String(c);
          o.textContent = String(c);
          control.append(o);
        }
      } else {
        control = document.createElement('input');
        if (s.type === 'int' || s.type === 'float') {
          control.type = 'number';
          control.step = s.type === 'int' ? '1' : 'any';
          control.inputMode = s.type === 'int' ? 'numeric' : 'decimal';
          if (typeof s.min === 'number') control.min = String(s.min);
          if (typeof s.max === 'number') control.max = String(s.max);
        } else {
          control.type = 'text';
          control.autocomplete = 'off';
          control.spellcheck = false;
          if (s.type === 'ints') control.placeholder = intsExample(s);
        }
      }
      control.id = id;
      control.name = path;
      control.dataset.path = path;
      const saved = values[s.name];
      control.value = saved !== undefined ? saved : settingText(s, s.default);
      if (control.tagName === 'SELECT' && control.selectedIndex < 0) control.selectedIndex = 0;
      field.append(control);

      const describedBy = [];
      // A list of whole numbers needs its format explained, unless the
      // setting's own help already does.
      const helpText = s.help || (s.type === 'ints' ? t('ui.ints.hint', { example: intsExample(s) }) : '');
      if (helpText) {
        const hintId = id + '-hint';
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'help';
        btn.setAttribute('aria-expanded', 'false');
        btn.setAttribute('aria-controls', hintId);
        btn.setAttribute('aria-label', t('ui.help', { label: s.label || s.name }));
        btn.title = helpText;
        const mark = document.createElement('span');
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = '?';
        btn.append(mark);
        const hint = document.createElement('p');
        hint.className = 'hint';
        hint.id = hintId;
        hint.hidden = true;
        hint.textContent = helpText;
        btn.addEventListener('click', () => {
          const open = btn.getAttribute('aria-expanded') !== 'true';
          btn.setAttribute('aria-expanded', open ? 'true' : 'false');
          hint.hidden = !open;
        });
        field.append(btn, hint);
        describedBy.push(hintId);
      } else {
        field.append(document.createElement('span'));
      }

      const problem = document.createElement('p');
      problem.className = 'problem';
      problem.id = id + '-problem';
      problem.hidden = true;
      field.append(problem);
      describedBy.push(problem.id);
      control.setAttribute('aria-describedby', describedBy.join(' '));

      const remember = () => {
        values[s.name] = control.value;
      };
      control.addEventListener('input', () => {
        remember();
        // Clear a shown problem as soon as the value is right again, but do
        // not complain while the student is still typing.
        if (control.getAttribute('aria-invalid') === 'true') {
          const r = validate(s, control);
          if (r.ok) showProblem(control, '');
        }
      });
      control.addEventListener('change', () => {
        remember();
        const r = validate(s, control);
        showProblem(control, r.ok ? '' : r.message);
      });
      control._setting = s;
      container.append(field);
    }
  }

  function showProblem(control, message) {
    const p = $(control.id + '-problem');
    if (message) {
      control.setAttribute('aria-invalid', 'true');
      if (p) {
        p.textContent = message;
        p.hidden = false;
      }
    } else {
      control.removeAttribute('aria-invalid');
      if (p) {
        p.textContent = '';
        p.hidden = true;
      }
    }
  }

  // validate checks a control's value against its setting, with the same
  // limits the server applies, and returns {ok, value} or {ok: false, message}.
  function validate(s, control) {
    const label = s.label || s.name;
    const raw = control.value.trim();
    const hasMin = typeof s.min === 'number';
    const hasMax = typeof s.max === 'number';
    const range = () => t('error.out_of_range', { label, min: hasMin ? s.min : '−∞', max: hasMax ? s.max : '∞' });
    switch (s.type) {
      case 'int':
      case 'float': {
        if (control.validity && control.validity.badInput) return { ok: false, message: t('error.bad_field', { label }) };
        if (raw === '') return { ok: false, message: t('error.missing_field', { label }) };
        const v = Number(raw);
        if (!Number.isFinite(v) || (s.type === 'int' && !Number.isInteger(v))) {
          return { ok: false, message: t('error.bad_field', { label }) };
        }
        if ((hasMin && v < s.min) || (hasMax && v > s.max)) return { ok: false, message: range() };
        return { ok: true, value: v };
      }
      case 'choice': {
        const choices = Array.isArray(s.choices) ? s.choices.map(String) : [];
        if (!choices.includes(raw)) return { ok: false, message: t('error.bad_choice', { label, choices: choices.join(', ') }) };
        return { ok: true, value: raw };
      }
      case 'ints': {
        const parts = raw === '' ? [] : raw.split(/[\s,;]+/).filter(Boolean);
        const minLen = typeof s.min_len === 'number' ? s.min_len : 0;
        const maxLen = typeof s.max_len === 'number' ? s.max_len : Infinity;
        const values = parts.map((p) => (/^[+-]?\d+$/.test(p) ? Number(p) : NaN));
        const bad = values.some((v) => !Number.isSafeInteger(v) || (hasMin && v < s.min) || (hasMax && v > s.max));
        if (bad || values.length < minLen || values.length > maxLen) {
          return {
            ok: false,
            message: t('ui.ints.invalid', {
              label,
              min: hasMin ? s.min : '',
              max: hasMax ? s.max : '',
              min_len: minLen,
              max_len: Number.isFinite(maxLen) ? maxLen : '',
              example: intsExample(s),
            }),
          };
        }
        return { ok: true, value: values };
      }
      default:
        if (raw === '') return { ok: false, message: t('error.missing_field', { label }) };
        return { ok: true, value: raw };
    }
  }

  // collect validates every control in container, puts the values into
  // `into`, marks the wrong ones, and returns the first problem
  // ({control, message}) or null.
  function collect(container, into) {
    let first = null;
    for (const control of container.querySelectorAll('[data-path]')) {
      const s = control._setting;
      const r = validate(s, control);
      if (r.ok) {
        showProblem(control, '');
        into[s.name] = r.value;
      } else {
        showProblem(control, r.message);
        if (!first) first = { control, message: r.message };
      }
    }
    return first;
  }

  // ---------- training ----------

  function train() {
    if ($('train').disabled) return;
    const d = currentDataset();
    const m = currentModel();
    if (!d || !m) return;
    const dataset = { name: d.name };
    const model = { name: m.name };
    const run = {};
    // Check every section, so every wrong field is marked at once.
    const problems = [
      collect($('dataset-settings'), dataset),
      collect($('model-settings'), model),
      collect($('run-settings'), run),
    ];
    const problem = problems.find(Boolean);
    if (problem) {
      const several = $('setup').querySelectorAll('[aria-invalid="true"]').length > 1;
      setState('error');
      setStatus(() => (several ? problem.message + ' ' + t('ui.status.fix') : problem.message));
      problem.control.focus();
      return;
    }
    const msg = { type: 'train', id: RUN_ID, dataset, model };
    if (app.testSplit && run[app.testSplit.name] !== undefined) msg.test_split = run[app.testSplit.name];
    if (!send(msg)) return;
    app.run = {
      id: RUN_ID,
      training: true,
      stopping: false,
      features: Array.isArray(d.features) ? d.features : [],
      classes: Array.isArray(d.classes) ? d.classes : [],
      frame: null,
      epochs: typeof model.epochs === 'number' ? model.epochs : 0,
    };
    app.lostRun = false;
    app.numbers = { epoch: 0, epochs: app.run.epochs };
    app.marker = null;
    app.cursor = null;
    app.asking = '';
    app.prediction = null;
    app.runInfo = null;
    setCanAsk(false);
    clearPlots();
    renderNumbers();
    renderRunInfo();
    renderPrediction();
    setState('training');
    setStatus(() => t('ui.status.training'));
    if (window.matchMedia('(max-width: 760px)').matches) {
      $('results').scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }

  function stop() {
    if (!app.run || !app.run.training || app.run.stopping) return;
    if (!send({ type: 'stop', id: app.run.id })) return;
    app.run.stopping = true;
    updateButtons();
    setStatus(() => t('ui.status.stopping'));
  }

  function isCurrentRun(msg) {
    return app.run && msg.id === app.run.id;
  }

  function onStarted(msg) {
    if (!isCurrentRun(msg) || !app.run.training) return;
    if (Array.isArray(msg.features)) app.run.features = msg.features;
    if (Array.isArray(msg.classes)) app.run.classes = msg.classes;
    if (typeof msg.epochs === 'number') app.run.epochs = msg.epochs;
    app.numbers = { epoch: 0, epochs: app.run.epochs };
    renderNumbers();
    app.runInfo = () => t('ui.started', {
      parameters: fmtInt(msg.parameters),
      train: fmtInt(msg.train_size),
      test: fmtInt(msg.test_size),
    });
    renderRunInfo();
  }

  function takeNumbers(msg) {
    app.numbers = {
      epoch: msg.epoch,
      epochs: typeof msg.epochs === 'number' ? msg.epochs : app.run.epochs,
      loss: msg.loss,
      train: msg.train_accuracy,
      test: msg.test_accuracy,
    };
    renderNumbers();
  }

  function onProgress(msg) {
    if (!isCurrentRun(msg) || !app.run.training) return;
    takeNumbers(msg);
    if (msg.plots) showPlots(msg.plots);
  }

  function onDone(msg) {
    if (!isCurrentRun(msg)) return;
    const wasTraining = app.run.training;
    app.run.training = false;
    app.run.stopping = false;
    app.run.stopped = Boolean(msg.stopped);
    takeNumbers(msg);
    if (msg.plots) showPlots(msg.plots);
    if (!wasTraining && app.state !== 'training') {
      // A repeated `done` (stop after the end): the numbers are refreshed,
      // nothing else changes.
      updateButtons();
      return;
    }
    const twoD = app.run.features.length === 2 && app.run.frame;
    setCanAsk(Boolean(twoD));
    if (msg.stopped) {
      setState('stopped');
      setStatus(() => t('ui.status.stopped', { epoch: fmtInt(msg.epoch) }));
    } else {
      setState('done');
      setStatus(() => t('ui.status.done', {
        seconds: fmt(msg.seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      }));
    }
  }

  function onError(msg) {
    const text = (typeof msg.message === 'string' && msg.message) ? msg.message : t('error.internal');
    console.warn('aisandbox: error', msg.code, msg.field || '', text);
    let focus = null;
    if (msg.field) {
      const control = controlFor(msg.field);
      if (control) {
        showProblem(control, text);
        focus = control;
      }
    }
    if (app.run && msg.id === app.run.id && app.run.training) {
      // The run failed: the form comes back so the setting can be fixed.
      app.run.training = false;
      app.run.stopping = false;
      setCanAsk(false);
    }
    if (msg.id && msg.id === app.asking) {
      app.asking = '';
      app.prediction = null;
      renderPrediction();
      if (msg.code === 'unknown_run' || msg.code === 'not_ready') setCanAsk(false);
    }
    setState('error');
    setStatus(() => text);
    if (focus) focus.focus();
  }

  // controlFor finds the control a server error's dotted field path points
  // at ("model.lr", "model.hidden[1]" or "model.hidden.1").
  function controlFor(field) {
    let best = null;
    for (const c of document.querySelectorAll('[data-path]')) {
      const p = c.dataset.path;
      if (field === p || field.startsWith(p + '.') || field.startsWith(p + '[')) {
        if (!best || p.length > best.dataset.path.length) best = c;
      }
    }
    return best;
  }

  // ---------- numbers and plots ----------

  function renderNumbers() {
    const n = app.numbers;
    const epoch = $('epoch');
    const progress = $('progress');
    if (!n) {
      epoch.textContent = '—';
      progress.max = 1;
      progress.value = 0;
    } else {
      const epochs = n.epochs > 0 ? n.epochs : 0;
      epoch.textContent = epochs ? t('ui.epoch.value', { epoch: fmtInt(n.epoch || 0), epochs: fmtInt(epochs) }) : '—';
      progress.max = epochs || 1;
      progress.value = Math.min(n.epoch || 0, epochs || 1);
    }
    setNumber($('loss'), n && n.loss, fmtLoss);
    setNumber($('train-acc'), n && n.train, fmtPercent);
    setNumber($('test-acc'), n && n.test, fmtPercent);
  }

  function setNumber(el, v, format) {
    if (typeof v === 'number' && Number.isFinite(v)) {
      el.textContent = format(v);
      el.dataset.value = String(v);
    } else {
      el.textContent = '—';
      delete el.dataset.value;
    }
  }

  function renderRunInfo() {
    $('run-info').textContent = app.runInfo ? app.runInfo() : '';
  }

  function clearPlots() {
    delete $('plot-regions').dataset.frame;
    for (const id of ['plot-regions', 'plot-loss', 'plot-accuracy']) {
      const box = $(id);
      const p = document.createElement('p');
      p.className = 'plot-empty';
      p.dataset.i18n = 'ui.plot.empty';
      p.textContent = t('ui.plot.empty');
      box.replaceChildren(p);
    }
  }

  // putSVG inserts an SVG document from our server as markup and makes it
  // scale with its box.
  function putSVG(box, markup) {
    box.innerHTML = markup;
    const svg = box.querySelector('svg');
    if (!svg) return null;
    if (!svg.getAttribute('viewBox')) {
      const w = parseFloat(svg.getAttribute('width'));
      const h = parseFloat(svg.getAttribute('height'));
      if (w > 0 && h > 0) svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    }
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    return svg;
  }

  function showPlots(plots) {
    if (typeof plots.loss === 'string') putSVG($('plot-loss'), plots.loss);
    if (typeof plots.accuracy === 'string') putSVG($('plot-accuracy'), plots.accuracy);
    if (typeof plots.regions === 'string') {
      putSVG($('plot-regions'), plots.regions);
      if (plots.frame) {
        app.run.frame = plots.frame;
        // Published for tests and tools: the picture's frame, as received.
        $('plot-regions').dataset.frame = JSON.stringify(plots.frame);
      }
      drawMarkers();
    } else if (app.run && app.run.features.length !== 2) {
      const p = document.createElement('p');
      p.className = 'plot-empty';
      p.dataset.i18n = 'ui.plot.no_regions';
      p.textContent = t('ui.plot.no_regions');
      $('plot-regions').replaceChildren(p);
    }
  }

  // ---------- asking the model about a point ----------

  function setCanAsk(on) {
    app.canAsk = on;
    document.body.classList.toggle('can-ask', on);
    const box = $('plot-regions');
    if (on) {
      box.tabIndex = 0;
      box.setAttribute('role', 'application');
      box.setAttribute('aria-describedby', 'ask-hint prediction');
    } else {
      box.removeAttribute('tabindex');
      box.setAttribute('role', 'img');
      box.removeAttribute('aria-describedby');
      app.cursor = null;
      drawMarkers();
    }
  }

  function regionsSVG() {
    return $('plot-regions').querySelector('svg');
  }

  // The frame's pixels are the picture's own units; the SVG's user units are
  // its viewBox. scale is frame pixels per user unit.
  function frameScale(svg, frame) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (vb && vb.width > 0 && vb.height > 0) {
      return { x0: vb.x, y0: vb.y, sx: frame.width / vb.width, sy: frame.height / vb.height };
    }
    return { x0: 0, y0: 0, sx: 1, sy: 1 };
  }

  // clientToData maps a point on screen to the data plane, or null when it
  // falls outside the data area of the picture.
  function clientToData(clientX, clientY) {
    const svg = regionsSVG();
    const f = app.run && app.run.frame;
    if (!svg || !f) return null;
    let ux;
    let uy;
    const ctm = svg.getScreenCTM();
    if (ctm) {
      // The screen matrix includes CSS scaling and the viewBox fit.
      const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
      ux = p.x;
      uy = p.y;
    } else {
      const r = svg.getBoundingClientRect();
      const vb = svg.viewBox.baseVal;
      ux = vb.x + (clientX - r.left) / r.width * vb.width;
      uy = vb.y + (clientY - r.top) / r.height * vb.height;
    }
    const s = frameScale(svg, f);
    const px = (ux - s.x0) * s.sx;
    const py = (uy - s.y0) * s.sy;
    if (px < f.left || px > f.right || py < f.top || py > f.bottom) return null;
    return {
      x: f.x_min + (px - f.left) / (f.right - f.left) * (f.x_max - f.x_min),
      y: f.y_max - (py - f.top) / (f.bottom - f.top) * (f.y_max - f.y_min),
    };
  }

  function dataToUser(svg, f, x, y) {
    const s = frameScale(svg, f);
    const px = f.left + (x - f.x_min) / (f.x_max - f.x_min) * (f.right - f.left);
    const py = f.top + (f.y_max - y) / (f.y_max - f.y_min) * (f.bottom - f.top);
    return { ux: s.x0 + px / s.sx, uy: s.y0 + py / s.sy };
  }

  // drawMarkers draws the asked point (solid) and the keyboard cross (dashed)
  // into the regions SVG, sized in screen pixels whatever the scaling.
  function drawMarkers() {
    const svg = regionsSVG();
    if (!svg) return;
    for (const g of svg.querySelectorAll('.probe')) g.remove();
    const f = app.run && app.run.frame;
    if (!f || !app.canAsk) return;
    const r = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const unitsPerPx = (vb && vb.width > 0 && r.width > 0) ? vb.width / r.width : 1;
    if (app.marker) svg.append(markerNode(svg, f, app.marker, unitsPerPx, false));
    if (app.cursor && document.activeElement === $('plot-regions')) {
      svg.append(markerNode(svg, f, app.cursor, unitsPerPx, true));
    }
  }

  function markerNode(svg, f, pt, unitsPerPx, cursor) {
    const { ux, uy } = dataToUser(svg, f, pt.x, pt.y);
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', cursor ? 'probe cursor' : 'probe');
    g.setAttribute('transform', 'translate(' + ux + ' ' + uy + ')');
    const rad = MARKER_RADIUS_PX * unitsPerPx;
    const outer = document.createElementNS(SVG_NS, 'circle');
    outer.setAttribute('class', 'ring-outer');
    outer.setAttribute('r', String(rad));
    outer.setAttribute('stroke-width', String(5 * unitsPerPx));
    const inner = document.createElementNS(SVG_NS, 'circle');
    inner.setAttribute('class', 'ring-inner');
    inner.setAttribute('r', String(rad));
    inner.setAttribute('stroke-width', String(2 * unitsPerPx));
    g.append(outer, inner);
    for (const [x1, y1, x2, y2] of [[-rad / 2, 0, rad / 2, 0], [0, -rad / 2, 0, rad / 2]]) {
      const l = document.createElementNS(SVG_NS, 'line');
      l.setAttribute('x1', String(x1));
      l.setAttribute('y1', String(y1));
      l.setAttribute('x2', String(x2));
      l.setAttribute('y2', String(y2));
      l.setAttribute('stroke-width', String(2 * unitsPerPx));
      g.append(l);
    }
    return g;
  }

  function ask(pt) {
    if (!app.canAsk || !app.run) return;
    const id = nextId('q');
    if (!send({ type: 'predict', id, run: app.run.id, points: [[pt.x, pt.y]] })) return;
    app.asking = id;
    app.marker = { x: pt.x, y: pt.y };
    drawMarkers();
    app.prediction = () => t('ui.ask.waiting');
    renderPrediction();
  }

  function onPrediction(msg) {
    if (!msg.id || msg.id !== app.asking) return;
    app.asking = '';
    const pt = app.marker;
    const label = Array.isArray(msg.labels) ? msg.labels[0] : undefined;
    const probs = Array.isArray(msg.probabilities) ? msg.probabilities[0] : null;
    if (!pt || typeof label !== 'number' || !probs) return;
    const cls = (Array.isArray(msg.classes) && msg.classes[0]) ||
      (app.run && app.run.classes[label]) || String(label);
    const p = probs[label];
    // Round to a whole percent, but never claim 100 % unless it is exact.
    let percent = Math.round(p * 100);
    if (percent >= 100 && p < 1) percent = 99;
    app.prediction = () => t('ui.prediction', {
      x: fmtCoord(pt.x),
      y: fmtCoord(pt.y),
      class: cls,
      percent: fmtInt(percent),
    });
    renderPrediction();
    if (app.state === 'error') {
      // A new answer means things work again: leave the error state.
      setState(app.run && app.run.stopped ? 'stopped' : 'done');
    }
  }

  function renderPrediction() {
    $('prediction').textContent = app.prediction ? app.prediction() : t('ui.prediction.none');
  }

  function onRegionsClick(ev) {
    if (!app.canAsk) return;
    const pt = clientToData(ev.clientX, ev.clientY);
    if (!pt) {
      app.prediction = () => t('ui.ask.outside');
      renderPrediction();
      return;
    }
    app.cursor = pt;
    ask(pt);
  }

  function onRegionsKey(ev) {
    if (!app.canAsk || !app.run || !app.run.frame) return;
    const f = app.run.frame;
    if (!app.cursor) app.cursor = { x: (f.x_min + f.x_max) / 2, y: (f.y_min + f.y_max) / 2 };
    const step = ev.shiftKey ? KEY_STEP_BIG : KEY_STEP;
    const dx = (f.x_max - f.x_min) * step;
    const dy = (f.y_max - f.y_min) * step;
    const c = app.cursor;
    switch (ev.key) {
      case 'ArrowLeft': c.x = Math.max(f.x_min, c.x - dx); break;
      case 'ArrowRight': c.x = Math.min(f.x_max, c.x + dx); break;
      case 'ArrowUp': c.y = Math.min(f.y_max, c.y + dy); break;
      case 'ArrowDown': c.y = Math.max(f.y_min, c.y - dy); break;
      case 'Enter':
      case ' ':
        ask({ x: c.x, y: c.y });
        break;
      default:
        return;
    }
    ev.preventDefault();
    drawMarkers();
  }

  function onRegionsFocus() {
    if (!app.canAsk || !app.run || !app.run.frame) return;
    const f = app.run.frame;
    if (!app.cursor) {
      app.cursor = app.marker ? { x: app.marker.x, y: app.marker.y } : { x: (f.x_min + f.x_max) / 2, y: (f.y_min + f.y_max) / 2 };
    }
    drawMarkers();
  }

  // ---------- start ----------

  function init() {
    $('setup').addEventListener('submit', (ev) => {
      ev.preventDefault();
      train();
    });
    $('stop').addEventListener('click', stop);
    $('lang').addEventListener('change', (ev) => setLang(ev.target.value));
    $('dataset').addEventListener('change', (ev) => {
      app.selected.dataset = ev.target.value;
      renderDataset();
    });
    $('model').addEventListener('change', (ev) => {
      app.selected.model = ev.target.value;
      renderModel();
    });
    const regions = $('plot-regions');
    regions.addEventListener('click', onRegionsClick);
    regions.addEventListener('keydown', onRegionsKey);
    regions.addEventListener('focus', onRegionsFocus);
    regions.addEventListener('blur', drawMarkers);
    window.addEventListener('resize', drawMarkers);

    setState('connecting');
    setStatus(() => t('ui.status.connecting'));
    app.lang = initialLang();
    $('lang').value = app.lang;
    setLang(app.lang);
    connect();
  }

  init();
}());
