// Monitoring of a deployed model (/api/ml/models/{name}/monitoring, README "ML pipelines"): the latest window's
// state with its reasons, every test with its effect size and Benjamini-Hochberg adjusted p-value, the
// predicted-phishing ratio per window and version, precision / recall / false-positive rate from fed-back labels,
// and every window. The page is live: it redraws when a DAG run finishes (the live events; the monitoring DAG
// writes the windows), and polls while the event stream is down.
import { get, onLive, poll } from '../api.js';
import { el, replace, errorBox, spinner, enc, emptyState, debounce, timeEl } from '../ui.js';
import { num, pValue, fmtWhen, monitorBadge, fetchModels, notAvailable, noModels, MONITOR_STATES, PALETTE } from './ml.js';

const REFRESH_MS = 30_000;
const LABEL_METRICS = [['precision', 'precision'], ['recall', 'recall'], ['false_positive_rate', 'FPR']];

export async function renderMonitoring(main, name) {
  const hash = location.hash;
  let stopped = false;
  const refresh = () => { if (!stopped && location.hash === hash) draw(main, name, hash, true); };
  const refreshSoon = debounce(refresh, 500);
  const off = onLive(event => {
    if (event.runs.some(run => run.state === 'success' || run.state === 'failed')) refreshSoon();
  });
  // the windows only change when a monitoring run finishes: the live events say so; polling covers a dropped stream
  const stop = poll(refresh, 10 * REFRESH_MS, REFRESH_MS);
  await draw(main, name, hash, false);
  return () => { stopped = true; off(); stop(); };
}

async function draw(main, name, hash, refreshing) {
  if (!refreshing) replace(main, el('div.page', el('h1', 'Monitoring'), spinner()));
  let models;
  try {
    models = await fetchModels();
  } catch (e) {
    replace(main, el('div.page', el('h1', 'Monitoring'), errorBox(e)));
    return;
  }
  if (!models || !models.length) {
    replace(main, el('div.page', el('h1', 'Monitoring'), models ? noModels() : notAvailable()));
    return;
  }
  const chosen = name || models[0].name;
  let results;
  try {
    results = (await get('/api/ml/models/' + enc(chosen) + '/monitoring?limit=200')).monitoring || [];
  } catch (e) {
    results = e;
  }
  if (location.hash !== hash) return; // the user moved on while this loaded
  const picker = el('select#monitoring-model', { 'aria-label': 'Model' },
    models.map(m => el('option', { value: m.name, selected: m.name === chosen }, m.name)));
  picker.addEventListener('change', () => { location.hash = '#/ml/monitoring/' + enc(picker.value); });
  replace(main, el('div.page.monitoring-page',
    el('div.title-row', el('h1', 'Monitoring'), el('div.spacer'),
      el('label.inline', { for: 'monitoring-model' }, 'Model'), picker,
      el('a.button', { href: '#/ml/models/' + enc(chosen) }, 'Registry')),
    el('p.muted.lead', 'Each window against the reference window before it: the share of URLs predicted phishing '
      + '(two-proportion z test, per version and overall; versions against each other by chi-square), with the '
      + 'difference in ratio and Cramér\'s V beside each p-value, Benjamini-Hochberg adjusted across the tests of the '
      + 'window; the score distribution by PSI on fixed bins. An alert needs several alert-level windows in a row. '
      + 'Fed-back labels give precision, recall and false-positive rate.'),
    results instanceof Error
      ? (results.status === 404 ? emptyState('Model not found', 'No registered model is called ' + chosen + '.') : errorBox(results))
      : !results.length ? emptyState('No monitoring results',
        'No window has been evaluated for ' + chosen + ' yet: unpause or trigger its monitoring DAG (phishing_monitoring).')
        : content(results),
    el('p.muted.small.refresh-note', 'Live: redrawn when a DAG run finishes (every ' + REFRESH_MS / 1000
      + ' s while live updates are down); last drawn ', el('span#monitoring-drawn', timeEl(new Date().toISOString())), '.')));
}

