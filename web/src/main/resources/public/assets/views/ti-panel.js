// The grid's details panel: a task instance's details, log (tailing while it runs) and XComs next to the grid, as
// Airflow 3's grid shows them, without leaving the page. The panel's task and run are in the address (?run=&task=),
// so a reload or a shared link opens it again.
import { get, session, onLive } from '../api.js';
import { el, replace, errorBox, spinner, enc, stateBadge, stateKey, fmtDuration } from '../ui.js';
import { clearDialog, markTask } from '../actions.js';
import { renderLog, renderXcom, renderTiDetails } from './task.js';

const PANEL_TABS = [['details', 'Details'], ['log', 'Log'], ['xcom', 'XCom']];

/**
 * Shows one task instance in `container`; returns the function that closes it (stops tailing and listening).
 * onClose is called when the user closes the panel.
 */
export function openTiPanel(container, { dagId, runId, taskId, tab = 'details', onClose }) {
  const tiPath = '/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/taskInstances/' + enc(taskId);
  const pagePath = '#/dags/' + enc(dagId) + '/runs/' + enc(runId) + '/tasks/' + enc(taskId);
  const badge = el('span#panel-state');
  const summary = el('div.meta');
  const body = el('div.panel-body', spinner());
  const tabBar = el('div.tabs', { role: 'tablist', 'aria-label': 'Task instance' });
  const stateListeners = new Set();
  let ti = null;
  let current = tab;
  let cleanupTab = null;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    off();
    if (cleanupTab) cleanupTab();
    replace(container);
    container.hidden = true;
  };
  const actions = session.canEdit ? el('div.actions',
    el('button.button.small#panel-clear', { type: 'button', onclick: async () => { if (await clearDialog(dagId, runId, taskId, -1)) refresh(); } }, '↻ Clear'),
    el('button.button.small', { type: 'button', onclick: async () => { if (await markTask(dagId, runId, taskId, -1, 'success')) refresh(); } }, '✓ Success'),
    el('button.button.small.danger', { type: 'button', onclick: async () => { if (await markTask(dagId, runId, taskId, -1, 'failed')) refresh(); } }, '✕ Failed'))
    : null;

  container.hidden = false;
  replace(container, el('aside.ti-panel', { 'aria-label': 'Task instance ' + taskId },
    el('div.panel-head',
      el('h2', el('span.panel-task', taskId), ' ', badge),
      el('button.icon-button#panel-close', {
        type: 'button', 'aria-label': 'Close the details', onclick: () => { close(); if (onClose) onClose(); },
      }, '✕')),
    el('p.muted.small.panel-run', 'Run ', el('code', runId), ' · ', el('a', { href: pagePath }, 'Open the task page')),
    summary, actions, tabBar, body));

  function drawTabs() {
    replace(tabBar, PANEL_TABS.map(([id, label]) => el('button.tab', {
      type: 'button', role: 'tab', 'aria-selected': String(id === current), dataset: { panelTab: id },
      onclick: () => { current = id; drawTabs(); drawBody(); },
    }, label)));
  }

  function drawHead() {
    replace(badge, stateBadge(ti.state));
    badge.dataset.state = stateKey(ti.state);
    replace(summary, el('span.chip', ti.operator || 'operator'),
      el('span.chip', 'try ' + ti.try_number + ' of ' + (ti.max_tries + 1)),
      el('span.chip', el('span.muted', 'took '), fmtDuration(ti.duration)));
  }

  function drawBody() {
    if (cleanupTab) cleanupTab();
    cleanupTab = null;
    if (current === 'log') {
      cleanupTab = renderLog(body, { dagId, runId, taskId, mapIndex: -1, get ti() { return ti; }, stateListeners });
    } else if (current === 'xcom') {
      renderXcom(body, dagId, runId, taskId, -1);
    } else {
      renderTiDetails(body, ti);
    }
  }

  async function refresh() {
    try {
      ti = await get(tiPath);
    } catch (e) {
      if (!ti) replace(body, errorBox(e));
      return;
    }
    if (closed) return;
    drawHead();
    stateListeners.forEach(listener => listener(ti));
    if (current === 'details') renderTiDetails(body, ti);
  }

  const off = onLive(event => {
    if (event.tasks.some(t => t.dag_id === dagId && t.run_id === runId && t.task_id === taskId)) refresh();
  });

  drawTabs();
  (async () => {
    await refresh();
    if (ti && !closed) drawBody();
  })();
  return close;
}
