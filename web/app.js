// ida's web UI: one page per section (#runs, #play, #ask, #oversee; #audit in audit.js), all
// data from the JSON API under /api/.
'use strict';

// ---- API ------------------------------------------------------------------------------
const token = new URLSearchParams(location.search).get('token') || '';

async function api(path, params) {
  const options = {};
  if (params !== undefined) {  // a write: POST with a form body
    options.method = 'POST';
    options.body = new URLSearchParams(params);
    if (token) options.headers = { 'X-Ida-Token': token };
  }
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(error) {
  const box = document.getElementById('error');
  box.textContent = error ? String(error.message || error) : '';
  box.hidden = !error;
}

function element(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function format(x) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4);
}

// ---- Pages ----------------------------------------------------------------------------
const pages = {};

function route() {
  const name = (location.hash.slice(1).split('/')[0]) || 'runs';
  for (const section of document.querySelectorAll('.page'))
    section.classList.toggle('active', section.id === name);
  for (const link of document.querySelectorAll('nav a'))
    link.classList.toggle('active', link.dataset.page === name);
  showError(null);
  if (pages[name]) pages[name].show(location.hash.slice(1).split('/').slice(1).join('/'));
}

// ---- Runs: the list, a run's config, round table, chart and checkpoints -----------------
pages.runs = {
  run: null,       // the run shown: {name, kind, config, rounds}
  timer: null,     // polls for new rounds while the page is open
  metric: null,
  x: 'round',

  async show(name) {
    clearInterval(this.timer);
    try {
      const runs = await api('/api/runs');
      const list = document.getElementById('run-list');
      list.replaceChildren(...runs.map(r => element('li', {
        class: r.name === name ? 'selected' : '', 'data-run': r.name,
        onclick: () => { location.hash = 'runs/' + r.name; } },
        r.name, element('div', { class: 'meta' },
          `${r.what} · ${r.error ? 'error' : r.rounds + ' rounds'}`))));
      if (!runs.length) list.append(element('li', { class: 'meta' }, 'no runs in this folder'));
      if (name) await this.open(name);
    } catch (e) { showError(e); }
  },

  async open(name) {
    this.run = await api('/api/runs/' + encodeURI(name));
    const names = this.metricNames();
    if (!names.includes(this.metric))
      this.metric = ['acc', 'vs_mcts', 'loss', 'policy_loss'].find(m => names.includes(m)) || names[0];
    this.render();
    this.timer = setInterval(() => this.poll().catch(showError), 2000);
  },

  async poll() {
    if (!this.run || !location.hash.startsWith('#runs/')) return clearInterval(this.timer);
    const last = this.run.rounds.length ? this.run.rounds[this.run.rounds.length - 1].round : 0;
    const fresh = await api(`/api/runs/${encodeURI(this.run.name)}?after=${last}`);
    if (fresh.rounds.length) {
      this.run.rounds.push(...fresh.rounds);
      this.render();
    }
  },

  metricNames() {
    const names = [];
    for (const r of this.run.rounds)
      for (const k of Object.keys(r.metrics)) if (!names.includes(k)) names.push(k);
    return names;
  },

  render() {
    const run = this.run;
    const names = this.metricNames();
    const detail = document.getElementById('run-detail');
    const metricSelect = element('select', { id: 'chart-metric',
      onchange: e => { this.metric = e.target.value; this.render(); } },
      ...names.map(n => element('option', { value: n }, n)));
    metricSelect.value = this.metric;
    const xSelect = element('select', { id: 'chart-x',
      onchange: e => { this.x = e.target.value; this.render(); } },
      element('option', { value: 'round' }, 'round'),
      element('option', { value: 'positions' }, 'positions (cumulative)'),
      element('option', { value: 'wall' }, 'wall time (s, cumulative)'));
    xSelect.value = this.x;
    detail.replaceChildren(
      element('h2', {}, `${run.name} `, element('span', { class: 'meta' },
        `${run.kind} · ${run.what} · ${run.rounds.length} rounds`)),
      element('div', { class: 'chart-controls' },
        element('label', {}, 'metric ', metricSelect), element('label', {}, 'against ', xSelect)),
      this.chart(),
      element('h3', {}, 'Rounds'), this.table(names),
      element('h3', {}, 'Checkpoints'), this.checkpoints(),
      element('h3', {}, 'Config'), element('pre', { class: 'config' }, run.config));
  },

  // The chart of this.metric against this.x, as an SVG drawn here.
  chart() {
    const points = [];
    let positions = 0, wall = 0;
    for (const r of this.run.rounds) {
      positions += r.metrics.positions || 0;
      wall += r.wall_seconds || 0;
      const y = r.metrics[this.metric];
      const x = this.x === 'round' ? r.round : this.x === 'positions' ? positions : wall;
      if (typeof y === 'number' && isFinite(y)) points.push([x, y]);
    }
    const W = 760, H = 300, L = 60, R = 16, T = 14, B = 36;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('id', 'chart');
    svg.dataset.points = String(points.length);
    const add = (tag, attrs, text) => {
      const e = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      svg.append(e);
      return e;
    };
    if (!points.length) {
      add('text', { x: L, y: H / 2 }, `no values of ${this.metric} yet`);
      return svg;
    }
    const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x0 === x1) x1 = x0 + 1;
    if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
    const px = x => L + (x - x0) / (x1 - x0) * (W - L - R);
    const py = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
    add('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B });
    add('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B });
    for (let i = 0; i <= 4; ++i) {
      const y = y0 + (y1 - y0) * i / 4, x = x0 + (x1 - x0) * i / 4;
      add('text', { x: L - 6, y: py(y) + 4, 'text-anchor': 'end' }, format(y));
      add('text', { x: px(x), y: H - B + 16, 'text-anchor': 'middle' }, format(x));
    }
    add('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle' }, this.x);
    add('polyline', { class: 'line', points: points.map(p => `${px(p[0])},${py(p[1])}`).join(' ') });
    return svg;
  },

  table(names) {
    const head = element('tr', {}, element('th', {}, 'round'), element('th', {}, 'wall s'),
      ...names.map(n => element('th', {}, n)));
    const rows = this.run.rounds.map(r => element('tr', {}, element('td', {}, String(r.round)),
      element('td', {}, format(r.wall_seconds)), ...names.map(n => element('td', {}, format(r.metrics[n])))));
    return element('div', { class: 'scroll' },
      element('table', { class: 'table', id: 'round-table' }, element('thead', {}, head),
        element('tbody', {}, ...rows)));
  },

  checkpoints() {
    const rows = this.run.rounds.filter(r => r.checkpoint).map(r => element('tr', {},
      element('td', {}, r.checkpoint.file), element('td', {}, String(r.round)),
      element('td', {}, String(r.checkpoint.bytes)), element('td', {}, r.checkpoint.crc32),
      element('td', {}, r.checkpoint.present ? 'on disk' : 'missing')));
    if (!rows.length) return element('p', { class: 'hint' }, 'none');
    return element('div', { class: 'scroll' }, element('table', { class: 'table' },
      element('thead', {}, element('tr', {}, ...['file', 'round', 'bytes', 'crc32', ''].map(
        h => element('th', {}, h)))), element('tbody', {}, ...rows)));
  },
};