function content(results) {
  const ordered = [...results].sort((a, b) => String(a.window_end).localeCompare(String(b.window_end)) || a.id - b.id);
  const latest = ordered[ordered.length - 1];
  const stats = latest.statistics || {};
  const counts = Object.fromEntries(Object.keys(MONITOR_STATES).map(s => [s, 0]));
  results.forEach(r => { if (r.state in counts) counts[r.state]++; });
  const versions = [...new Set(ordered.flatMap(r => Object.keys(r.statistics?.by_version || {})))].sort((a, b) => a - b);
  // windows shorter than an hour (tests, fast schedules) need seconds to be told apart
  const short = ordered.some(r => new Date(r.window_end) - new Date(r.window_start) < 3600_000);
  const windowText = r => {
    const start = fmtWhen(r.window_start, short);
    const end = fmtWhen(r.window_end, short);
    return start + ' → ' + (new Date(r.window_start).toDateString() === new Date(r.window_end).toDateString()
      ? end.replace(/^.*?, /, '') : end);
  };
  const ratioCanvas = el('canvas#monitoring-chart', { role: 'img', 'aria-label': 'Predicted phishing ratio per window and model version' });
  const labelCanvas = el('canvas#labels-chart', { role: 'img', 'aria-label': 'Precision, recall and false-positive rate per window from fed-back labels' });
  const labelled = ordered.some(r => Object.keys(r.statistics?.labels?.current || {}).length);
  const thresholds = stats.thresholds || {};
  const parts = [
    el('section.card.monitor-latest.monitor-border-' + latest.state, { dataset: { state: latest.state } },
      el('div.title-row', el('h2', 'Latest window'), monitorBadge(latest.state),
        el('span.muted.small', windowText(latest)), el('div.spacer'),
        el('span.meta', Object.entries(counts).filter(([, n]) => n).map(([state, n]) => el('span.chip.monitor-count.monitor-' + state,
          { title: n + ' window' + (n === 1 ? '' : 's') + ' ' + MONITOR_STATES[state].label }, MONITOR_STATES[state].icon + ' ' + n + ' ' + MONITOR_STATES[state].label)))),
      (stats.reasons || []).length ? el('ul.compact.reasons', stats.reasons.map(r => el('li', r))) : null,
      el('div.stat-tiles',
        tile('Predicted phishing', pct(stats.current?.ratio), stats.current ? 'of ' + stats.current.n + ' predictions' + ci(stats.current) : ''),
        tile('Reference', pct(stats.reference?.ratio), stats.reference ? 'of ' + stats.reference.n + ' predictions' + ci(stats.reference) : ''),
        tile('Ratio test', stats.ratio_test ? 'p ' + pValue(stats.ratio_test.p_adjusted) : '—', stats.ratio_test
          ? 'adjusted (raw ' + pValue(stats.ratio_test.p_value) + ') · Δ ' + signed(stats.ratio_test.difference) + ' · V ' + num(stats.ratio_test.cramers_v, 3) : 'not run'),
        tile('Versions', stats.versions_test ? 'p ' + pValue(stats.versions_test.p_adjusted) : '—', stats.versions_test
          ? 'Δ ' + signed(stats.versions_test.difference) + ' · V ' + num(stats.versions_test.cramers_v, 3) : 'fewer than two versions to compare'),
        tile('PSI of scores', num(stats.psi, 3), (stats.psi_bins_source || '') + (thresholds.warn_psi != null ? ' · warn ≥ ' + thresholds.warn_psi + ', alert ≥ ' + thresholds.alert_psi : '')),
        tile('Alert-level in a row', String(stats.consecutive_alert_windows ?? 0), 'alert after ' + (thresholds.alert_after_windows ?? '?') + ' windows')),
      versionTests(stats),
      thresholds.min_predictions != null ? el('p.muted.small.thresholds', 'Thresholds: at least ' + thresholds.min_predictions
        + ' predictions in the window and in the reference; warn at adjusted p < ' + thresholds.warn_p_value + ', alert-level at p < '
        + thresholds.alert_p_value + ' (' + (thresholds.p_value_correction || '') + ').') : null),
    el('section.card',
      el('h2', 'Predicted-phishing ratio by model version'),
      el('div.chart-box.tall', ratioCanvas),
      el('p.muted.small', 'Each point is one window; ✓ ok, ▲ warn, ✕ alert. The dashed line is every version together.')),
    el('section.card.labels-card',
      el('h2', 'Quality from fed-back labels'),
      labelled ? el('div.chart-box.tall', labelCanvas) : el('p.muted#no-labels',
        'No labels yet: POST true labels to /api/ml/models/{name}/feedback with the prediction ids.'),
      labelled ? labelTable(stats) : null),
    el('section.card',
      el('h2', 'Windows'),
      el('div.table-scroll', el('table.table.compact.monitoring-table.stack-on-phone',
        el('thead', el('tr',
          ['Window', 'State'].map(h => el('th', { scope: 'col' }, h)),
          ['Predictions', 'Ratio'].map(h => el('th.num', { scope: 'col' }, h)), versions.map(v => el('th.num', { scope: 'col' }, 'v' + v)),
          ['Δ ratio', 'p adj.', 'PSI'].map(h => el('th.num', { scope: 'col' }, h)), el('th', { scope: 'col' }, 'Run'))),
        el('tbody', [...ordered].reverse().map(r => {
          const s = r.statistics || {};
          return el('tr', { dataset: { id: r.id, state: r.state } },
            el('td', { 'data-label': 'Window' }, windowText(r)),
            el('td', { 'data-label': 'State' }, monitorBadge(r.state)),
            el('td.num', { 'data-label': 'Predictions' }, s.current?.n ?? '—'),
            el('td.num', { 'data-label': 'Ratio' }, pct(s.current?.ratio)),
            versions.map(v => el('td.num', { 'data-label': 'v' + v }, pct(s.by_version?.[v]?.ratio))),
            el('td.num', { 'data-label': 'Δ ratio' }, s.ratio_test ? signed(s.ratio_test.difference) : '—'),
            el('td.num', { 'data-label': 'p adj.' }, s.ratio_test ? pValue(s.ratio_test.p_adjusted) : '—'),
            el('td.num', { 'data-label': 'PSI' }, num(s.psi, 3)),
            el('td', { 'data-label': 'Run' }, r.dag_id && r.run_id ? el('a', { href: '#/dags/' + enc(r.dag_id) + '/runs/' + enc(r.run_id), title: r.run_id }, r.dag_id) : '—'));
        }))))),
  ];
  if (window.Chart) {
    queueMicrotask(() => {
      ratioChart(ratioCanvas, ordered, versions, short);
      if (labelled) labelChart(labelCanvas, ordered, short);
    });
  }
  return parts;
}

