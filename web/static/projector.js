// AI Sandbox: the projector view (docs/protocol.md, "The classroom"). It is
// a teacher's page: opened from the dashboard on the same computer, it
// finds the class's secret in localStorage by the code in its address
// (projector.html?code=CODE), `teach`es, and shows whatever the teacher
// projects: the student's latest finished model, large, with its numbers
// and plots, and the nickname only when the teacher has not chosen
// anonymity. With nothing projected it shows how to join.
//
// Published for tests: body[data-state] is connecting, nokey, join,
// showing or ended; #proj-who holds the nickname or the anonymous title.
'use strict';

(function () {
  const C = window.Classroom;
  const t = C.t;
  const el = C.el;
  const $ = (id) => document.getElementById(id);

  // The numbers shown, in order, with their labels (the student page's).
  const NUMBERS = [
    ['test_accuracy', 'ui.test_acc', 'percent'],
    ['train_accuracy', 'ui.train_acc', 'percent'],
    ['test_r2', 'ui.r2_test', 'r2'],
    ['test_mse', 'ui.mse_test', 'dec'],
    ['test_loss', 'ui.test_loss', 'dec'],
    ['loss', 'ui.loss', 'dec'],
  ];
  // The plots shown, in order: the model's picture first.
  const PLOTS = ['regions', 'fit', 'tree', 'accuracy', 'error', 'loss'];

  const P = {
    code: '',
    secret: '',
    klass: null,
    joinURL: '',
    projected: '', // JSON of the projected {student, anonymous}, to spot changes
    view: null, // the last projection message
    asking: '',
    status: () => '',
    titles: {}, // model and dataset name -> title, from the models and datasets messages
    labels: {}, // model setting name -> its label
  };

  function setStatus(render) {
    P.status = render;
    $('status').textContent = render();
    $('status').hidden = !$('status').textContent;
  }

  function setState(s) {
    document.body.dataset.state = s;
    $('proj-join').hidden = s !== 'join';
    $('proj-show').hidden = s !== 'showing';
  }

  function ask() {
    P.asking = C.nextId('p');
    C.send({ type: 'projection', id: P.asking });
  }

  function teach() {
    C.send({ type: 'teach', id: C.nextId('t'), code: P.code, secret: P.secret });
  }

  // askTitles asks for the names of models, datasets and settings in the
  // page's language.
  function askTitles() {
    C.send({ type: 'models', id: C.nextId('m') });
    C.send({ type: 'datasets', id: C.nextId('d') });
  }

  function onMessage(msg) {
    switch (msg.type) {
      case 'class_view':
        P.klass = msg.class;
        P.joinURL = msg.join_url || '';
        P.projected = JSON.stringify((msg.class.state && msg.class.state.projected) || null);
        setStatus(() => '');
        if (msg.class.ended) {
          showEnded();
          return;
        }
        renderClass();
        ask();
        break;
      case 'class_event':
        onEvent(msg.event || {});
        break;
      case 'models':
        for (const m of msg.models || []) {
          P.titles['model:' + m.name] = m.title;
          for (const s of m.settings || []) P.labels[s.name] = P.labels[s.name] || s.label;
        }
        if (P.view) render();
        break;
      case 'datasets':
        for (const d of msg.datasets || []) P.titles['dataset:' + d.name] = d.title;
        if (P.view) render();
        break;
      case 'projection':
        if (msg.id !== P.asking) return;
        P.view = msg;
        render();
        break;
      case 'error':
        if (['unknown_code', 'not_teacher', 'class_ended'].includes(msg.code)) {
          setState('nokey');
        }
        setStatus(() => msg.message || t('error.internal'));
        break;
      default:
        break;
    }
  }

  function onEvent(ev) {
    switch (ev.type) {
      case 'state': {
        if (P.klass && ev.state) P.klass.state = ev.state;
        const now = JSON.stringify((ev.state && ev.state.projected) || null);
        if (now !== P.projected) {
          P.projected = now;
          ask();
        }
        break;
      }
      case 'run': {
        const p = P.klass && P.klass.state && P.klass.state.projected;
        if (p && ev.run && ev.run.student === p.student) ask();
        break;
      }
      case 'ended':
        showEnded();
        break;
      case 'resync':
        teach();
        break;
      default:
        break;
    }
  }

  function showEnded() {
    setState('ended');
    setStatus(() => t('class.projector.ended'));
  }

  function renderClass() {
    if (!P.klass) return;
    $('proj-class').textContent = t('class.projector.class', { title: P.klass.title || P.code, code: P.code });
    $('proj-code').textContent = P.code;
    $('proj-url').textContent = P.joinURL.replace(/\?join=.*$/, '');
    $('proj-qr').src = 'qr.svg?code=' + encodeURIComponent(P.code);
    $('proj-qr').alt = t('class.dash.qr_alt', { url: P.joinURL });
  }

  function fmtNumber(v, kind) {
    if (kind === 'percent') return C.fmtPercent(v);
    if (kind === 'r2') return C.fmt(v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    return C.fmt(v, { maximumSignificantDigits: 3 });
  }

  function render() {
    renderClass();
    const v = P.view;
    if (!v || !v.projected) {
      setState('join');
      return;
    }
    setState('showing');
    $('proj-who').textContent = v.anonymous || !v.nickname
      ? t('class.projector.anonymous')
      : t('class.projector.named', { nickname: v.nickname });
    const run = v.run;
    $('proj-waiting').hidden = Boolean(run);
    if (run) {
      const settings = Object.entries(run.settings || {})
        .filter(([k]) => k !== 'seed')
        .map(([k, x]) => (P.labels[k] || k) + ': ' + (Array.isArray(x) ? x.join(', ') : C.fmtValue(x)))
        .join(' · ');
      $('proj-what').textContent = t('class.projector.what', {
        model: P.titles['model:' + run.model] || run.model,
        dataset: P.titles['dataset:' + run.dataset.name] || run.dataset.name,
      }) + (settings ? ' — ' + settings : '');
    } else {
      $('proj-what').textContent = '';
    }
    const result = v.result || (run ? run.result : null) || {};
    const items = [];
    for (const [key, label, kind] of NUMBERS) {
      if (typeof result[key] !== 'number') continue;
      items.push(el('div', { className: 'proj-number', dataset: { key, value: String(result[key]) } },
        el('dt', { text: t(label) }), el('dd', { text: fmtNumber(result[key], kind) })));
    }
    $('proj-numbers').replaceChildren(...items);
    const plots = (v.result && v.result.plots) || {};
    const boxes = [];
    for (const key of PLOTS) {
      if (typeof plots[key] !== 'string') continue;
      const box = el('figure', { className: 'proj-plot', dataset: { plot: key } });
      // The server draws the pictures (web/plots): its SVG is trusted.
      box.innerHTML = plots[key];
      boxes.push(box);
    }
    $('proj-plots').replaceChildren(...boxes);
  }

  async function start() {
    await C.start();
    C.onLang(() => {
      setStatus(P.status);
      renderClass();
      if (C.connected()) askTitles();
      if (P.view) ask(); // the plots are drawn in the new language
    });
    P.code = (new URLSearchParams(location.search).get('code') || '').toUpperCase();
    const kept = P.code ? C.findClass(P.code) : null;
    if (!kept) {
      setState('nokey');
      setStatus(() => t('class.projector.no_key'));
      return;
    }
    P.secret = kept.secret;
    setStatus(() => t('class.teacher.connecting'));
    C.connect({
      open() {
        askTitles();
        teach();
      },
      message: onMessage,
      close(seconds) {
        setStatus(() => t('class.teacher.reconnecting', { seconds: C.fmtInt(seconds) }));
      },
    });
  }

  start();
})();
