// ML pages over /api/ml/models (README "ML pipelines"): the model registry (versions, champion/challenger aliases,
// status, held-out metrics with bootstrap intervals, the promotion gate's decision, lineage to the DAG run, data
// hash, DAG version and code version; promote and roll back for op and admin) and monitoring (the predicted-
// phishing ratio per window and model version: views/ml-monitoring.js).
import { get, post, session } from '../api.js';
import { modelCard } from './ml-card.js';
import { el, replace, errorBox, spinner, timeEl, enc, emptyState, fmtDate, confirmDialog, toast } from '../ui.js';

export const MONITOR_STATES = {
  ok: { icon: '✓', label: 'ok' },
  warn: { icon: '⚠', label: 'warn' },
  alert: { icon: '✕', label: 'alert' },
  insufficient_data: { icon: '…', label: 'insufficient data' },
};
const VERSION_STATUS = {
  production: { icon: '★', label: 'production' },
  candidate: { icon: '◇', label: 'candidate' },
  rejected: { icon: '✕', label: 'rejected' },
  archived: { icon: '▪', label: 'archived' },
};
/** The gate's rules (plugins: PromotionGate), in words. */
const GATE_RULES = {
  first_model: 'first model: only the floors apply',
  below_floors: 'below the floors',
  worse: 'significantly worse than the champion',
  superior: 'significantly better than the champion',
  non_inferior: 'non-inferior within the margin, and worth deploying',
  no_improvement: 'not better, and nothing changed: the champion stays',
  inconclusive: 'may be worse by more than the margin: the champion stays',
};
const HEADLINE_METRICS = [['auc', 'AUC'], ['accuracy', 'Accuracy'], ['f1', 'F1']];
const OTHER_METRICS = [['precision', 'Precision'], ['recall', 'Recall']];
export const PALETTE = ['#0f766e', '#7c3aed', '#ea580c', '#2563eb', '#db2777', '#65a30d', '#0891b2', '#a16207'];

/** Promote and roll back are op and admin calls; other roles see no such button. */
const canPromote = () => ['op', 'admin'].includes(session.role);

export async function fetchModels() {
  try {
    return (await get('/api/ml/models')).models || [];
  } catch (e) {
    if (e.status === 404 || e.status === 405) return null; // a service without the registry API
    throw e;
  }
}

export function notAvailable() {
  return emptyState('No model registry', 'This service answers no model registry at /api/ml/models.');
}

export function noModels() {
  return emptyState('No models registered',
    'Models appear here once an ML pipeline (such as phishing_url_pipeline) has registered a version.',
    el('a.button', { href: '#/dags/phishing_url_pipeline' }, 'Open phishing_url_pipeline'));
}

const newestFirst = versions => [...(versions || [])].sort((a, b) => b.version - a.version);

export function num(value, digits = 4) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function pValue(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return value < 0.001 ? value.toExponential(1) : value.toFixed(4);
}

/** Windows shorter than a minute need the seconds: the full date then, else the short one. */
export function fmtWhen(iso, seconds) {
  return fmtDate(iso, !seconds);
}

function short(hash, n = 12) {
  return hash ? el('code', { title: hash }, String(hash).slice(0, n) + (String(hash).length > n ? '…' : '')) : el('span.muted', '—');
}

function aliasChips(aliases) {
  return (aliases || []).slice().sort().map(alias => el('span.chip.alias.alias-' + alias, { title: 'alias ' + alias },
    alias === 'champion' ? '♛ ' : '', alias));
}

function statusBadge(status) {
  const s = VERSION_STATUS[status] || { icon: '?', label: status || 'unknown' };
  return el('span.badge.version-status.status-' + (status || 'unknown'), { dataset: { status: status || '' } },
    el('span.icon', { 'aria-hidden': 'true' }, s.icon), ' ', s.label);
}

function decisionBadge(validation) {
  const decision = validation?.decision;
  if (!decision) return el('span.muted', '—');
  const promote = decision === 'promote';
  return el('span.badge.gate.gate-' + decision, { title: validation.summary || decision, dataset: { decision } },
    el('span.icon', { 'aria-hidden': 'true' }, promote ? '✓' : '✕'), ' ', promote ? 'promote' : decision);
}

export function monitorBadge(state) {
  const s = MONITOR_STATES[state] || { icon: '?', label: state || 'unknown' };
  return el('span.badge.monitor-badge.monitor-' + (state || 'unknown'), { dataset: { state: state || '' } },
    el('span.icon', { 'aria-hidden': 'true' }, s.icon), ' ', s.label);
}

