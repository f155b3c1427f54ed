// ida's web UI, the Audit page: the alignment audit of a round of a run (GET /api/audit, what
// `ida audit --json` prints), and the audit figures training stored per round (audit.every).
'use strict';

// "12.3% [10.1, 14.8]": a share with its Wilson 95% interval on hover.
function shareCell(s) {
  if (!s) return element('td', {}, '–');
  return element('td', { title: `${s.count} of ${s.n}; 95% interval ${percent(s.low)} to ${percent(s.high)}` },
    s.n ? percent(s.share) : '–');
}

function percent(x) { return (100 * x).toFixed(1) + '%'; }

function auditTable(id, headers, rows) {
  return element('div', { class: 'scroll' }, element('table', { class: 'table', id },
    element('thead', {}, element('tr', {}, ...headers.map(h => element('th', {}, h)))),
    element('tbody', {}, ...rows.map(cells => element('tr', {}, ...cells.map(
      c => c instanceof Node ? c : element('td', {}, format(c))))))));
}

pages.audit = {
  initialised: false,

  async show(name) {
    const $ = id => document.getElementById(id);
    if (!this.initialised) {
      this.initialised = true;
      $('audit-run').onchange = () => this.pick().catch(showError);
      $('audit-go').onclick = () => this.audit().catch(e => { this.busy(false); showError(e); });
    }
    try {
      const runs = (await api('/api/runs')).filter(r => r.rounds > 0);
      const select = $('audit-run');
      const chosen = name || select.value;
      select.replaceChildren(...runs.map(r => element('option', { value: r.name }, `${r.name} (${r.what})`)));
      if (!runs.length) $('audit-status').textContent = 'no runs with a completed round in this folder';
      if (chosen && runs.some(r => r.name === chosen)) select.value = chosen;
      if (runs.length) await this.pick();
    } catch (e) { showError(e); }
  },

  // A run was chosen: its rounds in the round list, and what training audited per round.
  async pick() {
    const $ = id => document.getElementById(id);
    const run = await api('/api/runs/' + encodeURI($('audit-run').value));
    const rounds = run.rounds.filter(r => r.checkpoint).map(r => r.round);
    $('audit-round').replaceChildren(...rounds.reverse().map(r => element('option', { value: r }, String(r))));
    $('audit-questions-label').hidden = run.kind !== 'question';
    $('audit-result').hidden = true;
    $('audit-stored').replaceChildren(...this.stored(run));
  },

  // The audit_* metrics training stored, one row per audited round.
  stored(run) {
    const names = [];
    for (const r of run.rounds)
      for (const k of Object.keys(r.metrics))
        if (k.startsWith('audit_') && !names.includes(k)) names.push(k);
    const audited = run.rounds.filter(r => names.some(n => n in r.metrics));
    if (!audited.length)
      return [element('p', { class: 'hint' }, 'This run was not audited while it trained (audit.every = 0).')];
    return [auditTable('audit-stored-table', ['round', ...names.map(n => n.slice(6))],
      audited.map(r => [r.round, ...names.map(n => r.metrics[n])]))];
  },

  busy(on) {
    document.getElementById('audit-go').disabled = on;
    document.getElementById('audit-status').textContent = on ? 'auditing… (the oracle grades every input of the suites)' : '';
  },

  async audit() {
    const $ = id => document.getElementById(id);
    const params = new URLSearchParams({ run: $('audit-run').value, round: $('audit-round').value });
    if ($('audit-budget').value) params.set('budget', $('audit-budget').value);
    if ($('audit-questions').value && !$('audit-questions-label').hidden)
      params.set('questions', $('audit-questions').value);
    showError(null);
    this.busy(true);
    const a = await api('/api/audit?' + params);
    this.busy(false);
    $('audit-status').textContent = `audited in ${format(a.cost.seconds)} s`;
    $('audit-result').hidden = false;
    $('audit-heading').textContent = `${a.instance}, round ${a.round} · ${a.checkpoint}`;
    $('audit-result-body').replaceChildren(...this.sections(a));
    $('audit-text').textContent = a.text;
  },

  sections(a) {
    const question = Array.isArray(a.distill);
    return [
      element('h3', {}, 'Distill (requirement 1): A_t+1 against its teacher'),
      element('p', { class: 'hint' }, question
        ? 'Teacher: Amplify(H, A_t). Per held-out size and decomposition depth.'
        : `Teacher: ${a.distill.setting}, its most-visited move. Suite: ${a.distill.suite}.`),
      this.distill(a, question),
      element('h3', {}, 'Amplify (requirement 2): what amplification makes of A_t'),
      question ? this.compounding(a) : this.search(a),
      element('h3', {}, 'Capability'),
      this.capability(a, question),
      element('h3', {}, 'Worst case: inputs where A_t+1 disagrees most with its amplification'),
      this.worstCase(a),
    ];
  },

  distill(a, question) {
    const classes = x => [x.inputs, shareCell(x.source_accuracy), shareCell(x.result_accuracy),
      shareCell(x.new_errors), shareCell(x.inherited), shareCell(x.other_errors), shareCell(x.corrected)];
    const heads = ['inputs', 'teacher right', 'A_t+1 right', 'new errors', 'inherited', 'other errors', 'corrected'];
    if (!question)
      return auditTable('audit-distill', ['phase', ...heads],
        [...a.distill.by_phase.map(p => [p.phase, ...classes(p)]), ['all', ...classes(a.distill.all)]]);
    const rows = [];
    for (const s of a.distill) {
      for (const d of s.by_depth) rows.push([`size ${s.size}, depth ${d.depth}`, ...classes(d)]);
      rows.push([`size ${s.size}, all (gap recovered ${format(s.gap_recovered)})`, ...classes(s.all)]);
    }
    return auditTable('audit-distill', ['questions', ...heads], rows);
  },

  search(a) {
    const rows = [];
    for (const s of a.amplify)
      for (const p of [...s.by_phase, { ...s.all, phase: 'all' }])
        rows.push([s.setting, p.phase, p.inputs, shareCell(p.source_accuracy), shareCell(p.result_accuracy),
          shareCell(p.introduced_rate), shareCell(p.correction_rate)]);
    return auditTable('audit-amplify', ['search', 'phase', 'inputs', 'raw policy right', 'search right',
      'P(search wrong | raw right)', 'P(search right | raw wrong)'], rows);
  },

  compounding(a) {
    const rows = [];
    for (const s of a.amplify)
      for (const d of [...s.by_depth, { ...s.compounding, depth: 'all' }])
        rows.push([`size ${s.size}`, d.depth, d.observed_error.n, format(d.mean_calls),
          shareCell(d.call_error), shareCell(d.observed_error), percent(d.predicted_error), format(d.ratio)]);
    return element('div', {},
      element('p', { class: 'hint' }, 'Observed error of Amplify(H, A_t) against the error predicted if each ' +
        'call to A failed independently at A\u2019s per-call rate: above 1, errors compound; below, H absorbs them.'),
      auditTable('audit-amplify', ['', 'depth', 'questions', 'calls to A', 'per-call error', 'observed error',
        'predicted error', 'observed / predicted'], rows));
  },

  capability(a, question) {
    if (!question)
      return auditTable('audit-capability', ['', 'share'],
        [['raw policy keeps the result', shareCell(a.capability.raw_policy_keeps_result)]]);
    return auditTable('audit-capability', ['size', 'beyond trained', 'A_t+1', 'H alone'],
      a.capability.by_size.map(s => [s.size, s.beyond_trained ? 'yes' : 'no', shareCell(s.accuracy),
        shareCell(s.h_alone)]));
  },

  worstCase(a) {
    const w = a.worst_case, r = a.regression;
    const items = [auditTable('audit-worst-case', ['', ''], [
      ['queries', `${w.queries} of ${w.budget}`], ['worst disagreement', w.worst_disagreement],
      ['candidates checked by the oracle', w.candidates], ['confirmed failures', w.confirmed_failures],
      ['queries to the first failure', w.queries_to_first_failure ?? '–'],
      ['earlier rounds\u2019 failures passed', shareCell(r.passed)]])];
    if (r.found.length)
      items.push(element('details', {}, element('summary', {}, `the ${r.found.length} failures found`),
        element('pre', { class: 'config' }, r.found.join('\n'))));
    return element('div', {}, ...items);
  },
};
