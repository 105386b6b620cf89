// The DAG list: filters (name, tag, owner, last run state, paused), pause switches, schedules in words, next run,
// the latest runs as small squares, and a banner when DAG files failed to load.
import { get, query, session, onLive, onLiveEvent, poll } from '../api.js';
import { el, replace, stateBadge, stateSquare, timeEl, fmtRelative, fmtDate, errorBox, spinner, emptyState, debounce, enc, STATES } from '../ui.js';
import { pauseSwitch, triggerDialog } from '../actions.js';

const PAGE = 50;
const STATE_FILTERS = ['success', 'failed', 'running', 'queued', 'none'];

export function render(main, params, q) {
  const filters = {
    name: q.name || '', tags: q.tags ? q.tags.split(',') : [], owners: q.owner || '', state: q.state || '',
    paused: q.paused || '', offset: Number(q.offset || 0),
  };
  const banner = el('div');
  const list = el('div.dag-list', { 'aria-live': 'polite', 'aria-busy': 'true' }, spinner());
  const pager = el('div.pager');
  const nameInput = el('input.search', {
    type: 'search', id: 'dag-search', placeholder: 'Search DAGs', value: filters.name, 'aria-label': 'Search DAGs by id or name',
  });
  const tagSelect = el('select', { id: 'filter-tag', 'aria-label': 'Filter by tag' });
  const ownerSelect = el('select', { id: 'filter-owner', 'aria-label': 'Filter by owner' });
  const stateSelect = el('select', { id: 'filter-state', 'aria-label': 'Filter by last run state' },
    el('option', { value: '' }, 'Any last run'),
    STATE_FILTERS.map(state => el('option', { value: state, selected: filters.state === state },
      state === 'none' ? 'Never run' : 'Last run ' + STATES[state].label)));
  const pausedSelect = el('select', { id: 'filter-paused', 'aria-label': 'Filter by paused' },
    el('option', { value: '' }, 'Active and paused'),
    el('option', { value: 'false', selected: filters.paused === 'false' }, 'Active only'),
    el('option', { value: 'true', selected: filters.paused === 'true' }, 'Paused only'));
  const count = el('span.muted.count');

  let lastBody = null;
  let loading = false;
  let again = false;

  function syncHash() {
    const text = query({
      name: filters.name || undefined, tags: filters.tags.length ? filters.tags.join(',') : undefined,
      owner: filters.owners || undefined, state: filters.state || undefined, paused: filters.paused || undefined,
      offset: filters.offset || undefined,
    });
    history.replaceState(null, '', '#/dags' + text);
  }

  async function load() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      const body = await get('/ui/dags' + query({
        name: filters.name, tags: filters.tags, owners: filters.owners || undefined, state: filters.state,
        paused: filters.paused, limit: PAGE, offset: filters.offset, runs: 14,
      }));
      lastBody = body;
      draw(body);
    } catch (e) {
      replace(list, errorBox(e));
    } finally {
      list.setAttribute('aria-busy', 'false');
      loading = false;
      if (again) { again = false; load(); }
    }
  }

  function fillSelect(select, values, current, anyLabel) {
    const selected = Array.isArray(current) ? current[0] || '' : current;
    replace(select, el('option', { value: '' }, anyLabel),
      values.map(value => el('option', { value, selected: value === selected }, value)));
  }

  function draw(body) {
    fillSelect(tagSelect, body.all_tags, filters.tags, 'All tags');
    fillSelect(ownerSelect, body.all_owners, filters.owners, 'All owners');
    replace(banner, body.import_errors > 0 ? el('div.banner.warn', { role: 'alert' },
      el('span.icon', { 'aria-hidden': 'true' }, '⚠'),
      el('span', body.import_errors + ' DAG file' + (body.import_errors === 1 ? '' : 's') + ' failed to load. '),
      el('a', { href: '#/import-errors' }, 'See the import errors')) : null,
    body.dag_warnings > 0 ? el('div.banner.info', { role: 'status' },
      el('span.icon', { 'aria-hidden': 'true' }, 'ℹ'),
      el('span', body.dag_warnings + ' DAG warning' + (body.dag_warnings === 1 ? '' : 's')
        + ' (keys ignored or doubtful). '),
      el('a', { href: '#/dag-warnings' }, 'See the DAG warnings')) : null);
    count.textContent = body.total_entries + ' DAG' + (body.total_entries === 1 ? '' : 's');
    if (!body.dags.length) {
      replace(list, emptyState('No DAGs match', filters.name || filters.tags.length || filters.owners || filters.state || filters.paused
        ? 'Change or clear the filters.' : 'Put dag-factory YAML files in the DAGs folder; they show up here within a second.'));
    } else {
      replace(list, el('table.table.dags-table',
        el('caption.sr-only', 'DAGs'),
        el('thead', el('tr',
          el('th', { scope: 'col', class: 'col-switch' }, el('span.sr-only', 'Active')),
          el('th', { scope: 'col' }, 'DAG'),
          el('th', { scope: 'col' }, 'Schedule'),
          el('th', { scope: 'col' }, 'Next run'),
          el('th', { scope: 'col' }, 'Last run'),
          el('th', { scope: 'col' }, 'Recent runs'),
          el('th', { scope: 'col', class: 'col-actions' }, el('span.sr-only', 'Actions')))),
        el('tbody', body.dags.map(row))));
    }
    const pages = Math.ceil(body.total_entries / PAGE);
    const page = Math.floor(filters.offset / PAGE);
    replace(pager, pages > 1 ? [
      el('button.button.small', { type: 'button', disabled: page === 0, onclick: () => go(filters.offset - PAGE) }, '← Previous'),
      el('span.muted', 'Page ' + (page + 1) + ' of ' + pages),
      el('button.button.small', { type: 'button', disabled: page >= pages - 1, onclick: () => go(filters.offset + PAGE) }, 'Next →'),
    ] : null);
  }

  function go(offset) {
    filters.offset = Math.max(0, offset);
    syncHash();
    load();
  }

  function row(dag) {
    const last = dag.latest_runs[0];
    const href = '#/dags/' + enc(dag.dag_id);
    const runs = [...dag.latest_runs].reverse();
    return el('tr', { dataset: { dagId: dag.dag_id }, class: dag.is_paused ? 'paused' : '' },
      el('td.col-switch', pauseSwitch(dag)),
      el('td.dag-cell',
        el('a.dag-name', { href }, dag.dag_display_name),
        dag.dag_display_name !== dag.dag_id ? el('span.muted.small', ' ' + dag.dag_id) : null,
        dag.has_import_errors ? el('span.chip.warn', { title: 'Its file has import errors' }, '⚠ import error') : null,
        el('div.meta',
          dag.owners.map(owner => el('button.chip.owner', {
            type: 'button', title: 'Show DAGs owned by ' + owner, onclick: () => { ownerSelect.value = owner; ownerSelect.dispatchEvent(new Event('change')); },
          }, el('span.muted', 'owner '), owner)),
          dag.tags.map(tag => el('button.chip.tag', {
            type: 'button', title: 'Show DAGs tagged ' + tag, onclick: () => { tagSelect.value = tag; tagSelect.dispatchEvent(new Event('change')); },
          }, '# ' + tag)))),
      el('td.schedule', { 'data-label': 'Schedule' },
        el('span', { title: dag.schedule || 'None' }, dag.schedule_description),
        dag.schedule && dag.schedule !== 'None' ? el('code.small.muted', dag.schedule) : null),
      el('td', { 'data-label': 'Next run' }, dag.next_dagrun && !dag.is_paused
        ? el('span', { title: dag.next_dagrun }, fmtRelative(dag.next_dagrun), el('br'), el('small.muted', fmtDate(dag.next_dagrun, true)))
        : el('span.muted', dag.is_paused && dag.next_dagrun ? 'paused' : '—')),
      el('td', { 'data-label': 'Last run' }, last
        ? el('a.plain', { href: href + '/runs/' + enc(last.run_id) }, stateBadge(last.state), el('br'),
          el('small.muted', fmtDate(last.run_after, true)))
        : el('span.muted', 'never')),
      el('td.recent', { 'data-label': 'Recent runs' }, runs.length ? el('div.squares', runs.map(run => stateSquare(run.state,
        run.run_id + ': ' + (STATES[run.state]?.label || run.state) + ', ' + fmtDate(run.run_after),
        href + '/runs/' + enc(run.run_id)))) : el('span.muted', '—')),
      el('td.col-actions', session.canEdit ? el('button.button.small.trigger', {
        type: 'button', title: 'Trigger ' + dag.dag_id, 'aria-label': 'Trigger ' + dag.dag_id,
        onclick: async () => {
          const run = await triggerDialog(dag.dag_id);
          if (run) location.hash = '#/dags/' + enc(dag.dag_id) + '/graph?run=' + enc(run.dag_run_id);
        },
      }, '▶') : null));
  }

  const onFilter = () => {
    filters.name = nameInput.value.trim();
    filters.tags = tagSelect.value ? [tagSelect.value] : [];
    filters.owners = ownerSelect.value;
    filters.state = stateSelect.value;
    filters.paused = pausedSelect.value;
    filters.offset = 0;
    syncHash();
    load();
  };
  nameInput.addEventListener('input', debounce(onFilter, 200));
  [tagSelect, ownerSelect, stateSelect, pausedSelect].forEach(select => select.addEventListener('change', onFilter));

  replace(main, el('div.page',
    el('div.page-head', el('h1', 'DAGs'), count),
    banner,
    el('div.filters', { role: 'search' }, nameInput, tagSelect, ownerSelect, stateSelect, pausedSelect,
      el('button.button.small.ghost', {
        type: 'button', onclick: () => {
          nameInput.value = ''; tagSelect.value = ''; ownerSelect.value = ''; stateSelect.value = ''; pausedSelect.value = '';
          onFilter();
        },
      }, 'Clear filters')),
    list, pager));
  load();

  // run states change the squares: refetch (coalesced) when a run changes; slow poll for what is not pushed
  const refresh = debounce(load, 400);
  const off = onLive(event => { if (event.runs.length) refresh(); });
  // a DAG file saved with an error or a warning: the banner shows it at once
  const offFiles = onLiveEvent('dag_files', () => load());
  const stop = poll(load, 15000, 3000);
  return () => { off(); offFiles(); stop(); };
}