/** A metric and its 95% bootstrap interval when the registry has one. */
function metricValue(version, key) {
  const value = version.metrics?.[key];
  const ci = version.metrics?.intervals_95?.[key];
  return el('span.metric', { dataset: { metric: key } }, el('span.metric-value', num(value)),
    ci && typeof ci.lower === 'number' ? el('span.ci', { title: '95% bootstrap interval' }, '[' + num(ci.lower, 3) + ', ' + num(ci.upper, 3) + ']') : null);
}

const runHref = lineage => '#/dags/' + enc(lineage.dag_id) + '/runs/' + enc(lineage.run_id);

// -------------------------------------------------------------------------------------------------- model list

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
    !models ? notAvailable() : !models.length ? noModels()
      : el('div.model-cards', models.map(model => {
        const versions = newestFirst(model.versions);
        const champion = versions.find(v => v.version === model.aliases?.champion);
        const shown = champion || versions[0];
        return el('a.card.model-card', { href: '#/ml/models/' + enc(model.name), dataset: { model: model.name } },
          el('div.model-card-head', el('h2', model.name),
            el('span.muted.small', versions.length + ' version' + (versions.length === 1 ? '' : 's'))),
          el('div.meta', Object.entries(model.aliases || {}).sort().map(([alias, version]) =>
            el('span.chip.alias.alias-' + alias, alias === 'champion' ? '♛ ' : '', alias + ' v' + version))),
          shown ? el('div.card-metrics',
            el('div.muted.small', (champion ? 'Champion' : 'Latest') + ' v' + shown.version + ' · ' + (shown.algorithm || '')
              + ' · ' + fmtDate(shown.created_at, true)),
            el('dl.metric-grid', HEADLINE_METRICS.map(([key, label]) => el('div', el('dt', label), el('dd', metricValue(shown, key))))))
            : null);
      }))));
}

// ------------------------------------------------------------------------------------------------- one model

