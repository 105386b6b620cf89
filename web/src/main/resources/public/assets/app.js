// The single-page app's shell: hash routes, the login gate, the navigation and the live-updates indicator.
import { session, onUnauthorized, logout, startLive, stopLive, onLiveStatus, tryAllAdmins } from './api.js';
import { el, replace } from './ui.js';
import { zoneSelect, onZoneChange, setCurrentDag, loadDagZones } from './time.js';
import * as loginView from './views/login.js';
import * as dagsView from './views/dags.js';
import * as dagView from './views/dag.js';
import * as taskView from './views/task.js';
import * as auditLogView from './views/audit-log.js';
import * as browseView from './views/browse.js';
import * as adminView from './views/admin.js';
import { renderImportErrors, renderDagWarnings } from './views/dag-files.js';
import * as mlView from './views/ml.js';
import * as mlMonitoring from './views/ml-monitoring.js';
import { renderAssets, renderAsset } from './views/assets.js';

const routes = [
  [/^\/login$/, loginView.render, 'login'],
  [/^\/dags$/, dagsView.render, 'dags'],
  [/^\/dags\/([^/]+)\/runs\/([^/]+)\/tasks\/([^/]+)$/, (main, [dag, run, task], q) => taskView.render(main, dag, run, task, q), 'dags'],
  [/^\/dags\/([^/]+)\/runs\/([^/]+)$/, (main, [dag, run], q) => dagView.render(main, dag, 'run', { ...q, run }), 'dags'],
  [/^\/dags\/([^/]+)(?:\/(grid|graph|source|details))?$/, (main, [dag, tab], q) => dagView.render(main, dag, tab || 'grid', q), 'dags'],
  [/^\/import-errors$/, renderImportErrors, 'import-errors'],
  [/^\/dag-warnings$/, renderDagWarnings, 'dag-warnings'],
  [/^\/audit-log$/, auditLogView.render, 'browse'],
  [/^\/browse(?:\/(runs|task-instances))?$/, browseView.render, 'browse'],
  [/^\/admin(?:\/(variables|connections|pools))?$/, adminView.render, 'admin'],
  [/^\/assets$/, renderAssets, 'assets'],
  [/^\/assets\/(\d+)$/, (main, [id]) => renderAsset(main, id), 'assets'],
  [/^\/ml\/models$/, main => mlView.renderModels(main), 'ml'],
  [/^\/ml\/models\/([^/]+)$/, (main, [name], q) => mlView.renderModel(main, name, q), 'ml'],
  [/^\/ml\/monitoring$/, main => mlMonitoring.renderMonitoring(main, null), 'monitoring'],
  [/^\/ml\/monitoring\/([^/]+)$/, (main, [name]) => mlMonitoring.renderMonitoring(main, name), 'monitoring'],
];

let cleanup = null;
let renderId = 0;

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/dags';
  const [path, search = ''] = hash.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

async function route() {
  const { path, query } = parseHash();
  const main = document.getElementById('main');
  if (path !== '/login' && (!session.token || session.expired)) {
    if (!(await tryAllAdmins())) {
      session.token = null;
      const next = path === '/' ? '' : '?next=' + encodeURIComponent(location.hash.slice(1));
      location.replace('#/login' + next);
      return;
    }
  }
  renderSession();
  if (session.token) startLive();
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  const id = ++renderId;
  await followDagZone(path);
  for (const [pattern, view, nav] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    document.querySelectorAll('[data-nav]').forEach(link => {
      if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
    const result = await view(main, match.slice(1).map(part => part === undefined ? undefined : decodeURIComponent(part)), query);
    if (id !== renderId) {
      if (typeof result === 'function') result();
    } else {
      cleanup = typeof result === 'function' ? result : null;
    }
    return;
  }
  replace(main, el('div.page', el('h1', 'Not found'), el('p', 'No page at ' + path + '. '),
    el('a', { href: '#/dags' }, 'Back to the DAGs')));
}

/** The DAG a page is about: its time zone applies when "DAG's zone" is chosen. */
async function followDagZone(path) {
  const match = /^\/dags\/([^/]+)/.exec(path);
  const dagId = match ? decodeURIComponent(match[1]) : null;
  setCurrentDag(dagId);
  if (dagId) await loadDagZones([dagId]);
}

// dates are drawn when pages render: a new zone redraws the page
onZoneChange(() => route());

function renderSession() {
  const box = document.getElementById('session');
  if (!session.token) {
    replace(box);
    return;
  }
  replace(box,
    zoneSelect(document),
    el('span.user', { title: 'Signed in as ' + session.user + ' (' + session.role + ')' },
      el('span.user-name', session.user), el('span.role', session.role)),
    el('button.button.small.ghost', {
      type: 'button', onclick: () => { logout(); stopLive(); location.hash = '#/login'; },
    }, 'Sign out'));
}

onUnauthorized(() => {
  session.token = null;
  stopLive();
  if (parseHash().path !== '/login') location.hash = '#/login?next=' + encodeURIComponent(location.hash.slice(1));
});

onLiveStatus(connected => {
  const box = document.getElementById('live-status');
  box.dataset.connected = connected ? 'true' : 'false';
  box.textContent = connected ? '' : 'Live updates paused; refreshing every few seconds.';
});

window.addEventListener('hashchange', route);
route(); // modules run once the document is parsed
