// What the loader accepted but ignores or doubts in DAG files (GET /api/v2/dagWarnings), e.g. an unknown key.
import { get, query, poll, onLiveEvent } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, emptyState, enc } from '../ui.js';

export function render(main) {
  const list = el('div', spinner());
  const count = el('span.muted.count');
  replace(main, el('div.page',
    el('div.page-head', el('h1', 'DAG warnings'), count),
    el('p.muted', 'The DAGs load, but something in their files is ignored or looks like a mistake (an unknown key, a '
      + 'spelling dag-factory removed). Each warning names the file and line; save a fix and this page updates within '
      + 'a second.'),
    list));
  let shown = '';
  async function load() {
    try {
      const body = await get('/api/v2/dagWarnings' + query({ limit: 100, order_by: 'dag_id' }));
      const signature = JSON.stringify(body.dag_warnings.map(w => [w.dag_id, w.message, w.filename, w.line]));
      if (signature === shown) return;
      shown = signature;
      count.textContent = body.total_entries + ' warning' + (body.total_entries === 1 ? '' : 's');
      replace(list, body.dag_warnings.length ? el('ul.import-errors', body.dag_warnings.map(warning => el('li.card.dag-warning',
        el('div.import-error-head', el('span.icon', { 'aria-hidden': 'true' }, 'ℹ'),
          el('a', { href: '#/dags/' + enc(warning.dag_id) }, warning.dag_display_name),
          el('code.filename', warning.filename + (warning.line ? ':' + warning.line : '')),
          el('div.spacer'), el('small.muted', 'seen ', timeEl(warning.timestamp, true))),
        el('p.warning-message', warning.message)))) : emptyState('No DAG warnings', 'Every key in the DAG files is understood.'));
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  load();
  const off = onLiveEvent('dag_files', () => load());
  const stop = poll(load, 15000, 5000);
  return () => { off(); stop(); };
}
