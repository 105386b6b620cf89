// One run's details: state, type, data interval, duration, DAG version, conf, and its task instances (live).
import { get, session, onLive } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, enc, stateBadge, fmtDuration, jsonBlock, debounce, STATES, stateKey } from '../ui.js';
import { clearRun, markRun } from '../actions.js';

export function renderRun(container, { dagId, model }, runId) {
  replace(container, spinner());
  const base = '#/dags/' + enc(dagId);
  let disposed = false;

  async function load() {
    let run;
    let states;
    try {
      [run, states] = await Promise.all([
        get('/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId)),
        get('/ui/dags/' + enc(dagId) + '/runs/' + enc(runId) + '/states'),
      ]);
    } catch (e) {
      if (!disposed) replace(container, errorBox(e));
      return;
    }
    if (disposed) return;
    const duration = run.start_date ? ((run.end_date ? new Date(run.end_date) : new Date()) - new Date(run.start_date)) / 1000 : null;
    const versions = (run.dag_versions || []).length
      ? run.dag_versions.map(v => el('a', { href: base + '/source?version=' + v.version_number, title: 'Source of this version' }, 'v' + v.version_number))
      : '—';
    const rows = [
      ['State', stateBadge(run.state)],
      ['Run id', el('code', run.dag_run_id)],
      ['Run type', run.run_type],
      ['Triggered by', run.triggered_by || '—'],
      ['Logical date', timeEl(run.logical_date)],
      ['Data interval', run.data_interval_start ? [timeEl(run.data_interval_start), ' → ', timeEl(run.data_interval_end)] : '—'],
      ['Run after', timeEl(run.run_after)],
      ['Queued at', timeEl(run.queued_at)],
      ['Started', timeEl(run.start_date)],
      ['Ended', timeEl(run.end_date)],
      ['Duration', fmtDuration(duration) + (run.end_date || !run.start_date ? '' : ' so far')],
      ['DAG version', versions],
      ['Note', run.note || '—'],
    ];
    const tasks = Object.entries(states.tasks || {});
    const order = new Map(model.tree.root.tasks.map((id, i) => [id, i]));
    tasks.sort((a, b) => (order.get(a[0]) ?? 1e9) - (order.get(b[0]) ?? 1e9));
    const actions = session.canEdit ? el('div.actions',
      el('button.button', { type: 'button', onclick: async () => { if (await clearRun(dagId, runId)) model.changed('grid'); load(); } }, '↻ Clear run'),
      el('button.button', { type: 'button', onclick: async () => { if (await markRun(dagId, runId, 'success')) load(); } }, '✓ Mark success'),
      el('button.button.danger', { type: 'button', onclick: async () => { if (await markRun(dagId, runId, 'failed')) load(); } }, '✕ Mark failed'))
      : null;
    replace(container, el('div.run-panel',
      el('div.section-head', el('h2', 'Run ', el('code', runId)), el('div.spacer'),
        el('a.button.small', { href: base + '/graph?run=' + enc(runId) }, 'Graph of this run'), actions),
      el('div.columns',
        el('section.card', el('h3', 'Details'), el('dl.kv', rows.map(([k, v]) => [el('dt', k), el('dd', v)]))),
        el('section.card', el('h3', 'Conf'), Object.keys(run.conf || {}).length ? jsonBlock(run.conf) : el('p.muted', 'Empty conf.'))),
      el('section.card', el('h3', 'Task instances'),
        tasks.length ? el('div.table-scroll', el('table.table.compact.stack-on-phone',
          el('thead', el('tr', el('th', 'Task'), el('th', 'State'), el('th', 'Try'), el('th', 'Duration'), el('th', 'Started'))),
          el('tbody', tasks.map(([taskId, cell]) => el('tr',
            el('td', { 'data-label': 'Task' }, el('a', { href: base + '/runs/' + enc(runId) + '/tasks/' + enc(taskId) }, taskId)),
            el('td', { 'data-label': 'State' }, stateBadge(cell.state, cell.mapped ? '(' + cell.mapped + ' mapped)' : '')),
            el('td', { 'data-label': 'Try' }, cell.try_number ?? '—'),
            el('td', { 'data-label': 'Duration' }, fmtDuration(cell.duration)),
            el('td', { 'data-label': 'Started' }, timeEl(cell.start_date, true)))))))
          : el('p.muted', 'No task instances.'))));
  }
  load();
  const refresh = debounce(load, 300);
  const off = onLive(event => {
    if (event.runs.some(r => r.dag_id === dagId && r.run_id === runId)
      || event.tasks.some(t => t.dag_id === dagId && t.run_id === runId)) refresh();
  });
  return () => { disposed = true; off(); };
}
