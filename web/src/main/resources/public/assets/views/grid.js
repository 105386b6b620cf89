// The grid: the latest runs (oldest left, newest right) by every task, cells coloured and marked by state, task
// groups collapsible (remembered per DAG in this browser tab), run bars as tall as the run took.
import { el, replace, stateSquare, STATES, fmtDate, fmtDuration, emptyState, enc, stateKey } from '../ui.js';
import { worstState } from './tree.js';
import { openTiPanel } from './ti-panel.js';

export function renderGrid(container, { model, dagId, query: q = {} }) {
  const storageKey = 'updraft.grid.collapsed.' + dagId;
  const collapsed = new Set(JSON.parse(sessionStorage.getItem(storageKey) || '[]'));
  const wrap = el('div.grid-wrap');
  const legend = legendRow();
  const panelSlot = el('div.ti-panel-slot', { hidden: true });
  replace(container, el('div.grid-layout', el('div.grid-panel', wrap, legend), panelSlot));

  // a cell opens the details panel beside the grid (its link still opens the task page in a new tab)
  let selected = null;
  let closePanel = null;
  function select(runId, taskId) {
    if (closePanel) closePanel();
    closePanel = null;
    selected = runId && taskId ? { runId, taskId } : null;
    history.replaceState(null, '', '#/dags/' + enc(dagId) + '/grid'
      + (selected ? '?run=' + enc(runId) + '&task=' + enc(taskId) : ''));
    markSelected();
    if (selected) {
      closePanel = openTiPanel(panelSlot, { dagId, runId, taskId, onClose: () => select(null, null) });
      panelSlot.scrollIntoView({ block: 'nearest' });
    }
  }
  function markSelected() {
    wrap.querySelectorAll('.cell .sq.selected').forEach(node => node.classList.remove('selected'));
    if (!selected) return;
    const cell = wrap.querySelector('.sq[data-run-id="' + CSS.escape(selected.runId) + '"][data-task-id="'
      + CSS.escape(selected.taskId) + '"]');
    if (cell) cell.classList.add('selected');
  }
  wrap.addEventListener('click', event => {
    const cell = event.target.closest('a.sq[data-task-id]');
    if (!cell || cell.dataset.mapped || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    select(cell.dataset.runId, cell.dataset.taskId);
  });

  function toggle(groupId) {
    if (collapsed.has(groupId)) collapsed.delete(groupId); else collapsed.add(groupId);
    sessionStorage.setItem(storageKey, JSON.stringify([...collapsed]));
    draw();
    const button = wrap.querySelector('[data-group-toggle="' + CSS.escape(groupId) + '"]');
    if (button) button.focus();
  }

  function draw() {
    const { runs, instances } = model.grid;
    if (!model.structure.tasks.length) {
      replace(wrap, emptyState('No tasks', 'The DAG is not loaded, so its tasks are unknown.'));
      return;
    }
    const maxDuration = Math.max(1, ...runs.map(r => r.duration || liveDuration(r)));
    const rows = [];
    const walk = (node, depth) => {
      for (const child of node.children) {
        rows.push({ node: child, depth });
        if (child.group && !collapsed.has(child.id)) walk(child, depth + 1);
      }
    };
    walk(model.tree.root, 0);

    const head = el('tr.run-row',
      el('th.task-col', { scope: 'col' }, runs.length ? el('span.muted.small', runs.length === 1 ? 'Latest run' : runs.length + ' latest runs') : 'Task'),
      runs.map(run => {
        const duration = run.duration || liveDuration(run);
        const height = Math.max(12, Math.round(56 * duration / maxDuration));
        const title = run.run_id + '\n' + (STATES[run.state]?.label || run.state) + ' · ' + fmtDate(run.run_after)
          + (duration ? ' · ' + fmtDuration(duration) : '');
        return el('th.run-col', { scope: 'col' },
          el('a.run-bar.state-' + stateKey(run.state), {
            href: '#/dags/' + enc(dagId) + '/runs/' + enc(run.run_id), title, 'aria-label': 'Run ' + title.replace(/\n/g, ', '),
            style: { height: height + 'px' }, dataset: { runId: run.run_id, state: stateKey(run.state) },
          }, el('span.icon', { 'aria-hidden': 'true' }, STATES[stateKey(run.state)].icon)));
      }));

    const body = rows.map(({ node, depth }) => {
      const label = node.group
        ? el('button.group-toggle', {
          type: 'button', 'aria-expanded': String(!collapsed.has(node.id)), dataset: { groupToggle: node.id },
          title: (collapsed.has(node.id) ? 'Expand ' : 'Collapse ') + node.id + (node.tooltip ? ' — ' + node.tooltip : ''),
          onclick: () => toggle(node.id),
        }, el('span.caret', { 'aria-hidden': 'true' }, collapsed.has(node.id) ? '▸' : '▾'), ' ', node.label,
        el('span.muted.small', ' (' + node.tasks.length + ')'))
        : el('span.task-label', { title: node.id + ' · ' + (node.task.operator || '') },
          node.label, node.task.is_mapped ? el('span.muted.small', ' [ ]') : null);
      return el('tr', { class: node.group ? 'group-row' : 'task-row', dataset: { rowId: node.id } },
        el('th.task-col', { scope: 'row', style: { paddingLeft: (8 + depth * 14) + 'px' } }, label),
        runs.map(run => {
          const row = instances[run.run_id] || {};
          let state;
          let title;
          let href = null;
          if (node.group) {
            state = worstState(node.tasks.filter(id => id in row).map(id => row[id].state ?? null));
            title = node.id + ' in ' + run.run_id + ': ' + (STATES[stateKey(state)].label);
          } else {
            const cell = row[node.id];
            state = cell?.state ?? null;
            const mapped = cell?.mapped ? ' · ' + cell.mapped + ' mapped: ' + Object.entries(cell.states || {})
              .map(([s, n]) => n + ' ' + (STATES[s]?.label || s)).join(', ') : '';
            title = node.id + ' in ' + run.run_id + ': ' + STATES[stateKey(state)].label
              + (cell?.try_number > 1 ? ' · try ' + cell.try_number : '')
              + (cell?.duration != null ? ' · ' + fmtDuration(cell.duration) : '') + mapped;
            href = cell ? '#/dags/' + enc(dagId) + '/runs/' + enc(run.run_id) + '/tasks/' + enc(node.id) : null;
          }
          const square = stateSquare(state, title, href);
          square.dataset.taskId = node.id;
          square.dataset.runId = run.run_id;
          if (!node.group && row[node.id]?.mapped) square.dataset.mapped = 'true';
          return el('td.cell', square);
        }));
    });

    replace(wrap, runs.length || model.structure.tasks.length
      ? el('table.grid', { 'aria-label': 'Task instances by run' }, el('thead', head), el('tbody', body))
      : emptyState('No runs yet'));
    if (!runs.length) wrap.append(el('p.muted.pad', 'No runs yet. Trigger the DAG to see its runs here.'));
    markSelected();
    // newest runs are on the right: keep them in view
    wrap.scrollLeft = wrap.scrollWidth;
  }

  model.listeners.add(draw);
  draw();
  if (q.run && q.task) select(q.run, q.task);
  return () => {
    model.listeners.delete(draw);
    if (closePanel) closePanel();
  };
}

function liveDuration(run) {
  if (!run.start_date || run.end_date) return 0;
  return (Date.now() - new Date(run.start_date).getTime()) / 1000;
}

export function legendRow() {
  const shown = ['success', 'failed', 'running', 'queued', 'scheduled', 'up_for_retry', 'upstream_failed', 'skipped', 'none'];
  return el('ul.legend', { 'aria-label': 'States' }, shown.map(state => el('li',
    stateSquare(state, STATES[state].label), el('span', STATES[state].label))));
}
