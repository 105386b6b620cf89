// A task instance: the log of each try (tailing while it runs), rendered template fields, XComs, details, and a
// chart of its duration across runs (Chart.js WebJar). Actions: clear, mark success, mark failed.
import { get, query, session, onLive } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, enc, stateBadge, fmtDuration, fmtDate, jsonBlock, tabs, emptyState, STATES, stateKey } from '../ui.js';
import { clearDialog, markTask } from '../actions.js';

const ACTIVE = new Set(['running', 'queued', 'scheduled', 'up_for_retry', 'restarting', 'deferred', 'up_for_reschedule']);
const STATE_COLORS = {
  success: '#15803d', failed: '#dc2626', running: '#65a30d', queued: '#6b7280', up_for_retry: '#ca8a04',
  upstream_failed: '#ea580c', skipped: '#db2777', none: '#9ca3af',
};

export async function render(main, dagId, runId, taskId, q) {
  const mapIndex = q.map_index !== undefined ? Number(q.map_index) : -1;
  const tab = q.tab || 'log';
  const base = '#/dags/' + enc(dagId);
  const here = base + '/runs/' + enc(runId) + '/tasks/' + enc(taskId);
  const tiPath = '/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/taskInstances/' + enc(taskId)
    + (mapIndex >= 0 ? '/' + mapIndex : '');
  replace(main, el('div.page', spinner()));

  let ti;
  try {
    ti = await get(tiPath);
  } catch (e) {
    if (e.status === 404 && mapIndex < 0) {
      // a mapped task: open its first map index (the page offers the others)
      const mapped = await get(tiPath + '/listMapped').catch(() => null);
      const first = mapped?.task_instances?.[0];
      if (first) {
        location.replace(here + '?map_index=' + first.map_index + (q.tab ? '&tab=' + q.tab : ''));
        return;
      }
    }
    replace(main, el('div.page', el('p', el('a', { href: base }, '← ' + dagId)), errorBox(e)));
    return;
  }
  let siblings = [];
  if (mapIndex >= 0) {
    const listPath = '/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/taskInstances/' + enc(taskId) + '/listMapped';
    siblings = (await get(listPath + query({ limit: 1000 })).catch(() => ({}))).task_instances || [];
  }

  const badge = el('span');
  const headerInfo = el('div.meta');
  const body = el('div.ti-body');
  const suffix = mapIndex >= 0 ? '&map_index=' + mapIndex : '';
  const tabItems = [
    { id: 'log', label: 'Log', href: here + '?tab=log' + suffix },
    { id: 'rendered', label: 'Rendered fields', href: here + '?tab=rendered' + suffix },
    { id: 'xcom', label: 'XCom', href: here + '?tab=xcom' + suffix },
    { id: 'details', label: 'Details', href: here + '?tab=details' + suffix },
    { id: 'durations', label: 'Durations', href: here + '?tab=durations' + suffix },
  ];
  const actions = session.canEdit ? el('div.actions',
    el('button.button#clear-task', { type: 'button', onclick: async () => { if (await clearDialog(dagId, runId, taskId, mapIndex)) refreshTi(); } }, '↻ Clear'),
    el('button.button', { type: 'button', onclick: async () => { if (await markTask(dagId, runId, taskId, mapIndex, 'success')) refreshTi(); } }, '✓ Mark success'),
    el('button.button.danger', { type: 'button', onclick: async () => { if (await markTask(dagId, runId, taskId, mapIndex, 'failed')) refreshTi(); } }, '✕ Mark failed'))
    : null;
  replace(main, el('div.page.ti-page',
    el('nav.crumbs', { 'aria-label': 'Breadcrumb' },
      el('a', { href: '#/dags' }, 'DAGs'), ' / ', el('a', { href: base }, ti.dag_display_name || dagId), ' / ',
      el('a', { href: base + '/runs/' + enc(runId) }, runId), ' / ', el('span', { 'aria-current': 'page' }, taskId)),
    el('div.title-row', el('h1', taskId + (mapIndex >= 0 ? ' [' + mapIndex + ']' : '')), badge,
      siblings.length > 1 ? mapPicker(siblings, mapIndex, index => { location.hash = here + '?map_index=' + index + '&tab=' + tab; }) : null,
      el('div.spacer'), actions),
    headerInfo,
    tabs(tabItems, tab),
    body));

  function drawHeader() {
    replace(badge, stateBadge(ti.state));
    badge.dataset.state = stateKey(ti.state);
    badge.id = 'ti-state';
    replace(headerInfo,
      el('span.chip', ti.operator || 'operator'),
      el('span.chip', 'try ' + ti.try_number + ' of ' + (ti.max_tries + 1)),
      el('span.chip', el('span.muted', 'took '), fmtDuration(ti.duration)),
      el('span.muted.small', 'started ', timeEl(ti.start_date, true)));
  }
  drawHeader();

  const stateListeners = new Set();
  async function refreshTi() {
    try {
      ti = await get(tiPath);
      drawHeader();
      stateListeners.forEach(listener => listener(ti));
    } catch (e) { /* keeps the last known state */ }
  }
  const off = onLive(event => {
    if (event.tasks.some(t => t.dag_id === dagId && t.run_id === runId && t.task_id === taskId)) refreshTi();
  });

  let cleanupTab = null;
  if (tab === 'log') cleanupTab = renderLog(body, { dagId, runId, taskId, mapIndex, get ti() { return ti; }, stateListeners });
  else if (tab === 'rendered') renderRendered(body, ti);
  else if (tab === 'xcom') renderXcom(body, dagId, runId, taskId, mapIndex);
  else if (tab === 'details') renderTiDetails(body, ti);
  else if (tab === 'durations') renderDurations(body, dagId, taskId, base);
  return () => { off(); if (cleanupTab) cleanupTab(); };
}

