// What the loader found in the DAG files: import errors (GET /api/v2/importErrors) and DAG warnings
// (GET /ui/dagWarnings: /api/v2/dagWarnings with the loader's own warnings). Both pages update as soon as the
// server reports a change (event 'dag_files').
import { get, query, poll, onLiveEvent } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, emptyState, enc } from '../ui.js';

const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');

export function renderImportErrors(main) {
  return listPage(main, {
    title: 'Import errors',
    intro: 'DAG files that failed to load: every error found in the file, each with its line, column and reason. '
      + 'As dag-factory does, one broken DAG keeps its whole file from loading; other files still load. Save a fix '
      + 'and this page updates within a second.',
    path: '/api/v2/importErrors' + query({ limit: 100, order_by: 'filename' }),
    items: body => body.import_errors,
    count: body => plural(body.total_entries, 'file'),
    item: error => el('li.card.import-error',
      el('div.import-error-head', el('span.icon.warn-icon', { 'aria-hidden': 'true' }, '⚠'),
        el('code.filename', error.filename), el('div.spacer'), el('small.muted', 'seen ', timeEl(error.timestamp, true))),
      el('pre.stack', error.stack_trace)),
    empty: emptyState('No import errors', 'Every DAG file in the folder loaded.'),
  });
}

export function renderDagWarnings(main) {
  return listPage(main, {
    title: 'DAG warnings',
    intro: 'The DAGs load, but something in their files is ignored or looks like a mistake (an unknown key, a '
      + 'spelling dag-factory removed). Each warning names the file and line; save a fix and this page updates '
      + 'within a second.',
    // /ui/dagWarnings: also the loader's own warning type ("dag config"), which /api/v2 leaves out as outside
    // Airflow's enum
    path: '/ui/dagWarnings' + query({ limit: 100, order_by: 'dag_id' }),
    items: body => body.dag_warnings,
    count: body => plural(body.total_entries, 'warning'),
    item: warning => el('li.card.dag-warning',
      el('div.import-error-head', el('span.icon', { 'aria-hidden': 'true' }, 'ℹ'),
        el('a', { href: '#/dags/' + enc(warning.dag_id) }, warning.dag_display_name),
        el('code.filename', warning.filename + (warning.line ? ':' + warning.line : '')),
        el('div.spacer'), el('small.muted', 'seen ', timeEl(warning.timestamp, true))),
      el('p.warning-message', warning.message)),
    empty: emptyState('No DAG warnings', 'Every key in the DAG files is understood.'),
  });
}

/** A page listing what one endpoint returns, redrawn only when it changed. Returns the cleanup function. */
function listPage(main, page) {
  const list = el('div', spinner());
  const count = el('span.muted.count');
  replace(main, el('div.page', el('div.page-head', el('h1', page.title), count), el('p.muted', page.intro), list));
  let shown = '';
  async function load() {
    try {
      const body = await get(page.path);
      const items = page.items(body);
      // timestamps change at every reload of the folder; the content is what matters
      const signature = JSON.stringify(items.map(({ timestamp, ...rest }) => rest));
      if (signature === shown) return;
      shown = signature;
      count.textContent = page.count(body);
      replace(list, items.length ? el('ul.import-errors', items.map(page.item)) : page.empty);
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  load();
  const off = onLiveEvent('dag_files', () => load());
  const stop = poll(load, 15000, 5000);
  return () => { off(); stop(); };
}