// ---- Play: a game against a checkpoint, with the search's statistics --------------------
pages.play = {
  game: null,      // the state from the API
  searching: false,
  stopRequested: false,
  initialised: false,

  async show() {
    if (this.initialised) return;
    this.initialised = true;
    const $ = id => document.getElementById(id);
    $('play-new').onclick = () => this.newGame().catch(showError);
    $('play-search').onclick = () => this.search().catch(showError);
    $('play-stop').onclick = () => { this.stopRequested = true; };
    $('play-agent').onclick = () => this.agentMove().catch(showError);
    $('play-undo').onclick = () => this.act('undo', {}).catch(showError);
    $('play-game').onchange = () => this.fillModels().catch(showError);
    try {
      const games = await api('/api/games');
      $('play-game').replaceChildren(...games.map(g => element('option', { value: g }, g)));
      $('play-game').value = games.includes('connect4') ? 'connect4' : games[0];
      await this.fillModels();
    } catch (e) { showError(e); }
  },

  async fillModels() {
    const game = document.getElementById('play-game').value;
    const runs = (await api('/api/runs')).filter(r => r.kind === 'game' && r.what === game && r.rounds > 0);
    document.getElementById('play-model').replaceChildren(
      element('option', { value: '' }, 'shipped model'),
      ...runs.map(r => element('option', { value: r.name }, `${r.name} (latest)`)));
  },

  async newGame() {
    const $ = id => document.getElementById(id);
    this.game = await api('/api/play', { game: $('play-game').value, model: $('play-model').value });
    this.render();
    if (Number($('play-side').value) === 1) await this.agentMove();
  },

  async act(what, params) {
    if (!this.game) throw new Error('start a game first');
    this.game = await api(`/api/play/${this.game.id}/${what}`, params);
    this.render();
  },

  // Grows the search in slices until the chosen number of simulations or Stop.
  async search() {
    if (!this.game || this.game.terminal || this.searching) return;
    const target = Math.max(1, Number(document.getElementById('play-sims').value) || 1);
    this.searching = true;
    this.stopRequested = false;
    this.render();
    try {
      while (!this.stopRequested && this.game.search.visits < target && !this.game.terminal) {
        const slice = Math.min(200, target - this.game.search.visits);
        this.game = await api(`/api/play/${this.game.id}/search`, { simulations: slice });
        this.render();
      }
    } finally {
      this.searching = false;
      this.render();
    }
  },

  async agentMove() {
    await this.search();
    if (!this.game || this.game.terminal) return;
    const best = this.bestCandidate();
    if (best) await this.act('move', { move: best.move });
  },

  bestCandidate() {
    const c = this.game.search.candidates;
    return c.length ? c.reduce((a, b) => (b.visits > a.visits || (b.visits === a.visits && b.prior > a.prior) ? b : a)) : null;
  },

  clickCell(cell) {
    if (!this.game || this.game.terminal || this.searching) return;
    const w = this.game.width;
    const move = this.game.legal.find(m => m.cell === cell) ||
                 this.game.legal.find(m => m.cell % w === cell % w);  // games with gravity
    if (move) this.act('move', { move: move.move }).catch(showError);
  },

  render() {
    const g = this.game;
    const $ = id => document.getElementById(id);
    if (!g) return;
    const board = $('play-board');
    board.className = 'board ' + g.game;
    board.style.gridTemplateColumns = `repeat(${g.width}, auto)`;
    board.replaceChildren(...g.cells.map((owner, i) => element('button', {
      class: 'cell' + (owner ? ' p' + owner : ''), 'data-cell': String(i), title: `cell ${i}`,
      onclick: () => this.clickCell(i) })));
    const value = g.search.value;
    $('play-value-fill').style.height = value === null ? '50%' : `${(value + 1) * 50}%`;
    const player = g.to_move === 0 ? 'first' : 'second';
    $('play-status').textContent = g.terminal
      ? (g.result === 0 ? 'Draw.' : `${g.result > 0 ? 'First' : 'Second'} player won.`)
      : `${g.moves.length} moves · ${player} player to move · agent ${g.model}`;
    $('play-status').dataset.terminal = String(g.terminal);
    $('play-search-status').textContent = g.search.visits
      ? `${g.search.visits} visits · value ${format(value)} for the player to move` +
        (this.searching ? ' · searching…' : '')
      : (this.searching ? 'searching…' : 'not searched');
    $('play-search').disabled = this.searching || g.terminal;
    $('play-agent').disabled = this.searching || g.terminal;
    $('play-stop').disabled = !this.searching;
    $('play-undo').disabled = this.searching || !g.moves.length;
    const rows = [...g.search.candidates].sort((a, b) => b.visits - a.visits).map(c => element('tr', {},
      element('td', {}, c.move), element('td', {}, String(c.visits)), element('td', {}, format(c.value)),
      element('td', {}, format(c.prior)), element('td', {}, c.pv.join(' ')),
      element('td', {}, element('button', { class: 'choose', 'data-move': c.move,
        onclick: () => this.act('move', { move: c.move, chosen: 1 }).catch(showError) }, 'play'))));
    $('play-candidates').tBodies[0].replaceChildren(...rows);
  },
};