export async function renderModel(main, name, q = {}) {
  replace(main, el('div.page', el('h1', name), spinner()));
  let model;
  try {
    model = await get('/api/ml/models/' + enc(name));
  } catch (e) {
    const missing = e.status === 404;
    replace(main, el('div.page', el('nav.crumbs', el('a', { href: '#/ml/models' }, 'ML models')), el('h1', name),
      missing ? emptyState('Model not found', 'No registered model is called ' + name + '.') : errorBox(e)));
    return;
  }
  const versions = newestFirst(model.versions);
  const champion = model.aliases?.champion;
  const selected = versions.find(v => String(v.version) === String(q.version))
    || versions.find(v => v.version === champion) || versions[0];
  const base = '#/ml/models/' + enc(name);
  const reload = () => renderModel(main, name, q);

  async function promote(version) {
    const current = champion ? 'v' + champion + ' stops serving and is archived; ' : '';
    const warn = version.status === 'rejected' ? ' The promotion gate rejected this version: ' + (version.validation?.summary || '') : '';
    const ok = await confirmDialog('Promote ' + name + ' v' + version.version + '?',
      current + 'v' + version.version + ' becomes the champion and serves every prediction from now on.' + warn,
      'Promote v' + version.version, version.status === 'rejected');
    if (!ok) return;
    try {
      const moved = await post('/api/ml/models/' + enc(name) + '/promote', { version: version.version });
      toast('v' + moved.champion + ' of ' + name + ' is the champion', 'success');
    } catch (e) {
      toast('Could not promote: ' + e.message, 'error');
    }
    await reload();
  }

  async function rollback() {
    const ok = await confirmDialog('Roll back ' + name + '?',
      'The champion before v' + champion + '\'s promotion serves again; v' + champion + ' is archived.', 'Roll back', true);
    if (!ok) return;
    try {
      const moved = await post('/api/ml/models/' + enc(name) + '/rollback');
      toast('Rolled back: v' + moved.champion + ' of ' + name + ' is the champion', 'success');
    } catch (e) {
      toast('Could not roll back: ' + e.message, 'error');
    }
    await reload();
  }

  const detail = el('section.card.version-detail', { 'aria-live': 'polite' });
  replace(main, el('div.page.model-page',
    el('nav.crumbs', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/ml/models' }, 'ML models'), el('span', { 'aria-hidden': 'true' }, ' / '),
      el('span', { 'aria-current': 'page' }, name)),
    el('div.title-row', el('h1', name),
      el('div.meta.aliases', Object.entries(model.aliases || {}).sort().map(([alias, version]) =>
        el('span.chip.alias.alias-' + alias, { dataset: { alias } }, alias === 'champion' ? '♛ ' : '', alias + ' v' + version))),
      el('div.spacer'),
      el('a.button', { href: '#/ml/monitoring/' + enc(name) }, '◔ Monitoring'),
      canPromote() && champion && (model.alias_history || []).some(h => h.alias === 'champion' && h.previous_version != null)
        ? el('button.button.danger#rollback-button', { type: 'button', onclick: rollback }, '↶ Roll back') : null),
    el('section.card',
      el('h2', 'Versions'),
      el('div.table-scroll', el('table.table.compact.versions-table.stack-on-phone',
        el('thead', el('tr',
          el('th', { scope: 'col' }, 'Version'), el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Algorithm'),
          HEADLINE_METRICS.map(([, label]) => el('th.num', { scope: 'col' }, label)),
          el('th', { scope: 'col' }, 'Gate'), el('th', { scope: 'col' }, 'Run'), el('th', { scope: 'col' }, 'Created'),
          canPromote() ? el('th', { scope: 'col' }, el('span.sr-only', 'Actions')) : null)),
        el('tbody', versions.map(v => el('tr', {
          dataset: { version: v.version }, class: v === selected ? 'selected' : null,
        },
          el('td.version-cell', { 'data-label': 'Version' }, el('span', el('a.version-link', { href: base + '?version=' + v.version, 'aria-current': v === selected ? 'true' : null },
            'v' + v.version), aliasChips(v.aliases))),
          el('td', { 'data-label': 'Status' }, statusBadge(v.status)),
          el('td', { 'data-label': 'Algorithm' }, v.algorithm || '—'),
          HEADLINE_METRICS.map(([key, label]) => el('td.num', { 'data-label': label }, metricValue(v, key))),
          el('td', { 'data-label': 'Gate' }, decisionBadge(v.validation)),
          el('td.run-cell', { 'data-label': 'Run' }, v.lineage?.run_id && v.lineage?.dag_id
            ? el('a.lineage-run', { href: runHref(v.lineage), title: v.lineage.dag_id + ' / ' + v.lineage.run_id }, v.lineage.dag_id) : '—'),
          el('td', { 'data-label': 'Created' }, timeEl(v.created_at, true)),
          canPromote() ? el('td.actions-cell', v.version !== champion
            ? el('button.button.small.promote', { type: 'button', onclick: () => promote(v), 'aria-label': 'Promote v' + v.version + ' to champion' }, '♛ Promote')
            : el('span.muted.small', 'serving')) : null))))),
    ),
    detail,
    (model.alias_history || []).length ? el('section.card',
      el('h2', 'Alias history'),
      el('div.table-scroll', el('table.table.compact.alias-history.stack-on-phone',
        el('thead', el('tr', ['When', 'Alias', 'Change', 'By'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', model.alias_history.slice(0, 50).map(h => el('tr',
          el('td', { 'data-label': 'When' }, timeEl(h.changed_at, true)),
          el('td', { 'data-label': 'Alias' }, el('span.chip.alias.alias-' + h.alias, h.alias)),
          el('td', { 'data-label': 'Change' }, h.action + ': ' + (h.previous_version != null ? 'v' + h.previous_version + ' → ' : '') + (h.version != null ? 'v' + h.version : 'none')),
          el('td', { 'data-label': 'By' }, h.actor ? el('code', h.actor) : '—'))))))) : null));
  if (selected) renderVersion(detail, selected);
  else replace(detail, el('p.muted', 'No versions.'));
}

