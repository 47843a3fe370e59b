// AI Sandbox: the evaluation panel. Loaded after app.js, it uses only
// window.AISandbox and the DOM. After a run is done it asks the server
// (`evaluate`, docs/protocol.md) how the model does on its test examples:
// the confusion matrix, precision, recall and F1 of each class, the accuracy
// with its 95 % interval, the examples it got wrong, and, for data about
// people or things in groups, every group's rates, the gaps between them and
// a decision threshold to move; it runs counterfactual probes (`probe`); and
// it adds the setup's fairness choices (attributes as features, features
// left out, a mitigation, a validation share, training on one group only)
// to the train message.
//
// Published for tests: #eval-panel's data-state is idle, asking, shown or
// error; every number shown carries its value in data-value.
'use strict';

(function () {
  const A = window.AISandbox;
  if (!A) return;
  const t = A.t;
  const $ = (id) => document.getElementById(id);

  // A slider's move is sent this long after the student stops moving it, so
  // dragging asks the server a few times, not for every pixel.
  const DEBOUNCE_MS = 150;
  // An answer that has not come after this long is reported (a learning
  // curve trains the model five times: a network on pictures takes a while).
  const ANSWER_TIMEOUT_MS = 20000;
  const CURVE_TIMEOUT_MS = 180000;
  // Mistakes shown: pictures are small, so all the server sends (50); rows
  // of a table and sentences are longer, so fewer.
  const MAX_WRONG_ROWS = 20;
  // Rows of a probe's examples shown (the server sends up to 20).
  const MAX_PROBE_ROWS = 10;
  // Probe results kept on the page, the newest first.
  const MAX_PROBES = 6;
  // Each small picture is drawn this many CSS pixels wide.
  const THUMB_PX = 48;
  // How far an extrapolation may reach beyond the training range, in
  // widths of that range (the server takes 0 to 10; 0 means half).
  const REACHES = [1, 2, 5, 10];

  const S = {
    run: null, // { id, kind, task, dataset } of the run being evaluated
    pendingDataset: null, // the dataset when the last train message left
    datasets: [], // the last datasets message's list
    validation: null, // the validation_split setting from the models message
    ev: null, // the last evaluation message
    asking: '', // id of the evaluate in flight
    queued: false, // the options changed while a request was in flight
    timer: 0,
    by: '',
    positive: '',
    threshold: 0.5,
    perGroup: false,
    thresholds: {}, // group value -> its threshold
    curveAsking: '',
    curve: null, // { msg } of the last learning curve received
    probes: [], // probed messages, newest first
    probing: '',
    probeFeature: '', // the feature an extrapolation sweeps ('' = the first)
    probeReach: '', // how far beyond the training range ('' = the server's default)
    note: null, // renders the panel's note, or null
    noteProblem: false,
    setup: {}, // dataset name -> { attrs:Set, drop:Set, mitigation, by, validation, group }
  };

  // ---------- small helpers ----------

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = v;
        else if (k === 'className') e.className = v;
        else if (k === 'dataset') Object.assign(e.dataset, v);
        else if (k in e && typeof v !== 'string') e[k] = v;
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  const pct = (v) => A.fmt(v, { style: 'percent', maximumFractionDigits: 1 });
  const pctWhole = (v) => A.fmt(v, { style: 'percent', maximumFractionDigits: 0 });
  const dec2 = (v) => A.fmt(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const dec3 = (v) => A.fmt(v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const num = (v) => A.fmt(v, { maximumSignificantDigits: 4 });
  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

  // why returns the sentence for a "not defined" code.
  function why(code) {
    const key = 'eval.why.' + (code || 'not_defined');
    const s = t(key);
    return s === key ? t('eval.why.not_defined') : s;
  }

  // notDefined shows a value that cannot be computed: the words, and why.
  function notDefined(code) {
    return el('span', { className: 'eval-undefined', dataset: { why: code || 'not_defined' } },
      el('span', { text: t('eval.not_defined') }),
      el('span', { className: 'eval-why', text: why(code) }));
  }

  // rateCell shows a rate as a percentage with the counts behind it.
  function rateCell(r) {
    if (!r || !isNum(r.value)) return notDefined(r && r.why);
    return el('span', { className: 'eval-rate', dataset: { value: String(r.value) } },
      el('span', { className: 'eval-pct', text: pct(r.value) }),
      el('span', { className: 'eval-frac', text: t('eval.of', { num: A.fmtInt(r.num), den: A.fmtInt(r.den) }) }));
  }

  // numberCell shows a derived score (F1, a gap) with decimals.
  function numberCell(n, format) {
    if (!n || !isNum(n.value)) return notDefined(n && n.why);
    return el('span', { className: 'eval-num', dataset: { value: String(n.value) }, text: (format || dec2)(n.value) });
  }

  function putSVG(box, markup) {
    box.innerHTML = markup;
    const svg = box.querySelector('svg');
    if (!svg) return;
    if (!svg.getAttribute('viewBox')) {
      const w = parseFloat(svg.getAttribute('width'));
      const h = parseFloat(svg.getAttribute('height'));
      if (w > 0 && h > 0) svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    }
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
  }

  // figure is a plot from the server, described for screen readers.
  function figure(id, svg, label, caption) {
    const box = el('div', { id, className: 'plot-box eval-plot', role: 'img', 'aria-label': label });
    putSVG(box, svg);
    return el('figure', { className: 'plot eval-figure' }, box, caption ? el('figcaption', { className: 'hint', text: caption }) : null);
  }

  // picture draws grey pixels (0 dark … 1 bright) on a small canvas.
  function picture(pixels, w, h, label) {
    const c = el('canvas', { className: 'eval-thumb', width: w, height: h, role: 'img', 'aria-label': label });
    c.style.width = THUMB_PX + 'px';
    c.style.height = Math.round(THUMB_PX * h / w) + 'px';
    const ctx = c.getContext('2d');
    if (!ctx || !Array.isArray(pixels)) return c;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      const v = Math.round(Math.max(0, Math.min(1, Number(pixels[i]) || 0)) * 255);
      img.data[4 * i] = v;
      img.data[4 * i + 1] = v;
      img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return c;
  }

  function table(caption, heads, rows, className) {
    const thead = el('thead', null, el('tr', null, ...heads.map((h) => el('th', { scope: 'col', text: h }))));
    const tbody = el('tbody', null, ...rows.map((cells) => el('tr', null, ...cells.map((c, i) => {
      const cell = el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : null);
      cell.append(c instanceof Node ? c : document.createTextNode(String(c)));
      return cell;
    }))));
    return el('div', { className: 'eval-table-wrap' },
      el('table', { className: 'eval-table ' + (className || '') }, el('caption', { text: caption }), thead, tbody));
  }

  function section(id, title, ...children) {
    const hid = id + '-heading';
    return el('section', { id, className: 'eval-section', 'aria-labelledby': hid },
      el('h4', { id: hid, className: 'eval-title', text: title }), ...children);
  }

  function classTitle(msg, k) {
    const cs = msg && Array.isArray(msg.classes) ? msg.classes : [];
    return k >= 0 && k < cs.length ? String(cs[k]) : String(k);
  }

  // The panel's styles are in eval.css, beside this file.
  if (!document.querySelector('link[href="eval.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: 'eval.css' }));
  }

  // ---------- the panel's note ----------

  function setNote(render, problem) {
    S.note = render;
    S.noteProblem = Boolean(problem);
    renderNote();
  }

  function renderNote() {
    const p = $('eval-note');
    if (!p) return;
    p.textContent = S.note ? S.note() : '';
    p.classList.toggle('problem', S.noteProblem);
  }

  function setPanelState(s) {
    const panel = $('eval-panel');
    if (panel) panel.dataset.state = s;
  }

  // ---------- which run, and when ----------

  function currentRun() {
    const r = A.run();
    if (!r || !S.run || r.id !== S.run.id) return null;
    return r;
  }

  function evaluable(r) {
    return r && (r.task === 'classify' || r.task === 'regress') && r.kind !== 'words';
  }

  function onStarted(msg) {
    const r = A.run();
    if (!r || msg.id !== r.id) return;
    clearTimeout(S.timer);
    S.run = { id: r.id, dataset: S.pendingDataset };
    S.ev = null;
    S.asking = '';
    S.queued = false;
    S.curve = null;
    S.curveAsking = '';
    S.probes = [];
    S.probing = '';
    S.probeFeature = '';
    S.probeReach = '';
    S.perGroup = false;
    S.thresholds = {};
    S.threshold = 0.5;
    S.positive = '';
    const attrs = datasetAttributes(S.run.dataset);
    S.by = attrs.length ? attrs[0].name : '';
    setNote(null);
    $('eval-panel').hidden = true;
    setPanelState('idle');
    renderDial();
  }

  function onDone(msg) {
    const r = A.run();
    if (!r || msg.id !== r.id || !S.run || S.run.id !== r.id) return;
    if (!evaluable(r)) {
      $('eval-panel').hidden = true;
      return;
    }
    $('eval-panel').hidden = false;
    if (!S.ev && !S.asking) {
      renderAll();
      requestEval();
    }
  }

  // ---------- asking the server ----------

  function evalOptions() {
    const r = currentRun();
    const o = { type: 'evaluate', run: r.id };
    const binary = S.ev && S.ev.task === 'classify' && Array.isArray(S.ev.classes) && S.ev.classes.length === 2;
    if (r.task === 'classify') {
      if (S.by) o.by = S.by;
      if (S.positive) o.positive = S.positive;
      if (binary) {
        o.threshold = S.threshold;
        if (S.by && S.perGroup) {
          o.thresholds = {};
          for (const [k, v] of Object.entries(S.thresholds)) o.thresholds[k] = v;
        }
      }
    }
    return o;
  }

  function requestEval() {
    const r = currentRun();
    if (!r || !r.ready) return;
    if (S.asking) {
      S.queued = true;
      return;
    }
    S.queued = false;
    const msg = evalOptions();
    msg.id = A.nextId('ev');
    if (!A.send(msg)) return;
    S.asking = msg.id;
    setPanelState('asking');
    $('eval-panel').setAttribute('aria-busy', 'true');
    timeout(msg.id, ANSWER_TIMEOUT_MS, () => {
      if (S.asking !== msg.id) return false;
      S.asking = '';
      return true;
    });
  }

  // timeout reports a request left unanswered; stop() clears its slot and
  // says whether it was still waiting.
  function timeout(id, ms, stop) {
    setTimeout(() => {
      if (!stop()) return;
      $('eval-panel').removeAttribute('aria-busy');
      setPanelState('error');
      setNote(() => t('eval.no_answer'), true);
    }, ms);
  }

  function requestSoon() {
    clearTimeout(S.timer);
    S.timer = setTimeout(requestEval, DEBOUNCE_MS);
  }

  function requestCurve() {
    const r = currentRun();
    if (!r || !r.ready || S.curveAsking) return;
    const msg = evalOptions();
    msg.id = A.nextId('lc');
    msg.learning_curve = true;
    if (!A.send(msg)) return;
    S.curveAsking = msg.id;
    renderCurve();
    timeout(msg.id, CURVE_TIMEOUT_MS, () => {
      if (S.curveAsking !== msg.id) return false;
      S.curveAsking = '';
      renderCurve();
      return true;
    });
  }

  function requestProbe(spec) {
    const r = currentRun();
    if (!r || !r.ready || S.probing) return;
    const msg = Object.assign({ type: 'probe', id: A.nextId('pr'), run: r.id }, spec);
    if (S.positive) msg.positive = S.positive;
    if (!A.send(msg)) return;
    S.probing = msg.id;
    renderProbeButtons();
    setNote(() => t('eval.probe.running'));
    timeout(msg.id, ANSWER_TIMEOUT_MS, () => {
      if (S.probing !== msg.id) return false;
      S.probing = '';
      renderProbeButtons();
      return true;
    });
  }

  function onEvaluation(msg) {
    if (msg.id === S.curveAsking) {
      S.curveAsking = '';
      S.curve = msg;
      renderCurve();
      return;
    }
    if (msg.id !== S.asking) return;
    S.asking = '';
    S.ev = msg;
    $('eval-panel').removeAttribute('aria-busy');
    setPanelState('shown');
    setNote(null);
    renderAll();
    renderDial();
    if (S.queued) requestEval();
  }

  function onProbed(msg) {
    if (msg.id !== S.probing) return;
    S.probing = '';
    S.probes.unshift(msg);
    S.probes.length = Math.min(S.probes.length, MAX_PROBES);
    setNote(null);
    renderProbeButtons();
    renderProbeResults();
  }

  // onError claims the errors of this panel's requests.
  function onError(msg) {
    const id = msg.id;
    if (!id || (id !== S.asking && id !== S.curveAsking && id !== S.probing)) return false;
    const text = (typeof msg.message === 'string' && msg.message) ? msg.message : t('error.internal');
    if (id === S.asking) {
      S.asking = '';
      $('eval-panel').removeAttribute('aria-busy');
      setPanelState('error');
      if (S.queued) requestEval();
    }
    if (id === S.curveAsking) {
      S.curveAsking = '';
      renderCurve();
    }
    if (id === S.probing) {
      S.probing = '';
      renderProbeButtons();
    }
    setNote(() => text, true);
    return true;
  }

  // ---------- the panel ----------

  function renderAll(force) {
    renderControls(force);
    renderBody();
    renderCurve();
    renderProbeButtons();
    renderProbeResults();
    renderNote();
  }

  // renderControls builds the choosers and sliders. They are rebuilt only
  // when what they offer changes (not on every answer), so that a slider
  // being dragged or a focused control stays where it is; force rebuilds
  // them anyway (a change of language).
  function renderControls(force) {
    const box = $('eval-controls');
    const r = currentRun();
    const ev = S.ev;
    const shape = JSON.stringify([r && r.id, S.by, S.perGroup, A.lang(), ev && ev.class_names, ev && ev.positive,
      ev && ev.groups && ev.groups.values, Boolean(ev)]);
    if (!force && box.dataset.shape === shape) return;
    box.dataset.shape = shape;
    const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : '';
    box.replaceChildren();
    if (!r) return;
    try {
      buildControls(box, r, ev);
    } finally {
      if (focused && $(focused)) $(focused).focus();
    }
  }

  function buildControls(box, r, ev) {
    const attrs = datasetAttributes(S.run.dataset);
    const row = el('div', { className: 'eval-choosers' });
    if (r.task === 'classify' && attrs.length) {
      const sel = el('select', { id: 'eval-by' },
        el('option', { value: '', text: t('eval.by.none') }),
        ...attrs.map((a) => el('option', { value: a.name, text: a.title || a.name })));
      sel.value = S.by;
      sel.addEventListener('change', () => {
        S.by = sel.value;
        S.perGroup = false;
        S.thresholds = {};
        requestEval();
      });
      row.append(el('div', { className: 'eval-field' }, el('label', { for: 'eval-by', text: t('eval.by') }), sel));
    }
    const binary = ev && ev.task === 'classify' && Array.isArray(ev.class_names) && ev.class_names.length === 2;
    // Which class is "yes" matters for the groups' rates: it is offered
    // where there are groups.
    if (binary && attrs.length) {
      const sel = el('select', { id: 'eval-positive' },
        ...ev.class_names.map((n, k) => el('option', { value: n, text: classTitle(ev, k) })));
      sel.value = S.positive || ev.class_names[ev.positive] || ev.class_names[1];
      sel.addEventListener('change', () => {
        S.positive = sel.value;
        requestEval();
      });
      row.append(el('div', { className: 'eval-field' },
        el('label', { for: 'eval-positive', text: t('eval.positive') }), sel));
    }
    box.append(row);
    if (binary) box.append(thresholdControls(ev));
  }

  // thresholdControls: one slider for every group, and with "a threshold
  // per group" ticked, one slider for each group.
  function thresholdControls(ev) {
    const wrap = el('div', { className: 'eval-thresholds' });
    const pos = classTitle(ev, ev.positive);
    wrap.append(slider('eval-threshold', t('eval.threshold'), S.threshold,
      (v) => t('eval.threshold.value', { threshold: dec2(v), positive: pos }),
      (v) => {
        S.threshold = v;
        if (!S.perGroup) S.thresholds = {};
        requestSoon();
      }));
    const g = ev.groups;
    if (!g || !S.by) return wrap;
    const id = 'eval-per-group';
    const box = el('input', { type: 'checkbox', id });
    box.checked = S.perGroup;
    box.addEventListener('change', () => {
      S.perGroup = box.checked;
      S.thresholds = {};
      if (S.perGroup) for (const v of g.values) S.thresholds[v] = S.threshold;
      renderControls();
      requestEval();
      const first = document.querySelector('#eval-controls .eval-group-slider input');
      if (S.perGroup && first) first.focus();
      else $(id).focus();
    });
    wrap.append(el('div', { className: 'eval-check' }, box, el('label', { for: id, text: t('eval.threshold.per_group') })));
    if (S.perGroup) {
      g.values.forEach((v, k) => {
        const title = g.value_titles[k] || v;
        const cur = S.thresholds[v] !== undefined ? S.thresholds[v] : S.threshold;
        const s = slider('eval-threshold-' + k, t('eval.threshold.group', { group: title }), cur,
          (x) => t('eval.threshold.value', { threshold: dec2(x), positive: pos }),
          (x) => {
            S.thresholds[v] = x;
            requestSoon();
          });
        s.classList.add('eval-group-slider');
        wrap.append(s);
      });
    }
    return wrap;
  }

  function slider(id, label, value, say, changed) {
    const input = el('input', { type: 'range', id, min: '0', max: '1', step: '0.01' });
    input.value = String(value);
    const out = el('output', { for: id, id: id + '-value', text: say(value) });
    input.setAttribute('aria-valuetext', say(value));
    input.addEventListener('input', () => {
      const v = Number(input.value);
      out.textContent = say(v);
      input.setAttribute('aria-valuetext', say(v));
      changed(v);
    });
    return el('div', { className: 'eval-slider' }, el('label', { for: id, text: label }), input, out);
  }

  function renderBody() {
    const body = $('eval-body');
    const ev = S.ev;
    body.replaceChildren();
    if (!ev) {
      body.append(el('p', { className: 'placeholder', text: t('eval.asking') }));
      return;
    }
    if (ev.task === 'regress') {
      body.append(...[trainingPart(ev), regressionPart(ev)].filter(Boolean));
    } else if (ev.test) {
      body.append(...[accuracyPart(ev), trainingPart(ev)].filter(Boolean));
      const grid = el('div', { className: 'eval-grid' });
      if (ev.plots && ev.plots.confusion) {
        grid.append(figure('eval-confusion', ev.plots.confusion, t('eval.confusion.label'), t('eval.confusion.caption')));
      }
      grid.append(perClassPart(ev));
      body.append(grid);
      if (ev.groups) body.append(groupsPart(ev));
      if (ev.shortcut) body.append(shortcutPart(ev));
      body.append(wrongPart(ev));
    }
  }

  function accuracySentence(s) {
    if (!s || !s.accuracy || !isNum(s.accuracy.value)) return t('eval.accuracy.none');
    const params = { accuracy: pct(s.accuracy.value), n: A.fmtInt(s.size) };
    if (!s.interval) return t('eval.accuracy.no_interval', params);
    params.low = pctWhole(s.interval.low);
    params.high = pctWhole(s.interval.high);
    return t('eval.accuracy.sentence', params);
  }

  function accuracyPart(ev) {
    const part = el('div', { className: 'eval-summary' });
    part.append(el('p', { id: 'eval-accuracy', className: 'eval-big', dataset: { value: String(ev.test.accuracy.value) } },
      el('strong', { text: t('eval.accuracy.test') + ' ' }), accuracySentence(ev.test)));
    if (ev.validation) {
      part.append(el('p', { id: 'eval-val-accuracy', dataset: { value: String(ev.validation.accuracy.value) } },
        el('strong', { text: t('eval.accuracy.validation') + ' ' }), accuracySentence(ev.validation)));
    }
    part.append(el('p', { className: 'hint', text: t('eval.accuracy.help') }));
    return part;
  }

  function perClassPart(ev) {
    const rows = ev.test.per_class.map((c) => [c.name, A.fmtInt(c.support), rateCell(c.precision), rateCell(c.recall), numberCell(c.f1)]);
    const wrap = el('div', { className: 'eval-perclass' },
      table(t('eval.perclass.caption'), [t('eval.col.class'), t('eval.col.support'), t('eval.col.precision'), t('eval.col.recall'), t('eval.col.f1')], rows),
      el('p', { className: 'eval-line' }, t('eval.macro_f1') + ' ', numberCell(ev.test.macro_f1)),
      el('p', { className: 'hint', text: t('eval.perclass.help') }));
    return wrap;
  }

  const GAPS = [
    ['demographic_parity_diff', 'dp'],
    ['demographic_parity_ratio', 'dp_ratio'],
    ['equal_opportunity_diff', 'eo'],
    ['equalized_odds_diff', 'eodds'],
  ];

  function groupsPart(ev) {
    const g = ev.groups;
    const parts = [];
    parts.push(el('p', { className: 'hint', text: t(g.feature ? 'eval.groups.feature' : 'eval.groups.not_feature', { attribute: g.title }) }));
    const grid = el('div', { className: 'eval-grid' });
    if (ev.plots && ev.plots.groups) {
      grid.append(figure('eval-groups-plot', ev.plots.groups, t('eval.groups.label', { attribute: g.title })));
    }
    const gaps = el('dl', { id: 'eval-gaps', className: 'eval-gaps' });
    for (const [key, short] of GAPS) {
      const n = g.gaps ? g.gaps[key] : null;
      const dd = el('dd', { id: 'eval-gap-' + short, dataset: { value: n && isNum(n.value) ? String(n.value) : '' } }, numberCell(n));
      gaps.append(el('div', { className: 'eval-gap' },
        el('dt', { text: t('eval.gap.' + short) }), dd,
        el('dd', { className: 'hint', text: t('eval.gap.' + short + '.help') })));
    }
    grid.append(el('div', null, el('h5', { className: 'mini-title', text: t('eval.gaps.heading') }), gaps));
    parts.push(grid);
    const rows = g.groups.map((gm) => [gm.title, A.fmtInt(gm.count), rateCell(gm.base_rate), rateCell(gm.selection_rate),
      rateCell(gm.accuracy), rateCell(gm.tpr), rateCell(gm.fpr), rateCell(gm.fnr)]);
    parts.push(table(t('eval.groups.caption', { attribute: g.title, positive: classTitle(ev, ev.positive) }),
      [t('eval.col.group'), t('eval.col.count'), t('eval.col.base_rate'), t('eval.col.selection_rate'), t('eval.col.accuracy'),
        t('eval.col.tpr'), t('eval.col.fpr'), t('eval.col.fnr')], rows, 'eval-groups-table'));
    parts.push(el('p', { className: 'hint', text: t('eval.groups.help', { positive: classTitle(ev, ev.positive) }) }));
    if (ev.plots && ev.plots.tradeoff) {
      const f = figure('eval-tradeoff', ev.plots.tradeoff, t('eval.tradeoff.label'), t('eval.tradeoff.caption'));
      const box = f.querySelector('.plot-box');
      if (ev.plots.tradeoff_frame) {
        box.dataset.frame = JSON.stringify(ev.plots.tradeoff_frame);
        box.classList.add('clickable');
        box.addEventListener('click', (e) => tradeoffClick(e, box, ev.plots.tradeoff_frame));
      }
      parts.push(f);
    }
    return section('eval-groups', t('eval.groups.heading', { attribute: g.title }), ...parts);
  }

  // tradeoffClick sets the threshold for everyone where the plot is clicked.
  function tradeoffClick(e, box, f) {
    const svg = box.querySelector('svg');
    if (!svg || !f || !(f.width > 0)) return;
    const r = svg.getBoundingClientRect();
    const px = (e.clientX - r.left) / r.width * f.width;
    if (px < f.left || px > f.right) return;
    const v = Math.round((f.x_min + (px - f.left) / (f.right - f.left) * (f.x_max - f.x_min)) * 100) / 100;
    S.threshold = Math.max(0, Math.min(1, v));
    S.perGroup = false;
    S.thresholds = {};
    renderControls(true);
    requestEval();
  }

  function shortcutPart(ev) {
    const s = ev.shortcut;
    const name = s.feature === 'background' ? t('eval.shortcut.background') : s.feature;
    const acc = (x, id) => el('div', { className: 'eval-side', id, dataset: { value: String(x.accuracy.value) } },
      el('span', { className: 'eval-side-label', text: t(id === 'eval-shortcut-normal' ? 'eval.shortcut.normal' : 'eval.shortcut.reversed') }),
      el('span', { className: 'eval-side-value', text: isNum(x.accuracy.value) ? pct(x.accuracy.value) : t('eval.not_defined') }),
      el('span', { className: 'hint', text: accuracySentence(x) }));
    const drop = isNum(s.drop && s.drop.value)
      ? t('eval.shortcut.drop', { points: A.fmt(s.drop.value * 100, { maximumFractionDigits: 1 }) })
      : why(s.drop && s.drop.why);
    return section('eval-shortcut', t('eval.shortcut.heading'),
      el('p', { className: 'hint', text: t('eval.shortcut.intro', { feature: name, dial: pctWhole(s.correlation) }) }),
      el('div', { className: 'eval-sides' }, acc(s.normal, 'eval-shortcut-normal'), acc(s.reversed, 'eval-shortcut-reversed')),
      el('p', { className: 'eval-line', text: drop }));
  }

  function wrongPart(ev) {
    const list = Array.isArray(ev.misclassified) ? ev.misclassified : [];
    const parts = [el('p', { className: 'eval-line', text: ev.misclassified_count
      ? t('eval.wrong.count', { count: A.fmtInt(ev.misclassified_count), n: A.fmtInt(ev.test.size) })
      : t('eval.wrong.none') })];
    const said = (m) => t('eval.wrong.said', { truth: classTitle(ev, m.true), said: classTitle(ev, m.predicted), confidence: pctWhole(m.confidence) });
    if (ev.image && list.some((m) => Array.isArray(m.pixels))) {
      const w = ev.image.width;
      const h = ev.image.height;
      parts.push(el('ul', { className: 'eval-gallery' }, ...list.map((m) => el('li', null,
        el('figure', { className: 'eval-thumb-fig' }, picture(m.pixels, w, h, said(m)),
          el('figcaption', { text: said(m) }))))));
    } else if (list.some((m) => typeof m.text === 'string' && m.text)) {
      parts.push(el('ul', { className: 'eval-texts' }, ...list.slice(0, MAX_WRONG_ROWS).map((m) => el('li', null,
        el('q', { text: m.text }), ' ', el('span', { className: 'hint', text: said(m) })))));
    } else if (list.length) {
      const feats = Array.isArray(ev.features) ? ev.features : [];
      const rows = list.slice(0, MAX_WRONG_ROWS).map((m) => [A.fmtInt(m.index + 1),
        ...feats.map((_, j) => (Array.isArray(m.features) && isNum(m.features[j]) ? num(m.features[j]) : '—')),
        classTitle(ev, m.true), classTitle(ev, m.predicted), pctWhole(m.confidence)]);
      parts.push(table(t('eval.wrong.caption'), [t('eval.col.example'), ...feats, t('eval.col.truth'), t('eval.col.said'), t('eval.col.confidence')], rows));
    }
    if (list.length) parts.push(el('p', { className: 'hint', text: t('eval.wrong.help') }));
    return section('eval-wrong', t('eval.wrong.heading'), ...parts);
  }

  function regressionPart(ev) {
    const r = ev.regression;
    const row = (name, s) => [name, A.fmtInt(s.size), numberCell(s.mse, num), numberCell(s.mae, num), numberCell(s.r2, dec3)];
    const rows = [row(t('eval.set.test'), r.test)];
    if (r.validation) rows.push(row(t('eval.set.validation'), r.validation));
    const parts = [table(t('eval.regress.caption', { target: r.target }),
      [t('eval.col.set'), t('eval.col.count'), t('eval.col.mse'), t('eval.col.mae'), t('eval.col.r2')], rows, 'eval-regress-table'),
    el('p', { className: 'hint', text: t('eval.regress.help') })];
    if (ev.plots && ev.plots.residuals) {
      parts.push(figure('eval-residuals', ev.plots.residuals, t('eval.residuals.label'), t('eval.residuals.caption')));
    }
    return section('eval-regression', t('eval.regress.heading'), ...parts);
  }

  function trainingPart(ev) {
    const tr = ev.training || {};
    const bits = [];
    if (Array.isArray(tr.attributes) && tr.attributes.length) bits.push(t('eval.training.attributes', { names: tr.attributes.join(', ') }));
    if (Array.isArray(tr.dropped) && tr.dropped.length) bits.push(t('eval.training.dropped', { names: tr.dropped.join(', ') }));
    if (tr.mitigation) bits.push(t('eval.training.mitigation', { mitigation: t('eval.mitigation.' + tr.mitigation), by: tr.mitigate_by || '' }));
    if (tr.train_group && tr.train_group.attribute) {
      const g = groupTitles(S.run && S.run.dataset, tr.train_group.attribute, tr.train_group.value);
      bits.push(t('eval.training.train_group', g));
    }
    // Data without groups has no choices to repeat.
    if (!bits.length && !datasetAttributes(S.run && S.run.dataset).length) return null;
    return el('p', { id: 'eval-training', className: 'hint', text: bits.length ? bits.join(' ') : t('eval.training.plain') });
  }

  // groupTitles returns how to show an attribute of dataset d and one of
  // its values: their titles, or the names themselves.
  function groupTitles(d, attribute, value) {
    const a = datasetAttributes(d).find((x) => x.name === attribute);
    if (!a) return { attribute, value };
    const k = Array.isArray(a.values) ? a.values.indexOf(value) : -1;
    const vt = k >= 0 && Array.isArray(a.value_titles) ? a.value_titles[k] : '';
    return { attribute: a.title || attribute, value: vt || value };
  }

  // ---------- the learning curve ----------

  function renderCurve() {
    const box = $('eval-curve');
    if (!box) return;
    const r = currentRun();
    box.replaceChildren();
    if (!r) return;
    const btn = el('button', { type: 'button', id: 'eval-curve-button', className: 'secondary', text: t('eval.curve.button') });
    btn.disabled = Boolean(S.curveAsking) || !r.ready;
    btn.addEventListener('click', requestCurve);
    box.append(el('h4', { className: 'eval-title', id: 'eval-curve-heading', text: t('eval.curve.heading') }),
      el('p', { className: 'hint', text: t('eval.curve.help') }), btn);
    if (S.curveAsking) box.append(el('p', { className: 'panel-note', text: t('eval.curve.training') }));
    const lc = S.curve && S.curve.learning_curve;
    if (!lc) return;
    if (S.curve.plots && S.curve.plots.learning_curve) {
      box.append(figure('eval-curve-plot', S.curve.plots.learning_curve, t('eval.curve.label')));
    }
    const fmtM = lc.metric === 'r2' ? dec3 : pct;
    const rows = lc.points.map((p) => [pctWhole(p.share), A.fmtInt(p.train_size), numberCell(p.train, fmtM), numberCell(p.test, fmtM)]);
    box.append(table(t('eval.curve.caption'), [t('eval.col.share'), t('eval.col.count'),
      t(lc.metric === 'r2' ? 'eval.col.r2_train' : 'eval.col.acc_train'), t(lc.metric === 'r2' ? 'eval.col.r2_test' : 'eval.col.acc_test')], rows));
  }

  // ---------- probes ----------

  function renderProbeButtons() {
    const box = $('eval-probes');
    if (!box) return;
    const r = currentRun();
    box.replaceChildren();
    if (!r || !S.run) return;
    const d = S.run.dataset || {};
    const busy = Boolean(S.probing) || !r.ready;
    const button = (id, text, spec) => {
      const b = el('button', { type: 'button', id, className: 'secondary', text });
      b.disabled = busy;
      b.addEventListener('click', () => requestProbe(typeof spec === 'function' ? spec() : spec));
      return b;
    };
    const parts = [];
    if (r.kind === 'table' && r.task === 'classify') {
      const two = datasetAttributes(d).filter((a) => Array.isArray(a.values) && a.values.length === 2);
      if (two.length) {
        const attrSel = el('select', { id: 'eval-probe-attr' }, ...two.map((a) => el('option', { value: a.name, text: a.title || a.name })));
        const what = el('select', { id: 'eval-probe-what' },
          el('option', { value: '', text: t('eval.probe.what.attribute') }),
          ...(Array.isArray(d.features) ? d.features : []).map((f) => el('option', { value: f, text: t('eval.probe.what.proxy', { feature: f }) })));
        parts.push(el('div', { className: 'eval-choosers' },
          el('div', { className: 'eval-field' }, el('label', { for: 'eval-probe-attr', text: t('eval.probe.attr') }), attrSel),
          el('div', { className: 'eval-field' }, el('label', { for: 'eval-probe-what', text: t('eval.probe.what') }), what)),
        button('eval-probe-attribute', t('eval.probe.attribute.button'), () => {
          const spec = { kind: 'attribute', attribute: attrSel.value };
          if (what.value) spec.proxy = what.value;
          return spec;
        }));
        parts.push(el('p', { className: 'hint', text: t('eval.probe.attribute.help') }));
      }
    }
    if (r.kind === 'text' && r.task === 'classify') {
      parts.push(button('eval-probe-text', t('eval.probe.text.button'), { kind: 'text' }),
        el('p', { className: 'hint', text: t('eval.probe.text.help') }));
    }
    if (r.kind === 'images' && d.shortcut === 'background') {
      parts.push(button('eval-probe-background', t('eval.probe.background.button'), { kind: 'background' }),
        el('p', { className: 'hint', text: t('eval.probe.background.help') }));
    }
    if (r.task === 'regress') parts.push(...extrapolateControls(d, r, button));
    if (!parts.length) {
      parts.push(el('p', { className: 'placeholder', text: t('eval.probe.none') }));
    }
    box.append(el('h4', { className: 'eval-title', text: t('eval.probe.heading') }), ...parts);
  }

  // extrapolateControls: which feature to sweep (any of the data's, also
  // one the model was not given) and how far beyond the training range.
  function extrapolateControls(d, r, button) {
    const feats = Array.isArray(d.features) && d.features.length ? d.features : (Array.isArray(r.features) ? r.features : []);
    if (!feats.includes(S.probeFeature)) S.probeFeature = '';
    const fields = [];
    if (feats.length > 1) {
      const sel = el('select', { id: 'eval-probe-feature' }, ...feats.map((f) => el('option', { value: f, text: f })));
      sel.value = S.probeFeature || feats[0];
      sel.addEventListener('change', () => { S.probeFeature = sel.value; });
      fields.push(el('div', { className: 'eval-field' }, el('label', { for: 'eval-probe-feature', text: t('eval.probe.extrapolate.feature') }), sel));
    }
    const reach = el('select', { id: 'eval-probe-reach' },
      el('option', { value: '', text: t('eval.probe.extrapolate.reach.default') }),
      ...REACHES.map((v) => el('option', { value: String(v), text: t('eval.probe.extrapolate.reach.value', { reach: A.fmt(v) }) })));
    reach.value = S.probeReach;
    reach.addEventListener('change', () => { S.probeReach = reach.value; });
    fields.push(el('div', { className: 'eval-field' }, el('label', { for: 'eval-probe-reach', text: t('eval.probe.extrapolate.reach') }), reach));
    return [el('div', { className: 'eval-choosers' }, ...fields),
      button('eval-probe-extrapolate', t('eval.probe.extrapolate.button'), () => {
        const spec = { kind: 'extrapolate' };
        if (S.probeFeature) spec.feature = S.probeFeature;
        if (S.probeReach) spec.reach = Number(S.probeReach);
        return spec;
      }),
      el('p', { className: 'hint', text: t('eval.probe.extrapolate.help') })];
  }

  function flipsText(f) {
    if (!f) return '';
    const share = f.share && isNum(f.share.value) ? pct(f.share.value) : t('eval.not_defined');
    return t('eval.probe.flips', { count: A.fmtInt(f.count), total: A.fmtInt(f.total), share });
  }

  function changeCell(f) {
    return numberCell(f && f.mean_change, (v) => (v > 0 ? '+' : '') + dec3(v));
  }

  function renderProbeResults() {
    const box = $('eval-probe-results');
    if (!box) return;
    box.replaceChildren(...S.probes.map(probeResult));
  }

  function probeResult(m, i) {
    const pos = classTitle(m, m.positive);
    const parts = [];
    let title = '';
    if (m.attribute) {
      const a = m.attribute;
      const changed = a.proxy ? t('eval.probe.result.proxy', { feature: a.proxy, attribute: a.title }) : t('eval.probe.result.attribute', { attribute: a.title });
      title = changed;
      if (!a.feature) parts.push(el('p', { className: 'hint', text: t(a.proxy ? 'eval.probe.proxy_dropped' : 'eval.probe.not_feature', { attribute: a.title, feature: a.proxy || '' }) }));
      const rows = [[t('eval.probe.all'), flipsText(a.flips), changeCell(a.flips)]];
      a.by_group.forEach((g, k) => {
        const other = a.value_titles[1 - k] || '';
        rows.push([t('eval.probe.from_to', { from: g.title, to: other }), flipsText(g.flips), changeCell(g.flips)]);
      });
      parts.push(table(t('eval.probe.table.caption', { positive: pos }), [t('eval.col.rows'), t('eval.col.flips'), t('eval.col.change', { positive: pos })], rows, 'eval-probe-table'));
      if (a.proxy && Array.isArray(a.medians)) {
        parts.push(el('p', { className: 'hint', text: t('eval.probe.medians', {
          feature: a.proxy,
          values: a.value_titles.map((v, k) => v + ': ' + (isNum(a.medians[k]) ? num(a.medians[k]) : t('eval.not_defined'))).join(', '),
        }) }));
      }
      if (a.examples.length) {
        const feats = S.ev && Array.isArray(S.ev.features) ? S.ev.features : [];
        const exRows = a.examples.slice(0, MAX_PROBE_ROWS).map((e) => [A.fmtInt(e.index + 1), a.value_titles[e.group] || '',
          classTitle(m, e.before) + ' → ' + classTitle(m, e.after), dec2(e.p_before) + ' → ' + dec2(e.p_after),
          feats.map((f, j) => f + ' ' + (isNum(e.features[j]) ? num(e.features[j]) : '—')).join(', ')]);
        parts.push(table(t('eval.probe.examples'), [t('eval.col.example'), t('eval.col.group'), t('eval.col.decision'), t('eval.col.p', { positive: pos }), t('eval.col.features')], exRows));
      }
    } else if (m.text) {
      title = t('eval.probe.result.text');
      const gRows = m.text.groups.map((g) => [g.title, A.fmtInt(g.texts), rateCell(g.positive), numberCell(g.mean_positive, dec3)]);
      parts.push(table(t('eval.probe.text.groups', { positive: pos }), [t('eval.col.group'), t('eval.col.sentences'), t('eval.col.called', { positive: pos }), t('eval.col.mean_p', { positive: pos })], gRows));
      const pRows = m.text.pairs.map((p) => [p.a_title + ' → ' + p.b_title, flipsText(p.flips), changeCell(p.flips)]);
      parts.push(table(t('eval.probe.text.pairs'), [t('eval.col.pair'), t('eval.col.flips'), t('eval.col.change', { positive: pos })], pRows, 'eval-probe-table'));
      const ex = [];
      for (const p of m.text.pairs) {
        for (const e of p.examples) {
          ex.push(el('li', null, el('q', { text: e.text_a }), ' — ' + classTitle(m, e.class_a) + ' (' + dec2(e.p_a) + ')', el('br'),
            el('q', { text: e.text_b }), ' — ' + classTitle(m, e.class_b) + ' (' + dec2(e.p_b) + ')'));
        }
      }
      parts.push(ex.length ? el('div', null, el('h5', { className: 'mini-title', text: t('eval.probe.text.examples') }), el('ul', { className: 'eval-texts' }, ...ex))
        : el('p', { className: 'hint', text: t('eval.probe.text.no_flips') }));
    } else if (m.background) {
      const b = m.background;
      title = t('eval.probe.result.background');
      parts.push(el('div', { className: 'eval-sides' },
        el('div', { className: 'eval-side', dataset: { value: String(b.original.accuracy.value) } },
          el('span', { className: 'eval-side-label', text: t('eval.probe.background.original') }),
          el('span', { className: 'eval-side-value', text: isNum(b.original.accuracy.value) ? pct(b.original.accuracy.value) : t('eval.not_defined') })),
        el('div', { className: 'eval-side', dataset: { value: String(b.swapped.accuracy.value) } },
          el('span', { className: 'eval-side-label', text: t('eval.probe.background.swapped') }),
          el('span', { className: 'eval-side-value', text: isNum(b.swapped.accuracy.value) ? pct(b.swapped.accuracy.value) : t('eval.not_defined') }))),
      el('p', { className: 'eval-line', text: flipsText(b.flips) }));
      if (b.examples.length) {
        parts.push(el('ul', { className: 'eval-gallery' }, ...b.examples.map((e) => {
          const before = t('eval.probe.background.before', { said: classTitle(m, e.before) });
          const after = t('eval.probe.background.after', { said: classTitle(m, e.after) });
          return el('li', null, el('figure', { className: 'eval-thumb-fig pair' },
            picture(e.pixels, b.width, b.height, before), picture(e.swapped, b.width, b.height, after),
            el('figcaption', { text: classTitle(m, e.before) + ' → ' + classTitle(m, e.after) })));
        })));
      }
    } else if (m.extrapolate) {
      const x = m.extrapolate;
      title = t('eval.probe.result.extrapolate');
      const feature = x.feature_title || x.feature;
      parts.push(el('p', { className: 'hint', dataset: { from: String(x.from), to: String(x.to) } },
        t('eval.probe.extrapolate.range', { feature, min: num(x.train_min), max: num(x.train_max) }) + ' ' +
        t('eval.probe.extrapolate.sweep', { from: num(x.from), to: num(x.to) })));
      const held = Array.isArray(x.held) ? x.held : [];
      if (held.length) {
        parts.push(el('p', { className: 'hint', text: t('eval.probe.extrapolate.held') }),
          el('ul', { className: 'eval-held hint' }, ...held.map((h) => el('li', { dataset: { feature: h.feature, value: String(h.value) } },
            t(h.fixed ? 'eval.probe.extrapolate.held.fixed' : 'eval.probe.extrapolate.held.median', { feature: h.title || h.feature, value: num(h.value) })))));
      }
      const row = (name, s) => [name, A.fmtInt(s.size), numberCell(s.mse, num), numberCell(s.mae, num)];
      parts.push(table(t('eval.probe.extrapolate.caption'), [t('eval.col.where'), t('eval.col.points'), t('eval.col.mse'), t('eval.col.mae')],
        [row(t('eval.probe.extrapolate.inside'), x.inside), row(t('eval.probe.extrapolate.beyond'), x.beyond)], 'eval-probe-table'));
      if (m.plots && m.plots.extrapolate) parts.push(figure('eval-extrapolate-plot-' + i, m.plots.extrapolate, t('eval.probe.extrapolate.label')));
    }
    return el('article', { className: 'eval-probe', dataset: { kind: m.kind } },
      el('h5', { className: 'mini-title', text: title }), ...parts);
  }

  // ---------- the shortcut dial's two accuracies, under the dial ----------

  function renderDial() {
    let box = $('eval-dial');
    const settings = $('dataset-settings');
    if (!settings) return;
    if (!box) {
      box = el('div', { id: 'eval-dial', className: 'eval-dial', 'aria-live': 'polite' });
      settings.after(box);
    }
    const d = A.dataset();
    const s = S.ev && S.ev.shortcut;
    const same = d && S.run && S.run.dataset && S.run.dataset.name === d.name;
    box.hidden = !(s && same);
    box.replaceChildren();
    if (box.hidden) return;
    const side = (label, x) => el('div', { className: 'eval-side' },
      el('span', { className: 'eval-side-label', text: label }),
      el('span', { className: 'eval-side-value', text: isNum(x.accuracy.value) ? pct(x.accuracy.value) : t('eval.not_defined') }));
    box.append(el('p', { className: 'mini-title', text: t('eval.dial.heading', { dial: pctWhole(s.correlation) }) }),
      el('div', { className: 'eval-sides' }, side(t('eval.shortcut.normal'), s.normal), side(t('eval.shortcut.reversed'), s.reversed)));
  }

  // ---------- the setup: attributes, features left out, mitigation ----------

  function datasetAttributes(d) {
    return d && Array.isArray(d.attributes) ? d.attributes : [];
  }

  function setupOf(d) {
    if (!S.setup[d.name]) S.setup[d.name] = { attrs: new Set(), drop: new Set(), mitigation: '', by: '', validation: '', group: null };
    return S.setup[d.name];
  }

  function renderSetup() {
    const fields = $('setup-fields');
    if (!fields) return;
    let block = $('eval-setup');
    if (!block) {
      block = el('section', { id: 'eval-setup', className: 'block', 'aria-labelledby': 'eval-setup-heading' });
      fields.append(block);
    }
    const d = A.dataset();
    const kind = d && (d.kind || 'table');
    block.replaceChildren();
    block.hidden = !d || kind === 'words';
    if (block.hidden) return;
    const st = setupOf(d);
    block.append(el('h2', { id: 'eval-setup-heading', text: t('eval.setup.heading') }));
    const vs = S.validation;
    if (vs) {
      const id = 'eval-validation';
      const input = el('input', { type: 'number', id, min: String(vs.min), max: String(vs.max), step: 'any', inputmode: 'decimal', 'aria-describedby': id + '-hint ' + id + '-problem' });
      input.dataset.path = 'validation_split';
      input.value = st.validation !== '' ? st.validation : String(vs.default);
      input.addEventListener('input', () => {
        st.validation = input.value;
        showProblem(input, '');
      });
      block.append(el('div', { className: 'field' }, el('label', { for: id, text: vs.label || t('eval.setup.validation') }), input,
        el('span'), el('p', { className: 'hint', id: id + '-hint', text: vs.help || t('eval.setup.validation.help') }),
        el('p', { className: 'problem', id: id + '-problem', hidden: true })));
    }
    const attrs = datasetAttributes(d);
    if (kind !== 'table' || !attrs.length) return;
    block.append(el('p', { className: 'description', text: t('eval.setup.intro') }));
    block.append(trainGroupField(attrs, st));
    block.append(checkGroup('eval-attr', t('eval.setup.attributes'), attrs.map((a) => ({ value: a.name, text: t('eval.setup.attribute', { attribute: a.title || a.name }) })), st.attrs, 'attributes'));
    const feats = Array.isArray(d.features) ? d.features : [];
    block.append(checkGroup('eval-drop', t('eval.setup.drop'), feats.map((f) => ({ value: f, text: t('eval.setup.drop_one', { feature: f }) })), st.drop, 'drop'));
    const m = A.model();
    const can = m && Array.isArray(m.mitigations) ? m.mitigations : [];
    const mit = el('select', { id: 'eval-mitigation', 'aria-describedby': 'eval-mitigation-hint eval-mitigation-problem' },
      el('option', { value: '', text: t('eval.mitigation.none') }),
      ...['reweight', 'resample'].map((k) => el('option', { value: k, text: t('eval.mitigation.' + k), disabled: !can.includes(k) })));
    mit.dataset.path = 'mitigation';
    if (!can.includes(st.mitigation)) st.mitigation = '';
    mit.value = st.mitigation;
    mit.addEventListener('change', () => {
      st.mitigation = mit.value;
      showProblem(mit, '');
      renderSetup();
      $('eval-mitigation').focus();
    });
    block.append(el('div', { className: 'field wide' }, el('label', { for: 'eval-mitigation', text: t('eval.setup.mitigation') }), mit, el('span'),
      el('p', { className: 'hint', id: 'eval-mitigation-hint', text: t(can.length ? 'eval.setup.mitigation.help' : 'eval.setup.mitigation.cannot') }),
      el('p', { className: 'problem', id: 'eval-mitigation-problem', hidden: true })));
    if (st.mitigation && attrs.length > 1) {
      const by = el('select', { id: 'eval-mitigate-by' }, ...attrs.map((a) => el('option', { value: a.name, text: a.title || a.name })));
      by.dataset.path = 'mitigate_by';
      if (!attrs.some((a) => a.name === st.by)) st.by = attrs[0].name;
      by.value = st.by;
      by.addEventListener('change', () => { st.by = by.value; });
      block.append(el('div', { className: 'field wide' }, el('label', { for: 'eval-mitigate-by', text: t('eval.setup.mitigate_by') }), by, el('span'),
        el('p', { className: 'problem', id: 'eval-mitigate-by-problem', hidden: true })));
    }
  }

  // trainGroupField offers to train on one group only: every value of
  // every attribute, grouped by attribute. Its errors (train_group.value,
  // group_too_small) show beside it.
  function trainGroupField(attrs, st) {
    const id = 'eval-train-group';
    // Each option's value is "i/k": value k of attribute i.
    const sel = el('select', { id, 'aria-describedby': id + '-hint ' + id + '-problem' },
      el('option', { value: '', text: t('eval.setup.train_group.all') }),
      ...attrs.map((a, i) => el('optgroup', { label: a.title || a.name },
        ...(Array.isArray(a.values) ? a.values : []).map((v, k) => el('option', {
          value: i + '/' + k, text: (Array.isArray(a.value_titles) && a.value_titles[k]) || v,
          dataset: { attribute: a.name, value: v },
        })))));
    sel.dataset.path = 'train_group';
    const g = st.group;
    const i = g ? attrs.findIndex((a) => a.name === g.attribute) : -1;
    const k = i >= 0 && Array.isArray(attrs[i].values) ? attrs[i].values.indexOf(g.value) : -1;
    if (k < 0) st.group = null;
    sel.value = k >= 0 ? i + '/' + k : '';
    sel.addEventListener('change', () => {
      const o = sel.selectedOptions[0];
      st.group = o && o.dataset.attribute ? { attribute: o.dataset.attribute, value: o.dataset.value } : null;
      showProblem(sel, '');
    });
    return el('div', { className: 'field wide' }, el('label', { for: id, text: t('eval.setup.train_group') }), sel, el('span'),
      el('p', { className: 'hint', id: id + '-hint', text: t('eval.setup.train_group.help') }),
      el('p', { className: 'problem', id: id + '-problem', hidden: true }));
  }

  // checkGroup is a labelled group of checkboxes whose ticked values are
  // kept in set; the first box carries the field path that server errors
  // name ("attributes[0]", "drop[1]").
  function checkGroup(id, legend, items, set, path) {
    const fs = el('fieldset', { className: 'eval-checks', id });
    fs.append(el('legend', { text: legend }));
    items.forEach((it, k) => {
      const bid = id + '-' + k;
      const box = el('input', { type: 'checkbox', id: bid, value: it.value });
      box.checked = set.has(it.value);
      if (k === 0) {
        box.dataset.path = path;
        box.setAttribute('aria-describedby', bid + '-problem');
      }
      box.addEventListener('change', () => {
        if (box.checked) set.add(it.value);
        else set.delete(it.value);
        const first = $(id + '-0');
        if (first) showProblem(first, '');
      });
      fs.append(el('div', { className: 'eval-check' }, box, el('label', { for: bid, text: it.text })));
    });
    fs.append(el('p', { className: 'problem', id: id + '-0-problem', hidden: true }));
    return fs;
  }

  function showProblem(control, message) {
    const p = $(control.id + '-problem');
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    if (p) {
      p.textContent = message;
      p.hidden = !message;
    }
  }

  // onTrain adds the setup's choices to a train message, or refuses it when
  // the validation share is not a number in its range.
  function onTrain(msg) {
    const d = A.dataset();
    S.pendingDataset = d;
    if (!d || (d.kind || 'table') === 'words') return undefined;
    const st = setupOf(d);
    const vs = S.validation;
    const input = $('eval-validation');
    if (vs && input) {
      const raw = input.value.trim();
      const v = raw === '' ? 0 : Number(raw);
      if (!Number.isFinite(v) || v < vs.min || v > vs.max) {
        const message = t('error.out_of_range', { label: vs.label || t('eval.setup.validation'), min: vs.min, max: vs.max });
        showProblem(input, message);
        return { control: input, message };
      }
      if (v > 0) msg.validation_split = v;
    }
    if ((d.kind || 'table') !== 'table' || !datasetAttributes(d).length) return undefined;
    const attrs = datasetAttributes(d).map((a) => a.name).filter((n) => st.attrs.has(n));
    const drop = (Array.isArray(d.features) ? d.features : []).filter((f) => st.drop.has(f));
    if (attrs.length) msg.attributes = attrs;
    if (drop.length) msg.drop = drop;
    const g = st.group;
    if (g && datasetAttributes(d).some((a) => a.name === g.attribute && Array.isArray(a.values) && a.values.includes(g.value))) {
      msg.train_group = { attribute: g.attribute, value: g.value };
    }
    const m = A.model();
    if (st.mitigation && m && Array.isArray(m.mitigations) && m.mitigations.includes(st.mitigation)) {
      msg.mitigation = st.mitigation;
      const all = datasetAttributes(d);
      msg.mitigate_by = all.some((a) => a.name === st.by) ? st.by : all[0].name;
    }
    return undefined;
  }

  // ---------- language ----------

  function onLang() {
    renderSetup();
    renderNote();
    if (!$('eval-panel').hidden) renderAll(true);
    renderDial();
    // The plots are drawn by the server in the connection's language:
    // ask again once app.js has told the server the new language (it sends
    // `lang` right after this callback).
    setTimeout(() => {
      const r = currentRun();
      if (r && r.ready && S.ev) requestEval();
      if (r && r.ready && S.curve && !S.curveAsking) requestCurve();
    }, 0);
  }

  // ---------- start ----------

  A.on('datasets', (msg) => {
    if (Array.isArray(msg.datasets)) S.datasets = msg.datasets;
    renderSetup();
    renderDial();
  });
  A.on('models', (msg) => {
    S.validation = msg.validation_split && typeof msg.validation_split.min === 'number' ? msg.validation_split : null;
    renderSetup();
  });
  A.on('started', onStarted);
  A.on('done', onDone);
  A.on('evaluation', onEvaluation);
  A.on('probed', onProbed);
  A.onError(onError);
  A.onTrain(onTrain);
  A.onLang(onLang);
  for (const id of ['dataset', 'model']) {
    const sel = $(id);
    if (sel) {
      sel.addEventListener('change', () => {
        renderSetup();
        renderDial();
      });
    }
  }
}());
