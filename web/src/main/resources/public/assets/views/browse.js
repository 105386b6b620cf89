// Browse: DAG runs and task instances across every DAG (GET /api/v2/dags/~/dagRuns and
// /api/v2/dags/~/dagRuns/~/taskInstances), filtered by DAG, state and more, newest first, 50 to a page, kept
// current by the live events; the audit log is the third tab (views/audit-log.js).
import { get, query, onLive, poll } from '../api.js';
import { loadDagZones, fromZonedInput, toZonedInput, displayZone } from '../time.js';
import { el, replace, pagerButtons, tabs, timeEl, stateBadge, fmtDuration, errorBox, spinner, emptyState, debounce, enc, STATES } from '../ui.js';

const PAGE = 50;
const RUN_STATES = ['queued', 'running', 'success', 'failed'];
const TASK_STATES = ['success', 'failed', 'running', 'queued', 'scheduled', 'up_for_retry', 'up_for_reschedule',
  'upstream_failed', 'skipped', 'removed', 'restarting', 'deferred'];
const RUN_TYPES = ['manual', 'scheduled', 'backfill', 'asset_triggered', 'operator_triggered'];

/** The tabs of the Browse pages (the audit log's page shows them too). */
export function browseTabs(current) {
  return tabs([
    { id: 'runs', label: 'DAG runs', href: '#/browse/runs' },
    { id: 'task-instances', label: 'Task instances', href: '#/browse/task-instances' },
    { id: 'audit-log', label: 'Audit log', href: '#/audit-log' },
  ], current);
}

const RUNS = {
  id: 'runs', title: 'DAG runs', noun: 'run', listKey: 'dag_runs',
  path: dag => '/api/v2/dags/' + enc(dag || '~') + '/dagRuns',
  order: '-run_after',
  filters: [
    { name: 'state', label: 'State', options: RUN_STATES },
    { name: 'run_type', label: 'Run type', options: RUN_TYPES },
    { name: 'run_id_pattern', label: 'Run id contains', text: true },
    { name: 'logical_date_gte', label: 'Logical date from', date: true },
    { name: 'logical_date_lte', label: 'Logical date to', date: true, endOfDay: true },
  ],
  heads: ['DAG', 'Run id', 'State', 'Type', 'Logical date', 'Started', 'Ended', 'Duration'],
  row: run => el('tr', { dataset: { dagId: run.dag_id, runId: run.dag_run_id } },
    el('td', dagLink(run.dag_id)),
    el('td', el('a', { href: '#/dags/' + enc(run.dag_id) + '/runs/' + enc(run.dag_run_id) }, run.dag_run_id)),
    el('td', stateBadge(run.state)),
    el('td', run.run_type),
    el('td', timeEl(run.logical_date, false, run.dag_id)),
    el('td', timeEl(run.start_date, false, run.dag_id)),
    el('td', timeEl(run.end_date, false, run.dag_id)),
    el('td.num', fmtDuration(run.duration ?? seconds(run.start_date, run.end_date)))),
  live: event => event.runs.length > 0,
};

const TASK_INSTANCES = {
  id: 'task-instances', title: 'Task instances', noun: 'task instance', listKey: 'task_instances',
  path: dag => '/api/v2/dags/' + enc(dag || '~') + '/dagRuns/~/taskInstances',
  order: '-start_date',
  filters: [
    { name: 'state', label: 'State', options: TASK_STATES },
    { name: 'task_display_name_pattern', label: 'Task id contains', text: true },
    { name: 'start_date_gte', label: 'Started from', date: true },
    { name: 'start_date_lte', label: 'Started to', date: true, endOfDay: true },
  ],
  heads: ['DAG', 'Run id', 'Task', 'State', 'Try', 'Operator', 'Started', 'Ended', 'Duration'],
  row: ti => el('tr', { dataset: { dagId: ti.dag_id, runId: ti.dag_run_id, taskId: ti.task_id } },
    el('td', dagLink(ti.dag_id)),
    el('td', el('a', { href: '#/dags/' + enc(ti.dag_id) + '/runs/' + enc(ti.dag_run_id) }, ti.dag_run_id)),
    el('td', el('a', {
      href: '#/dags/' + enc(ti.dag_id) + '/runs/' + enc(ti.dag_run_id) + '/tasks/' + enc(ti.task_id)
        + (ti.map_index >= 0 ? '?map_index=' + ti.map_index : ''),
    }, ti.task_id + (ti.map_index >= 0 ? ' [' + ti.map_index + ']' : ''))),
    el('td', stateBadge(ti.state)),
    el('td.num', String(ti.try_number)),
    el('td', ti.operator || '—'),
    el('td', timeEl(ti.start_date, false, ti.dag_id)),
    el('td', timeEl(ti.end_date, false, ti.dag_id)),
    el('td.num', fmtDuration(ti.duration))),
  live: event => event.tasks.length > 0 || event.runs.length > 0,
};

