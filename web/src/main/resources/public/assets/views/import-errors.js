// Files in the DAGs folder that failed to load, each with its message (GET /api/v2/importErrors).
import { get, query, poll } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, emptyState } from '../ui.js';

export function render(main) {
  const list = el('div', spinner());
  const count = el('span.muted.count');
  replace(main, el('div.page',
    el('div.page-head', el('h1', 'Import errors'), count),
    el('p.muted', 'DAG files that failed to load, with the file, line, column and reason. The other files and the other '
      + 'DAGs of the same file still load; fix the file and it is reloaded within a second.'),
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
  return poll(load, 10000, 5000);
}