function versionTests(stats) {
  const tests = Object.entries(stats.version_ratio_tests || {});
  if (!tests.length) return null;
  return el('div.table-scroll', el('table.table.compact.version-tests',
    el('caption.muted.small', 'Each version against its own reference'),
    el('thead', el('tr', ['Version', 'Ratio [95% Wilson]', 'Δ ratio', 'Cramér\'s V', 'p', 'p adjusted'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', tests.map(([v, t]) => el('tr', { dataset: { version: v } },
      el('td', 'v' + v), el('td', pct(stats.by_version?.[v]?.ratio) + ci(stats.by_version?.[v] || {})),
      el('td', signed(t.difference)), el('td', num(t.cramers_v, 3)), el('td', pValue(t.p_value)), el('td', pValue(t.p_adjusted)))))));
}

function labelTable(stats) {
  const rows = [['window', stats.labels?.current || {}], ['reference', stats.labels?.reference || {}]]
    .flatMap(([where, byVersion]) => Object.entries(byVersion).map(([v, m]) => ({ where, v, m })));
  if (!rows.length) return el('p.muted.small', 'The latest window has no labelled prediction yet.');
  return el('div.table-scroll', el('table.table.compact.label-metrics',
    el('thead', el('tr', ['Window', 'Version', 'Labelled', ...LABEL_METRICS.map(([, l]) => l + ' [95%]')].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', rows.map(({ where, v, m }) => el('tr', { dataset: { version: v, where } },
      el('td', where), el('td', 'v' + v), el('td', String(m.labelled)),
      LABEL_METRICS.map(([key]) => el('td', pct(m[key]?.ratio) + ci(m[key] || {}))))))));
}