// ---- Ask: A's answer, Amplify(H, A)'s and H's decomposition ------------------------------
pages.ask = {
  initialised: false,

  async show() {
    const $ = id => document.getElementById(id);
    if (!this.initialised) {
      this.initialised = true;
      $('ask-go').onclick = () => this.ask(false).catch(showError);
      $('ask-sample').onclick = () => this.ask(true).catch(showError);
    }
    try {
      const runs = (await api('/api/runs')).filter(r => r.kind === 'question' && r.rounds > 0);
      $('ask-run').replaceChildren(...runs.map(r => element('option', { value: r.name }, `${r.name} (${r.what})`)));
    } catch (e) { showError(e); }
  },

  async ask(sample) {
    const $ = id => document.getElementById(id);
    const params = new URLSearchParams({ run: $('ask-run').value, depth: $('ask-depth').value });
    if (!sample) {
      params.set('context', $('ask-context').value);
      params.set('question', $('ask-question').value);
    } else {
      params.set('seed', String(Math.floor(Math.random() * 1e9)));
      params.set('size', $('ask-size').value);
    }
    showError(null);
    const r = await api('/api/ask?' + params);
    $('ask-context').value = r.context;
    $('ask-question').value = r.question;
    $('ask-result').hidden = false;
    $('ask-a').textContent = r.a;
    $('ask-amplified').textContent = r.amplified;
    $('ask-truth').textContent = r.truth;
    $('ask-model').textContent = `${r.task} · model ${r.model} (round ${r.round})`;
    $('ask-tree').replaceChildren(this.node(r.tree));
  },

  // One node of the tree: a collapsible block when H decomposed it, else one line.
  node(n) {
    const line = element('span', { class: 'node' }, `${n.question} → ${n.answer}`,
      element('span', { class: 'by by-' + n.by }, n.by));
    if (!n.steps.length) return element('div', { class: 'leaf' }, line);
    const d = element('details', { open: '' }, element('summary', {}, line));
    for (const s of n.steps) d.append(this.node(s));
    return d;
  },
};

