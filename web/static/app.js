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
// Beside training there are two views that need no model: the tokenizer
// (`tokenize`) and the autograd view (`autograd`, `autograd_step`). A trained
// model is asked in the way that suits its data: clicks on the regions picture
// (`predict`), a drawing or a photo (`predict_image`), a sentence
// (`predict_text`) or a prompt (`generate`).
//
// document.body.dataset.state is one of connecting, ready, training, done,
// stopped, error; document.body.dataset.lang is the language shown;
// document.body.dataset.kind and .task are the kind of data and the task of
// the results shown. Browser tests wait on them.
'use strict';

(function () {
  // The shared translation code (i18n.js, loaded before this file).
  const I18n = window.AISandboxI18n;
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
  // The largest picture the server takes (docs/protocol.md, predict_image):
  // bigger files are refused here, before they are read and sent.
  const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
  // The drawing pen is 1/12 of the canvas wide: on a digit that fills about
  // 70 % of the square (datasets/digits.go, digitInkFraction) that is the
  // stroke of a bold font, what the digits were drawn with.
  const PEN_FRACTION = 1 / 12;
  // The order of the kinds of data in the dataset list: from points on a
  // plane to language.
  const KINDS = ['table', 'regression', 'images', 'text', 'words'];
  // The functions an autograd expression may call (docs/protocol.md): every
  // other name is a value.
  const AG_FUNCS = ['exp', 'log', 'tanh', 'sigmoid', 'relu'];
  // Starting values for the names of the presets, so the first graph is
  // the one in docs/protocol.md; any other name starts at 1.
  const AG_DEFAULTS = { w: 0.5, b: 0, x: 2, y: 3 };
  // At most this many tokens are drawn as chips per tokenizer (a page of
  // text cut into letters would be thousands); the count stays exact.
  const MAX_CHIPS = 400;
  // A panel's request unanswered after this long is reported: the slowest
  // answer, a picture from a phone's camera decoded on a busy server, takes
  // a second or two.
  const ANSWER_TIMEOUT_MS = 20000;
  // Chip colours cycle through this many classes (style.css .c0 ... .c5),
  // so neighbouring tokens always differ.
  const CHIP_COLOURS = 6;

  const $ = (id) => document.getElementById(id);
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const app = {
    lang: I18n.FALLBACK_LANG,
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
    view: 'train', // the tab shown: train, tokens or autograd
    image: {
      source: 'canvas', // what Ask sends: the drawing or the chosen file
      drawn: false, // something has been drawn since the last Clear
      pointer: null, // the pointer drawing now, and its last point
      file: '', // the chosen file as a data URL
      fileName: '',
      asking: '', // id of the predict_image in flight
      answer: null, // the last prediction message
      note: null, // renders the note under the drawing, or null
    },
    text: { asking: '', answer: null, note: null },
    gen: { asking: '', texts: null, note: null },
    tok: { asking: '', answer: null, note: null },
    ag: {
      asking: '', // id of the autograd or autograd_step in flight
      building: false, // the message in flight is a new graph, not a step
      names: [], // names in the expression, in order of appearance
      values: {}, // name -> text of its value field
      params: {}, // name -> ticked as a parameter
      graph: null, // the last graph message
      built: '', // the expression the graph was built from
      history: [], // the output after the build and after each step
      queue: 0, // steps still to take after this one (the 10-steps button)
      note: null,
    },
  };

  // ---------- translations ----------

  // t returns the string for key in the current language with {name}
  // placeholders filled from params; a missing key shows as itself so a gap
  // is visible rather than silent.
  const t = (key, params) => I18n.t(app.strings, key, params);

  async function setLang(lang) {
    const seq = ++app.langSeq;
    const loaded = await I18n.load(lang);
    if (!loaded) return; // keep the built-in English text of the page
    if (seq !== app.langSeq) return; // a later switch has won
    const shown = loaded.lang;
    app.lang = shown;
    app.strings = loaded.strings;
    // The language asked for is remembered even when English stood in.
    I18n.remember(lang);
    $('lang').value = shown;
    document.documentElement.lang = shown;
    applyStrings();
    renderLists();
    renderViews();
    showTemperature();
    renderNumbers();
    renderRunInfo();
    renderPrediction();
    if (loaded.fellBack) setStatus(() => t('ui.status.no_i18n'));
    else renderStatus();
    document.body.dataset.lang = shown;
    for (const fn of ext.langs) call(fn, shown);
    if (app.connected) {
      send({ type: 'lang', id: nextId('l'), lang: shown });
      requestLists();
    }
  }

  // applyStrings fills every element marked data-i18n="key" and every
  // attribute listed in data-i18n-attr="attr:key;attr:key".
  function applyStrings() {
    I18n.apply(document, app.strings);
    document.title = t('ui.title');
  }

  // ---------- number formatting in the page's language ----------

  const fmt = (n, opts) => I18n.number(app.lang, n, opts);
  const fmtInt = (n) => fmt(n, { maximumFractionDigits: 0 });
  const fmtPercent = (p) => fmt(p, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // Three decimals, but a loss below 0.001 keeps two significant digits
  // rather than showing as a misleading 0.000.
  const fmtLoss = (x) => (x > 0 && x < 0.001
    ? fmt(x, { maximumSignificantDigits: 2 })
    : fmt(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 }));
  const fmtCoord = (x) => fmt(x, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // R² is at most 1 and can be any negative number: three decimals.
  const fmtR2 = (x) => fmt(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  // Values and gradients in the autograd view: up to four significant
  // digits, so 0.0004 and 1234 both read well; a loss that has shrunk below
  // 0.0001 (or a number past a million) in powers of ten, as 9.54E-7.
  const fmtValue = (x) => (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)
    ? fmt(x, { notation: 'scientific', maximumSignificantDigits: 3 })
    : fmt(x, { maximumSignificantDigits: 4 }));

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
    $('train').disabled = !(app.connected && listsReady() && currentModel()) || training;
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
        if (msg.id && msg.id === app.image.asking) onImagePrediction(msg);
        else if (msg.id && msg.id === app.text.asking) onTextPrediction(msg);
        else onPrediction(msg);
        break;
      case 'generated':
        onGenerated(msg);
        break;
      case 'tokens':
        onTokens(msg);
        break;
      case 'graph':
        onGraph(msg);
        break;
      case 'error':
        if (!onPanelError(msg) && !extensionError(msg)) onError(msg);
        break;
      default:
        if (!(ext.handlers[msg.type] || []).length) console.warn('aisandbox: unknown message type', msg.type);
    }
    if (msg.type !== 'error') for (const fn of ext.handlers[msg.type] || []) call(fn, msg);
  }

  // ---------- the parts of the page in files of their own ----------

  // ext holds what the other scripts of the page (eval.js, ...) registered
  // through window.AISandbox: they see every message after app.js has, may
  // claim error replies to their own requests, add fields to a train
  // message, and redraw when the language changes.
  const ext = { handlers: {}, errors: [], specs: [], langs: [] };

  // call runs an extension's function so that its failure cannot break the
  // page's own handling.
  function call(fn, ...args) {
    try {
      return fn(...args);
    } catch (e) {
      console.error('aisandbox: extension failed', e);
      return undefined;
    }
  }

  function extensionError(msg) {
    return ext.errors.some((fn) => call(fn, msg) === true);
  }

  // ---------- what activity runners use (activity.js) ----------
  //
  // A step of an activity chooses the data and the model, presets, locks or
  // hides controls by their setting key (docs/activities.md, "Settings":
  // dataset, model, dataset.NAME, model.NAME, test_split, validation_split,
  // attributes, drop, mitigation, mitigate_by, tokenizer.text, autograd.*,
  // generate.*), shows one view and may start training. These functions do
  // it the way a person would, so that every listener (eval.js, class.js)
  // hears of it. A control rebuilt later (the settings of another model)
  // comes back unlocked: the runner locks again after each change.

  // runnerControls returns the page's controls for a setting key, in the
  // order they appear; [] when the page has none for it (train_group, whose
  // value the runner adds to the train message itself).
  function runnerControls(key) {
    const all = (sel) => [...document.querySelectorAll(sel)];
    const one = (id) => ($(id) ? [$(id)] : []);
    switch (key) {
      case 'dataset': return one('dataset');
      case 'model': return one('model');
      case 'attributes': return all('#eval-attr input[type=checkbox]');
      case 'drop': return all('#eval-drop input[type=checkbox]');
      case 'mitigation': return one('eval-mitigation');
      case 'mitigate_by': return one('eval-mitigate-by');
      case 'validation_split': return one('eval-validation');
      case 'tokenizer.text': return [...one('tok-input'), ...all('.tok-example')];
      case 'autograd.expression': return [...one('ag-expr'), ...all('.ag-preset')];
      case 'autograd.values': return all('#ag-names input[type=number]');
      case 'autograd.params': return all('#ag-names input[type=checkbox]');
      case 'autograd.lr': return one('ag-lr');
      case 'generate.prompt': return one('gen-prompt');
      case 'generate.temperature': return one('gen-temperature');
      case 'generate.top_k': return one('gen-topk');
      case 'generate.length': return one('gen-length');
      case 'generate.count': return one('gen-count');
      default:
        return all('#setup-fields [data-path]').filter((c) => c.dataset.path === key);
    }
  }

  // runnerSet gives the control of a setting key a value, firing input and
  // change as typing would, and reports whether the page has the control
  // and took the value.
  function runnerSet(key, value) {
    const fire = (c, ...types) => {
      for (const type of types) c.dispatchEvent(new Event(type, { bubbles: true }));
    };
    const pick = (select, v) => {
      if (!select || ![...select.options].some((o) => o.value === String(v))) return false;
      if (select.value !== String(v)) {
        select.value = String(v);
        fire(select, 'change');
      }
      return true;
    };
    if (key === 'dataset') return app.datasets.some((d) => d.name === value) && pick($('dataset'), value);
    if (key === 'model') return pick($('model'), value);
    if (key === 'attributes' || key === 'drop') {
      const boxes = runnerControls(key);
      const want = Array.isArray(value) ? value.map(String) : [];
      if (!boxes.length) return want.length === 0;
      for (const box of boxes) {
        const on = want.includes(box.value);
        if (box.checked !== on) {
          box.checked = on;
          fire(box, 'change');
        }
      }
      return want.every((v) => boxes.some((b) => b.value === v));
    }
    if (key === 'mitigation' || key === 'mitigate_by') return pick(runnerControls(key)[0], value);
    if (key === 'autograd.expression') {
      $('ag-expr').value = String(value);
      agExprChanged();
      return true;
    }
    if (key === 'autograd.values' || key === 'autograd.params') {
      if (key === 'autograd.values') {
        if (!value || typeof value !== 'object') return false;
        for (const [name, v] of Object.entries(value)) app.ag.values[name] = String(v);
      } else {
        if (!Array.isArray(value)) return false;
        for (const name of app.ag.names) app.ag.params[name] = value.includes(name);
        for (const name of value) app.ag.params[name] = true;
      }
      renderAgNames();
      agStale();
      return true;
    }
    const c = runnerControls(key)[0];
    if (!c) return false;
    if (c.tagName === 'SELECT') return pick(c, value);
    c.value = c._setting ? settingText(c._setting, value) : String(value);
    fire(c, 'input', 'change');
    if (key === 'generate.temperature') showTemperature();
    return true;
  }

  // runnerLock locks (on) or unlocks the controls of a setting key: shown
  // but not changeable. A control the class's teacher locked stays locked.
  function runnerLock(key, on) {
    for (const c of runnerControls(key)) {
      if (on) {
        c.disabled = true;
        c.dataset.activityLocked = 'true';
      } else if (c.dataset.activityLocked) {
        delete c.dataset.activityLocked;
        if (c.dataset.classLocked !== 'true') c.disabled = false;
      }
    }
  }

  // runnerHide hides (on) or shows again the controls of a setting key,
  // with their labels and the box around them.
  function runnerHide(key, on) {
    for (const c of runnerControls(key)) {
      const parts = [c.closest('.field, .eval-field, .eval-checks, .range-row') || c];
      if (c.id) parts.push(...document.querySelectorAll('label[for="' + c.id + '"]'));
      for (const p of parts) {
        if (on) {
          p.hidden = true;
          p.dataset.activityHidden = 'true';
        } else if (p.dataset.activityHidden) {
          delete p.dataset.activityHidden;
          p.hidden = false;
        }
      }
    }
  }

  // runnerAddView makes a tab and its view (#tab-NAME, #view-NAME, made by
  // the caller) one of the page's views.
  function runnerAddView(name) {
    const tab = $('tab-' + name);
    if (!tab || !$('view-' + name) || VIEWS.includes(name)) return false;
    VIEWS.push(name);
    tab.addEventListener('click', () => showView(name, false));
    tab.addEventListener('keydown', onTabKey);
    return true;
  }

  // runnerRun does what a view's main button does: tokens splits its text,
  // autograd builds its graph.
  function runnerRun(view) {
    if (!app.connected) return false;
    if (view === 'tokens') tokenize();
    else if (view === 'autograd') agBuild();
    else return false;
    return true;
  }

  const runner = {
    // selectDataset and selectModel choose as the lists would.
    selectDataset: (name) => runnerSet('dataset', name),
    selectModel: (name) => runnerSet('model', name),
    setSetting: runnerSet,
    lockSetting: runnerLock,
    hideSetting: runnerHide,
    controls: runnerControls,
    addView: runnerAddView,
    // showView shows one view (train, tokens, autograd, or one added).
    showView: (name) => showView(name, false),
    view: () => app.view,
    runView: runnerRun,
    // train presses Train and reports whether a run started.
    train() {
      if ($('train').disabled) return false;
      train();
      return app.state === 'training';
    },
    datasets: () => app.datasets.slice(),
  };
  // ---------- end of what activity runners use ----------

  // ---------- a run that outlived its page (class.js) ----------
  //
  // A class student's runs live in their session on the server, not in the
  // page: after a reload or a dropped connection the page rejoins, and a run
  // still queued or training sends its events to the new connection with
  // its id (docs/protocol.md, "Student: rejoin"). adoptRun makes such a run
  // the page's current run, so that its numbers, plots and end show in the
  // main panel as for a run started here, and Stop stops it. info is the
  // run as the joined message lists it: {id, status, dataset: {name, ...},
  // model, settings, test_split, result}. A run that ended while the page
  // was away (done or stopped, its final numbers in result) is shown ended,
  // with its numbers but no plots: the server keeps none. The form shows
  // the run's data, model and settings. It returns whether the page took
  // the run: not when the page trains another run, or does not know the
  // run's data or model.
  function adoptRun(info) {
    if (!info || typeof info.id !== 'string' || !info.id || !info.dataset) return false;
    const ended = info.status === 'done' || info.status === 'stopped';
    if (!(info.status === 'queued' || info.status === 'running' || (ended && info.result && typeof info.result === 'object'))) return false;
    if (app.run && app.run.training && app.run.id !== info.id) return false;
    if (!listsReady()) return false;
    const d = app.datasets.find((x) => x.name === info.dataset.name);
    const m = d && app.models.find((x) => x.name === info.model && modelFits(x, d));
    if (!m) return false;
    showRunSetup(d, m, info);
    const settings = info.settings && typeof info.settings === 'object' ? info.settings : {};
    const epochsSetting = (m.settings || []).find((s) => s && s.name === 'epochs');
    let epochs = 0;
    if (typeof settings.epochs === 'number') epochs = settings.epochs;
    else if (epochsSetting && typeof epochsSetting.default === 'number') epochs = epochsSetting.default;
    const kind = datasetKind(d);
    const same = Boolean(app.run && app.run.id === info.id && !app.run.ready);
    if (same) {
      // The connection dropped while this page trained the run: its plots
      // so far stay until new ones come.
      app.run.training = true;
      app.run.stopping = false;
    } else {
      app.run = {
        id: info.id,
        training: true,
        stopping: false,
        features: Array.isArray(d.features) ? d.features : [],
        classes: Array.isArray(d.classes) ? d.classes : [],
        frame: null,
        epochs,
        kind,
        task: taskOf(m, kind),
        model: m.name,
        ready: false,
        plots: new Set(),
        scores: new Set(),
        samples: null,
        rules: null,
      };
      resetAnswers();
      app.numbers = { epoch: 0, epochs };
      app.marker = null;
      app.cursor = null;
      app.asking = '';
      app.prediction = null;
      app.runInfo = null;
      clearPlots();
    }
    app.run.adopted = true;
    app.lostRun = false;
    setCanAsk(false);
    renderNumbers();
    renderRunInfo();
    renderPrediction();
    renderPanels();
    applyView();
    setState('training');
    setStatus(() => t('ui.status.training'));
    // The other parts of the page (eval.js, ...) hear of the run as of one
    // started here: a run already training sends no started again, and an
    // ended one no done.
    if (info.status !== 'queued') {
      tell({ type: 'started', id: info.id, adopted: true, task: app.run.task, epochs, features: app.run.features, classes: app.run.classes });
    }
    if (ended) {
      const done = { ...info.result, type: 'done', id: info.id, adopted: true, stopped: info.status === 'stopped' };
      onDone(done);
      tell(done);
    }
    return true;
  }

  // showRunSetup puts an adopted run's data, model and settings in the
  // form; a setting the run left out shows its default, which it trained
  // with.
  function showRunSetup(d, m, info) {
    const fillValues = (scope, list, values) => {
      const into = app.values[scope] || (app.values[scope] = {});
      for (const s of Array.isArray(list) ? list : []) {
        if (!s || typeof s.name !== 'string') continue;
        const v = values && values[s.name] !== undefined && values[s.name] !== null ? values[s.name] : s.default;
        into[s.name] = settingText(s, v);
      }
    };
    fillValues('dataset:' + d.name, d.settings, info.dataset);
    fillValues('model:' + m.name, m.settings, info.settings);
    if (app.testSplit && typeof info.test_split === 'number' && info.test_split > 0) {
      fillValues('run', [app.testSplit], { [app.testSplit.name]: info.test_split });
    }
    // Chosen as the lists would, so every listener hears of it; drawn
    // again so that the settings show the run's values.
    runnerSet('dataset', d.name);
    runnerSet('model', m.name);
    renderDataset();
    renderRunSettings();
  }

  // tell gives a message the page made itself to the other parts of the
  // page, as if it had come from the server.
  function tell(msg) {
    for (const fn of ext.handlers[msg.type] || []) call(fn, msg);
  }
  // ---------- end of a run that outlived its page ----------

  window.AISandbox = Object.freeze({
    // on calls fn(msg) for every message of the type, after app.js.
    on(type, fn) { (ext.handlers[type] = ext.handlers[type] || []).push(fn); },
    // onError calls fn(msg) for error replies; fn returns true to claim one
    // (an answer to its own request), which app.js then leaves alone.
    onError(fn) { ext.errors.push(fn); },
    // onTrain calls fn(msg) with each train message before it is sent: fn
    // may add fields, or return {control, message} to refuse it.
    onTrain(fn) { ext.specs.push(fn); },
    // onLang calls fn(lang) after the page's texts change language.
    onLang(fn) { ext.langs.push(fn); },
    send, nextId, t, fmt, fmtInt, fmtPercent,
    lang: () => app.lang,
    connected: () => app.connected && app.linkReady,
    dataset: () => currentDataset(),
    model: () => currentModel(),
    // run returns the current run: its id, kind, task, features, classes,
    // and whether it is ready (ended with a model), or null.
    run: () => (app.run ? {
      id: app.run.id, kind: app.run.kind, task: app.run.task, model: app.run.model,
      features: app.run.features, classes: app.run.classes, ready: app.run.ready, training: app.run.training,
    } : null),
    ...runner, // what activity runners use: see above
    // adoptRun(info) shows a run that kept training on the server while
    // the page was away (class.js, after a rejoin) as the page's own: see
    // "a run that outlived its page" above.
    adoptRun,
  });

  // ---------- datasets, models and their settings ----------

  function currentDataset() {
    return app.datasets.find((d) => d.name === app.selected.dataset) || null;
  }

  function currentModel() {
    const d = currentDataset();
    return app.models.find((m) => m.name === app.selected.model && modelFits(m, d)) || null;
  }

  function renderLists() {
    if (app.have.datasets) renderDatasets();
    if (app.have.models) {
      renderModels();
      renderRunSettings();
    }
  }

  // datasetKind is a dataset's kind of data. A server from before kinds
  // existed sends none: its datasets without classes are regression sets.
  function datasetKind(d) {
    if (!d) return 'table';
    if (typeof d.kind === 'string' && d.kind) return d.kind;
    return Array.isArray(d.classes) && d.classes.length === 0 ? 'regression' : 'table';
  }

  // modelFits reports whether model m can learn from dataset d; a model
  // without a list of kinds is offered for everything (the server then
  // answers `incompatible` if it cannot).
  function modelFits(m, d) {
    if (!Array.isArray(m.data)) return true;
    return m.data.includes(datasetKind(d));
  }

  // taskOf is the task of model m on a dataset of the given kind: a model
  // may do more than one (the network classifies points and fits curves),
  // so the kind of data decides first. `started` then says for sure.
  function taskOf(m, kind) {
    if (kind === 'regression') return 'regress';
    if (kind === 'words') return 'generate';
    if (m && typeof m.task === 'string' && m.task) return m.task;
    return 'classify';
  }

  function compatibleModels() {
    const d = currentDataset();
    return app.models.filter((m) => modelFits(m, d));
  }

  function option(it) {
    const o = document.createElement('option');
    o.value = it.name;
    o.textContent = it.title || it.name;
    return o;
  }

  function fillSelect(select, items, selected) {
    select.replaceChildren(...items.map(option));
    select.value = selected;
  }

  // fillDatasets lists the datasets grouped by their kind of data, in the
  // order of KINDS, then any kind this page does not know yet.
  function fillDatasets(select, selected) {
    const kinds = KINDS.slice();
    for (const d of app.datasets) {
      const k = datasetKind(d);
      if (!kinds.includes(k)) kinds.push(k);
    }
    select.replaceChildren();
    for (const k of kinds) {
      const members = app.datasets.filter((d) => datasetKind(d) === k);
      if (!members.length) continue;
      const g = document.createElement('optgroup');
      const key = 'ui.kind.' + k;
      g.label = app.strings[key] ? t(key) : t('ui.kind.other');
      g.dataset.kind = k;
      g.append(...members.map(option));
      select.append(g);
    }
    select.value = selected;
  }

  function renderDatasets() {
    if (!currentDataset() && app.datasets.length) app.selected.dataset = app.datasets[0].name;
    fillDatasets($('dataset'), app.selected.dataset);
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
    renderTarget(d);
    renderSettings($('dataset-settings'), d ? d.settings : [], d ? 'dataset:' + d.name : '', 'dataset');
    // Only the models that can learn from this data are offered.
    if (app.have.models) renderModels();
  }

  // renderTarget says what a regression set predicts, with its unit, under
  // what the data is for.
  function renderTarget(d) {
    let line = $('card-target-line');
    if (!line) {
      line = document.createElement('p');
      line.id = 'card-target-line';
      line.className = 'description';
      const label = document.createElement('strong');
      label.dataset.i18n = 'ui.card.target';
      const value = document.createElement('span');
      value.id = 'card-target';
      line.append(label, ': ', value);
      $('card-purpose-line').after(line);
    }
    const target = d && typeof d.target === 'string' ? d.target : '';
    line.firstChild.textContent = t('ui.card.target');
    $('card-target').textContent = target;
    line.hidden = !target;
  }

  function renderModels() {
    const models = compatibleModels();
    if (!models.some((m) => m.name === app.selected.model)) {
      app.selected.model = models.length ? models[0].name : '';
    }
    fillSelect($('model'), models, app.selected.model);
    renderModel();
  }

  function renderModel() {
    const m = currentModel();
    const none = !m && app.have.models && app.have.datasets;
    $('model-description').textContent = (m && m.description) || (none ? t('ui.model.none') : '');
    renderSettings($('model-settings'), m ? m.settings : [], m ? 'model:' + m.name : '', 'model');
    updateButtons();
    applyView();
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
    for (const fn of ext.specs) {
      const refused = call(fn, msg);
      if (refused && refused.message) {
        setState('error');
        setStatus(() => refused.message);
        if (refused.control) refused.control.focus();
        return;
      }
    }
    if (!send(msg)) return;
    app.run = {
      id: RUN_ID,
      training: true,
      stopping: false,
      features: Array.isArray(d.features) ? d.features : [],
      classes: Array.isArray(d.classes) ? d.classes : [],
      frame: null,
      epochs: typeof model.epochs === 'number' ? model.epochs : 0,
      kind: datasetKind(d),
      task: taskOf(m, datasetKind(d)),
      model: m.name,
      ready: false, // done or stopped: the model can be asked
      plots: new Set(), // the plots received
      scores: new Set(), // the numbers received
      samples: null, // texts a generator wrote when it finished
      rules: null, // a decision tree's rules
    };
    app.lostRun = false;
    resetAnswers();
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
    renderPanels();
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
    if (typeof msg.task === 'string' && msg.task) app.run.task = msg.task;
    // What a regression predicts, as shown with its unit; the classes the
    // training part had no example of (a run trained on one group).
    app.run.target = typeof msg.target === 'string' ? msg.target : '';
    app.run.unseen = Array.isArray(msg.unseen) ? msg.unseen.map(String) : [];
    app.numbers = { epoch: 0, epochs: app.run.epochs };
    renderNumbers();
    // The sentence names what the model learns from: points, pictures,
    // texts or examples of words.
    const kind = app.run.kind;
    const key = ['images', 'text', 'words'].includes(kind) ? 'ui.started.' + kind : 'ui.started';
    const info = { parameters: msg.parameters, train: msg.train_size, test: msg.test_size };
    app.run.info = info;
    const target = app.run.target;
    app.runInfo = () => joinText(t(key, {
      parameters: fmtInt(info.parameters),
      train: fmtInt(info.train),
      test: fmtInt(info.test),
    }), target && t('ui.started.target', { target }));
    renderRunInfo();
    applyView();
    renderPanels();
  }

  // SCORES are the numbers a progress or done message may carry
  // (docs/protocol.md, "Kinds of data and tasks").
  const SCORES = ['loss', 'train_accuracy', 'test_accuracy', 'train_mse', 'test_mse', 'train_r2', 'test_r2', 'test_loss'];

  function takeNumbers(msg) {
    app.numbers = {
      epoch: msg.epoch,
      epochs: typeof msg.epochs === 'number' ? msg.epochs : app.run.epochs,
    };
    for (const k of SCORES) {
      app.numbers[k] = msg[k];
      if (typeof msg[k] === 'number') app.run.scores.add(k);
    }
    app.run.gotNumbers = true;
    renderNumbers();
    applyView();
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
    app.run.ready = true;
    if (Array.isArray(msg.samples)) app.run.samples = msg.samples.map(String);
    // A model solved in one go (a polynomial, a tree) knows its number of
    // parameters only at the end.
    if (app.run.info && typeof msg.parameters === 'number') {
      app.run.info.parameters = msg.parameters;
      renderRunInfo();
    }
    takeNumbers(msg);
    if (msg.plots) showPlots(msg.plots);
    if (Array.isArray(msg.rules)) showRules(msg.rules);
    applyView();
    renderPanels();
    if (!wasTraining && app.state !== 'training') {
      // A repeated `done` (stop after the end): the numbers are refreshed,
      // nothing else changes.
      updateButtons();
      return;
    }
    const twoD = app.run.kind === 'table' && app.run.task === 'classify' && app.run.features.length === 2 && app.run.frame;
    setCanAsk(Boolean(twoD));
    // What to do next depends on how this model can be asked.
    const hint = twoD ? '' : nextHint(app.run);
    // Formatted when shown, so a change of language changes the decimal mark.
    const seconds = () => fmt(msg.seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    if (msg.stopped) {
      setState('stopped');
      if (twoD) setStatus(() => t('ui.status.stopped', { epoch: fmtInt(msg.epoch) }));
      else setStatus(() => joinText(t('ui.status.stopped_at', { epoch: fmtInt(msg.epoch) }), hint && t(hint)));
    } else {
      setState('done');
      if (twoD) setStatus(() => t('ui.status.done', { seconds: seconds() }));
      else setStatus(() => joinText(t('ui.status.done_in', { seconds: seconds() }), hint && t(hint)));
    }
  }

  // nextHint is the key of the sentence that tells the student how to ask
  // a finished run's model, or '' when there is nothing to ask.
  function nextHint(run) {
    if (run.task === 'generate') return 'ui.hint.words';
    if (run.task === 'regress') return 'ui.hint.regress';
    if (run.kind === 'images') return 'ui.hint.images';
    if (run.kind === 'text') return 'ui.hint.text';
    return '';
  }

  function joinText(...parts) {
    return parts.filter(Boolean).join(' ');
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
    setNumber($('train-acc'), n && n.train_accuracy, fmtPercent);
    setNumber($('test-acc'), n && n.test_accuracy, fmtPercent);
    setNumber($('mse-train'), n && n.train_mse, fmtLoss);
    setNumber($('mse-test'), n && n.test_mse, fmtLoss);
    setNumber($('r2-train'), n && n.train_r2, fmtR2);
    setNumber($('r2-test'), n && n.test_r2, fmtR2);
    setNumber($('test-loss'), n && n.test_loss, fmtLoss);
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
    // A model trained without some classes is told about them: it cannot
    // give them as an answer.
    let note = $('run-unseen');
    if (!note) {
      note = document.createElement('p');
      note.id = 'run-unseen';
      note.className = 'panel-note problem';
      note.setAttribute('role', 'note');
      $('run-info').after(note);
    }
    const unseen = app.run && Array.isArray(app.run.unseen) ? app.run.unseen : [];
    note.hidden = !unseen.length;
    note.textContent = unseen.length ? t('ui.started.unseen', { classes: unseen.join(', ') }) : '';
  }

  function clearPlots() {
    delete $('plot-regions').dataset.frame;
    $('plot-tree').replaceChildren();
    $('tree-rules').replaceChildren();
    for (const id of ['plot-regions', 'plot-loss', 'plot-accuracy', 'plot-fit', 'plot-error']) {
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
    for (const [key, id] of [['fit', 'plot-fit'], ['error', 'plot-error'], ['tree', 'plot-tree']]) {
      if (typeof plots[key] === 'string') putSVG($(id), plots[key]);
    }
    if (app.run) {
      for (const key of ['loss', 'accuracy', 'regions', 'fit', 'error', 'tree']) {
        if (typeof plots[key] === 'string') app.run.plots.add(key);
      }
    }
    if (Array.isArray(plots.rules)) showRules(plots.rules);
    applyView();
  }

  // showRules lists a decision tree's if/then rules, one a line.
  function showRules(rules) {
    if (!app.run) return;
    app.run.rules = rules.map(String);
    const list = $('tree-rules');
    list.replaceChildren(...app.run.rules.map((r) => {
      const li = document.createElement('li');
      li.textContent = r;
      return li;
    }));
    app.run.plots.add('rules');
  }

  // applyView shows the numbers, plots and panels that belong to the results
  // on screen: those of the run, or before any run those of the chosen data
  // and model. An element marked data-kinds or data-tasks is shown only for
  // those kinds of data or tasks; one marked data-plot (one or more plot
  // names) hides once its run
  // has finished without sending that plot (a tree has no loss curve), or,
  // with data-plot-strict, until the plot arrives; one marked data-score
  // hides once numbers arrive without that score.
  function applyView() {
    let kind;
    let task;
    if (app.run) {
      kind = app.run.kind;
      task = app.run.task;
    } else {
      const d = currentDataset();
      kind = datasetKind(d);
      task = taskOf(currentModel(), kind);
    }
    document.body.dataset.kind = kind;
    document.body.dataset.task = task;
    const run = app.run;
    for (const el of document.querySelectorAll('[data-kinds], [data-tasks], [data-plot], [data-score]')) {
      const kinds = el.dataset.kinds ? el.dataset.kinds.split(' ') : null;
      const tasks = el.dataset.tasks ? el.dataset.tasks.split(' ') : null;
      let show = (!kinds || kinds.includes(kind)) && (!tasks || tasks.includes(task));
      const plot = el.dataset.plot;
      if (show && plot) {
        // data-plot may list several plots: any one of them will do.
        const got = Boolean(run && plot.split(' ').some((k) => run.plots.has(k)));
        if (el.dataset.plotStrict) show = got;
        else if (run && run.ready) show = got;
      }
      const score = el.dataset.score;
      if (show && score && run && run.gotNumbers) show = run.scores.has(score);
      el.hidden = !show;
    }
  }

  // ---------- asking the model about a point ----------

  function setCanAsk(on) {
    app.canAsk = on;
    renderPrediction();
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
    // Once the model can be asked, the hint above says how; "train first"
    // would be wrong.
    $('prediction').textContent = app.prediction ? app.prediction() : (app.canAsk ? '' : t('ui.prediction.none'));
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

  // ---------- tabs ----------

  const VIEWS = ['train', 'tokens', 'autograd'];

  function showView(view, focus) {
    if (!VIEWS.includes(view)) return;
    app.view = view;
    document.body.dataset.view = view;
    for (const v of VIEWS) {
      const tab = $('tab-' + v);
      const on = v === view;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
      $('view-' + v).hidden = !on;
      if (on && focus) tab.focus();
    }
    if (view === 'train') drawMarkers();
    // The first visit shows an example straight away.
    if (app.connected && view === 'tokens' && !app.tok.answer && !app.tok.asking) tokenize();
    if (app.connected && view === 'autograd' && !app.ag.graph && !app.ag.asking) agBuild();
  }

  // onTabKey moves between the tabs with the arrow keys, Home and End, as
  // the ARIA tabs pattern expects.
  function onTabKey(ev) {
    const i = VIEWS.indexOf(app.view);
    let j;
    switch (ev.key) {
      case 'ArrowRight': j = (i + 1) % VIEWS.length; break;
      case 'ArrowLeft': j = (i + VIEWS.length - 1) % VIEWS.length; break;
      case 'Home': j = 0; break;
      case 'End': j = VIEWS.length - 1; break;
      default: return;
    }
    ev.preventDefault();
    showView(VIEWS[j], true);
  }

  // ---------- notes and answers of the panels ----------

  // Each panel has a line for notes: what it is waiting for, or what went
  // wrong. A note is a render function, so it follows the language.
  const NOTES = [['image', 'image-note'], ['text', 'text-note'], ['gen', 'gen-note'], ['tok', 'tok-note'], ['ag', 'ag-note']];

  function note(slot, key, params, error) {
    slot.note = key ? { render: () => t(key, params), error: Boolean(error) } : null;
    renderNotes();
  }

  function renderNotes() {
    for (const [k, id] of NOTES) {
      const n = app[k].note;
      const el = $(id);
      el.textContent = n ? n.render() : '';
      el.classList.toggle('problem', Boolean(n && n.error));
      el.hidden = !n;
    }
  }

  // Controls a server error's `field` points at, for each panel.
  const PANEL_FIELDS = {
    image: { image: 'image-file' },
    text: { text: 'text-input' },
    gen: { prompt: 'gen-prompt', temperature: 'gen-temperature', top_k: 'gen-topk', length: 'gen-length', count: 'gen-count' },
    tok: { text: 'tok-input' },
    ag: { expression: 'ag-expr', lr: 'ag-lr' },
  };

  // onPanelError shows an error that answers a panel's request in that
  // panel, and reports whether it did; other errors are the training's.
  function onPanelError(msg) {
    if (!msg.id) return false;
    const key = Object.keys(PANEL_FIELDS).find((k) => app[k].asking === msg.id);
    if (!key) return false;
    const slot = app[key];
    slot.asking = '';
    const text = (typeof msg.message === 'string' && msg.message) ? msg.message : t('error.internal');
    console.warn('aisandbox: error', msg.code, msg.field || '', text);
    slot.note = { render: () => text, error: true };
    if (key === 'ag') {
      app.ag.queue = 0;
      app.ag.building = false;
    }
    let id = msg.field && PANEL_FIELDS[key][msg.field];
    if (!id && key === 'ag' && msg.field && msg.field.startsWith('values.')) id = 'ag-val-' + msg.field.slice(7);
    if (id && $(id)) markInvalid($(id));
    if ((msg.code === 'unknown_run' || msg.code === 'not_ready') && app.run && app.run.ready) {
      // The model is gone (the server restarted it away): train again.
      app.run.ready = msg.code === 'not_ready';
    }
    renderNotes();
    renderAgButtons();
    return true;
  }

  // awaitAnswer records the request a panel waits for. The server answers
  // every request; one that has not after ANSWER_TIMEOUT_MS is reported, so
  // the panel does not wait for ever.
  function awaitAnswer(slot, id) {
    slot.asking = id;
    setTimeout(() => {
      if (slot.asking !== id) return;
      slot.asking = '';
      if (slot === app.ag) app.ag.queue = 0;
      note(slot, 'ui.no_answer', null, true);
      renderAgButtons();
    }, ANSWER_TIMEOUT_MS);
  }

  function markInvalid(control) {
    control.setAttribute('aria-invalid', 'true');
  }

  function clearInvalid(ev) {
    ev.target.removeAttribute('aria-invalid');
  }

  // runFor returns the finished run that can answer a question about data of
  // the given kind (or any kind) with the given task, or null.
  function runFor(kind, task) {
    const r = app.run;
    if (!r || !r.ready || r.training) return null;
    if (kind && r.kind !== kind) return null;
    if (task && r.task !== task) return null;
    return r;
  }

  function resetAnswers() {
    for (const k of ['image', 'text', 'gen']) {
      app[k].asking = '';
      app[k].note = null;
    }
    app.image.answer = null;
    app.text.answer = null;
    app.gen.texts = null;
  }

  // percentOf rounds a probability to a whole percent, but never claims
  // 100 % unless it is exact.
  function percentOf(p) {
    let percent = Math.round(p * 100);
    if (percent >= 100 && p < 1) percent = 99;
    return percent;
  }

  // renderAnswer fills an answer box (.answer-line and .bars) from a
  // prediction message, or with the placeholder text noneKey.
  function renderAnswer(box, msg, noneKey) {
    const line = box.querySelector('.answer-line');
    const bars = box.querySelector('.bars');
    const label = msg && Array.isArray(msg.labels) ? msg.labels[0] : undefined;
    const probs = msg && Array.isArray(msg.probabilities) ? msg.probabilities[0] : null;
    if (typeof label !== 'number' || !Array.isArray(probs)) {
      line.textContent = t(noneKey);
      line.classList.remove('said');
      bars.replaceChildren();
      delete box.dataset.label;
      delete box.dataset.probability;
      return;
    }
    const names = (app.run && app.run.classes.length === probs.length) ? app.run.classes : probs.map((_, i) => String(i));
    const cls = (Array.isArray(msg.classes) && msg.classes[0]) || names[label] || String(label);
    line.textContent = t('ui.answer', { class: cls, percent: fmtInt(percentOf(probs[label])) });
    line.classList.add('said');
    // Published for tests and tools: the answer, as received.
    box.dataset.label = cls;
    box.dataset.probability = String(probs[label]);
    bars.setAttribute('aria-label', t('ui.probs.heading'));
    bars.replaceChildren(...probs.map((p, i) => {
      const li = document.createElement('li');
      li.className = 'bar-row' + (i === label ? ' best' : '');
      const name = document.createElement('span');
      name.className = 'bar-name';
      name.textContent = names[i];
      const track = document.createElement('span');
      track.className = 'bar-track';
      const fill = document.createElement('span');
      fill.className = 'bar-fill';
      fill.style.width = (Math.max(0, Math.min(1, p)) * 100).toFixed(1) + '%';
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'bar-value';
      value.textContent = fmtInt(percentOf(p)) + '%';
      li.append(name, track, value);
      return li;
    }));
  }

  // tokenText shows a token's text with its spaces made visible: the ▁ that
  // marks the start of a word in BPE stays, a lone space becomes ␣ and a
  // line break ↵.
  function tokenText(s) {
    return String(s).replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
  }

  // renderChips draws tokens as coloured chips; a token marked known: false
  // is drawn dashed, with a title saying why.
  function renderChips(container, tokens) {
    const shown = tokens.slice(0, MAX_CHIPS);
    const chips = shown.map((tok, i) => {
      const chip = document.createElement('span');
      chip.className = 'chip c' + (i % CHIP_COLOURS);
      const text = tok && typeof tok === 'object' ? tok.text : tok;
      chip.textContent = tokenText(text);
      if (tok && tok.known === false) {
        chip.classList.add('unknown');
        chip.title = t('ui.text.unknown_title');
      } else if (tok && typeof tok.id === 'number') {
        chip.title = '#' + tok.id;
      }
      return chip;
    });
    if (tokens.length > shown.length) {
      const more = document.createElement('span');
      more.className = 'more';
      more.textContent = t('ui.tok.more', { count: fmtInt(tokens.length - shown.length) });
      chips.push(more);
    }
    container.replaceChildren(...chips);
  }

  // renderPanels draws the answers of the panels that ask a trained model;
  // renderViews also the tokenizer and autograd views, which only a change
  // of language touches (redrawing them would take the focus from a field
  // the student is typing in).
  function renderPanels() {
    renderImageAnswer();
    renderAnswer($('text-result'), app.text.answer, 'ui.text.none');
    renderTextTokens();
    renderGenerated();
    renderNotes();
  }

  function renderViews() {
    renderPanels();
    renderTokens();
    renderAgNames();
    renderAgResult();
  }

  // ---------- the image panel ----------

  function drawCanvas() {
    return $('draw-canvas');
  }

  function clearDrawing() {
    const c = drawCanvas();
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#000000';
    ctx.fillRect(0, 0, c.width, c.height);
    app.image.drawn = false;
    if (app.image.source === 'canvas') note(app.image, null);
  }

  function canvasPoint(c, ev) {
    const r = c.getBoundingClientRect();
    return {
      x: (ev.clientX - r.left) * c.width / r.width,
      y: (ev.clientY - r.top) * c.height / r.height,
    };
  }

  // useDrawing makes the drawing what Ask sends, instead of a chosen file.
  function useDrawing() {
    app.image.drawn = true;
    if (app.image.source !== 'canvas') {
      app.image.source = 'canvas';
      $('image-preview').hidden = true;
      note(app.image, null);
    }
  }

  function penDown(ev) {
    if (ev.pointerType === 'mouse' && ev.button !== 0) return;
    const c = drawCanvas();
    ev.preventDefault();
    try {
      c.setPointerCapture(ev.pointerId);
    } catch (e) {
      // Without capture a stroke ends at the edge of the canvas: fine.
    }
    const p = canvasPoint(c, ev);
    app.image.pointer = { id: ev.pointerId, last: p };
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(p.x, p.y, c.width * PEN_FRACTION / 2, 0, 2 * Math.PI);
    ctx.fill();
    useDrawing();
  }

  function penMove(ev) {
    const pen = app.image.pointer;
    if (!pen || pen.id !== ev.pointerId) return;
    ev.preventDefault();
    const c = drawCanvas();
    const ctx = c.getContext('2d');
    // A fast finger moves far between two events; the coalesced events
    // keep the line smooth.
    const more = typeof ev.getCoalescedEvents === 'function' ? ev.getCoalescedEvents() : [];
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = c.width * PEN_FRACTION;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(pen.last.x, pen.last.y);
    for (const e of (more.length ? more : [ev])) {
      const p = canvasPoint(c, e);
      ctx.lineTo(p.x, p.y);
      pen.last = p;
    }
    ctx.stroke();
  }

  function penUp(ev) {
    const pen = app.image.pointer;
    if (!pen || pen.id !== ev.pointerId) return;
    app.image.pointer = null;
    // A trained model answers after every stroke, so the student sees it
    // change its mind while drawing.
    if (ev.type === 'pointerup' && runFor('images', 'classify')) askImage();
  }

  function onImageFile() {
    const input = $('image-file');
    input.removeAttribute('aria-invalid');
    const f = input.files && input.files[0];
    if (!f) return;
    if (f.size > MAX_IMAGE_BYTES) {
      note(app.image, 'ui.image.too_big', {
        size: fmt(f.size / (1024 * 1024), { maximumFractionDigits: 1 }),
        limit: fmtInt(MAX_IMAGE_BYTES / (1024 * 1024)),
      }, true);
      markInvalid(input);
      input.value = '';
      return;
    }
    if (f.type && !f.type.startsWith('image/')) {
      note(app.image, 'ui.image.not_image', null, true);
      markInvalid(input);
      input.value = '';
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result !== 'string') return;
      app.image.file = reader.result;
      app.image.fileName = f.name;
      app.image.source = 'file';
      const preview = $('image-preview');
      preview.src = reader.result;
      preview.hidden = false;
      note(app.image, 'ui.image.file_chosen', { name: f.name });
      if (runFor('images', 'classify')) askImage();
    };
    reader.onerror = () => {
      note(app.image, 'ui.image.unreadable', null, true);
      markInvalid(input);
    };
    reader.readAsDataURL(f);
  }

  function askImage() {
    const run = runFor('images', 'classify');
    if (!run) {
      note(app.image, 'ui.ask.train_first', null, true);
      return;
    }
    let image;
    if (app.image.source === 'file' && app.image.file) {
      image = app.image.file;
    } else {
      if (!app.image.drawn) {
        note(app.image, 'ui.image.empty', null, true);
        return;
      }
      image = drawCanvas().toDataURL('image/png');
    }
    const id = nextId('qi');
    if (!send({ type: 'predict_image', id, run: run.id, image })) return;
    awaitAnswer(app.image, id);
    note(app.image, 'ui.ask.waiting');
  }

  function onImagePrediction(msg) {
    app.image.asking = '';
    app.image.answer = msg;
    app.image.note = app.image.source === 'file' ? { render: () => t('ui.image.file_chosen', { name: app.image.fileName }), error: false } : null;
    renderImageAnswer();
    renderNotes();
  }

  function renderImageAnswer() {
    const msg = app.image.answer;
    renderAnswer($('image-result'), msg, 'ui.image.none');
    const fig = $('image-result').querySelector('.seen');
    const input = msg && msg.input;
    const w = input && input.width;
    const h = input && input.height;
    if (!(w > 0 && h > 0 && Array.isArray(input.pixels) && input.pixels.length === w * h)) {
      fig.hidden = true;
      return;
    }
    // What the model saw, one canvas pixel a picture pixel, enlarged by CSS
    // with image-rendering: pixelated.
    const c = $('image-input-canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      const v = Math.round(Math.max(0, Math.min(1, Number(input.pixels[i]) || 0)) * 255);
      img.data[4 * i] = v;
      img.data[4 * i + 1] = v;
      img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const caption = t('ui.image.seen', { width: fmtInt(w), height: fmtInt(h) });
    fig.querySelector('figcaption').textContent = caption;
    c.setAttribute('aria-label', caption);
    c.setAttribute('role', 'img');
    fig.hidden = false;
  }

  // ---------- the text panel ----------

  function askText() {
    const input = $('text-input');
    const text = input.value.trim();
    if (!text) {
      note(app.text, 'ui.text.empty', null, true);
      input.focus();
      return;
    }
    const run = runFor('text', 'classify');
    if (!run) {
      note(app.text, 'ui.ask.train_first', null, true);
      return;
    }
    const id = nextId('qt');
    if (!send({ type: 'predict_text', id, run: run.id, text })) return;
    awaitAnswer(app.text, id);
    note(app.text, 'ui.ask.waiting');
  }

  function onTextPrediction(msg) {
    app.text.asking = '';
    app.text.answer = msg;
    app.text.note = null;
    renderAnswer($('text-result'), msg, 'ui.text.none');
    renderTextTokens();
    renderNotes();
  }

  function renderTextTokens() {
    const msg = app.text.answer;
    const box = $('text-tokens');
    const tokens = msg && Array.isArray(msg.tokens) ? msg.tokens : [];
    renderChips(box, tokens);
    box.closest('.tokens-box').hidden = tokens.length === 0;
    box.dataset.unknown = String(tokens.filter((tok) => tok && tok.known === false).length);
  }

  // ---------- the generator panel ----------

  // panelNumber checks one number field of a panel with the same rules as
  // the settings (validate), its label taken from its <label>.
  function panelNumber(id, type, min, max) {
    const control = $(id);
    const label = document.querySelector('label[for="' + id + '"]');
    const r = validate({ name: id, label: label ? label.textContent.trim() : id, type, min, max }, control);
    if (!r.ok) markInvalid(control);
    else control.removeAttribute('aria-invalid');
    return r;
  }

  function generate() {
    const run = runFor(null, 'generate');
    if (!run) {
      note(app.gen, 'ui.ask.train_first', null, true);
      return;
    }
    // The limits are the protocol's (docs/protocol.md, generate).
    const fields = [
      ['temperature', panelNumber('gen-temperature', 'float', 0, 2)],
      ['top_k', panelNumber('gen-topk', 'int', 0, 50)],
      ['length', panelNumber('gen-length', 'int', 1, 200)],
      ['count', panelNumber('gen-count', 'int', 1, 10)],
    ];
    const bad = fields.find(([, r]) => !r.ok);
    if (bad) {
      const message = bad[1].message;
      app.gen.note = { render: () => message, error: true };
      renderNotes();
      return;
    }
    const msg = { type: 'generate', id: nextId('g'), run: run.id, prompt: $('gen-prompt').value };
    for (const [name, r] of fields) msg[name] = r.value;
    if (!send(msg)) return;
    awaitAnswer(app.gen, msg.id);
    note(app.gen, 'ui.gen.waiting');
  }

  function onGenerated(msg) {
    if (!msg.id || msg.id !== app.gen.asking) return;
    app.gen.asking = '';
    app.gen.texts = Array.isArray(msg.texts) ? msg.texts.map(String) : [];
    app.gen.note = null;
    renderGenerated();
    renderNotes();
  }

  function textList(texts) {
    const ol = document.createElement('ol');
    ol.className = 'texts';
    ol.append(...texts.map((s) => {
      const li = document.createElement('li');
      li.textContent = s;
      return li;
    }));
    return ol;
  }

  function renderGenerated() {
    const box = $('gen-result');
    if (app.gen.texts) {
      const h = document.createElement('h4');
      h.className = 'mini-title';
      h.textContent = t('ui.gen.result');
      box.replaceChildren(h, textList(app.gen.texts));
    } else {
      const p = document.createElement('p');
      p.className = 'placeholder';
      p.textContent = t(app.run && app.run.task === 'generate' && app.run.ready ? 'ui.gen.ready' : 'ui.gen.none');
      box.replaceChildren(p);
    }
    const samples = app.run && app.run.task === 'generate' ? app.run.samples : null;
    $('gen-samples-box').hidden = !(samples && samples.length);
    $('gen-samples').replaceChildren(...(samples || []).map((s) => {
      const li = document.createElement('li');
      li.textContent = s;
      return li;
    }));
  }

  function showTemperature() {
    $('gen-temperature-value').textContent = fmt(Number($('gen-temperature').value), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  // ---------- the tokenizer view ----------

  function tokenize() {
    const input = $('tok-input');
    const text = input.value;
    if (!text.trim()) {
      note(app.tok, 'ui.tok.empty', null, true);
      input.focus();
      return;
    }
    const id = nextId('t');
    if (!send({ type: 'tokenize', id, text })) {
      note(app.tok, 'ui.status.connecting', null, true);
      return;
    }
    awaitAnswer(app.tok, id);
    app.tok.text = text;
    note(app.tok, 'ui.tok.waiting');
  }

  function onTokens(msg) {
    if (!msg.id || msg.id !== app.tok.asking) return;
    app.tok.asking = '';
    app.tok.answer = msg;
    app.tok.answerText = app.tok.text;
    app.tok.note = null;
    renderTokens();
    renderNotes();
  }

  function renderTokens() {
    const box = $('tok-result');
    const msg = app.tok.answer;
    if (!msg || !Array.isArray(msg.tokenizers)) {
      const p = document.createElement('p');
      p.className = 'placeholder';
      p.textContent = t('ui.tok.none');
      box.replaceChildren(p);
      delete box.dataset.counts;
      return;
    }
    const summary = document.createElement('p');
    summary.className = 'tok-summary';
    summary.textContent = t('ui.tok.summary', { characters: fmtInt(msg.characters), words: fmtInt(msg.words) });
    const most = Math.max(1, ...msg.tokenizers.map((k) => Number(k.count) || 0));
    const counts = {};
    const rows = msg.tokenizers.map((k) => {
      const count = Number(k.count) || 0;
      counts[k.kind] = count;
      const row = document.createElement('section');
      row.className = 'tok-row';
      row.dataset.kind = k.kind;
      const head = document.createElement('div');
      head.className = 'tok-head';
      const name = document.createElement('h3');
      name.className = 'tok-name';
      const nameKey = 'ui.tok.name.' + k.kind;
      name.textContent = app.strings[nameKey] ? t(nameKey) : String(k.kind);
      const aboutKey = 'ui.tok.kind.' + k.kind;
      if (app.strings[aboutKey]) {
        const about = document.createElement('span');
        about.className = 'tok-about';
        about.textContent = t(aboutKey);
        name.append(about);
      }
      const n = document.createElement('span');
      n.className = 'tok-count';
      let countText = t('ui.tok.count', { count: fmtInt(count) });
      if (msg.words > 0) countText += ' · ' + t('ui.tok.per_word', { ratio: fmt(count / msg.words, { maximumFractionDigits: 1 }) });
      n.textContent = countText;
      // A bar as long as the count, so the three are compared at a glance.
      const track = document.createElement('span');
      track.className = 'bar-track tok-bar';
      const fill = document.createElement('span');
      fill.className = 'bar-fill';
      fill.style.width = (count / most * 100).toFixed(1) + '%';
      track.append(fill);
      head.append(name, n, track);
      const chips = document.createElement('p');
      chips.className = 'chips';
      renderChips(chips, Array.isArray(k.tokens) ? k.tokens : []);
      row.append(head, chips);
      return row;
    });
    box.replaceChildren(summary, ...rows);
    // Published for tests and tools: the count of each tokenizer, and the
    // text they counted.
    box.dataset.counts = JSON.stringify(counts);
    box.dataset.text = app.tok.answerText || '';
  }

  // ---------- the autograd view ----------

  // agNames lists the names in an expression in order of appearance: words
  // that are not functions and do not stand right after a digit (the e of
  // 1e-3).
  function agNames(expr) {
    const names = [];
    for (const m of expr.matchAll(/(?<![0-9.])[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (AG_FUNCS.includes(m[0]) || names.includes(m[0])) continue;
      names.push(m[0]);
    }
    return names;
  }

  // agIsParam guesses whether a name is a parameter: x and y (and x1, y2,
  // ...) are data by convention; everything else may learn.
  function agIsParam(name) {
    return !/^[xy][0-9]*$/.test(name);
  }

  function agExprChanged() {
    app.ag.names = agNames($('ag-expr').value);
    $('ag-expr').removeAttribute('aria-invalid');
    renderAgNames();
    agStale();
  }

  // agStale tells the student that the graph on screen is not the one in
  // the fields any more.
  function agStale() {
    if (app.ag.graph && !app.ag.asking) note(app.ag, 'ui.ag.rebuild');
    renderAgButtons();
  }

  function agIsStale() {
    return !app.ag.graph || app.ag.built !== agSnapshot();
  }

  // agSnapshot is what the graph would be built from now.
  function agSnapshot() {
    return JSON.stringify([$('ag-expr').value.trim(), app.ag.names.map((n) => [n, agValueText(n), agParam(n)])]);
  }

  function agValueText(name) {
    const v = app.ag.values[name];
    if (v !== undefined) return v;
    return String(name in AG_DEFAULTS ? AG_DEFAULTS[name] : 1);
  }

  function agParam(name) {
    const v = app.ag.params[name];
    return v === undefined ? agIsParam(name) : v;
  }

  function renderAgNames() {
    const body = $('ag-names');
    const grads = app.ag.graph && app.ag.graph.grads ? app.ag.graph.grads : {};
    const fresh = !agIsStale();
    body.replaceChildren(...app.ag.names.map((name) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.className = 'ag-name';
      th.textContent = name;
      const tdValue = document.createElement('td');
      const value = document.createElement('input');
      value.type = 'number';
      value.step = 'any';
      value.inputMode = 'decimal';
      value.id = 'ag-val-' + name;
      value.value = agValueText(name);
      value.setAttribute('aria-label', t('ui.ag.value_of', { name }));
      value.addEventListener('input', () => {
        app.ag.values[name] = value.value;
        value.removeAttribute('aria-invalid');
        agStale();
      });
      tdValue.append(value);
      const tdParam = document.createElement('td');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = 'ag-param-' + name;
      box.checked = agParam(name);
      box.setAttribute('aria-label', t('ui.ag.param_of', { name }));
      box.addEventListener('change', () => {
        app.ag.params[name] = box.checked;
        agStale();
      });
      tdParam.append(box);
      const tdGrad = document.createElement('td');
      tdGrad.className = 'ag-grad';
      tdGrad.id = 'ag-grad-' + name;
      tdGrad.textContent = fresh && typeof grads[name] === 'number' ? fmtValue(grads[name]) : '—';
      tr.append(th, tdValue, tdParam, tdGrad);
      return tr;
    }));
  }

  function renderAgButtons() {
    const off = agIsStale() || Boolean(app.ag.asking);
    $('ag-step').disabled = off;
    $('ag-step10').disabled = off;
  }

  function agBuild() {
    const exprInput = $('ag-expr');
    const expr = exprInput.value.trim();
    if (!expr) {
      note(app.ag, 'ui.ag.empty', null, true);
      markInvalid(exprInput);
      return;
    }
    const values = {};
    for (const name of app.ag.names) {
      const text = agValueText(name).trim();
      const v = Number(text);
      if (text === '' || !Number.isFinite(v)) {
        note(app.ag, 'ui.ag.bad_value', { name }, true);
        const control = $('ag-val-' + name);
        if (control) {
          markInvalid(control);
          control.focus();
        }
        return;
      }
      values[name] = v;
    }
    const params = app.ag.names.filter(agParam);
    const id = nextId('a');
    if (!send({ type: 'autograd', id, expression: expr, values, params })) return;
    awaitAnswer(app.ag, id);
    app.ag.building = true;
    app.ag.queue = 0;
    note(app.ag, 'ui.ag.waiting');
    renderAgButtons();
  }

  function agStep(n) {
    if (agIsStale()) {
      note(app.ag, 'ui.ag.build_first', null, true);
      return;
    }
    const r = panelNumber('ag-lr', 'float', 0, 10);
    if (!r.ok || !(r.value > 0)) {
      markInvalid($('ag-lr'));
      const message = r.ok ? t('ui.ag.bad_lr') : r.message;
      app.ag.note = { render: () => message, error: true };
      renderNotes();
      return;
    }
    const id = nextId('a');
    if (!send({ type: 'autograd_step', id, lr: r.value })) return;
    awaitAnswer(app.ag, id);
    app.ag.building = false;
    app.ag.queue = n - 1;
    app.ag.lr = r.value;
    note(app.ag, 'ui.ag.waiting');
    renderAgButtons();
  }

  function onGraph(msg) {
    if (!msg.id || msg.id !== app.ag.asking) return;
    app.ag.asking = '';
    app.ag.graph = msg;
    const out = typeof msg.output === 'number' ? msg.output : NaN;
    // The server moved the parameters: the fields follow.
    if (msg.values && typeof msg.values === 'object') {
      for (const [name, v] of Object.entries(msg.values)) {
        if (typeof v === 'number') app.ag.values[name] = String(Number(v.toPrecision(6)));
      }
    }
    if (app.ag.building) {
      app.ag.building = false;
      app.ag.history = [out];
    } else {
      app.ag.history.push(out);
    }
    app.ag.built = agSnapshot();
    app.ag.note = null;
    renderAgNames();
    renderAgResult();
    renderNotes();
    renderAgButtons();
    if (app.ag.queue > 0 && Number.isFinite(out)) {
      const left = app.ag.queue;
      const id = nextId('a');
      if (send({ type: 'autograd_step', id, lr: app.ag.lr })) {
        awaitAnswer(app.ag, id);
        app.ag.queue = left - 1;
        renderAgButtons();
      }
    } else {
      app.ag.queue = 0;
    }
  }

  function renderAgResult() {
    const g = app.ag.graph;
    const out = $('ag-output');
    if (!g) {
      out.textContent = '';
      const p = document.createElement('p');
      p.className = 'plot-empty';
      p.textContent = t('ui.ag.none');
      $('ag-graph').replaceChildren(p);
    } else {
      out.textContent = t('ui.ag.output', { value: fmtValue(g.output) });
      if (typeof g.svg === 'string' && $('ag-graph').dataset.svgFor !== g.id) {
        putSVG($('ag-graph'), g.svg);
        $('ag-graph').dataset.svgFor = g.id;
      }
    }
    renderAgLoss();
  }

  // renderAgLoss draws the output after each step as a line, with the
  // first and the last value written out, and lists the last few steps.
  function renderAgLoss() {
    const box = $('ag-loss');
    const h = app.ag.history.filter((v) => Number.isFinite(v));
    box.dataset.losses = JSON.stringify(app.ag.history.map((v) => (Number.isFinite(v) ? v : null)));
    if (!h.length) {
      box.replaceChildren();
      return;
    }
    // The picture's size in SVG units; it scales with the box.
    const W = 320;
    const H = 120;
    const pad = { left: 8, right: 8, top: 16, bottom: 16 };
    let lo = Math.min(...h);
    let hi = Math.max(...h);
    if (hi - lo < 1e-12) {
      hi += 0.5;
      lo -= 0.5;
    }
    const x = (i) => pad.left + (h.length > 1 ? i / (h.length - 1) : 0.5) * (W - pad.left - pad.right);
    const y = (v) => pad.top + (hi - v) / (hi - lo) * (H - pad.top - pad.bottom);
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('class', 'loss-chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', t('ui.ag.loss'));
    const base = document.createElementNS(SVG_NS, 'line');
    base.setAttribute('x1', String(pad.left));
    base.setAttribute('x2', String(W - pad.right));
    base.setAttribute('y1', String(H - pad.bottom));
    base.setAttribute('y2', String(H - pad.bottom));
    base.setAttribute('class', 'axis');
    svg.append(base);
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('points', h.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).join(' '));
    line.setAttribute('class', 'loss-line');
    svg.append(line);
    h.forEach((v, i) => {
      const c = document.createElementNS(SVG_NS, 'circle');
      c.setAttribute('cx', x(i).toFixed(1));
      c.setAttribute('cy', y(v).toFixed(1));
      c.setAttribute('r', '3');
      c.setAttribute('class', 'loss-dot');
      svg.append(c);
    });
    const ends = h.length > 1 ? [[0, 'start'], [h.length - 1, 'end']] : [[0, 'middle']];
    for (const [i, anchor] of ends) {
      const label = document.createElementNS(SVG_NS, 'text');
      label.setAttribute('x', x(i).toFixed(1));
      label.setAttribute('y', String(Math.max(11, y(h[i]) - 6)));
      label.setAttribute('text-anchor', anchor);
      label.textContent = fmtValue(h[i]);
      svg.append(label);
    }
    // The last steps as text, newest first.
    const list = document.createElement('ol');
    list.className = 'loss-list';
    const first = Math.max(0, app.ag.history.length - 6);
    for (let i = app.ag.history.length - 1; i >= first; i--) {
      const li = document.createElement('li');
      li.textContent = t(i === 0 ? 'ui.ag.loss.start' : 'ui.ag.loss.step', { step: fmtInt(i), value: fmtValue(app.ag.history[i]) });
      list.append(li);
    }
    box.replaceChildren(svg, list);
  }

  function agPreset(expr) {
    $('ag-expr').value = expr;
    agExprChanged();
    agBuild();
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

    for (const v of VIEWS) {
      const tab = $('tab-' + v);
      tab.addEventListener('click', () => showView(v, false));
      tab.addEventListener('keydown', onTabKey);
    }

    const canvas = drawCanvas();
    canvas.addEventListener('pointerdown', penDown);
    canvas.addEventListener('pointermove', penMove);
    canvas.addEventListener('pointerup', penUp);
    canvas.addEventListener('pointercancel', penUp);
    clearDrawing();
    $('draw-clear').addEventListener('click', () => {
      clearDrawing();
      app.image.source = 'canvas';
      $('image-preview').hidden = true;
      note(app.image, null);
    });
    $('image-file').addEventListener('change', onImageFile);
    $('ask-image').addEventListener('click', askImage);

    $('ask-text').addEventListener('click', askText);
    $('text-input').addEventListener('input', clearInvalid);
    $('text-input').addEventListener('keydown', (ev) => {
      // Ctrl+Enter (or Cmd+Enter) asks, as in chat boxes; Enter alone is a
      // new line.
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        askText();
      }
    });

    $('gen-button').addEventListener('click', generate);
    $('gen-temperature').addEventListener('input', showTemperature);
    for (const id of ['gen-prompt', 'gen-topk', 'gen-length', 'gen-count']) $(id).addEventListener('input', clearInvalid);
    $('gen-prompt').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        generate();
      }
    });
    showTemperature();

    $('tok-button').addEventListener('click', tokenize);
    $('tok-input').addEventListener('input', clearInvalid);
    for (const b of document.querySelectorAll('.tok-example')) {
      b.addEventListener('click', () => {
        $('tok-input').value = b.dataset.text;
        $('tok-input').lang = b.lang;
        tokenize();
      });
    }

    $('ag-expr').addEventListener('input', agExprChanged);
    $('ag-expr').addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        agBuild();
      }
    });
    $('ag-build').addEventListener('click', agBuild);
    $('ag-step').addEventListener('click', () => agStep(1));
    $('ag-step10').addEventListener('click', () => agStep(10));
    $('ag-lr').addEventListener('input', clearInvalid);
    for (const b of document.querySelectorAll('.ag-preset')) {
      b.addEventListener('click', () => agPreset(b.dataset.expr));
    }
    app.ag.names = agNames($('ag-expr').value);
    showView('train', false);

    setState('connecting');
    setStatus(() => t('ui.status.connecting'));
    app.lang = I18n.initialLang();
    $('lang').value = app.lang;
    setLang(app.lang);
    connect();
  }

  init();
}());
