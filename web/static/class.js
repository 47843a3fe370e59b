// AI Sandbox: the student's side of a class. Loaded after app.js, it uses
// only window.AISandbox and the DOM (docs/protocol.md, "The classroom").
//
// A student joins with the class's code (typed, or from the page's address:
// /?join=CODE, which the QR code on the teacher's screen opens) and a
// nickname, and gets a rejoin token, kept in this browser per class code and
// shown as a "rejoin code" to write down for another device. After every
// reconnect the page rejoins with it: the student's runs and answers live on
// the server, and a run still training sends its events to the new
// connection: the page shows it in its main panel as its own
// (AISandbox.adoptRun). The teacher's pushes arrive as class_state
// (activity and step, locked settings, pause), and a run waiting for its
// turn is told its place (queued). Removed and ended classes are said
// plainly, and the token is forgotten.
//
// Published for tests and the activity pages: #class-bar's data-state is
// none, joining, joined, removed or ended; window.AISandboxClass gives the
// class's state and sends answers and moves.
'use strict';

(function () {
  const A = window.AISandbox;
  if (!A) return;
  const t = A.t;
  const $ = (id) => document.getElementById(id);

  // Where the tokens are kept: one per class code, and the code of the
  // class this browser was last in.
  const TOKENS_KEY = 'aisandbox.class.tokens';
  const CURRENT_KEY = 'aisandbox.class.current';
  // How often the connection is checked, to rejoin after a reconnect.
  const WATCH_MS = 300;
  // The token is shown in groups of this many characters, to copy by hand.
  const TOKEN_GROUP = 5;

  const S = {
    state: 'none', // none, joining, joined, removed, ended
    code: '', // the class's code
    token: '',
    student: null, // the joined message's student
    klass: null, // the joined message's class
    cls: null, // the class's state (activity, step, locked, paused)
    pending: '', // id of the join or rejoin in flight
    rejoining: false, // the request in flight is a rejoin
    linked: false, // the connection was ready when last checked
    following: '', // a run that kept training while the page was away
    adopted: '', // ... which the page's main panel shows as its own
    queued: null, // { id, position, paused } of a run waiting its turn
    note: null, // renders the note under the bar, or null
    problem: false, // the note is a problem
    stateFns: [], // AISandboxClass.onState listeners
  };

  // ---------- storage ----------

  function tokens() {
    try {
      const v = JSON.parse(localStorage.getItem(TOKENS_KEY) || '{}');
      return v && typeof v === 'object' ? v : {};
    } catch (e) {
      return {};
    }
  }

  function keep(code, token, nickname) {
    try {
      const all = tokens();
      all[code] = { token, nickname };
      localStorage.setItem(TOKENS_KEY, JSON.stringify(all));
      localStorage.setItem(CURRENT_KEY, code);
    } catch (e) {
      // Storage off: the rejoin code on screen is the way back.
    }
  }

  function forget(code) {
    try {
      const all = tokens();
      delete all[code];
      localStorage.setItem(TOKENS_KEY, JSON.stringify(all));
      if (localStorage.getItem(CURRENT_KEY) === code) localStorage.removeItem(CURRENT_KEY);
    } catch (e) {
      // Nothing kept to forget.
    }
  }

  const normCode = (s) => String(s || '').toUpperCase().replace(/[\s-]/g, '');
  const normToken = (s) => String(s || '').toUpperCase().replace(/[\s-]/g, '');

  function grouped(token) {
    const parts = [];
    for (let i = 0; i < token.length; i += TOKEN_GROUP) parts.push(token.slice(i, i + TOKEN_GROUP));
    return parts.join('-');
  }

  // ---------- the look ----------

  function addStyle() {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'class.css';
    document.head.append(link);
  }

  function setNote(render, problem) {
    S.note = render;
    S.problem = Boolean(problem);
    renderNote();
  }

  function renderNote() {
    const n = $('class-note');
    if (!n) return;
    const text = S.note ? S.note() : '';
    n.textContent = text;
    n.hidden = !text;
    n.classList.toggle('problem', S.problem);
  }

  function setState(s) {
    S.state = s;
    const bar = $('class-bar');
    if (bar) bar.dataset.state = s;
    render();
  }

  // placeText says where the class is: the activity and its step (counted
  // from 1 for people; the protocol counts from 0).
  function placeText(st) {
    if (!st || !st.activity) return '';
    return t('class.student.place', { activity: st.activity, step: A.fmtInt(st.step + 1) });
  }

  function render() {
    const joined = S.state === 'joined';
    $('class-join').hidden = joined;
    $('class-joined').hidden = !joined;
    $('class-join-btn').disabled = S.state === 'joining';
    $('class-rejoin-btn').disabled = S.state === 'joining';
    if (joined && S.student && S.klass) {
      $('class-who').textContent = t('class.student.who', {
        title: S.klass.title || S.klass.code, nickname: S.student.nickname,
      });
      $('class-place').textContent = placeText(S.cls);
      $('class-paused').hidden = !(S.cls && S.cls.paused);
      $('class-token-show').textContent = grouped(S.token);
    }
    renderNote();
  }

  // ---------- locked settings ----------

  // lockedName returns the locked name that covers a control, or ''. A
  // lock names a setting ("lr") or its whole path ("model.lr").
  function lockedName(control) {
    const locked = (S.state === 'joined' && S.cls && Array.isArray(S.cls.locked)) ? S.cls.locked : [];
    const path = control.dataset.path || '';
    const name = path.split('.').pop();
    return locked.find((l) => l === path || l === name) || '';
  }

  function defaultText(s) {
    if (!s || s.default === undefined || s.default === null) return '';
    return Array.isArray(s.default) ? s.default.join(', ') : String(s.default);
  }

  // applyLocks disables the controls of locked settings and shows their
  // default, which is what a locked setting trains with.
  function applyLocks() {
    for (const c of document.querySelectorAll('#setup [data-path]')) {
      const name = lockedName(c);
      const was = c.dataset.classLocked === 'true';
      if (name) {
        const want = defaultText(c._setting);
        if (want && c.value !== want) {
          c.value = want;
          c.dispatchEvent(new Event('input', { bubbles: true }));
        }
        c.disabled = true;
        c.dataset.classLocked = 'true';
        c.title = t('class.locked.title');
      } else if (was) {
        c.disabled = false;
        delete c.dataset.classLocked;
        c.removeAttribute('title');
      }
    }
  }

  // A train message leaves locked settings out, so they train with their
  // defaults whatever the page holds.
  A.onTrain((msg) => {
    if (S.state !== 'joined' || !S.cls || !Array.isArray(S.cls.locked) || !S.cls.locked.length) return undefined;
    for (const l of S.cls.locked) {
      const [scope, name] = l.includes('.') ? l.split('.', 2) : ['', l];
      for (const part of ['dataset', 'model']) {
        if ((scope === '' || scope === part) && msg[part] && name !== 'name') delete msg[part][name];
      }
      if (l === 'test_split') delete msg.test_split;
    }
    return undefined;
  });

  // ---------- requests ----------

  function join(ev) {
    ev.preventDefault();
    const code = normCode($('class-code').value);
    const nickname = $('class-nick').value.trim();
    if (!code) {
      setNote(() => t('class.join.need_code'), true);
      $('class-code').focus();
      return;
    }
    if (!nickname) {
      setNote(() => t('class.join.need_nickname'), true);
      $('class-nick').focus();
      return;
    }
    if (!A.connected()) {
      setNote(() => t('class.join.offline'), true);
      return;
    }
    const r = A.run();
    if (r && r.training) {
      // Joining starts the page afresh in the class: a run of its own
      // would end unseen.
      setNote(() => t('class.join.training'), true);
      return;
    }
    S.code = code;
    S.pending = A.nextId('cls-join');
    S.rejoining = false;
    A.send({ type: 'join', id: S.pending, code, nickname });
    setState('joining');
    setNote(() => t('class.join.joining'));
  }

  function rejoin(token) {
    if (!token || !A.connected()) return;
    S.pending = A.nextId('cls-rejoin');
    S.rejoining = true;
    A.send({ type: 'rejoin', id: S.pending, token });
    if (S.state !== 'joined') setState('joining');
  }

  function rejoinTyped(ev) {
    ev.preventDefault();
    const token = normToken($('class-token').value);
    if (!token) {
      setNote(() => t('class.rejoin.need_token'), true);
      $('class-token').focus();
      return;
    }
    S.token = token;
    rejoin(token);
  }

  function leave() {
    const ok = window.confirm(t('class.leave.confirm', { token: grouped(S.token) }));
    if (!ok) return;
    forget(S.code);
    // A fresh page is a fresh connection, on its own again.
    location.replace(location.pathname);
  }

  // ---------- messages ----------

  A.on('joined', (msg) => {
    if (msg.id !== S.pending) return;
    S.pending = '';
    const again = S.state === 'joined';
    S.student = msg.student || null;
    S.klass = msg.class || null;
    S.code = (S.klass && S.klass.code) || S.code;
    S.token = msg.token || S.token;
    S.cls = (S.klass && S.klass.state) || null;
    keep(S.code, S.token, S.student ? S.student.nickname : '');
    setState('joined');
    const runs = Array.isArray(msg.runs) ? msg.runs : [];
    const going = runs.find((r) => r.status === 'queued' || r.status === 'running');
    S.following = going ? going.id : '';
    // The main panel shows the run as the page's own: one still going, or
    // the one this page was training when its connection dropped, if it
    // ended meanwhile.
    const mine = A.run();
    const lost = !going && mine && !mine.training && !mine.ready ? runs.find((r) => r.id === mine.id && r.result) : null;
    const adopt = going || lost;
    S.adopted = adopt && A.adoptRun(adopt) ? adopt.id : '';
    if (going) setNote(() => t('class.run.resumed'));
    else if (again) setNote(() => t('class.rejoined'));
    else if (S.rejoining) setNote(() => t('class.rejoined.first', { answers: A.fmtInt((msg.answers || []).length) }));
    else setNote(() => t('class.joined', { token: grouped(S.token) }));
    applyLocks();
    tellState();
  });

  A.on('class_state', (msg) => {
    if (S.state !== 'joined' || !msg.state) return;
    const before = S.cls || {};
    const now = msg.state;
    S.cls = now;
    const said = [];
    if (now.activity && (now.activity !== before.activity || now.step !== before.step)) said.push(() => t('class.pushed.step', { place: placeText(now) }));
    if (Boolean(now.paused) !== Boolean(before.paused)) said.push(() => t(now.paused ? 'class.pushed.paused' : 'class.pushed.resumed'));
    const lockedNow = (now.locked || []).join(', ');
    if (lockedNow !== (before.locked || []).join(', ')) {
      said.push(() => (lockedNow ? t('class.pushed.locked', { settings: lockedNow }) : t('class.pushed.unlocked')));
    }
    if (said.length) setNote(() => said.map((f) => f()).join(' '));
    render();
    applyLocks();
    tellState();
  });

  A.on('queued', (msg) => {
    S.queued = { id: msg.id, position: msg.position, paused: Boolean(msg.paused) };
    const q = S.queued;
    setNote(() => (q.paused
      ? t('class.queue.paused', { position: A.fmtInt(q.position) })
      : t('class.queue.waiting', { position: A.fmtInt(q.position) })));
  });

  A.on('started', (msg) => {
    if (S.queued && S.queued.id === msg.id) {
      S.queued = null;
      setNote(null);
    }
  });

  // A run that kept training while the page was away: its numbers are
  // shown here (the page's own panel shows the runs it started).
  A.on('progress', (msg) => {
    if (msg.id !== S.following || msg.id === S.adopted || pageTraining(msg.id)) return;
    if (S.queued && S.queued.id === msg.id) S.queued = null;
    setNote(() => t('class.run.progress', { epoch: A.fmtInt(msg.epoch), epochs: A.fmtInt(msg.epochs) }));
  });

  A.on('done', (msg) => {
    if (S.queued && S.queued.id === msg.id) S.queued = null;
    if (msg.id !== S.following) return;
    S.following = '';
    if (msg.id === S.adopted || pageTraining(msg.id)) return; // the main panel says it
    const acc = msg.test_accuracy;
    setNote(() => (typeof acc === 'number'
      ? t('class.run.done_accuracy', { accuracy: A.fmtPercent(acc) })
      : t('class.run.done')));
  });

  function pageTraining(id) {
    const r = A.run();
    return Boolean(r && r.id === id && r.training);
  }

  A.on('removed', () => {
    forget(S.code);
    S.token = '';
    setState('removed');
    setNote(() => t('class.removed'), true);
    applyLocks();
  });

  A.on('class_ended', () => {
    forget(S.code);
    S.token = '';
    setState('ended');
    setNote(() => t('class.ended'));
    applyLocks();
  });

  A.onError((msg) => {
    if (!msg.id || msg.id !== S.pending) {
      if (msg.id === 'run' && S.queued) S.queued = null;
      return false;
    }
    S.pending = '';
    const text = msg.message || t('error.internal');
    if (['bad_token', 'removed', 'class_ended'].includes(msg.code)) {
      // The token works no more: forget it, and offer to join again.
      forget(S.code);
      S.token = '';
    }
    setState(msg.code === 'removed' ? 'removed' : msg.code === 'class_ended' ? 'ended' : 'none');
    $('class-join').open = true;
    setNote(() => text, true);
    if (msg.field === 'nickname') $('class-nick').focus();
    else if (msg.field === 'code') $('class-code').focus();
    return true;
  });

  A.onLang(() => render());

  // ---------- the connection ----------

  // watch rejoins whenever a new connection becomes ready: after a Wi-Fi
  // drop or a server restart, the same student comes back.
  function watch() {
    const now = A.connected();
    if (!now && S.linked) {
      // A request in flight on the old connection is never answered.
      S.pending = '';
      if (S.state === 'joining') setState('none');
    }
    if (now && !S.linked && S.token && !S.pending && (S.state === 'joined' || S.state === 'none' || S.state === 'joining')) {
      rejoin(S.token);
    }
    S.linked = now;
  }

  // ---------- what activity pages use ----------

  function tellState() {
    for (const fn of S.stateFns) {
      try {
        fn(copyState());
      } catch (e) {
        console.error('aisandbox: class listener failed', e);
      }
    }
  }

  function copyState() {
    return S.cls ? JSON.parse(JSON.stringify(S.cls)) : null;
  }

  window.AISandboxClass = Object.freeze({
    // joined reports whether this page is a student of a class now.
    joined: () => S.state === 'joined',
    // state is the class's state: {activity, step (from 0), locked, paused}.
    state: copyState,
    // student is this student's {id, nickname, activity, step, ...}.
    student: () => (S.student ? { ...S.student } : null),
    // onState calls fn(state) after each change the teacher pushes.
    onState(fn) { S.stateFns.push(fn); },
    // answer sends an answer to a checkpoint and returns the message id
    // (answered, or an error, comes back with it); '' when not joined.
    answer(activity, step, checkpoint, answer, correct) {
      if (S.state !== 'joined') return '';
      const id = A.nextId('cls-answer');
      const msg = { type: 'answer', id, activity, step, checkpoint, answer };
      if (typeof correct === 'boolean') msg.correct = correct;
      return A.send(msg) ? id : '';
    },
    // move tells the teacher where the student is: an activity and step.
    move(activity, step) {
      if (S.state !== 'joined') return '';
      const id = A.nextId('cls-move');
      return A.send({ type: 'move', id, activity, step }) ? id : '';
    },
  });

  // ---------- start ----------

  function start() {
    if (!$('class-bar')) return;
    addStyle();
    $('class-join-form').addEventListener('submit', join);
    $('class-rejoin-form').addEventListener('submit', rejoinTyped);
    $('class-leave').addEventListener('click', leave);
    const params = new URLSearchParams(location.search);
    const fromLink = normCode(params.get('join'));
    let current = '';
    try {
      current = localStorage.getItem(CURRENT_KEY) || '';
    } catch (e) {
      current = '';
    }
    const code = fromLink || current;
    const saved = code ? tokens()[code] : null;
    if (saved && saved.token) {
      S.code = code;
      S.token = saved.token;
      if (saved.nickname) $('class-nick').value = saved.nickname;
    }
    if (fromLink) {
      $('class-code').value = fromLink;
      $('class-join').open = true;
      if (!saved) $('class-nick').focus();
    }
    new MutationObserver(applyLocks).observe($('setup'), { childList: true, subtree: true });
    setInterval(watch, WATCH_MS);
    render();
  }

  start();
})();
