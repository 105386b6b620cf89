// The audit log (GET /api/v2/eventLogs): who changed what, when, on which DAG, run and task, and from where;
// filtered by DAG, event and user, newest first, 50 to a page.
import { get, query, poll } from '../api.js';
import { el, replace, pagerButtons, timeEl, errorBox, spinner, emptyState, debounce, enc } from '../ui.js';
import { browseTabs } from './browse.js';
import { loadDagZones } from '../time.js';

const PAGE = 50;

export function render(main, params, q) {
  const filters = { dag: q.dag_id || '', event: q.event || '', owner: q.owner || '', offset: Number(q.offset || 0) };
  const list = el('div.table-scroll', { 'aria-live': 'polite', 'aria-busy': 'true' }, spinner());
  const pager = el('div.pager');
  const count = el('span.muted.count');
  const input = (id, label, value) => el('input.search', { type: 'search', id, placeholder: label, value, 'aria-label': label });
  const dagInput = input('audit-dag', 'DAG id contains', filters.dag);
  const eventInput = input('audit-event', 'Event contains', filters.event);
  const ownerInput = input('audit-owner', 'User contains', filters.owner);

  async function load() {
    try {
      const body = await get('/api/v2/eventLogs' + query({
        dag_id_pattern: filters.dag || undefined, event_pattern: filters.event || undefined,
        owner_pattern: filters.owner || undefined, order_by: '-id', limit: PAGE, offset: filters.offset,
      }));
      await loadDagZones(body.event_logs.map(event => event.dag_id));
      draw(body);
    } catch (e) {
      replace(list, errorBox(e));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function draw(body) {
    count.textContent = body.total_entries + ' event' + (body.total_entries === 1 ? '' : 's');
    if (!body.event_logs.length) {
      replace(list, emptyState('No events', 'Changes made through the API, the web UI or the CLI are listed here.'));
      replace(pager);
      return;
    }
    replace(list, el('table.table.compact.audit-table',
      el('thead', el('tr', ['When', 'Event', 'User', 'DAG', 'Run', 'Task', 'From', 'Details']
        .map(title => el('th', { scope: 'col' }, title)))),
      el('tbody', body.event_logs.map(row))));
    pagerButtons(pager, body.total_entries, filters.offset, PAGE, go, ['← Newer', 'Older →']);
  }

  function row(event) {
    const extra = parse(event.extra);
    const from = extra.client_address || extra.host_name || '';
    const details = Object.entries(extra).filter(([key]) => !['client_address', 'host_name', 'method'].includes(key))
      .map(([key, value]) => key + '=' + (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
    return el('tr',
      el('td', timeEl(event.when, false, event.dag_id)),
      el('td', el('code', event.event)),
      el('td', event.owner || ''),
      el('td', event.dag_id ? el('a', { href: '#/dags/' + enc(event.dag_id) }, event.dag_id) : ''),
      el('td', event.run_id && event.dag_id
        ? el('a', { href: '#/dags/' + enc(event.dag_id) + '/runs/' + enc(event.run_id) }, event.run_id) : (event.run_id || '')),
      el('td', event.task_id || ''),
      el('td', from),
      el('td.audit-details', details));
  }

  function parse(text) {
    try { return text ? JSON.parse(text) : {}; } catch { return { extra: text }; }
  }

  function go(offset) {
    filters.offset = Math.max(0, offset);
    history.replaceState(null, '', '#/audit-log' + query({
      dag_id: filters.dag || undefined, event: filters.event || undefined, owner: filters.owner || undefined,
      offset: filters.offset || undefined,
    }));
    load();
  }

  const onFilter = debounce(() => {
    filters.dag = dagInput.value.trim();
    filters.event = eventInput.value.trim();
    filters.owner = ownerInput.value.trim();
    go(0);
  }, 250);
  [dagInput, eventInput, ownerInput].forEach(field => field.addEventListener('input', onFilter));

  replace(main, el('div.page',
    el('div.page-head', el('h1', 'Audit log'), count),
    browseTabs('audit-log'),
    el('p.muted', 'Every change made through the API, the web UI or the CLI: who, when, what and from where. '
      + 'Secrets in the details are shown as ***.'),
    el('div.filters', { role: 'search' }, dagInput, eventInput, ownerInput),
    list, pager));
  load();
  return poll(load, 15000, 5000);
}
