// The DAG's source: every stored version (GET dagVersions), the text of one (GET dagSources?version_number=),
// and a line diff between two versions (jsdiff WebJar).
import { get, query } from '../api.js';
import { el, replace, errorBox, spinner, fmtDate, enc, emptyState } from '../ui.js';

export function renderSource(container, { dagId, query: q = {} }) {
  const left = el('select#source-version', { 'aria-label': 'Version shown' });
  const right = el('select#source-compare', { 'aria-label': 'Compare with version' });
  const view = el('div.source-view', spinner());
  const info = el('span.muted.small');
  replace(container, el('div.source-panel',
    el('div.source-toolbar',
      el('label.inline', { for: 'source-version' }, 'Version '), left,
      el('label.inline', { for: 'source-compare' }, 'compared with '), right, info),
    view));

  const cache = new Map();
  const source = async number => {
    if (!cache.has(number)) {
      cache.set(number, get('/api/v2/dagSources/' + enc(dagId) + query({ version_number: number })).then(body => body.content || ''));
    }
    return cache.get(number);
  };

  let versions = [];
  (async () => {
    try {
      const body = await get('/api/v2/dags/' + enc(dagId) + '/dagVersions' + query({ order_by: '-version_number', limit: 100 }));
      versions = body.dag_versions || [];
    } catch (e) {
      replace(view, errorBox(e));
      return;
    }
    if (!versions.length) {
      replace(view, emptyState('No stored source', 'No version of this DAG has been stored.'));
      return;
    }
    const label = v => 'v' + v.version_number + ' · ' + fmtDate(v.created_at, true);
    // ?version=N (from a model's lineage) picks the version shown; else the newest
    const wanted = versions.some(v => String(v.version_number) === String(q.version)) ? Number(q.version) : versions[0].version_number;
    replace(left, versions.map(v => el('option', { value: v.version_number, selected: v.version_number === wanted }, label(v))));
    replace(right, el('option', { value: '' }, 'nothing (show the source)'),
      versions.map(v => el('option', { value: v.version_number }, label(v))));
    show();
  })();

  async function show() {
    const a = Number(left.value);
    const b = right.value === '' ? null : Number(right.value);
    const version = versions.find(v => v.version_number === a);
    info.textContent = version ? ' ' + versions.length + ' version' + (versions.length === 1 ? '' : 's') + ' stored' : '';
    replace(view, spinner());
    try {
      if (b === null || b === a) {
        const text = await source(a);
        replace(view, numbered(text));
      } else {
        const [older, newer] = a < b ? [a, b] : [b, a];
        const [oldText, newText] = await Promise.all([source(older), source(newer)]);
        replace(view, diffView(oldText, newText, older, newer));
      }
    } catch (e) {
      replace(view, errorBox(e));
    }
  }
  left.addEventListener('change', show);
  right.addEventListener('change', show);
}

function numbered(text) {
  const lines = text.replace(/\n$/, '').split('\n');
  return el('pre.code-block', { tabindex: 0, 'aria-label': 'Source' },
    el('code', lines.map((line, i) => el('span.line', el('span.ln', { 'aria-hidden': 'true' }, String(i + 1)), line + '\n'))));
}

function diffView(oldText, newText, older, newer) {
  if (!window.Diff) return errorBox(new Error('The diff library did not load'));
  const parts = Diff.diffLines(oldText, newText);
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  const rows = [];
  for (const part of parts) {
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const line of lines) {
      if (part.added) {
        added++;
        rows.push(el('span.line.added', el('span.ln', { 'aria-hidden': 'true' }, ''), el('span.ln', { 'aria-hidden': 'true' }, String(newLine++)),
          el('span.mark', { 'aria-label': 'added' }, '+'), line + '\n'));
      } else if (part.removed) {
        removed++;
        rows.push(el('span.line.removed', el('span.ln', { 'aria-hidden': 'true' }, String(oldLine++)), el('span.ln', { 'aria-hidden': 'true' }, ''),
          el('span.mark', { 'aria-label': 'removed' }, '−'), line + '\n'));
      } else {
        rows.push(el('span.line', el('span.ln', { 'aria-hidden': 'true' }, String(oldLine++)), el('span.ln', { 'aria-hidden': 'true' }, String(newLine++)),
          el('span.mark', ' '), line + '\n'));
      }
    }
  }
  return el('div',
    el('p.diff-summary', 'v' + older + ' → v' + newer + ': ', el('span.added-count', '+' + added), ' ', el('span.removed-count', '−' + removed), ' lines'),
    el('pre.code-block.diff', { tabindex: 0, 'aria-label': 'Differences' }, el('code', rows)));
}
