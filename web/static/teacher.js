// AI Sandbox: the teacher's dashboard (docs/protocol.md, "The classroom").
// The teacher opens a class (open_class) or goes back to one this browser
// keeps (teach, with the class's secret from localStorage); the page then
// holds the class as the server's class_view gave it and applies each
// class_event: students joining and changing, answers, ended runs, the
// class's state. Actions go out as `act`; the results as CSV come back in
// an `export` message and are saved as a file. The activities to start come
// from the server (`activities`, in the dashboard's language), and the steps
// of the class's activity from `activity` (docs/protocol.md, "Activities").
//
// Published for tests: body[data-state] is connecting, start, teaching or
// ended; each roster row is tr[data-student] with data-nickname,
// data-status, data-online and data-accuracy; #class-plot circle[data-student]
// are the plot's points; #act-activity option[value] are the activities
// (with data-subject, data-steps), #act-step option[value] the steps of the
// class's activity (from 0) and #act-step's data-for the activity they
// belong to.
'use strict';

(function () {
  const C = window.Classroom;
  const t = C.t;
  const el = C.el;
  const $ = (id) => document.getElementById(id);
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // The class-wide plot's size in SVG units (CSS scales it to the panel).
  const PLOT_W = 640;
  const PLOT_H = 340;
  const PLOT_M = { left: 56, right: 16, top: 14, bottom: 46 };
  // A setting whose values span this factor or more is drawn on a log
  // scale (learning rates: 0.001 to 1).
  const LOG_SPAN = 100;
  // Answers listed, the newest first.
  const MAX_ANSWERS = 200;
  // The subjects, in the order the activity list groups them (as the
  // student page's picker, activity.js).
  const SUBJECTS = ['physics', 'biology', 'chemistry', 'maths', 'ai'];

  const T = {
    code: '',
    secret: '',
    klass: null, // the class as class_view or class_opened gave it
    joinURL: '',
    roster: new Map(), // student id -> student, in the order they joined
    results: [], // ended runs
    answers: [], // answers, oldest first
    pending: new Map(), // message id -> what it was ('open', 'teach', 'act', 'export', ...)
    labels: {}, // setting name -> its label, from the models and datasets messages
    titles: {}, // model and dataset name -> title
    plotX: '',
    status: () => '',
    problem: false,
    activities: null, // the server's activities ([{id, title, subject, grades, minutes, steps, summary}]), null until they come
    steps: new Map(), // activity id -> {steps: [step titles]} in the dashboard's language, or {unknown: true}
    asking: new Set(), // activity ids whose steps are asked for
    stepChoice: null, // {activity, push, step}: the step chosen in the list and not yet gone to
  };

  // ---------- status ----------

  function setStatus(render, problem) {
    T.status = render;
    T.problem = Boolean(problem);
    renderStatus();
  }

  function renderStatus() {
    const s = $('status');
    s.textContent = T.status();
    s.dataset.kind = T.problem ? 'problem' : 'ok';
  }

  function setPageState(s) {
    document.body.dataset.state = s;
    $('start').hidden = s !== 'start';
    $('dash').hidden = !(s === 'teaching' || s === 'ended');
    for (const b of document.querySelectorAll('.actions-panel button, .actions-panel input, tbody button')) {
      if (b.id !== 'act-export') b.disabled = s !== 'teaching';
    }
    // The activity and step lists also depend on what the server has
    // sent: renderActivities and renderSteps enable them.
    $('act-activity').disabled = true;
    $('act-step').disabled = true;
    // An ended class kept no days has nothing left to download.
    $('act-export').disabled = s === 'ended' && !(T.klass && T.klass.keep_days);
  }

  // ---------- requests ----------

  function request(what, msg) {
    msg.id = C.nextId(what.slice(0, 3));
    if (!C.send(msg)) {
      setStatus(() => t('class.teacher.offline'), true);
      return '';
    }
    T.pending.set(msg.id, what);
    return msg.id;
  }

  function act(action) {
    if (request('act', { type: 'act', action })) setStatus(() => t('class.teacher.sending'));
  }

  function openClass(ev) {
    ev.preventDefault();
    const msg = { type: 'open_class', title: $('open-title').value.trim() };
    if ($('keep-days').checked) {
      const n = Number($('keep-n').value);
      if (!Number.isInteger(n) || n < 1 || n > 365) {
        setStatus(() => t('class.open.days.bad'), true);
        $('keep-n').focus();
        return;
      }
      msg.keep_days = n;
    }
    const max = $('open-max').value.trim();
    if (max) {
      const n = Number(max);
      if (!Number.isInteger(n) || n < 1 || n > 500) {
        setStatus(() => t('class.open.max.bad'), true);
        $('open-max').focus();
        return;
      }
      msg.max_students = n;
    }
    const pw = $('open-password').value;
    if (pw) msg.password = pw;
    if (request('open', msg)) setStatus(() => t('class.open.opening'));
  }

  function teach(code, secret) {
    T.code = code;
    T.secret = secret;
    if (request('teach', { type: 'teach', code, secret })) setStatus(() => t('class.resume.going'));
  }

  function resumeTyped(ev) {
    ev.preventDefault();
    const code = $('resume-code').value.toUpperCase().replace(/[\s-]/g, '');
    const secret = $('resume-secret').value.trim();
    if (!code || !secret) {
      setStatus(() => t('class.resume.need'), true);
      return;
    }
    teach(code, secret);
  }

  // ---------- messages ----------

  // took returns what a reply answers ('open', 'teach', 'act', ...), from
  // its id, and forgets the request; undefined for a message nobody asked.
  function took(msg) {
    const what = msg.id ? T.pending.get(msg.id) : undefined;
    if (what) T.pending.delete(msg.id);
    return what;
  }

  function wireMessages() {
    C.on('class_opened', (msg) => {
      took(msg);
      T.code = msg.class.code;
      T.secret = msg.secret;
      T.klass = msg.class;
      C.keepClass({ code: T.code, secret: T.secret, title: msg.class.title || '', opened: msg.class.created });
      history.replaceState(null, '', '?code=' + encodeURIComponent(T.code));
      setStatus(() => t('class.open.opened'));
    });
    C.on('class_view', (msg) => onView(msg, took(msg)));
    C.on('class_event', (msg) => {
      if (msg.event) onEvent(msg.event);
    });
    C.on('acted', (msg) => {
      took(msg);
      setStatus(() => t('class.teacher.done'));
    });
    C.on('export', (msg) => {
      took(msg);
      save(msg.filename, msg.csv);
      setStatus(() => t('class.export.saved', { file: msg.filename }));
    });
    C.on('models', (msg) => {
      for (const m of msg.models || []) {
        T.titles['model:' + m.name] = m.title;
        for (const s of m.settings || []) T.labels['model.' + s.name] = T.labels['model.' + s.name] || s.label;
      }
      if (msg.test_split) T.labels.test_split = msg.test_split.label;
      renderPlot();
    });
    C.on('datasets', (msg) => {
      for (const d of msg.datasets || []) {
        T.titles['dataset:' + d.name] = d.title;
        for (const s of d.settings || []) T.labels['dataset.' + s.name] = T.labels['dataset.' + s.name] || s.label;
      }
      renderPlot();
    });
    C.on('activities', (msg) => {
      if (took(msg) !== 'activities' || msg.lang !== C.lang()) return;
      window.AISandboxTeacher.setActivities(msg.activities);
    });
    C.on('activity', (msg) => {
      const what = took(msg);
      const a = msg.activity;
      if (!what || what !== 'steps:' + (a && a.id)) return;
      T.asking.delete(a.id);
      if (a.lang !== C.lang()) return; // asked before a change of language: asked again since
      T.steps.set(a.id, { steps: (Array.isArray(a.steps) ? a.steps : []).map((st) => st.title || st.id) });
      renderState();
    });
    C.on('error', (msg) => onError(msg, took(msg)));
  }

  function onView(msg, what) {
    T.klass = msg.class;
    T.code = msg.class.code;
    T.joinURL = msg.join_url || '';
    T.roster = new Map();
    for (const s of msg.roster || []) T.roster.set(s.id, s);
    T.results = [];
    for (const r of msg.results || []) addResult(r);
    T.answers = [];
    for (const a of msg.answers || []) addAnswer(a);
    const kept = C.findClass(T.code);
    if (!kept) C.keepClass({ code: T.code, secret: T.secret, title: msg.class.title || '', opened: msg.class.created });
    if (!location.search.includes(T.code)) history.replaceState(null, '', '?code=' + encodeURIComponent(T.code));
    setPageState(msg.class.ended ? 'ended' : 'teaching');
    if (what === 'teach') setStatus(() => t('class.resume.done'));
    renderAll();
  }

  function onEvent(ev) {
    switch (ev.type) {
      case 'joined':
      case 'student':
        if (ev.student) T.roster.set(ev.student.id, ev.student);
        renderRoster();
        renderCount();
        break;
      case 'removed':
        if (ev.student) T.roster.delete(ev.student.id);
        renderRoster();
        renderCount();
        break;
      case 'answer':
        if (ev.answer) addAnswer(ev.answer);
        renderAnswers();
        break;
      case 'run':
        if (ev.run) addResult(ev.run);
        renderPlot();
        break;
      case 'state':
        if (ev.state && T.klass) T.klass.state = ev.state;
        renderState();
        renderRoster();
        break;
      case 'ended':
        if (T.klass) T.klass.ended = new Date().toISOString();
        if (T.klass && !T.klass.keep_days) C.forgetClass(T.code);
        setPageState('ended');
        renderState();
        setStatus(() => t('class.end.done'));
        break;
      case 'resync':
        // Events were lost: start again from a fresh snapshot.
        teach(T.code, T.secret);
        break;
      default:
        break;
    }
  }

  function onError(msg, what) {
    const text = msg.message || t('error.internal');
    if (what && what.startsWith('steps:')) {
      // The class's activity is not on this server (any more): its steps
      // are counted, not named.
      const id = what.slice('steps:'.length);
      T.asking.delete(id);
      if (msg.code === 'unknown_activity') T.steps.set(id, { unknown: true });
      renderState();
      return;
    }
    if (what === 'open' && msg.code === 'bad_password') {
      $('open-password-field').hidden = false;
      $('open-password').focus();
    }
    if (what === 'teach' && ['unknown_code', 'not_teacher', 'class_ended'].includes(msg.code)) {
      // The class is gone, or this is not its key.
      C.forgetClass(T.code);
      T.code = '';
      T.secret = '';
      history.replaceState(null, '', location.pathname);
      showStart();
    }
    setStatus(() => text, true);
  }

  function addResult(r) {
    const key = r.student + '|' + r.run + '|' + r.ended;
    if (T.results.some((x) => x.student + '|' + x.run + '|' + x.ended === key)) return;
    T.results.push(r);
  }

  function addAnswer(a) {
    const key = (x) => [x.student, x.activity, x.step, x.checkpoint].join('|');
    const k = key(a);
    T.answers = T.answers.filter((x) => key(x) !== k);
    T.answers.push(a);
    if (T.answers.length > MAX_ANSWERS) T.answers.shift();
  }

  // save offers the CSV as a file download, made in the browser: no
  // secret in an address.
  function save(filename, csv) {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = el('a', { href: url, download: filename || 'aisandbox-class.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---------- the start screen ----------

  function showStart() {
    setPageState('start');
    const list = $('resume-list');
    const kept = C.classes();
    list.replaceChildren(...kept.map((k) => el('li', null,
      el('button', {
        type: 'button', className: 'secondary resume-one', dataset: { code: k.code },
        onclick: () => teach(k.code, k.secret),
      }, el('strong', { text: k.code }), ' ', k.title || '', ' ', el('span', { className: 't-hint', text: k.opened ? C.fmtDate(k.opened) : '' })),
      el('button', {
        type: 'button', className: 'link-button', 'aria-label': t('class.resume.forget_label', { code: k.code }),
        onclick: () => { C.forgetClass(k.code); showStart(); },
      }, t('class.resume.forget')))));
    $('resume-none').hidden = kept.length > 0;
  }

  // ---------- the dashboard ----------

  function renderAll() {
    renderActivities();
    renderJoin();
    renderCount();
    renderState();
    renderRoster();
    renderPlot();
    renderAnswers();
  }

  function renderJoin() {
    if (!T.klass) return;
    $('join-heading').textContent = T.klass.title || t('class.dash.untitled');
    $('join-code').textContent = T.code;
    $('join-code').setAttribute('aria-label', t('class.dash.code_label', { code: T.code.split('').join(' ') }));
    $('join-url').textContent = T.joinURL.replace(/\?join=.*$/, '');
    $('join-qr').src = 'qr.svg?code=' + encodeURIComponent(T.code);
    $('join-qr').alt = t('class.dash.qr_alt', { url: T.joinURL });
    $('teacher-key').textContent = T.secret;
    $('open-projector').href = 'projector.html?code=' + encodeURIComponent(T.code);
  }

  function renderCount() {
    if (!T.klass) return;
    const online = [...T.roster.values()].filter((s) => s.online).length;
    $('join-count').textContent = t('class.dash.count', {
      students: C.fmtInt(T.roster.size), max: C.fmtInt(T.klass.max_students), online: C.fmtInt(online),
    });
  }

  // placeOf names an activity (by its title when the server has it) and a
  // step, counted from 1 for people (the protocol counts from 0).
  function placeOf(activity, step) {
    if (!activity) return t('class.place.none');
    return t('class.place', { activity: activityTitle(activity), step: C.fmtInt(step + 1) });
  }

  function activityTitle(id) {
    const a = (T.activities || []).find((x) => x.id === id);
    return (a && a.title) || id;
  }

  function renderState() {
    if (!T.klass) return;
    const st = T.klass.state || {};
    $('act-place').textContent = st.activity ? t('class.actions.now', { place: placeOf(st.activity, st.step) }) : t('class.actions.none');
    if (st.activity && !$('act-activity').value && T.activities && T.activities.some((a) => a.id === st.activity)) {
      $('act-activity').value = st.activity;
      renderAbout();
    }
    renderSteps(st);
    $('act-pause').textContent = t(st.paused ? 'class.actions.resume' : 'class.actions.pause');
    $('act-pause').dataset.paused = st.paused ? 'true' : 'false';
    const locks = Array.isArray(st.locked) ? st.locked : [];
    $('act-locks').replaceChildren(...locks.map((name) => el('span', { className: 'lock-chip', dataset: { setting: name } },
      name + ' ',
      el('button', {
        type: 'button', className: 'chip-x', 'aria-label': t('class.actions.unlock_one', { setting: name }),
        onclick: () => act({ type: 'unlock', settings: [name] }),
      }, '×'))));
    const ended = Boolean(T.klass.ended);
    $('ended-note').hidden = !ended;
    if (ended) {
      $('ended-note').textContent = T.klass.keep_days
        ? t('class.end.kept', { days: C.fmtInt(T.klass.keep_days) })
        : t('class.end.deleted');
    }
  }

  // renderSteps fills the step control with the steps of the class's
  // activity, asking the server for them the first time, and allows only
  // the moves there are.
  function renderSteps(st) {
    const select = $('act-step');
    const teaching = document.body.dataset.state === 'teaching';
    if (!st.activity) {
      select.replaceChildren();
      delete select.dataset.for;
      for (const id of ['act-step', 'act-go', 'act-prev', 'act-next']) $(id).disabled = true;
      $('act-steps-note').textContent = '';
      return;
    }
    const known = T.steps.get(st.activity);
    if (!known) askSteps(st.activity);
    let options;
    let count = 0;
    if (known && Array.isArray(known.steps)) {
      count = known.steps.length;
      options = known.steps.map((title, i) => el('option', {
        value: String(i), text: t('class.actions.step_option', { step: C.fmtInt(i + 1), title }),
      }));
    } else {
      // Steps not (yet) known: up to one after the class's.
      options = [];
      for (let i = 0; i <= st.step + 1; i++) options.push(el('option', { value: String(i), text: t('class.actions.step_n', { step: C.fmtInt(i + 1) }) }));
    }
    // The teacher's choice stays until the class moves; then the list
    // shows where the class is.
    const c = T.stepChoice;
    const keep = c && c.activity === st.activity && c.push === st.push && c.step < options.length;
    select.replaceChildren(...options);
    select.dataset.for = st.activity;
    select.value = String(keep ? c.step : Math.min(st.step, options.length - 1));
    select.disabled = !teaching;
    $('act-go').disabled = !teaching;
    $('act-prev').disabled = !teaching || st.step <= 0;
    $('act-next').disabled = !teaching || (count > 0 && st.step >= count - 1);
    $('act-steps-note').textContent = known && known.unknown
      ? t('class.actions.unknown_activity', { activity: st.activity })
      : count ? t('class.actions.step_of', { step: C.fmtInt(st.step + 1), steps: C.fmtInt(count) }) : '';
  }

  // renderActivities fills the list of activities to start, grouped by
  // subject: each with its title, grades and minutes.
  function renderActivities() {
    const select = $('act-activity');
    const chosen = select.value;
    if (T.activities === null) {
      select.replaceChildren(el('option', { value: '', text: t('activity.loading') }));
      select.disabled = true;
      renderAbout();
      return;
    }
    const groups = [];
    const subjects = SUBJECTS.concat([...new Set(T.activities.map((a) => a.subject))].filter((x) => !SUBJECTS.includes(x)));
    for (const subject of subjects) {
      const members = T.activities.filter((a) => a.subject === subject);
      if (!members.length) continue;
      const key = 'activity.subject.' + subject;
      const label = t(key);
      groups.push(el('optgroup', { label: label === key ? subject : label, dataset: { subject } },
        ...members.map((a) => el('option', {
          value: a.id,
          text: a.title + ' — ' + [
            t('activity.grades', { grades: (a.grades || []).join(', ') }),
            t('activity.minutes', { minutes: C.fmtInt(a.minutes) }),
          ].join(' · '),
          dataset: { subject: a.subject, steps: String(a.steps) },
        }))));
    }
    const none = T.activities.length ? 'class.actions.choose' : 'activity.none_at_all';
    select.replaceChildren(el('option', { value: '', text: t(none) }), ...groups);
    const st = (T.klass && T.klass.state) || {};
    const want = chosen || st.activity || '';
    select.value = T.activities.some((a) => a.id === want) ? want : '';
    select.disabled = document.body.dataset.state !== 'teaching' || !T.activities.length;
    renderAbout();
  }

  // renderAbout describes the activity chosen in the list: its summary,
  // its number of steps and its printable worksheet.
  function renderAbout() {
    const id = $('act-activity').value;
    const a = (T.activities || []).find((x) => x.id === id);
    const box = $('act-about');
    if (!a) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.replaceChildren(
      el('span', { text: [a.summary, t('activity.steps', { count: C.fmtInt(a.steps) })].filter(Boolean).join(' ') + ' ' }),
      el('a', {
        href: '/worksheet/' + encodeURIComponent(a.id) + '?lang=' + encodeURIComponent(C.lang()),
        target: '_blank', rel: 'noopener', text: t('activity.worksheet'),
      }));
  }

  // ask sends a request whose answer the page waits for without a word on
  // the status line (the lists it fills say they are loading).
  function ask(what, msg) {
    msg.id = C.nextId(what.slice(0, 4));
    if (C.send(msg)) T.pending.set(msg.id, what);
  }

  function askActivities() {
    ask('activities', { type: 'activities', lang: C.lang() });
  }

  function askSteps(id) {
    if (T.asking.has(id) || !C.connected()) return;
    T.asking.add(id);
    ask('steps:' + id, { type: 'activity', activity: id, lang: C.lang() });
  }

  function renderRoster() {
    const body = $('roster').querySelector('tbody');
    const st = (T.klass && T.klass.state) || {};
    const projected = st.projected ? st.projected.student : '';
    const ended = document.body.dataset.state !== 'teaching';
    const rows = [...T.roster.values()].map((s) => {
      const acc = typeof s.accuracy === 'number' ? s.accuracy : null;
      const tr = el('tr', {
        dataset: {
          student: s.id, nickname: s.nickname, status: s.status, online: s.online ? 'true' : 'false',
          accuracy: acc === null ? '' : String(acc), answers: String(s.answers),
        },
        className: s.id === projected ? 'projected' : '',
      },
      el('th', { scope: 'row', className: 'nick', text: s.nickname },
        s.id === projected ? el('span', { className: 'on-projector', text: ' ' + t('class.roster.projected') }) : null),
      el('td', { className: 'online' },
        el('span', { className: 'dot ' + (s.online ? 'on' : 'off'), 'aria-hidden': 'true' }, s.online ? '●' : '○'),
        el('span', { className: 'visually-hidden', text: t(s.online ? 'class.roster.yes' : 'class.roster.no') })),
      el('td', { text: placeOf(s.activity, s.step) }),
      el('td', null, el('span', { className: 'badge ' + s.status, text: t('class.status.' + s.status) })),
      el('td', { className: 'num', text: acc === null ? '—' : C.fmtPercent(acc) }),
      el('td', { className: 'num', text: C.fmtInt(s.answers) }),
      el('td', { className: 'row-actions' },
        el('button', {
          type: 'button', className: 'secondary small', disabled: ended, dataset: { action: 'project' },
          onclick: () => act({ type: 'project', student: s.id, anonymous: $('act-anon').checked }),
        }, t('class.roster.project')),
        el('button', {
          type: 'button', className: 'danger small', disabled: ended, dataset: { action: 'remove' },
          onclick: () => {
            if (window.confirm(t('class.remove.confirm', { nickname: s.nickname }))) act({ type: 'remove', student: s.id });
          },
        }, t('class.roster.remove'))));
      return tr;
    });
    body.replaceChildren(...rows);
    $('roster-empty').hidden = rows.length > 0;
    $('roster').hidden = rows.length === 0;
  }

  function answerText(a) {
    if (typeof a === 'string') return a;
    try {
      return JSON.stringify(a);
    } catch (e) {
      return String(a);
    }
  }

  function renderAnswers() {
    const body = $('answers').querySelector('tbody');
    const rows = T.answers.slice().reverse().map((a) => el('tr', { dataset: { student: a.student } },
      el('th', { scope: 'row', text: a.nickname }),
      el('td', { text: placeOf(a.activity, a.step) }),
      el('td', { text: a.checkpoint }),
      el('td', { className: 'answer-text', text: answerText(a.answer) }),
      el('td', { className: 'num', text: a.correct === true ? '✓' : a.correct === false ? '✗' : '—' },
        el('span', { className: 'visually-hidden', text: a.correct === true ? t('class.answers.right') : a.correct === false ? t('class.answers.wrong') : '' })),
      el('td', { text: C.fmtTime(a.at) })));
    body.replaceChildren(...rows);
    $('answers-empty').hidden = rows.length > 0;
    $('answers').hidden = rows.length === 0;
  }

  // ---------- the class-wide plot ----------

  // valueOf reads the value of axis key from a result: "model.NAME",
  // "dataset.NAME", "test_split", "model" or "dataset".
  function valueOf(r, key) {
    if (key === 'model') return r.model;
    if (key === 'dataset') return r.dataset && r.dataset.name;
    if (key === 'test_split') return r.test_split;
    const [scope, name] = key.split('.', 2);
    const v = scope === 'model' ? (r.settings || {})[name] : (r.dataset || {})[name];
    return Array.isArray(v) ? v.join('–') : v;
  }

  function accuracyOf(r) {
    const a = r.result && r.result.test_accuracy;
    return typeof a === 'number' && Number.isFinite(a) ? a : null;
  }

  // axes lists the settings found in the results: each with whether all
  // its values are numbers and how many different values it has.
  function axes(results) {
    const found = new Map();
    const add = (key, v) => {
      if (v === undefined || v === null || v === '') return;
      const a = found.get(key) || { key, numeric: true, values: new Set() };
      if (typeof v !== 'number') a.numeric = false;
      a.values.add(typeof v === 'number' ? v : String(v));
      found.set(key, a);
    };
    for (const r of results) {
      add('model', r.model);
      add('dataset', r.dataset && r.dataset.name);
      for (const k of Object.keys(r.settings || {}).sort()) add('model.' + k, valueOf(r, 'model.' + k));
      for (const k of ['n', 'noise', 'seed', 'correlation']) add('dataset.' + k, valueOf(r, 'dataset.' + k));
      add('test_split', r.test_split);
    }
    return [...found.values()];
  }

  function axisLabel(key) {
    if (key === 'model') return t('class.plot.model');
    if (key === 'dataset') return t('class.plot.dataset');
    const label = T.labels[key];
    const scope = key.startsWith('dataset.') ? t('class.plot.of_data') : key.startsWith('model.') ? t('class.plot.of_model') : '';
    const name = label || key.split('.').pop();
    return scope ? name + ' (' + scope + ')' : name;
  }

  function valueLabel(key, v) {
    if (key === 'model') return T.titles['model:' + v] || String(v);
    if (key === 'dataset') return T.titles['dataset:' + v] || String(v);
    return C.fmtValue(v);
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) if (c) e.append(c);
    return e;
  }

  // niceTicks returns about n round numbers between lo and hi.
  function niceTicks(lo, hi, n) {
    const span = hi - lo;
    if (!(span > 0)) return [lo];
    const raw = span / n;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const f = raw / mag;
    const step = mag * (f >= 7.5 ? 10 : f >= 3.5 ? 5 : f >= 1.5 ? 2 : 1);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  // hashUnit maps a string to a number in [0, 1): the same run always
  // lands at the same spot within its category.
  function hashUnit(s) {
    let h = 2166136261; // FNV-1a's offset basis
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619); // FNV-1a's prime
    }
    return (h >>> 0) / 4294967296;
  }

  function renderPlot() {
    const box = $('class-plot');
    const points = T.results.filter((r) => accuracyOf(r) !== null);
    const options = axes(points);
    const select = $('plot-x');
    if (!options.some((o) => o.key === T.plotX)) {
      const varying = options.filter((o) => o.values.size > 1);
      const pick = varying.find((o) => o.key.startsWith('model.')) || varying[0] || options.find((o) => o.key === 'model.seed') || options[0];
      T.plotX = pick ? pick.key : '';
    }
    select.replaceChildren(...options.map((o) => el('option', { value: o.key, text: axisLabel(o.key) })));
    select.value = T.plotX;
    select.disabled = options.length === 0;
    if (!points.length || !T.plotX) {
      box.replaceChildren(el('p', { className: 'plot-empty', text: t('class.plot.empty') }));
      $('plot-note').textContent = '';
      return;
    }
    const axis = options.find((o) => o.key === T.plotX);
    const latest = new Map(); // student -> their latest result
    for (const r of points) {
      const l = latest.get(r.student);
      if (!l || r.ended > l.ended) latest.set(r.student, r);
    }
    const W = PLOT_W - PLOT_M.left - PLOT_M.right;
    const H = PLOT_H - PLOT_M.top - PLOT_M.bottom;
    const y = (a) => PLOT_M.top + (1 - a) * H;
    let x;
    let ticks;
    const xs = points.map((r) => valueOf(r, T.plotX));
    if (axis.numeric) {
      const nums = xs.filter((v) => typeof v === 'number');
      let lo = Math.min(...nums);
      let hi = Math.max(...nums);
      const log = lo > 0 && hi / lo >= LOG_SPAN;
      if (log) {
        const l0 = Math.floor(Math.log10(lo));
        const l1 = Math.ceil(Math.log10(hi));
        x = (v) => PLOT_M.left + (Math.log10(v) - l0) / Math.max(1, l1 - l0) * W;
        ticks = [];
        for (let e = l0; e <= l1; e++) ticks.push(10 ** e);
      } else {
        if (hi === lo) {
          const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.5 : 1;
          lo -= pad;
          hi += pad;
        }
        const pad = (hi - lo) * 0.05;
        const a = lo - pad;
        const b = hi + pad;
        x = (v) => PLOT_M.left + (v - a) / (b - a) * W;
        ticks = niceTicks(a, b, 6).filter((v) => v >= a && v <= b);
      }
    } else {
      const cats = [...new Set(xs.map(String))].sort();
      const band = W / cats.length;
      x = (v, r) => PLOT_M.left + (cats.indexOf(String(v)) + 0.5 + (hashUnit(r.run + r.student + r.ended) - 0.5) * 0.5) * band;
      ticks = cats;
    }
    const root = svg('svg', { viewBox: `0 0 ${PLOT_W} ${PLOT_H}`, class: 'scatter', xmlns: SVG_NS });
    // Grid and y axis: accuracy from 0 to 100 %.
    for (const a of [0, 0.25, 0.5, 0.75, 1]) {
      root.append(svg('line', { x1: PLOT_M.left, x2: PLOT_W - PLOT_M.right, y1: y(a), y2: y(a), class: 'grid' }));
      const label = svg('text', { x: PLOT_M.left - 6, y: y(a) + 4, 'text-anchor': 'end', class: 'tick' });
      label.textContent = C.fmt(a, { style: 'percent', maximumFractionDigits: 0 });
      root.append(label);
    }
    for (const v of ticks) {
      const px = axis.numeric ? x(v) : PLOT_M.left + (ticks.indexOf(v) + 0.5) * (W / ticks.length);
      root.append(svg('line', { x1: px, x2: px, y1: PLOT_M.top + H, y2: PLOT_M.top + H + 4, class: 'axis' }));
      const label = svg('text', { x: px, y: PLOT_M.top + H + 18, 'text-anchor': 'middle', class: 'tick' });
      label.textContent = axis.numeric ? C.fmtValue(v) : valueLabel(T.plotX, v);
      root.append(label);
    }
    root.append(svg('line', { x1: PLOT_M.left, x2: PLOT_W - PLOT_M.right, y1: PLOT_M.top + H, y2: PLOT_M.top + H, class: 'axis' }));
    root.append(svg('line', { x1: PLOT_M.left, x2: PLOT_M.left, y1: PLOT_M.top, y2: PLOT_M.top + H, class: 'axis' }));
    const xl = svg('text', { x: PLOT_M.left + W / 2, y: PLOT_H - 6, 'text-anchor': 'middle', class: 'axis-label' });
    xl.textContent = axisLabel(T.plotX);
    const yl = svg('text', { x: 14, y: PLOT_M.top + H / 2, 'text-anchor': 'middle', class: 'axis-label', transform: `rotate(-90 14 ${PLOT_M.top + H / 2})` });
    yl.textContent = t('class.plot.y');
    root.append(xl, yl);
    // Earlier runs first, so each student's latest lies on top.
    const ordered = points.slice().sort((a, b) => Number(latest.get(a.student) === a) - Number(latest.get(b.student) === b));
    for (const r of ordered) {
      const v = valueOf(r, T.plotX);
      if (axis.numeric && typeof v !== 'number') continue;
      const isLatest = latest.get(r.student) === r;
      const c = svg('circle', {
        cx: x(v, r).toFixed(1), cy: y(accuracyOf(r)).toFixed(1), r: isLatest ? 6 : 4,
        class: isLatest ? 'pt latest' : 'pt', 'data-student': r.student || '', 'data-value': String(accuracyOf(r)),
      });
      const title = svg('title');
      title.textContent = t('class.plot.point', {
        nickname: r.nickname || '?', setting: axisLabel(T.plotX), value: valueLabel(T.plotX, v), accuracy: C.fmtPercent(accuracyOf(r)),
      });
      c.append(title);
      root.append(c);
    }
    box.replaceChildren(root);
    $('plot-note').textContent = t('class.plot.note', { runs: C.fmtInt(points.length), students: C.fmtInt(latest.size) });
  }

  // ---------- actions ----------

  function settingsTyped() {
    return $('act-settings').value.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  }

  function stepChosen() {
    const v = $('act-step').value;
    const n = Number(v);
    return v !== '' && Number.isInteger(n) && n >= 0 ? n : null;
  }

  function wire() {
    $('open-form').addEventListener('submit', openClass);
    $('resume-form').addEventListener('submit', resumeTyped);
    $('act-activity').addEventListener('change', renderAbout);
    $('act-step').addEventListener('change', () => {
      const st = (T.klass && T.klass.state) || {};
      const step = stepChosen();
      T.stepChoice = st.activity && step !== null ? { activity: st.activity, push: st.push, step } : null;
    });
    $('act-start').addEventListener('click', () => {
      const activity = $('act-activity').value;
      if (!activity) {
        setStatus(() => t('class.actions.need_activity'), true);
        $('act-activity').focus();
        return;
      }
      act({ type: 'start', activity });
    });
    const goStep = (step) => {
      if (step === null || step < 0) {
        setStatus(() => t('class.actions.bad_step'), true);
        return;
      }
      act({ type: 'step', step });
    };
    $('act-go').addEventListener('click', () => goStep(stepChosen()));
    $('act-prev').addEventListener('click', () => goStep(((T.klass && T.klass.state.step) || 0) - 1));
    $('act-next').addEventListener('click', () => goStep(((T.klass && T.klass.state.step) || 0) + 1));
    for (const [id, type] of [['act-lock', 'lock'], ['act-unlock', 'unlock']]) {
      $(id).addEventListener('click', () => {
        const settings = settingsTyped();
        if (!settings.length) {
          setStatus(() => t('class.actions.need_settings'), true);
          $('act-settings').focus();
          return;
        }
        act({ type, settings });
        $('act-settings').value = '';
      });
    }
    $('act-pause').addEventListener('click', () => act({ type: T.klass && T.klass.state.paused ? 'resume' : 'pause' }));
    $('act-unproject').addEventListener('click', () => act({ type: 'unproject' }));
    $('act-export').addEventListener('click', () => {
      if (request('export', { type: 'export' })) setStatus(() => t('class.export.making'));
    });
    $('act-end').addEventListener('click', () => {
      const days = T.klass ? T.klass.keep_days : 0;
      const q = days ? t('class.end.confirm_keep', { days: C.fmtInt(days) }) : t('class.end.confirm_delete');
      if (window.confirm(q)) act({ type: 'end' });
    });
    $('plot-x').addEventListener('change', () => {
      T.plotX = $('plot-x').value;
      renderPlot();
    });
  }

  // window.AISandboxTeacher.setActivities fills the list of activities to
  // start, as an activities message lists them: [{id, title, subject,
  // grades, minutes, steps, summary}]. The dashboard calls it with the
  // server's list in its language.
  window.AISandboxTeacher = Object.freeze({
    setActivities(list) {
      T.activities = (Array.isArray(list) ? list : []).filter((a) => a && typeof a.id === 'string' && a.id).map((a) => ({
        id: a.id,
        title: typeof a.title === 'string' && a.title ? a.title : a.id,
        subject: typeof a.subject === 'string' ? a.subject : '',
        grades: Array.isArray(a.grades) ? a.grades.map(String) : [],
        minutes: typeof a.minutes === 'number' ? a.minutes : null,
        steps: typeof a.steps === 'number' ? a.steps : Array.isArray(a.steps) ? a.steps.length : 0,
        summary: typeof a.summary === 'string' ? a.summary : '',
      }));
      renderActivities();
      if (T.klass) {
        renderState();
        renderRoster();
        renderAnswers();
      }
    },
  });

  // ---------- start ----------

  async function start() {
    wire();
    wireMessages();
    await C.start();
    renderActivities();
    C.onLang(() => {
      // The activities' texts come again in the new language.
      T.steps.clear();
      T.asking.clear();
      renderStatus();
      renderActivities();
      if (document.body.dataset.state === 'start') showStart();
      else if (T.klass) renderAll();
      if (C.connected()) {
        askLabels();
        askActivities();
      }
    });
    const wanted = new URLSearchParams(location.search).get('code');
    const kept = wanted ? C.findClass(wanted.toUpperCase()) : null;
    if (kept) {
      T.code = kept.code;
      T.secret = kept.secret;
    }
    setStatus(() => t('class.teacher.connecting'));
    C.connect({
      open() {
        T.pending.clear();
        T.asking.clear();
        askLabels();
        askActivities();
        if (T.code && T.secret) {
          teach(T.code, T.secret);
        } else {
          setStatus(() => t('class.teacher.ready'));
          showStart();
        }
      },
      close(seconds) {
        setStatus(() => t('class.teacher.reconnecting', { seconds: C.fmtInt(seconds) }), true);
      },
    });
  }

  function askLabels() {
    C.send({ type: 'models', id: C.nextId('m') });
    C.send({ type: 'datasets', id: C.nextId('d') });
  }

  start();
})();
