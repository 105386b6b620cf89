// The DAG page: header (pause, schedule, trigger), tabs for the grid, the graph, the source and the details, and
// run details. One model per visit, kept current by live events, shared by the tabs.
import { get, query, session, onLive, poll } from '../api.js';
import { el, replace, errorBox, spinner, tabs, enc, debounce, stateBadge, toast } from '../ui.js';
import { pauseSwitch, triggerDialog } from '../actions.js';
import { buildTree } from './tree.js';
import { renderGrid } from './grid.js';
import { renderGraph } from './graph.js';
import { renderSource } from './source.js';
import { renderDetails } from './details.js';
import { assetScheduleChip } from './assets.js';
import { renderRun } from './run.js';

const GRID_RUNS = 25;

export async function render(main, dagId, tab, q) {
  replace(main, el('div.page', spinner()));
  let dag;
  let structure;
  try {
    [dag, structure] = await Promise.all([
      get('/api/v2/dags/' + enc(dagId)),
      get('/ui/dags/' + enc(dagId) + '/structure').catch(e => {
        if (e.status === 404) return { dag_id: dagId, tasks: [], groups: [], params: {}, missing: true };
        throw e;
      }),
    ]);
  } catch (e) {
    replace(main, el('div.page', el('p', el('a', { href: '#/dags' }, '← DAGs')), errorBox(e)));
    return;
  }

  const model = {
    dagId, dag, structure, tree: buildTree(structure), grid: { runs: [], instances: {} },
    // the run the graph shows: pinned by ?run=, else the latest run (and it follows new runs)
    pinnedRun: q.run || null,
    listeners: new Set(),
    selectedRun() {
      if (this.pinnedRun) return this.grid.runs.find(r => r.run_id === this.pinnedRun) || { run_id: this.pinnedRun };
      return this.grid.runs[this.grid.runs.length - 1] || null;
    },
    changed(kind) { this.listeners.forEach(listener => listener(kind)); },
  };

  const body = el('div.dag-body');
  const headRuns = el('span.head-run');
  const header = el('div.dag-head',
    el('nav.crumbs', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/dags' }, 'DAGs'), el('span', { 'aria-hidden': 'true' }, ' / '),
      el('span', { 'aria-current': 'page' }, dag.dag_display_name || dagId)),
    el('div.title-row',
      pauseSwitch(dag),
      el('h1', dag.dag_display_name || dagId),
      headRuns,
      el('div.spacer'),
      session.canEdit ? el('button.button.primary#trigger-button', {
        type: 'button', onclick: async () => {
          const run = await triggerDialog(dagId);
          if (!run) return;
          model.pinnedRun = run.dag_run_id;
          await loadGrid();
          location.hash = '#/dags/' + enc(dagId) + '/graph?run=' + enc(run.dag_run_id);
        },
      }, '▶ Trigger') : null),
    el('div.meta',
      el('span.chip', { title: 'Schedule: ' + (structure.schedule || dag.timetable_summary || 'None') }, '◷ ',
        structure.schedule_description || dag.timetable_description || dag.timetable_summary || 'manual only'),
      assetScheduleChip(dag),
      (dag.owners || []).map(owner => el('span.chip.owner', { title: 'Owner' }, el('span.muted', 'owner '), owner)),
      (dag.tags || []).map(tag => el('a.chip.tag', { href: '#/dags?tags=' + enc(tag.name) }, '# ' + tag.name)),
      dag.description ? el('span.muted', dag.description) : null,
      structure.missing ? el('span.chip.warn', '⚠ not loaded: its file is gone or broken') : null));

  const tabItems = [
    { id: 'grid', label: 'Grid', href: '#/dags/' + enc(dagId) + '/grid' },
    { id: 'graph', label: 'Graph', href: '#/dags/' + enc(dagId) + '/graph' + (q.run ? '?run=' + enc(q.run) : '') },
    { id: 'source', label: 'Source', href: '#/dags/' + enc(dagId) + '/source' },
    { id: 'details', label: 'Details', href: '#/dags/' + enc(dagId) + '/details' },
  ];
  if (tab === 'run') tabItems.push({ id: 'run', label: 'Run', href: location.hash });

  replace(main, el('div.page.dag-page', header, tabs(tabItems, tab), body));

  async function loadGrid() {
    try {
      model.grid = await get('/ui/dags/' + enc(dagId) + '/grid' + query({ limit: GRID_RUNS }));
      model.changed('grid');
    } catch (e) {
      if (e.status !== 404) toast('Could not refresh the grid: ' + e.message, 'error');
    }
  }
  const refetch = debounce(loadGrid, 300);

  // the latest run's state next to the title, kept current by live events as well as by refetches
  function renderHeadRun() {
    const latest = model.grid.runs[model.grid.runs.length - 1];
    replace(headRuns, latest ? el('a.plain', { href: '#/dags/' + enc(dagId) + '/runs/' + enc(latest.run_id), title: 'Latest run' },
      stateBadge(latest.state)) : null);
  }
  model.listeners.add(renderHeadRun);

  // live: apply task and run states at once; a run we do not know yet (just triggered) means a refetch
  const off = onLive(event => {
    let touched = false;
    let unknown = event.truncated;
    for (const run of event.runs) {
      if (run.dag_id !== dagId) continue;
      const known = model.grid.runs.find(r => r.run_id === run.run_id);
      if (known) { known.state = run.state; touched = true; } else unknown = true;
    }
    for (const ti of event.tasks) {
      if (ti.dag_id !== dagId) continue;
      if (ti.map_index >= 0) { unknown = true; continue; }
      const row = model.grid.instances[ti.run_id];
      if (!row) { unknown = true; continue; }
      row[ti.task_id] = { ...(row[ti.task_id] || {}), state: ti.state, try_number: ti.try_number };
      touched = true;
    }
    if (touched) model.changed('live');
    if (unknown || event.runs.some(r => r.dag_id === dagId && (r.state === 'success' || r.state === 'failed'))) {
      refetch(); // durations and end dates come with the full fetch
    }
  });
  const stop = poll(loadGrid, 15000, 1000);

  await loadGrid();
  let cleanupTab = null;
  const context = { model, dagId, reload: loadGrid, query: q };
  if (tab === 'grid') cleanupTab = renderGrid(body, context);
  else if (tab === 'graph') cleanupTab = renderGraph(body, context);
  else if (tab === 'source') cleanupTab = renderSource(body, context);
  else if (tab === 'details') cleanupTab = renderDetails(body, context);
  else if (tab === 'run') cleanupTab = renderRun(body, context, q.run);

  return () => {
    off();
    stop();
    if (typeof cleanupTab === 'function') cleanupTab();
  };
}