// ---- Oversee: the person as H, in the browser ------------------------------------------
pages.oversee = {
  session: null,
  initialised: false,

  async show() {
    const $ = id => document.getElementById(id);
    if (!this.initialised) {
      this.initialised = true;
      $('oversee-start').onclick = () => this.start().catch(showError);
      $('oversee-ask-form').onsubmit = e => { e.preventDefault(); this.ask().catch(showError); };
      $('oversee-answer-form').onsubmit = e => { e.preventDefault(); this.answer().catch(showError); };
      $('oversee-skip').onclick = () => this.act('skip', {}).catch(showError);
    }
    try {
      const runs = (await api('/api/runs')).filter(r => r.kind === 'question');
      const select = $('oversee-run');
      const chosen = select.value;
      select.replaceChildren(...runs.map(r => element('option', { value: r.name }, `${r.name} (${r.what})`)));
      if (chosen) select.value = chosen;
      if (!runs.length) $('oversee-status').textContent = 'no question runs in this folder';
    } catch (e) { showError(e); }
  },

  async start() {
    const $ = id => document.getElementById(id);
    this.session = await api('/api/oversee', { run: $('oversee-run').value, user: $('oversee-user').value });
    this.render();
  },

  async act(what, params) {
    showError(null);
    this.session = await api(`/api/oversee/${this.session.id}/${what}`, params);
    this.render();
  },

  async ask() {
    const input = document.getElementById('oversee-sub');
    await this.act('ask', { sub_question: input.value });
    input.value = '';
  },

  async answer() {
    const input = document.getElementById('oversee-answer');
    await this.act('answer', { answer: input.value });
    input.value = '';
  },

  render() {
    const s = this.session;
    const $ = id => document.getElementById(id);
    $('oversee-workspace').hidden = false;
    $('oversee-question').textContent = s.question;
    $('oversee-budget').textContent = `${s.budget.used}/${s.budget.max}`;
    $('oversee-exchanges').tBodies[0].replaceChildren(...s.exchanges.map(e => element('tr', {},
      element('td', {}, e.question), element('td', {}, e.answer), element('td', {}, e.source))));
    $('oversee-ask').disabled = s.budget.used >= s.budget.max;
    $('oversee-usage').textContent = `sub-questions: ${s.usage}; "?" answers "I do not know"`;
    $('oversee-status').textContent = `${s.task}, round ${s.round} · ${s.committed} answered this session`;
    $('oversee-status').dataset.committed = String(s.committed);
  },
};

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);  // after every page's script has run
