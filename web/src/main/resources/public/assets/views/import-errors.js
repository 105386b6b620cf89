// Files in the DAGs folder that failed to load, each with its message (GET /api/v2/importErrors).
import { get, query, poll, onLiveEvent } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, emptyState } from '../ui.js';

export function render(main) {
  const list = el('div', spinner());
  const count = el('span.muted.count');
  replace(main, el('div.page',
    el('div.page-head', el('h1', 'Import errors'), count),
    el('p.muted', 'DAG files that failed to load: every error found in the file, each with its line, column and reason. '
      + 'As dag-factory does, one broken DAG keeps its whole file from loading; other files still load. Save a fix and '
      + 'this page updates within a second.'),
    list));
  let shown = '';
  async function load() {
    try {
      const body = await get('/api/v2/importErrors' + query({ limit: 100, order_by: 'filename' }));
      const signature = JSON.stringify(body);
      if (signature === shown) return;
      shown = signature;
      count.textContent = body.total_entries + ' file' + (body.total_entries === 1 ? '' : 's');
      replace(list, body.import_errors.length ? el('ul.import-errors', body.import_errors.map(error => el('li.card.import-error',
        el('div.import-error-head', el('span.icon.warn-icon', { 'aria-hidden': 'true' }, '⚠'),
          el('code.filename', error.filename), el('div.spacer'), el('small.muted', 'seen ', timeEl(error.timestamp, true))),
        el('pre.stack', error.stack_trace)))) : emptyState('No import errors', 'Every DAG file in the folder loaded.'));
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  load();
  const off = onLiveEvent('dag_files', () => load());
  const stop = poll(load, 15000, 5000);
  return () => { off(); stop(); };
}