function mapPicker(siblings, current, onPick) {
  const select = el('select#map-index', { 'aria-label': 'Map index' }, siblings.map(ti => el('option', {
    value: ti.map_index, selected: ti.map_index === current,
  }, '[' + ti.map_index + '] ' + (STATES[stateKey(ti.state)].icon || '○') + ' ' + STATES[stateKey(ti.state)].label)));
  select.addEventListener('change', () => onPick(select.value));
  return select;
}

export function renderLog(container, context) {
  const { dagId, runId, taskId, mapIndex, stateListeners } = context;
  const trySelect = el('select#log-try', { 'aria-label': 'Try' });
  const follow = el('input#log-follow', { type: 'checkbox', checked: true });
  const status = el('span.muted.small', { 'aria-live': 'polite' });
  const pre = el('pre.log#log', { tabindex: 0, 'aria-label': 'Log' });
  replace(container, el('div.log-panel',
    el('div.log-toolbar', el('label.inline', { for: 'log-try' }, 'Try '), trySelect,
      el('label.inline', follow, ' follow'), status,
      el('div.spacer'),
      el('a.button.small', { href: '#', onclick: event => { event.preventDefault(); download(); } }, 'Download')),
    pre));

  let tryNumber = Math.max(1, context.ti.try_number);
  let offset = 0;
  let timer = null;
  let stopped = false;

  function fillTries() {
    const count = Math.max(1, context.ti.try_number);
    replace(trySelect, Array.from({ length: count }, (_, i) => i + 1).reverse()
      .map(n => el('option', { value: n, selected: n === tryNumber }, 'Try ' + n + (n === count ? ' (latest)' : ''))));
  }
  fillTries();

  function appendText(text) {
    if (!text) return;
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 24;
    const fragment = document.createDocumentFragment();
    for (const line of text.split(/(?<=\n)/)) {
      const level = /\b(ERROR|CRITICAL)\b/.test(line) ? 'error' : /\bWARNING\b/.test(line) ? 'warn' : null;
      fragment.append(level ? el('span.log-' + level, line) : document.createTextNode(line));
    }
    pre.append(fragment);
    if (follow.checked && atBottom) pre.scrollTop = pre.scrollHeight;
  }

  async function fetchMore() {
    timer = null;
    if (stopped) return;
    const wanted = tryNumber;
    try {
      const body = await get('/ui/dags/' + enc(dagId) + '/runs/' + enc(runId) + '/tasks/' + enc(taskId) + '/logs/'
        + wanted + query({ offset, map_index: mapIndex >= 0 ? mapIndex : undefined }));
      if (stopped || wanted !== tryNumber) return;
      if (body.offset < offset) { pre.textContent = ''; } // the file was replaced
      appendText(body.text);
      offset = body.next_offset;
      if (!pre.textContent) pre.textContent = body.exists ? '' : 'No log yet for this try.';
    } catch (e) {
      status.textContent = e.message;
    }
    const live = tryNumber === Math.max(1, context.ti.try_number) && ACTIVE.has(context.ti.state);
    status.textContent = live ? '● tailing' : '';
    if (live || pre.textContent === 'No log yet for this try.') {
      timer = setTimeout(fetchMore, 1000);
    }
  }

  function restart() {
    clearTimeout(timer);
    offset = 0;
    pre.textContent = '';
    fetchMore();
  }
  trySelect.addEventListener('change', () => { tryNumber = Number(trySelect.value); restart(); });
  const onState = ti => {
    const latest = Math.max(1, ti.try_number);
    const wasLatest = tryNumber === Number(trySelect.options[0]?.value);
    if (wasLatest && latest !== tryNumber) { tryNumber = latest; fillTries(); restart(); return; }
    fillTries();
    if (!timer) fetchMore();
  };
  stateListeners.add(onState);

  function download() {
    const blob = new Blob([pre.textContent], { type: 'text/plain' });
    const link = el('a', { href: URL.createObjectURL(blob), download: dagId + '_' + taskId + '_try' + tryNumber + '.log' });
    document.body.append(link);
    link.click();
    link.remove();
  }

  fetchMore();
  return () => { stopped = true; clearTimeout(timer); stateListeners.delete(onState); };
}