function dagLink(dagId) {
  return el('a', { href: '#/dags/' + enc(dagId) }, dagId);
}

/** Each cell names its column (data-label), which phones show as the row becomes a card. */
export function labelled(row, heads) {
  [...row.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
  return row;
}

function seconds(start, end) {
  return start && end ? (new Date(end) - new Date(start)) / 1000 : null;
}

export function render(main, [tab], q) {
  const spec = tab === 'task-instances' ? TASK_INSTANCES : RUNS;
  const values = { dag_id: q.dag_id || '', offset: Number(q.offset || 0) };
  spec.filters.forEach(filter => { values[filter.name] = q[filter.name] || ''; });

  const list = el('div.table-scroll', { 'aria-busy': 'true' }, spinner());
  const count = el('span.muted.count');
  const pager = el('div.pager');
  const dagSelect = el('select#browse-dag', { 'aria-label': 'DAG' }, el('option', { value: '' }, 'All DAGs'));
  const controls = spec.filters.map(filter => {
    const id = 'browse-' + filter.name.replace(/_/g, '-');
    let input;
    if (filter.options) {
      input = el('select', { id, 'aria-label': filter.label }, el('option', { value: '' }, filter.label + ': all'),
        filter.options.map(option => el('option', { value: option, selected: option === values[filter.name] },
          STATES[option]?.label || option.replace(/_/g, ' '))));
    } else {
      input = el('input' + (filter.text ? '.search' : ''), {
        id, type: filter.date ? 'date' : 'search',
        value: filter.date && values[filter.name] ? toZonedInput(values[filter.name]).slice(0, 10) : values[filter.name] || '',
        placeholder: filter.label, 'aria-label': filter.label, title: filter.label,
      });
    }
    input.addEventListener(filter.text ? 'input' : 'change', onFilter);
    return input;
  });
  dagSelect.addEventListener('change', onFilter);

  function currentFilters() {
    const chosen = {};
    spec.filters.forEach((filter, i) => {
      const value = controls[i].value.trim();
      // a date is the whole day in the chosen time zone
      chosen[filter.name] = !value ? '' : filter.date ? fromZonedInput(value + (filter.endOfDay ? 'T23:59:59' : 'T00:00:00')) : value;
    });
    return chosen;
  }

  function onFilterNow() {
    Object.assign(values, currentFilters(), { dag_id: dagSelect.value, offset: 0 });
    go();
  }
  const debounced = debounce(onFilterNow, 250);
  function onFilter() { debounced(); }

  function go() {
    const shown = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '' && value !== 0));
    history.replaceState(null, '', '#/browse/' + spec.id + query(shown));
    load();
  }

  async function load() {
    const params = { order_by: spec.order, limit: PAGE, offset: values.offset };
    spec.filters.forEach(filter => { params[filter.name] = values[filter.name] || undefined; });
    try {
      const body = await get(spec.path(values.dag_id) + query(params));
      await loadDagZones(body[spec.listKey].map(item => item.dag_id));
      draw(body[spec.listKey], body.total_entries);
    } catch (e) {
      replace(list, errorBox(e));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function draw(items, total) {
    count.textContent = total + ' ' + spec.noun + (total === 1 ? '' : 's');
    replace(list, items.length
      ? el('table.table.compact.browse-table.stack-on-phone', { id: 'browse-' + spec.id },
        el('thead', el('tr', spec.heads.map(head => el('th', { scope: 'col' }, head)))),
        el('tbody', items.map(item => labelled(spec.row(item), spec.heads))))
      : emptyState('No ' + spec.noun + 's', 'Nothing matches these filters.'));
    pagerButtons(pager, total, values.offset, PAGE, offset => { values.offset = offset; go(); }, ['← Newer', 'Older →']);
  }

  (async () => {
    try {
      const dags = await get('/api/v2/dags' + query({ limit: 1000, order_by: 'dag_id' }));
      dags.dags.forEach(dag => dagSelect.append(el('option', { value: dag.dag_id, selected: dag.dag_id === values.dag_id }, dag.dag_id)));
    } catch (e) { /* the list still works for all DAGs */ }
  })();

  replace(main, el('div.page.browse-page',
    el('div.page-head', el('h1', 'Browse'), count),
    browseTabs(spec.id),
    el('div.filters', { role: 'search' }, dagSelect, controls.map((input, i) => spec.filters[i].date
      ? el('label.date-filter', el('span.muted.small', spec.filters[i].label + ' (' + displayZone() + ')'), input) : input)),
    list, pager));
  load();

  // live: a state change of a run or task instance refetches the page shown (coalesced)
  const refetch = debounce(load, 300);
  const off = onLive(event => { if (spec.live(event)) refetch(); });
  const stop = poll(load, 15000, 3000);
  return () => { off(); stop(); };
}
