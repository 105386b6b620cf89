// ML pages: the model registry (GET /api/ml/models: versions, aliases, metrics, lineage to run, data hash and
// DAG version) and monitoring (GET /api/ml/models/{name}/monitoring: predicted-phishing ratio per window and model
// version, with ok/warn/alert states). Tolerant of the exact shape; a missing API shows an empty state.
import { get } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, enc, emptyState, fmtDate } from '../ui.js';

const MONITOR_STATES = {
  ok: { icon: '✓', label: 'ok' },
  warn: { icon: '⚠', label: 'warn' },
  alert: { icon: '✕', label: 'alert' },
};
const PALETTE = ['#0f766e', '#7c3aed', '#ea580c', '#2563eb', '#db2777', '#65a30d', '#0891b2', '#a16207'];

function listOf(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const key of keys) if (body && Array.isArray(body[key])) return body[key];
  return [];
}

async function fetchModels() {
  try {
    return listOf(await get('/api/ml/models'), 'models', 'items', 'registered_models');
  } catch (e) {
    if (e.status === 404 || e.status === 405) return null; // the registry API is not there (yet)
    throw e;
  }
}

function notAvailable() {
  return emptyState('No model registry yet',
    'Models appear here once an ML pipeline (such as phishing_url_pipeline) has registered one. '
    + 'This service answers no model registry at /api/ml/models.');
}

function versionsOf(model) {
  return [...listOf(model.versions ?? [], 'versions')].sort((a, b) => Number(b.version) - Number(a.version));
}

function aliasesFor(model, version) {
  return Object.entries(model.aliases || {}).filter(([, v]) => String(v) === String(version)).map(([alias]) => alias);
}