function renderRendered(container, ti) {
  const fields = Object.entries(ti.rendered_fields || {});
  replace(container, fields.length
    ? el('section.card', el('h2', 'Rendered template fields'), el('dl.kv.wide', fields.map(([name, value]) => [
      el('dt', el('code', name)),
      el('dd', typeof value === 'string' ? el('pre.code-block.small', value) : jsonBlock(value))])))
    : emptyState('No rendered fields', 'Template fields are rendered when the task runs.'));
}

export async function renderXcom(container, dagId, runId, taskId, mapIndex) {
  replace(container, spinner());
  const base = '/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/taskInstances/' + enc(taskId) + '/xcomEntries';
  try {
    const list = await get(base + query({ map_index: mapIndex >= 0 ? mapIndex : undefined }));
    const entries = list.xcom_entries || [];
    if (!entries.length) {
      replace(container, emptyState('No XComs', 'This task instance pushed no XCom.'));
      return;
    }
    const values = await Promise.all(entries.map(entry => get(base + '/' + enc(entry.key)
      + query({ map_index: entry.map_index >= 0 ? entry.map_index : undefined })).catch(e => ({ value: '(' + e.message + ')' }))));
    replace(container, el('section.card', el('h2', 'XCom'), el('div.table-scroll', el('table.table.compact.stack-on-phone.xcom-table',
      el('thead', el('tr', el('th', 'Key'), el('th', 'Value'), el('th', 'Map index'), el('th', 'Pushed'))),
      el('tbody', entries.map((entry, i) => el('tr',
        el('td', { 'data-label': 'Key' }, el('code', entry.key)),
        el('td.xcom-value', { 'data-label': 'Value' }, typeof values[i].value === 'string' ? el('pre.code-block.small', values[i].value) : jsonBlock(values[i].value)),
        el('td', { 'data-label': 'Map index' }, entry.map_index >= 0 ? entry.map_index : '—'),
        el('td', { 'data-label': 'Pushed' }, timeEl(entry.timestamp, true)))))))));
  } catch (e) {
    replace(container, errorBox(e));
  }
}