function renderVersion(container, v) {
  const lineage = v.lineage || {};
  const validation = v.validation || {};
  const metrics = v.metrics || {};
  const dagVersion = el('span', lineage.dag_version ? short(lineage.dag_version) : el('span.muted', '—'));
  const confusion = metrics.confusion;
  replace(container,
    el('div.title-row', el('h2', 'Version ' + v.version), statusBadge(v.status), aliasChips(v.aliases)),
    el('div.columns',
      el('div',
        el('h3', 'Held-out metrics'),
        el('dl.kv.metrics-kv', [...HEADLINE_METRICS, ...OTHER_METRICS].map(([key, label]) => [el('dt', label), el('dd', metricValue(v, key))]),
          metrics.test_rows != null ? [el('dt', 'Test rows'), el('dd', String(metrics.test_rows))] : null,
          confusion ? [el('dt', 'Confusion'), el('dd', 'TP ' + confusion.tp + ' · FP ' + confusion.fp + ' · TN ' + confusion.tn + ' · FN ' + confusion.fn)] : null,
          [el('dt', 'Algorithm'), el('dd', v.algorithm || '—')],
          metrics.hyperparameters ? [el('dt', 'Hyperparameters'), el('dd', el('code', Object.entries(metrics.hyperparameters).map(([k, x]) => k + '=' + x).join(', ')))] : null)),
      el('div',
        el('h3', 'Lineage'),
        el('dl.kv.lineage-kv',
          el('dt', 'DAG run'), el('dd', lineage.run_id && lineage.dag_id
            ? el('a#lineage-run-link', { href: runHref(lineage) }, lineage.dag_id + ' / ' + lineage.run_id) : '—'),
          el('dt', 'Task'), el('dd', lineage.task_id && lineage.run_id
            ? el('a', { href: runHref(lineage) + '/tasks/' + enc(lineage.task_id) }, lineage.task_id) : (lineage.task_id || '—')),
          el('dt', 'DAG version'), el('dd', dagVersion),
          el('dt', 'Data SHA-256'), el('dd', lineage.data_sha256 ? el('code.hash', lineage.data_sha256) : '—'),
          el('dt', 'Code version'), el('dd', lineage.code_version ? el('code.hash', lineage.code_version) : '—'),
          el('dt', 'Model file'), el('dd', v.artifact_pruned_at ? el('span.pruned', 'deleted by the retention policy ', timeEl(v.artifact_pruned_at))
            : v.artifact_path ? el('code.hash', v.artifact_path) : '—'),
          el('dt', 'Registered'), el('dd', timeEl(v.created_at))))),
    el('div.gate-box',
      el('h3', 'Promotion gate ', decisionBadge(validation)),
      (validation.reasons || []).length ? el('ul.compact.gate-reasons', validation.reasons.map(r => el('li', r)))
        : validation.summary ? el('p.gate-summary', validation.summary) : null,
      el('dl.kv.small.gate-stats',
        validation.floors ? [el('dt', 'Floors'), el('dd', 'AUC ≥ ' + num(validation.floors.min_auc, 3) + ', accuracy ≥ ' + num(validation.floors.min_accuracy, 3)
          + (validation.floors.passed === false ? ' (not met)' : ' (met)'))] : null,
        validation.champion?.version != null ? [el('dt', 'Compared with'), el('dd', 'champion v' + validation.champion.version
          + (validation.champion.comparison_rows != null ? ' on ' + validation.champion.comparison_rows + ' rows neither trained on' : ''))] : null,
        validation.mcnemar ? [el('dt', 'McNemar'), el('dd', 'p = ' + pValue(validation.mcnemar.pValue ?? validation.mcnemar.p_value)
          + ' (only champion right ' + (validation.mcnemar.onlyChampionCorrect ?? validation.mcnemar.only_champion_correct ?? '?')
          + ', only challenger right ' + (validation.mcnemar.onlyChallengerCorrect ?? validation.mcnemar.only_challenger_correct ?? '?') + ')')] : null,
        validation.paired_auc ? [el('dt', 'AUC difference'), el('dd', num(validation.paired_auc.difference) + ' ['
          + num(validation.paired_auc.lower) + ', ' + num(validation.paired_auc.upper) + '] (challenger − champion)')] : null,
        validation.rule ? [el('dt', 'Rule applied'), el('dd.gate-rule', { dataset: { rule: validation.rule } }, GATE_RULES[validation.rule] || validation.rule)] : null,
        (validation.changes || []).length ? [el('dt', 'What changed'), el('dd.gate-changes', validation.changes.join('; '))] : null,
        validation.policy ? [el('dt', 'Policy'), el('dd.gate-policy', 'α = ' + validation.policy.alpha + ', non-inferiority margin '
          + validation.policy.non_inferiority_margin_auc + ' AUC: ' + validation.policy.rule)] : null)),
    modelCard(v));

  // the DAG version is a content hash; the run knows its number, which the source view shows
  if (lineage.dag_id && lineage.run_id) {
    get('/api/v2/dags/' + enc(lineage.dag_id) + '/dagRuns/' + enc(lineage.run_id)).then(run => {
      const number = (run.dag_versions || [])[0]?.version_number;
      if (number == null) return;
      replace(dagVersion, el('a#lineage-dag-version', { href: '#/dags/' + enc(lineage.dag_id) + '/source?version=' + number },
        lineage.dag_id + ' v' + number), ' ', short(lineage.dag_version));
    }).catch(() => { /* the run was deleted: the hash stays */ });
  }
}