function ratioChart(canvas, ordered, versions, short) {
  const pointStyle = state => ({ alert: 'crossRot', warn: 'triangle' })[state] || 'circle';
  const stateColour = state => ({ alert: '#dc2626', warn: '#ca8a04', insufficient_data: '#9ca3af' })[state] || '#6b7280';
  const datasets = versions.map((v, i) => ({
    label: 'v' + v, data: ordered.map(r => asPct(r.statistics?.by_version?.[v]?.ratio)),
    borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: true, tension: 0.2, pointRadius: 5,
  }));
  datasets.push({
    label: 'all versions', data: ordered.map(r => asPct(r.statistics?.current?.ratio)),
    borderColor: '#6b7280', backgroundColor: ordered.map(r => stateColour(r.state)), borderDash: [5, 4], spanGaps: true, tension: 0.2,
    pointStyle: ordered.map(r => pointStyle(r.state)), pointRadius: ordered.map(r => r.state === 'ok' ? 4 : 8), pointBorderWidth: 2,
    pointBorderColor: ordered.map(r => stateColour(r.state)),
  });
  chart(canvas, ordered, short, datasets, '% predicted phishing');
}

function labelChart(canvas, ordered, short) {
  const versions = [...new Set(ordered.flatMap(r => Object.keys(r.statistics?.labels?.current || {})))].sort((a, b) => a - b);
  const dashes = { precision: [], recall: [6, 3], false_positive_rate: [2, 3] };
  const datasets = versions.flatMap((v, i) => LABEL_METRICS.map(([key, label]) => ({
    label: 'v' + v + ' ' + label, data: ordered.map(r => asPct(r.statistics?.labels?.current?.[v]?.[key]?.ratio)),
    borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], borderDash: dashes[key],
    spanGaps: true, tension: 0.2, pointRadius: 4,
  })));
  chart(canvas, ordered, short, datasets, '% (of labelled predictions)');
}

function chart(canvas, ordered, short, datasets, axis) {
  new Chart(canvas, {
    type: 'line',
    data: { labels: ordered.map(r => fmtWhen(r.window_end, short)), datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: axis }, ticks: { callback: v => v + ' %' } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: {
          label: c => c.dataset.label + ': ' + (c.parsed.y == null ? '—' : c.parsed.y.toFixed(1) + ' %'),
          afterBody: items => { const r = ordered[items[0]?.dataIndex]; return r ? 'state: ' + r.state : ''; },
        } },
      },
    },
  });
}

const asPct = ratio => typeof ratio === 'number' ? ratio * 100 : null;
const pct = ratio => typeof ratio === 'number' ? (ratio * 100).toFixed(1) + ' %' : '—';
const signed = d => typeof d === 'number' ? (d >= 0 ? '+' : '−') + (Math.abs(d) * 100).toFixed(1) + ' pt' : '—';

function ci(proportion) {
  return typeof proportion.lower === 'number'
    ? ' · [' + (proportion.lower * 100).toFixed(1) + ', ' + (proportion.upper * 100).toFixed(1) + '] %' : '';
}

function tile(label, value, sub) {
  return el('div.stat-tile', el('div.stat-label', label), el('div.stat-value', value), sub ? el('div.stat-sub', sub) : null);
}