export function renderTiDetails(container, ti) {
  const rows = [
    ['State', stateBadge(ti.state)], ['Task id', el('code', ti.task_id)], ['Run id', el('code', ti.dag_run_id)],
    ['Map index', ti.map_index >= 0 ? ti.map_index : '—'], ['Operator', ti.operator || '—'],
    ['Try', ti.try_number + ' of ' + (ti.max_tries + 1)], ['Started', timeEl(ti.start_date)], ['Ended', timeEl(ti.end_date)],
    ['Duration', fmtDuration(ti.duration)], ['Queued', timeEl(ti.queued_when)], ['Scheduled', timeEl(ti.scheduled_when)],
    ['Pool', ti.pool + ' (' + ti.pool_slots + ' slot' + (ti.pool_slots === 1 ? '' : 's') + ')'], ['Queue', ti.queue || '—'],
    ['Priority weight', ti.priority_weight], ['Host', ti.hostname || '—'], ['Unix name', ti.unixname || '—'], ['PID', ti.pid ?? '—'],
    ['DAG version', ti.dag_version ? 'v' + ti.dag_version.version_number : '—'], ['Note', ti.note || '—'],
  ];
  replace(container, el('section.card', el('h2', 'Task instance'), el('dl.kv', rows.map(([k, v]) => [el('dt', k), el('dd', v)]))));
}

async function renderDurations(container, dagId, taskId, base) {
  replace(container, spinner());
  let body;
  try {
    body = await get('/ui/dags/' + enc(dagId) + '/tasks/' + enc(taskId) + '/durations' + query({ limit: 60 }));
  } catch (e) {
    replace(container, errorBox(e));
    return;
  }
  const points = body.durations.filter(p => p.map_index < 0 || p.map_index === 0);
  if (!points.length) {
    replace(container, emptyState('No runs yet'));
    return;
  }
  const canvas = el('canvas#duration-chart', { role: 'img', 'aria-label': 'Duration of ' + taskId + ' in its last ' + points.length + ' runs' });
  const table = el('details', el('summary', 'As a table'), el('table.table.compact',
    el('thead', el('tr', el('th', 'Run'), el('th', 'State'), el('th', 'Duration'))),
    el('tbody', [...points].reverse().map(p => el('tr',
      el('td', el('a', { href: base + '/runs/' + enc(p.run_id) + '/tasks/' + enc(taskId) }, p.run_id)),
      el('td', el('span', (STATES[stateKey(p.state)].icon || '○') + ' ' + STATES[stateKey(p.state)].label)),
      el('td', fmtDuration(p.duration)))))));
  replace(container, el('section.card', el('h2', 'Duration across runs'), el('div.chart-box', canvas), table));
  if (!window.Chart) return;
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: points.map(p => fmtDate(p.run_after, true)),
      datasets: [{
        label: 'Duration (s)', data: points.map(p => p.duration ?? 0),
        backgroundColor: points.map(p => STATE_COLORS[stateKey(p.state)] || '#9ca3af'),
        borderRadius: 3, maxBarThickness: 28,
      }],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: c => points[c.dataIndex].run_id + ': ' + fmtDuration(points[c.dataIndex].duration) + ' (' + STATES[stateKey(points[c.dataIndex].state)].label + ')' } },
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'seconds' } } },
      onClick: (event, elements) => {
        if (elements.length) location.hash = base + '/runs/' + enc(points[elements[0].index].run_id) + '/tasks/' + enc(taskId) + '?tab=durations';
      },
    },
  });
}