function metric(value) {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export async function renderModels(main) {
  replace(main, el('div.page', el('h1', 'ML models'), spinner()));
  let models;
  try {
    models = await fetchModels();
  } catch (e) {
    replace(main, el('div.page', el('h1', 'ML models'), errorBox(e)));
    return;
  }
  replace(main, el('div.page',
    el('div.page-head', el('h1', 'ML models'), models ? el('span.muted.count', models.length + ' registered') : null),
    !models || !models.length ? (models ? emptyState('No models registered', 'Run an ML pipeline to register its first model version.') : notAvailable())
      : el('div.model-cards', models.map(model => {
        const versions = versionsOf(model);
        const latest = versions[0];
        return el('a.card.model-card', { href: '#/ml/models/' + enc(model.name) },
          el('h2', model.name),
          el('div.meta', Object.entries(model.aliases || {}).map(([alias, version]) => el('span.chip.alias', '@' + alias + ' → v' + version))),
          el('p.muted', versions.length + ' version' + (versions.length === 1 ? '' : 's')
            + (latest ? ' · latest v' + latest.version + (latest.status ? ' (' + latest.status + ')' : '') : '')),
          latest && latest.metrics ? el('dl.kv.small', Object.entries(latest.metrics).slice(0, 4)
            .map(([k, v]) => [el('dt', k), el('dd', metric(v))])) : null);
      }))));
}

export async function renderModel(main, name) {
  replace(main, el('div.page', el('h1', name), spinner()));
  let models;
  try {
    models = await fetchModels();
  } catch (e) {
    replace(main, el('div.page', el('h1', name), errorBox(e)));
    return;
  }
  const model = (models || []).find(m => m.name === name);
  if (!model) {
    replace(main, el('div.page', el('nav.crumbs', el('a', { href: '#/ml/models' }, 'ML models')), el('h1', name),
      models ? emptyState('Model not found', 'No registered model is called ' + name + '.') : notAvailable()));
    return;
  }
  const versions = versionsOf(model);
  replace(main, el('div.page',
    el('nav.crumbs', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/ml/models' }, 'ML models'), ' / ', el('span', name)),
    el('div.title-row', el('h1', name), el('div.spacer'), el('a.button', { href: '#/ml/monitoring/' + enc(name) }, 'Monitoring')),
    el('div.meta', Object.entries(model.aliases || {}).map(([alias, version]) => el('span.chip.alias', '@' + alias + ' → v' + version))),
    el('section.card', el('h2', 'Versions'), versions.length ? el('div.table-scroll', el('table.table.compact',
      el('thead', el('tr', el('th', 'Version'), el('th', 'Status'), el('th', 'Metrics'), el('th', 'Lineage'), el('th', 'Created'))),
      el('tbody', versions.map(v => {
        const lineage = v.lineage || {};
        return el('tr',
          el('td', el('strong', 'v' + v.version), aliasesFor(model, v.version).map(alias => el('span.chip.alias', '@' + alias))),
          el('td', v.status || '—'),
          el('td', el('dl.kv.small', Object.entries(v.metrics || {}).map(([k, value]) => [el('dt', k), el('dd', metric(value))]))),
          el('td.lineage',
            lineage.dag_id ? el('div', 'DAG ', el('a', { href: '#/dags/' + enc(lineage.dag_id) }, lineage.dag_id),
              lineage.dag_version != null ? ' v' + lineage.dag_version : '') : null,
            lineage.run_id && lineage.dag_id ? el('div', 'run ', el('a', { href: '#/dags/' + enc(lineage.dag_id) + '/runs/' + enc(lineage.run_id) }, lineage.run_id)) : null,
            lineage.data_sha256 ? el('div', 'data ', el('code', { title: lineage.data_sha256 }, String(lineage.data_sha256).slice(0, 12) + '…')) : null,
            lineage.code_version ? el('div', 'code ', el('code', String(lineage.code_version).slice(0, 12))) : null),
          el('td', timeEl(v.created_at, true)));
      })))) : el('p.muted', 'No versions.'))));
}

export async function renderMonitoring(main, name) {
  replace(main, el('div.page', el('h1', 'Monitoring'), spinner()));
  let models;
  try {
    models = await fetchModels();
  } catch (e) {
    replace(main, el('div.page', el('h1', 'Monitoring'), errorBox(e)));
    return;
  }
  if (!models || !models.length) {
    replace(main, el('div.page', el('h1', 'Monitoring'), models ? emptyState('No models registered', 'Monitoring starts once a model is registered and scoring.') : notAvailable()));
    return;
  }
  const chosen = name || models[0].name;
  const picker = el('select#monitoring-model', { 'aria-label': 'Model' },
    models.map(m => el('option', { value: m.name, selected: m.name === chosen }, m.name)));
  picker.addEventListener('change', () => { location.hash = '#/ml/monitoring/' + enc(picker.value); });
  const content = el('div', spinner());
  replace(main, el('div.page',
    el('div.title-row', el('h1', 'Monitoring'), el('div.spacer'), el('label.inline', { for: 'monitoring-model' }, 'Model '), picker),
    el('p.muted', 'Share of URLs predicted phishing per scoring window and model version; a ratio far from the '
      + 'training data raises a warning or an alert.'),
    content));
  let results;
  try {
    results = listOf(await get('/api/ml/models/' + enc(chosen) + '/monitoring'), 'results', 'monitoring', 'items');
  } catch (e) {
    replace(content, e.status === 404 ? emptyState('No monitoring results', 'No scoring window has been evaluated for ' + chosen + ' yet.') : errorBox(e));
    return;
  }
  if (!results.length) {
    replace(content, emptyState('No monitoring results', 'No scoring window has been evaluated for ' + chosen + ' yet.'));
    return;
  }
  const windowEnd = r => r.window_end || r.window?.end || r.end || (typeof r.window === 'string' ? r.window : null) || r.created_at;
  const windowText = r => typeof r.window === 'string' ? r.window
    : (r.window_start || r.window?.start) ? fmtDate(r.window_start || r.window.start, true) + ' → ' + fmtDate(windowEnd(r), true) : fmtDate(windowEnd(r), true);
  results.sort((a, b) => String(windowEnd(a)).localeCompare(String(windowEnd(b))));
  const byVersion = new Map();
  results.forEach(r => {
    const key = String(r.model_version ?? '?');
    if (!byVersion.has(key)) byVersion.set(key, []);
    byVersion.get(key).push(r);
  });
  const canvas = el('canvas#monitoring-chart', { role: 'img', 'aria-label': 'Predicted phishing ratio over time by model version' });
  const counts = { ok: 0, warn: 0, alert: 0 };
  results.forEach(r => { if (r.state in counts) counts[r.state]++; });
  replace(content,
    el('div.meta', Object.entries(counts).map(([state, n]) => el('span.chip.monitor-' + state, MONITOR_STATES[state].icon + ' ' + n + ' ' + state))),
    el('section.card', el('div.chart-box.tall', canvas)),
    el('section.card', el('h2', 'Windows'), el('div.table-scroll', el('table.table.compact',
      el('thead', el('tr', el('th', 'Window'), el('th', 'Model version'), el('th', 'Ratio'), el('th', 'State'))),
      el('tbody', [...results].reverse().map(r => el('tr',
        el('td', windowText(r)), el('td', 'v' + (r.model_version ?? '?')),
        el('td', typeof r.ratio === 'number' ? (r.ratio * 100).toFixed(1) + ' %' : '—'),
        el('td', el('span.monitor-state.monitor-' + (r.state || 'ok'), (MONITOR_STATES[r.state]?.icon || '?') + ' ' + (r.state || '—'))))))))));
  if (!window.Chart) return;
  const labels = [...new Set(results.map(windowEnd))];
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: labels.map(l => fmtDate(l, true)),
      datasets: [...byVersion.entries()].map(([version, rows], i) => ({
        label: 'v' + version,
        data: labels.map(l => rows.find(r => windowEnd(r) === l)?.ratio ?? null),
        borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
        spanGaps: true, tension: 0.2,
        pointStyle: labels.map(l => ({ alert: 'crossRot', warn: 'triangle' })[rows.find(r => windowEnd(r) === l)?.state] || 'circle'),
        pointRadius: labels.map(l => rows.find(r => windowEnd(r) === l)?.state === 'ok' ? 3 : 7),
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: 'predicted phishing ratio' } } },
      plugins: { tooltip: { callbacks: { afterLabel: c => {
        const rows = byVersion.get(c.dataset.label.slice(1));
        const row = rows.find(r => fmtDate(windowEnd(r), true) === c.label);
        return row ? 'state: ' + row.state : '';
      } } } },
    },
  });
}
