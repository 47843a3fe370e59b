// AI Sandbox: activities in the page. Loaded after app.js (and eval.js,
// class.js), it uses only window.AISandbox, window.AISandboxClass and the
// DOM (docs/protocol.md, "Activities"; docs/activities.md for the format).
//
// An "Activities" tab lists the server's activities (`activities`), filtered
// by subject, grade and language, with their minutes and competencies.
// Opening one (`activity`) starts a runner above the page: the step's
// instructions, only the view the step allows (the tabs are hidden), its
// settings preset, locked or hidden, its question answered and marked on
// the server (`check`), where the answer is kept (with the student's record
// in a class, or with this connection), the explanation shown after, hints
// one at a time, the previous and next steps, and links to the printable
// worksheet and to the address that embeds the activity. In a class, the
// teacher's "start" and "step" pushes open the activity at that step, and
// each step the student moves to is told to the teacher.
//
// /embed/ID?step=N serves the page with data-embed and data-embed-step on
// its body: the runner opens that activity alone, without the header, the
// tabs and the class bar. /worksheet/ID loads this file only for its print
// button.
//
// Published for tests: body data-activity (the open activity's id),
// data-activity-step (from 0) and data-activity-panel; #activity-runner's
// data-state (loading, shown, error); #activity-result's data-state (idle,
// checking, checked, error) and data-correct (true, false or none).
'use strict';

(function () {
  // The worksheet: only its print button.
  if (document.body && document.body.dataset.worksheet !== undefined) {
    const print = document.getElementById('ws-print');
    if (print) print.addEventListener('click', () => window.print());
    return;
  }

  const A = window.AISandbox;
  if (!A) return;
  const t = A.t;
  const $ = (id) => document.getElementById(id);

  const LANGS = ['kk', 'ru', 'en'];
  const LANG_NAMES = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
  const SUBJECTS = ['physics', 'biology', 'chemistry', 'maths', 'ai'];
  const GRADES = ['5-7', '8-9', '10-11'];
  // The view of the page each panel of a step shows; '' shows none.
  const VIEW_OF = {
    read: '', train: 'train', evaluate: 'train', groups: 'train', probe: 'train',
    generate: 'train', tokenizer: 'tokens', autograd: 'autograd',
  };
  // Panels that work on a model trained in an earlier step.
  const NEEDS_MODEL = ['evaluate', 'groups', 'probe'];
  // Settings applied before the others: the data and the model choose
  // which other controls exist, and an expression which names have values.
  const FIRST_KEYS = ['dataset', 'model', 'autograd.expression'];
  // Settings the page has no control for: the runner adds their value to
  // the train message itself.
  const TRAIN_KEYS = ['train_group'];
  // An answer not marked after this long is reported.
  const ANSWER_TIMEOUT_MS = 15000;
  // Where the open activity and step are kept, so a reload comes back.
  const STORAGE_KEY = 'aisandbox.activity';

  const S = {
    list: null, // the last activities message's list
    listLang: '', // its language
    listAsking: '',
    filter: { subject: '', grade: '', lang: '' },
    act: null, // the open activity (the activity message's)
    asking: '', // id of the activity request in flight
    wanted: null, // { id, step, fresh } to show when it arrives
    step: 0,
    answers: {}, // step -> checked body
    saved: '', // where answers are kept: class or connection
    checking: {}, // step -> { id, timer } of a check in flight
    problem: {}, // step -> an error message for its question
    editing: {}, // step -> the answer is being changed
    hints: {}, // step -> hints shown
    locked: [], // setting keys the current step locks
    hidden: [], // ... and hides
    extra: {}, // values of TRAIN_KEYS for the current step
    finished: false,
    embed: '', // the activity of an /embed/ page
    lastPush: null, // the class's push count last acted on
    note: null, // renders the runner's note, or null
    reapply: false,
    folded: false, // the student folded the step's text away
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

  // html puts markup the server made from an activity's text (only <p>,
  // <strong> and <br> around escaped text: web/activities.go) into a box.
  function html(box, markup) {
    box.innerHTML = typeof markup === 'string' ? markup : '';
    return box;
  }

  function remember() {
    if (S.embed) return;
    try {
      if (S.act) localStorage.setItem(STORAGE_KEY, JSON.stringify({ id: S.act.id, step: S.step }));
      else localStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      // Not kept; the page still works.
    }
  }

  function remembered() {
    try {
      const v = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      return v && typeof v.id === 'string' ? v : null;
    } catch (e) {
      return null;
    }
  }

  function klass() {
    const C = window.AISandboxClass;
    return C && C.joined() ? C : null;
  }

  // ---------- the page's parts ----------

  function build() {
    const link = el('link', { rel: 'stylesheet', href: 'activity.css' });
    document.head.append(link);

    const tabs = document.querySelector('nav.tabs');
    const views = document.querySelector('main.views');
    if (!tabs || !views) return false;
    tabs.append(el('button', {
      id: 'tab-activities', type: 'button', role: 'tab', 'aria-selected': 'false',
      'aria-controls': 'view-activities', tabindex: '-1', dataset: { view: 'activities', i18n: 'activity.tab' },
      text: t('activity.tab'),
    }));

    const filter = (id, key) => el('div', { className: 'activity-filter' },
      el('label', { for: id, dataset: { i18n: key }, text: t(key) }), el('select', { id }));
    views.append(el('section', {
      id: 'view-activities', className: 'view single', role: 'tabpanel', 'aria-labelledby': 'tab-activities', hidden: true,
    }, el('div', { className: 'panel view-panel activity-picker' },
      el('h2', { dataset: { i18n: 'activity.picker.heading' }, text: t('activity.picker.heading') }),
      el('p', { className: 'intro', dataset: { i18n: 'activity.picker.intro' }, text: t('activity.picker.intro') }),
      el('div', { className: 'activity-filters' },
        filter('activity-subject', 'activity.filter.subject'),
        filter('activity-grade', 'activity.filter.grade'),
        filter('activity-lang', 'activity.filter.language')),
      el('p', { id: 'activity-count', className: 'activity-count', role: 'status', 'aria-live': 'polite' }),
      el('ul', { id: 'activity-list', className: 'activity-list' }))));

    const runner = el('section', { id: 'activity-runner', className: 'activity-runner', 'aria-labelledby': 'activity-title', hidden: true, dataset: { state: 'loading' } },
      el('div', { className: 'activity-head' },
        el('div', { className: 'activity-heading' },
          el('p', { className: 'activity-kicker', dataset: { i18n: 'activity.runner.label' }, text: t('activity.runner.label') }),
          el('h2', { id: 'activity-title' })),
        el('div', { className: 'activity-progress' },
          el('span', { id: 'activity-progress-text' }),
          el('progress', { id: 'activity-progress', max: '1', value: '0' }),
          el('span', { id: 'activity-answered', className: 'activity-answered' })),
        el('div', { className: 'activity-head-buttons' },
          el('button', { id: 'activity-fold', type: 'button', className: 'secondary small', 'aria-expanded': 'true', 'aria-controls': 'activity-step' }),
          el('button', { id: 'activity-close', type: 'button', className: 'secondary small', dataset: { i18n: 'activity.close' }, text: t('activity.close') }))),
      el('details', { id: 'activity-objectives', className: 'activity-objectives' },
        el('summary', { dataset: { i18n: 'activity.objectives' }, text: t('activity.objectives') }),
        el('ul', { id: 'activity-objective-list' })),
      el('article', { id: 'activity-step', className: 'activity-step' },
        el('h3', { id: 'activity-step-title' }),
        el('div', { id: 'activity-instructions', className: 'activity-instructions' }),
        el('p', { id: 'activity-where', className: 'activity-where' }),
        el('div', { id: 'activity-need-model', className: 'activity-need-model', hidden: true },
          el('p', { dataset: { i18n: 'activity.need_model' }, text: t('activity.need_model') }),
          el('button', { id: 'activity-train', type: 'button', className: 'primary', dataset: { i18n: 'activity.train_now' }, text: t('activity.train_now') })),
        el('div', { id: 'activity-hints', className: 'activity-hints' }),
        el('div', { id: 'activity-checkpoint', className: 'activity-checkpoint' }),
        el('p', { id: 'activity-note', className: 'activity-note', role: 'status', 'aria-live': 'polite', hidden: true })),
      el('nav', { className: 'activity-nav', 'aria-label': t('activity.runner.label') },
        el('button', { id: 'activity-prev', type: 'button', className: 'secondary', dataset: { i18n: 'activity.prev' }, text: t('activity.prev') }),
        el('button', { id: 'activity-next', type: 'button', className: 'primary' }),
        el('div', { className: 'activity-links' },
          el('a', { id: 'activity-worksheet', target: '_blank', rel: 'noopener', dataset: { i18n: 'activity.worksheet' }, text: t('activity.worksheet') }),
          el('details', { className: 'activity-embed' },
            el('summary', { dataset: { i18n: 'activity.embed' }, text: t('activity.embed') }),
            el('p', { className: 'hint', id: 'activity-embed-help', dataset: { i18n: 'activity.embed.help' }, text: t('activity.embed.help') }),
            el('div', { className: 'activity-embed-row' },
              el('input', { id: 'activity-embed-url', type: 'text', readonly: true, 'aria-describedby': 'activity-embed-help', 'aria-label': t('activity.embed') }),
              el('button', { id: 'activity-copy', type: 'button', className: 'secondary small', dataset: { i18n: 'activity.copy' }, text: t('activity.copy') })),
            el('p', { id: 'activity-copied', className: 'hint', role: 'status', hidden: true })))));
    // The runner and the views share a frame: side by side on a wide
    // screen, one above the other on a tablet.
    const frame = el('div', { id: 'activity-frame', className: 'activity-frame' });
    views.before(frame);
    frame.append(runner, views);
    return true;
  }

  // ---------- the picker ----------

  function requestList() {
    if (!A.connected()) return;
    S.listAsking = A.nextId('acts');
    A.send({ type: 'activities', id: S.listAsking, lang: A.lang() });
  }

  function fillFilters() {
    const fill = (id, items, value) => {
      const sel = $(id);
      sel.replaceChildren(...items.map(([v, text]) => el('option', { value: v, text })));
      sel.value = value;
    };
    fill('activity-subject', [['', t('activity.filter.all_subjects')], ...SUBJECTS.map((s) => [s, t('activity.subject.' + s)])], S.filter.subject);
    fill('activity-grade', [['', t('activity.filter.all_grades')], ...GRADES.map((g) => [g, t('activity.grades', { grades: g })])], S.filter.grade);
    fill('activity-lang', LANGS.map((l) => [l, LANG_NAMES[l]]), S.filter.lang || A.lang());
    for (const o of $('activity-lang').options) o.lang = o.value;
  }

  function renderList() {
    const list = $('activity-list');
    if (!list) return;
    const count = $('activity-count');
    if (!S.list) {
      count.textContent = t('activity.loading');
      list.replaceChildren();
      return;
    }
    const lang = S.filter.lang || A.lang();
    const shown = S.list.filter((a) => (!S.filter.subject || a.subject === S.filter.subject) &&
      (!S.filter.grade || (a.grades || []).includes(S.filter.grade)) &&
      (a.languages || []).includes(lang));
    count.textContent = !S.list.length ? t('activity.none_at_all')
      : shown.length ? t('activity.count', { count: A.fmtInt(shown.length) }) : t('activity.none');
    list.replaceChildren(...shown.map((a) => card(a, lang)));
  }

  function metaLine(a) {
    return [
      t('activity.subject.' + a.subject),
      t('activity.grades', { grades: (a.grades || []).join(', ') }),
      t('activity.minutes', { minutes: A.fmtInt(a.minutes) }),
      t('activity.steps', { count: A.fmtInt(Array.isArray(a.steps) ? a.steps.length : a.steps) }),
    ].join(' · ');
  }

  function competencyText(c) {
    return t('activity.competency', { dimension: t('activity.dimension.' + c.dimension), level: t('activity.level.' + c.level) });
  }

  function card(a, lang) {
    const titleId = 'activity-card-' + a.id;
    const open = el('button', { type: 'button', className: 'primary', dataset: { open: a.id }, text: t('activity.open'), 'aria-describedby': titleId });
    open.addEventListener('click', () => open2(a.id, 0, lang));
    return el('li', { className: 'activity-card', dataset: { id: a.id, subject: a.subject } },
      el('h3', { id: titleId, text: a.title }),
      el('p', { className: 'activity-meta', text: metaLine(a) }),
      el('p', { className: 'activity-summary', text: a.summary }),
      el('p', { className: 'activity-competencies' },
        el('span', { className: 'activity-label', text: t('activity.competencies') + ': ' }),
        (a.competencies || []).map(competencyText).join('; ')),
      el('div', { className: 'activity-card-actions' }, open,
        el('a', { href: worksheetURL(a.id, lang), target: '_blank', rel: 'noopener', text: t('activity.worksheet') })));
  }

  function worksheetURL(id, lang) {
    return '/worksheet/' + encodeURIComponent(id) + '?lang=' + encodeURIComponent(lang || A.lang());
  }

  function embedURL(id, step) {
    return location.origin + '/embed/' + encodeURIComponent(id) + '?lang=' + encodeURIComponent(A.lang()) + '&step=' + (step + 1);
  }

  // ---------- opening an activity ----------

  // open2 asks for an activity and shows it at step (from 0) when it
  // comes; lang is the language its texts are wanted in.
  function open2(id, step, lang) {
    S.wanted = { id, step, fresh: true };
    S.asking = A.nextId('act');
    if (lang && lang !== A.lang() && LANGS.includes(lang)) {
      // A language chosen in the picker becomes the page's.
      const sel = $('lang');
      if (sel) {
        sel.value = lang;
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
    if (!A.send({ type: 'activity', id: S.asking, activity: id, lang: lang || A.lang() })) S.asking = ''; // asked again on connecting
    const r = $('activity-runner');
    r.hidden = false;
    r.dataset.state = 'loading';
    if (!S.act) {
      $('activity-title').textContent = t('activity.opening');
      $('activity-step').hidden = true;
    }
  }

  function onActivity(msg) {
    if (msg.id !== S.asking) return;
    S.asking = '';
    const a = msg.activity;
    if (!a || !Array.isArray(a.steps) || !a.steps.length) return;
    const wanted = S.wanted || { id: a.id, step: S.step, fresh: false };
    S.wanted = null;
    const same = S.act && S.act.id === a.id;
    S.act = a;
    S.saved = msg.saved || '';
    if (!same) {
      S.answers = {};
      S.hints = {};
      S.editing = {};
      S.problem = {};
    }
    for (const ans of msg.answers || []) S.answers[ans.step] = ans;
    S.finished = false;
    const step = Math.min(Math.max(0, wanted.step | 0), a.steps.length - 1);
    document.body.dataset.activity = a.id;
    $('activity-runner').dataset.state = 'shown';
    $('activity-step').hidden = false;
    if (wanted.fresh || !same) enterStep(step, 'jump');
    else render();
  }

  function close() {
    clearStep();
    S.note = null;
    S.act = null;
    S.extra = {};
    S.finished = false;
    delete document.body.dataset.activity;
    delete document.body.dataset.activityStep;
    delete document.body.dataset.activityPanel;
    delete document.body.dataset.activityFolded;
    $('activity-runner').hidden = true;
    remember();
    A.showView('activities');
  }

  // ---------- a step ----------

  // clearStep undoes what the current step locked and hid.
  function clearStep() {
    for (const k of S.locked) A.lockSetting(k, false);
    for (const k of S.hidden) A.hideSetting(k, false);
    S.locked = [];
    S.hidden = [];
  }

  function keyOrder(a, b) {
    const ra = FIRST_KEYS.indexOf(a);
    const rb = FIRST_KEYS.indexOf(b);
    if (ra !== rb) return (ra < 0 ? FIRST_KEYS.length : ra) - (rb < 0 ? FIRST_KEYS.length : rb);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // enterStep shows step i. Going on to the next step ('next') sets that
  // step's values; any other move ('jump': opening, going back, a push of
  // the teacher) sets the values of every step up to it, so the page is as
  // the activity has it there however the student arrived.
  function enterStep(i, how) {
    const a = S.act;
    clearStep();
    S.step = i;
    S.finished = false;
    const step = a.steps[i];
    const values = {};
    const from = how === 'next' ? i : 0;
    for (let j = from; j <= i; j++) {
      for (const [k, p] of Object.entries(a.steps[j].settings || {})) {
        if (p && p.value !== undefined) values[k] = p.value;
      }
    }
    // Values the page has no control for follow every step up to here.
    S.extra = {};
    for (let j = 0; j <= i; j++) {
      for (const k of TRAIN_KEYS) {
        const p = (a.steps[j].settings || {})[k];
        if (p && p.value !== undefined) S.extra[k] = p.value;
      }
    }
    const keys = Object.keys(values).filter((k) => !TRAIN_KEYS.includes(k)).sort(keyOrder);
    for (const k of keys) {
      if (A.setSetting(k, values[k])) continue;
      if (k === 'model' && values.dataset === undefined && chooseDataFor(values.model)) continue;
      console.warn('aisandbox: activity setting not applied', k);
    }
    for (const [k, p] of Object.entries(step.settings || {})) {
      if (p.locked) S.locked.push(k);
      if (p.hidden) S.hidden.push(k);
    }
    applyLocks();
    const view = VIEW_OF[step.panel];
    document.body.dataset.activityStep = String(i);
    document.body.dataset.activityPanel = step.panel;
    if (view) A.showView(view);
    if (view === 'tokens' && (keys.includes('tokenizer.text') || !document.querySelector('#tok-result .tok-row'))) A.runView('tokens');
    if (view === 'autograd' && keys.some((k) => k.startsWith('autograd.'))) A.runView('autograd');
    remember();
    const C = klass();
    if (C) C.move(a.id, i);
    render();
    const top = $('activity-runner');
    if (top) top.scrollTop = 0;
  }

  // chooseDataFor chooses, for a step that presets a model and leaves the
  // data to the student, the first of the activity's datasets the model
  // learns from, one in the page's language first (facts-kk, sentiment-ru).
  function chooseDataFor(model) {
    const names = (S.act.datasets || []).slice();
    const mine = names.filter((n) => n.endsWith('-' + A.lang()));
    for (const name of [...mine, ...names.filter((n) => !mine.includes(n))]) {
      if (A.setSetting('dataset', name) && A.setSetting('model', model)) return true;
    }
    return false;
  }

  function applyLocks() {
    for (const k of S.locked) A.lockSetting(k, true);
    for (const k of S.hidden) A.hideSetting(k, true);
  }

  // Controls are rebuilt when the data or the model changes: lock them
  // again, once per change.
  function watchControls() {
    const main = document.querySelector('main.views');
    if (!main) return;
    new MutationObserver(() => {
      if (S.reapply || (!S.locked.length && !S.hidden.length)) return;
      S.reapply = true;
      queueMicrotask(() => {
        S.reapply = false;
        applyLocks();
      });
    }).observe(main, { childList: true, subtree: true });
  }

  function go(delta) {
    if (!S.act) return;
    const i = S.step + delta;
    if (i < 0) return;
    if (i >= S.act.steps.length) {
      S.finished = true;
      render();
      $('activity-note').focus();
      return;
    }
    S.note = null;
    enterStep(i, delta === 1 ? 'next' : 'jump');
    $('activity-step-title').focus();
  }

  // ---------- rendering ----------

  function render() {
    const a = S.act;
    if (!a) return;
    const step = a.steps[S.step];
    $('activity-title').textContent = a.title;
    $('activity-progress-text').textContent = t('activity.progress', { step: A.fmtInt(S.step + 1), steps: A.fmtInt(a.steps.length) });
    $('activity-progress').max = a.steps.length;
    $('activity-progress').value = S.step + 1;
    const questions = a.steps.filter((s) => s.checkpoint).length;
    const answered = a.steps.filter((s, i) => s.checkpoint && S.answers[i]).length;
    $('activity-answered').textContent = questions ? t('activity.answered', { answered: A.fmtInt(answered), questions: A.fmtInt(questions) }) : '';
    $('activity-objective-list').replaceChildren(...(a.objectives || []).map((o) => el('li', { text: o })));
    $('activity-objectives').open = S.step === 0;
    $('activity-step-title').textContent = (S.step + 1) + '. ' + step.title;
    $('activity-step-title').tabIndex = -1;
    html($('activity-instructions'), step.instructions);
    const where = $('activity-where');
    where.hidden = step.panel === 'read';
    where.textContent = step.panel === 'read' ? '' : t('activity.where', { panel: t('activity.panel.' + step.panel) });
    renderNeedModel();
    renderHints();
    renderCheckpoint();
    $('activity-prev').disabled = S.step === 0;
    const last = S.step === a.steps.length - 1;
    $('activity-next').textContent = t(last ? 'activity.finish' : 'activity.next');
    $('activity-next').disabled = last && S.finished;
    $('activity-worksheet').href = worksheetURL(a.id, A.lang());
    $('activity-embed-url').value = embedURL(a.id, S.step);
    $('activity-close').hidden = Boolean(S.embed);
    renderFold();
    const noteText = S.finished ? t('activity.finished') : (S.note ? S.note() : '');
    if (!(a.languages || []).includes(A.lang())) {
      setNoteText(joinText(noteText, t('activity.not_in_language')));
    } else {
      setNoteText(noteText);
    }
  }

  function joinText(...parts) {
    return parts.filter(Boolean).join(' ');
  }

  function setNoteText(text) {
    const n = $('activity-note');
    n.textContent = text;
    n.hidden = !text;
    n.tabIndex = -1;
  }

  function setNote(render) {
    S.note = render;
    if (S.act) renderNoteOnly();
  }

  function renderNoteOnly() {
    setNoteText(S.finished ? t('activity.finished') : (S.note ? S.note() : ''));
  }

  // The step's text can be folded away, to give the view below the room.
  function renderFold() {
    const read = S.act && S.act.steps[S.step].panel === 'read';
    const folded = Boolean(S.folded) && !read;
    const b = $('activity-fold');
    b.hidden = read;
    b.textContent = t(folded ? 'activity.unfold' : 'activity.fold');
    b.setAttribute('aria-expanded', folded ? 'false' : 'true');
    if (folded) document.body.dataset.activityFolded = 'true';
    else delete document.body.dataset.activityFolded;
  }

  function renderNeedModel() {
    const box = $('activity-need-model');
    if (!S.act) return;
    const step = S.act.steps[S.step];
    const r = A.run();
    box.hidden = !(NEEDS_MODEL.includes(step.panel) && !(r && (r.ready || r.training)));
  }

  function renderHints() {
    const box = $('activity-hints');
    const hints = S.act.steps[S.step].hints || [];
    const shown = Math.min(S.hints[S.step] || 0, hints.length);
    box.replaceChildren();
    box.hidden = !hints.length;
    if (!hints.length) return;
    const list = el('ol', { className: 'activity-hint-list', 'aria-live': 'polite' });
    for (let k = 0; k < shown; k++) {
      list.append(el('li', { className: 'activity-hint', dataset: { hint: String(k) } },
        el('p', { className: 'activity-hint-label', text: t('activity.hint.label', { n: A.fmtInt(k + 1), count: A.fmtInt(hints.length) }) }),
        html(el('div'), hints[k])));
    }
    box.append(list);
    if (shown < hints.length) {
      const b = el('button', { id: 'activity-hint', type: 'button', className: 'secondary small', text: t(shown ? 'activity.hint.more' : 'activity.hint.show') });
      b.addEventListener('click', () => {
        S.hints[S.step] = shown + 1;
        renderHints();
        const next = $('activity-hint');
        if (next) next.focus();
      });
      box.append(b);
    }
  }

  // ---------- the checkpoint ----------

  // draft is what the student has chosen or typed in the question on
  // screen, so that drawing it again (new texts from the server, an answer
  // refused) keeps it; null when the form is another step's or shows the
  // marked answer.
  function draft() {
    const f = $('activity-form');
    const i = S.step;
    if (!f || f.dataset.step !== String(i) || (S.answers[i] && !S.editing[i] && !S.checking[i])) return null;
    const typed = f.querySelector('#activity-number, #activity-text');
    return {
      chosen: [...f.querySelectorAll('input[name="activity-answer"]:checked')].map((x) => x.value),
      text: typed ? typed.value : '',
      focus: f.contains(document.activeElement) ? document.activeElement.id : '',
    };
  }

  function renderCheckpoint() {
    const box = $('activity-checkpoint');
    const i = S.step;
    const cp = S.act.steps[i].checkpoint;
    const kept = draft();
    box.replaceChildren();
    box.hidden = !cp;
    if (!cp) return;
    const answer = S.answers[i];
    const locked = Boolean(answer) && !S.editing[i];
    const checking = Boolean(S.checking[i]);
    const form = el('form', { id: 'activity-form', className: 'activity-form', novalidate: true, dataset: { kind: cp.kind, step: String(i) } });
    form.append(el('h4', { className: 'activity-cp-kind', text: t('activity.cp.' + cp.kind) }));
    form.append(html(el('div', { className: 'activity-question', id: 'activity-question' }), cp.question));
    const fields = el('fieldset', { className: 'activity-answer', disabled: locked || checking });
    fields.append(el('legend', { className: 'visually-hidden', text: t('activity.cp.answer_label') }));
    const prior = answer ? answer.answer : undefined;
    if (Array.isArray(cp.options) && cp.options.length) {
      const multiple = cp.kind === 'choice' && cp.multiple;
      fields.append(el('p', { className: 'activity-prompt', text: t(multiple ? 'activity.ws.choose_all' : cp.kind === 'predict' ? 'activity.ws.predict_choose' : 'activity.ws.choose_one') }));
      let chosen = Array.isArray(prior) ? prior : prior !== undefined ? [prior] : [];
      if (kept) chosen = kept.chosen;
      cp.options.forEach((o, k) => {
        const id = 'activity-opt-' + k;
        const input = el('input', { type: multiple ? 'checkbox' : 'radio', name: 'activity-answer', id, value: o.id });
        input.checked = chosen.includes(o.id);
        fields.append(el('div', { className: 'activity-option' }, input, el('label', { for: id, text: o.text })));
      });
    } else if (cp.kind === 'number') {
      const input = el('input', { id: 'activity-number', type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', maxlength: '40', 'aria-labelledby': 'activity-question' });
      if (kept) input.value = kept.text;
      else if (typeof prior === 'number') input.value = A.fmt(prior, { maximumFractionDigits: 10, useGrouping: false });
      fields.append(el('div', { className: 'activity-number-row' }, input, cp.unit ? el('span', { className: 'activity-unit', text: cp.unit }) : null));
    } else {
      const area = el('textarea', { id: 'activity-text', rows: '3', maxlength: '2000', 'aria-labelledby': 'activity-question' });
      if (kept) area.value = kept.text;
      else if (typeof prior === 'string') area.value = prior;
      fields.append(area);
    }
    form.append(fields);
    const submitKey = cp.kind === 'predict' ? 'activity.cp.submit_predict' : cp.kind === 'text' ? 'activity.cp.submit_text' : 'activity.cp.submit';
    const row = el('div', { className: 'button-row' });
    if (locked) {
      const again = el('button', { id: 'activity-again', type: 'button', className: 'secondary', text: t('activity.cp.change') });
      again.addEventListener('click', () => {
        S.editing[i] = true;
        renderCheckpoint();
        const first = $('activity-form').querySelector('input, textarea');
        if (first) first.focus();
      });
      row.append(again);
    } else {
      row.append(el('button', { id: 'activity-submit', type: 'submit', className: 'primary', disabled: checking, text: t(submitKey) }));
    }
    form.append(row);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submit();
    });
    box.append(form, resultBox(cp, answer, checking));
    if (kept && kept.focus && $(kept.focus)) $(kept.focus).focus();
  }

  function resultBox(cp, answer, checking) {
    const i = S.step;
    const box = el('div', { id: 'activity-result', className: 'activity-result', 'aria-live': 'polite' });
    const problem = S.problem[i];
    if (checking) {
      box.dataset.state = 'checking';
      box.append(el('p', { text: t('activity.cp.checking') }));
      return box;
    }
    if (problem) {
      box.dataset.state = 'error';
      box.append(el('p', { className: 'problem', text: problem }));
      return box;
    }
    if (!answer) {
      box.dataset.state = 'idle';
      box.hidden = true;
      return box;
    }
    box.dataset.state = 'checked';
    box.dataset.correct = answer.correct === true ? 'true' : answer.correct === false ? 'false' : 'none';
    let verdict;
    if (answer.correct === true) verdict = t('activity.cp.right');
    else if (answer.correct === false) verdict = t('activity.cp.wrong');
    else verdict = t(cp.kind === 'predict' ? 'activity.cp.predicted' : 'activity.cp.written');
    box.append(el('p', { className: 'activity-verdict', text: verdict }));
    box.append(el('p', { className: 'activity-your-answer', text: t('activity.cp.your_answer', { answer: answerText(cp, answer.answer) }) }));
    box.append(el('h5', { className: 'activity-expl-title', text: t('activity.cp.explanation') }));
    box.append(html(el('div', { id: 'activity-explanation', className: 'activity-explanation' }), answer.explanation));
    box.append(el('p', { className: 'hint activity-saved', text: t(S.saved === 'class' ? 'activity.cp.saved_class' : 'activity.cp.saved_connection') }));
    return box;
  }

  // answerText writes a kept answer for people: options by their text.
  function answerText(cp, v) {
    const opt = (id) => {
      const o = (cp.options || []).find((x) => x.id === id);
      return o ? o.text : String(id);
    };
    if (Array.isArray(v)) return v.map(opt).join('; ');
    if (typeof v === 'number') return A.fmt(v, { maximumFractionDigits: 10 }) + (cp.unit ? ' ' + cp.unit : '');
    if (cp.options && cp.options.length) return opt(v);
    return String(v);
  }

  function submit() {
    const i = S.step;
    const cp = S.act.steps[i].checkpoint;
    if (!cp || S.checking[i]) return;
    let answer;
    const form = $('activity-form');
    if (Array.isArray(cp.options) && cp.options.length) {
      const chosen = [...form.querySelectorAll('input[name="activity-answer"]:checked')].map((x) => x.value);
      if (!chosen.length) return problemAt(i, t('activity.cp.empty'));
      answer = cp.kind === 'choice' ? chosen : chosen[0];
    } else if (cp.kind === 'number') {
      answer = $('activity-number').value.trim();
      if (!answer) return problemAt(i, t('activity.cp.empty'), 'activity-number');
    } else {
      answer = $('activity-text').value.trim();
      if (!answer) return problemAt(i, t('activity.cp.empty'), 'activity-text');
    }
    const id = A.nextId('chk');
    if (!A.send({ type: 'check', id, activity: S.act.id, step: i, answer })) {
      return problemAt(i, t('activity.cp.no_answer'));
    }
    delete S.problem[i];
    S.checking[i] = {
      id,
      timer: setTimeout(() => {
        if (S.checking[i] && S.checking[i].id === id) {
          delete S.checking[i];
          problemAt(i, t('activity.cp.no_answer'));
        }
      }, ANSWER_TIMEOUT_MS),
    };
    renderCheckpoint();
    return undefined;
  }

  function problemAt(i, text, focus) {
    S.problem[i] = text;
    if (S.act && S.step === i) {
      renderCheckpoint();
      if (focus && $(focus)) {
        $(focus).setAttribute('aria-invalid', 'true');
        $(focus).focus();
      }
    }
    return undefined;
  }

  function onChecked(msg) {
    const i = Object.keys(S.checking).map(Number).find((k) => S.checking[k].id === msg.id);
    if (i === undefined) return;
    clearTimeout(S.checking[i].timer);
    delete S.checking[i];
    if (!S.act || msg.activity !== S.act.id) return;
    S.answers[i] = msg;
    S.saved = msg.saved || S.saved;
    S.editing[i] = false;
    delete S.problem[i];
    if (S.step === i) {
      render();
      const res = $('activity-result');
      if (res) res.scrollIntoView({ block: 'nearest' });
    }
  }

  // ---------- messages ----------

  A.on('activities', (msg) => {
    if (msg.id !== S.listAsking || !Array.isArray(msg.activities)) return;
    S.listAsking = '';
    S.list = msg.activities;
    S.listLang = msg.lang || '';
    renderList();
  });
  A.on('activity', onActivity);
  A.on('checked', onChecked);

  // The lists arrive on every (re)connection: the page is ready.
  // They come after a reconnection, when a request in flight on the old
  // connection is lost, and after a change of language, when the texts
  // must come again: either way the activity is asked for again.
  A.on('models', () => {
    setTimeout(() => {
      if (!A.connected()) return;
      if (!S.list || S.listLang !== A.lang() || S.listAsking) requestList();
      if (S.wanted) {
        ask(S.wanted.id);
      } else if (S.act) {
        ask(S.act.id);
      } else if (S.embed) {
        open2(S.embed, Math.max(0, Number(document.body.dataset.embedStep || 1) - 1), A.lang());
      } else if (!klass()) {
        const kept = remembered();
        if (kept) open2(kept.id, kept.step | 0, A.lang());
      }
    }, 0);
  });

  // A student who has (re)joined a class: the answers kept are the class's.
  A.on('joined', () => {
    if (S.act && !S.wanted) ask(S.act.id);
  });

  function ask(id) {
    S.asking = A.nextId('act');
    if (!A.send({ type: 'activity', id: S.asking, activity: id, lang: A.lang() })) S.asking = '';
  }

  A.on('started', renderNeedModelIfOpen);
  A.on('done', renderNeedModelIfOpen);
  // The teacher's dashboard has heard where the student is; nothing to show.
  A.on('moved', () => {});

  function renderNeedModelIfOpen() {
    if (S.act) renderNeedModel();
  }

  A.onError((msg) => {
    // A run that failed leaves no model: the "train it now" box may show.
    setTimeout(renderNeedModelIfOpen, 0);
    if (!msg.id) return false;
    const text = (typeof msg.message === 'string' && msg.message) ? msg.message : t('error.internal');
    if (msg.id === S.listAsking) {
      S.listAsking = '';
      $('activity-count').textContent = text;
      return true;
    }
    if (msg.id === S.asking) {
      S.asking = '';
      const wanted = S.wanted;
      S.wanted = null;
      if (!S.act) {
        $('activity-runner').dataset.state = 'error';
        $('activity-title').textContent = wanted ? t('activity.unknown', { id: wanted.id }) : text;
        if (!S.embed) {
          try {
            localStorage.removeItem(STORAGE_KEY);
          } catch (e) {
            // nothing kept
          }
        }
      } else {
        setNote(() => text);
      }
      return true;
    }
    const i = Object.keys(S.checking).map(Number).find((k) => S.checking[k].id === msg.id);
    if (i !== undefined) {
      clearTimeout(S.checking[i].timer);
      delete S.checking[i];
      problemAt(i, text);
      return true;
    }
    return false;
  });

  // A run started while an activity is open takes the values the page has
  // no control for (training on one group).
  A.onTrain((msg) => {
    if (!S.act) return undefined;
    for (const k of TRAIN_KEYS) {
      if (S.extra[k] !== undefined) msg[k] = S.extra[k];
    }
    return undefined;
  });

  A.onLang(() => {
    fillFilters();
    renderList();
    if (S.act) render();
    // The texts come again in the new language when app.js has asked for
    // the lists again (the models handler above).
  });

  // ---------- the class ----------

  function watchClass() {
    const C = window.AISandboxClass;
    if (!C) return;
    C.onState((st) => {
      if (!st || !st.activity || S.embed) return;
      if (S.lastPush === st.push) return;
      const first = S.lastPush === null;
      S.lastPush = st.push;
      let step = st.step | 0;
      // The student's own place counts after a reload, when it is in the
      // same activity as the teacher's push.
      const me = C.student();
      if (first && me && me.activity === st.activity && typeof me.step === 'number') step = me.step;
      if (S.act && S.act.id === st.activity) {
        if (step !== S.step) {
          enterStep(Math.min(step, S.act.steps.length - 1), 'jump');
          if (!first) setNote(() => t('activity.pushed', { step: A.fmtInt(step + 1) }));
        }
        return;
      }
      open2(st.activity, step, A.lang());
      if (!first) setNote(() => t('activity.pushed', { step: A.fmtInt(step + 1) }));
    });
  }

  // ---------- copying the embed address ----------

  async function copyEmbed() {
    const input = $('activity-embed-url');
    const said = $('activity-copied');
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(input.value);
        ok = true;
      }
    } catch (e) {
      ok = false;
    }
    if (!ok) {
      input.select();
      try {
        ok = document.execCommand('copy');
      } catch (e) {
        ok = false;
      }
    }
    said.textContent = t(ok ? 'activity.copied' : 'activity.copy_failed');
    said.hidden = false;
  }

  // ---------- start ----------

  function start() {
    if (!build()) return;
    S.embed = document.body.dataset.embed || '';
    fillFilters();
    renderList();
    A.addView('activities');
    for (const [id, key] of [['activity-subject', 'subject'], ['activity-grade', 'grade'], ['activity-lang', 'lang']]) {
      $(id).addEventListener('change', () => {
        S.filter[key] = $(id).value;
        renderList();
      });
    }
    $('activity-close').addEventListener('click', close);
    $('activity-fold').addEventListener('click', () => {
      S.folded = !S.folded;
      renderFold();
    });
    $('activity-prev').addEventListener('click', () => go(-1));
    $('activity-next').addEventListener('click', () => go(1));
    $('activity-train').addEventListener('click', () => {
      if (!A.train()) setNote(() => t('activity.need_model'));
      renderNeedModel();
    });
    $('activity-copy').addEventListener('click', copyEmbed);
    $('activity-embed-url').addEventListener('focus', () => $('activity-embed-url').select());
    watchControls();
    watchClass();
    if (S.embed) {
      document.body.classList.add('embedded');
      $('activity-runner').hidden = false;
      $('activity-title').textContent = t('activity.opening');
      $('activity-step').hidden = true;
    }
    if (A.connected()) {
      requestList();
      if (S.embed) open2(S.embed, Math.max(0, Number(document.body.dataset.embedStep || 1) - 1), A.lang());
    }
  }

  start();
}());
