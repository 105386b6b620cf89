// Assets (Airflow 3): every asset the DAG files name, who produces it and which DAGs are scheduled on it, its
// events with the runs they triggered, and the events DAGs still wait on. An op or admin can record an event by
// hand (POST /api/v2/assets/events), which starts the DAGs scheduled on the asset. Also the chip of a DAG's asset
// schedule on its page.
import { get, post, query, poll, onLiveEvent, session } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, emptyState, enc, toast, dialog, jsonBlock } from '../ui.js';

const canCreateEvents = () => ['op', 'admin'].includes(session.role);
const dagLink = dagId => el('a', { href: '#/dags/' + enc(dagId) }, dagId);
const runLink = (dagId, runId) => el('a', { href: '#/dags/' + enc(dagId) + '/runs/' + enc(runId) }, runId);
const taskLinks = tasks => tasks.length ? tasks.map((t, i) => [i ? ', ' : '', dagLink(t.dag_id), '.' + t.task_id])
  : el('span.muted', 'none');

export function renderAssets(main) {
  const list = el('div', spinner());
  const count = el('span.muted.count');
  const filter = el('input.input', { type: 'search', placeholder: 'Filter by name or URI', 'aria-label': 'Filter assets' });
  replace(main, el('div.page',
    el('div.page-head', el('h1', 'Assets'), count),
    el('p.muted', 'What the DAG files name as outlets, inlets and asset schedules. A task that succeeds updates its '
      + 'outlets (an asset event); a DAG scheduled on assets runs as soon as its condition holds.'),
    el('div.filters', { role: 'search' }, filter), list));
  let shown = '';
  async function load() {
    try {
      const text = filter.value.trim();
      const body = await get('/api/v2/assets' + query({ limit: 100, order_by: 'name', name_pattern: text || undefined }));
      const signature = JSON.stringify(body.assets);
      if (signature === shown) return;
      shown = signature;
      count.textContent = body.total_entries + ' asset' + (body.total_entries === 1 ? '' : 's');
      replace(list, body.assets.length ? el('div.table-scroll', el('table.table.compact.assets-table.stack-on-phone',
        el('thead', el('tr', ['Asset', 'URI', 'Produced by', 'Scheduled DAGs', 'Last event']
          .map(title => el('th', { scope: 'col' }, title)))),
        el('tbody', body.assets.map(asset => el('tr',
          el('td', { 'data-label': 'Asset' }, el('a', { href: '#/assets/' + asset.id }, asset.name)),
          el('td', { 'data-label': 'URI' }, el('code', asset.uri)),
          el('td', { 'data-label': 'Produced by' }, taskLinks(asset.producing_tasks)),
          el('td', { 'data-label': 'Scheduled DAGs' }, asset.scheduled_dags.length
            ? asset.scheduled_dags.map((d, i) => [i ? ', ' : '', dagLink(d.dag_id)]) : el('span.muted', 'none')),
          el('td', { 'data-label': 'Last event' }, asset.last_asset_event
            ? timeEl(asset.last_asset_event.timestamp) : el('span.muted', 'never')))))))
        : emptyState('No assets', 'No DAG file names an asset (outlets, inlets or an asset schedule).'));
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  let timer = null;
  filter.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  load();
  const offFiles = onLiveEvent('dag_files', () => load());
  const stop = poll(load, 15000, 5000);
  return () => { offFiles(); stop(); clearTimeout(timer); };
}

export async function renderAsset(main, assetId) {
  const page = el('div.page', spinner());
  replace(main, page);
  async function load() {
    try {
      const [asset, events, queued] = await Promise.all([
        get('/api/v2/assets/' + enc(assetId)),
        get('/api/v2/assets/events' + query({ asset_id: assetId, limit: 50, order_by: '-timestamp' })),
        get('/api/v2/assets/' + enc(assetId) + '/queuedEvents'),
      ]);
      replace(page,
        el('nav.crumbs', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/assets' }, 'Assets'),
          el('span', { 'aria-hidden': 'true' }, ' / '), el('span', { 'aria-current': 'page' }, asset.name)),
        el('div.page-head', el('h1', asset.name), el('div.spacer'),
          canCreateEvents() ? el('button.button.primary#create-asset-event', { type: 'button',
            onclick: () => createEvent(asset, load) }, 'Create event') : null),
        el('dl.kv.wide.card',
          el('dt', 'URI'), el('dd', el('code', asset.uri)),
          el('dt', 'Group'), el('dd', asset.group),
          el('dt', 'Produced by'), el('dd', taskLinks(asset.producing_tasks)),
          el('dt', 'Read by (inlets)'), el('dd', taskLinks(asset.consuming_tasks)),
          el('dt', 'Scheduled DAGs'), el('dd', asset.scheduled_dags.length
            ? asset.scheduled_dags.map((d, i) => [i ? ', ' : '', dagLink(d.dag_id)]) : el('span.muted', 'none')),
          Object.keys(asset.extra || {}).length ? [el('dt', 'Extra'), el('dd', jsonBlock(asset.extra))] : null),
        el('h2', 'Waiting DAGs'),
        queued.queued_events.length ? el('ul.queued-events', queued.queued_events.map(q => el('li',
          dagLink(q.dag_id), ' has an unconsumed event since ', timeEl(q.created_at),
          ' and waits for the rest of its asset condition')))
          : el('p.muted', 'No DAG waits on an event of this asset.'),
        el('h2', 'Events'),
        events.asset_events.length ? el('div.table-scroll', el('table.table.compact.asset-events.stack-on-phone',
          el('thead', el('tr', ['When', 'Source', 'Extra', 'Triggered runs'].map(t => el('th', { scope: 'col' }, t)))),
          el('tbody', events.asset_events.map(event => el('tr',
            el('td', { 'data-label': 'When' }, timeEl(event.timestamp)),
            el('td', { 'data-label': 'Source' }, event.source_dag_id
              ? [dagLink(event.source_dag_id), '.' + event.source_task_id, ' in ',
                runLink(event.source_dag_id, event.source_run_id)] : el('span.muted', 'created through the API')),
            el('td', { 'data-label': 'Extra' }, Object.keys(event.extra || {}).length
              ? el('code', JSON.stringify(event.extra)) : ''),
            el('td', { 'data-label': 'Triggered runs' }, event.created_dagruns.length
              ? event.created_dagruns.map((r, i) => [i ? ', ' : '', runLink(r.dag_id, r.run_id)])
              : el('span.muted', 'none')))))))
          : el('p.muted', 'No events yet: a task with this asset among its outlets has not succeeded since.'));
    } catch (e) {
      replace(page, el('p', el('a', { href: '#/assets' }, '← Assets')), errorBox(e));
    }
  }
  await load();
  const stop = poll(load, 10000, 5000);
  return () => stop();
}

async function createEvent(asset, reload) {
  const created = await dialog('Create an event of ' + asset.name, (body, close) => {
    const extra = el('textarea.input.code', { rows: 4, 'aria-label': 'Extra (JSON object)' }, '{}');
    const error = el('p.form-error', { role: 'alert' });
    body.append(
      el('p', 'Records that ', el('code', asset.uri), ' was updated outside Updraft; the DAGs scheduled on it run '
        + 'when their asset condition holds.'),
      el('label', 'Extra (JSON object)', extra), error,
      el('div.dialog-actions',
        el('button.button', { type: 'button', onclick: () => close(null) }, 'Cancel'),
        el('button.button.primary', { type: 'button', onclick: async () => {
          let parsed;
          try {
            parsed = JSON.parse(extra.value || '{}');
          } catch (e) {
            error.textContent = 'Extra is not JSON: ' + e.message;
            return;
          }
          try {
            close(await post('/api/v2/assets/events', { asset_id: asset.id, extra: parsed }));
          } catch (e) {
            error.textContent = e.message;
          }
        } }, 'Create event')));
  });
  if (created) {
    toast('Event ' + created.id + ' of ' + asset.name + ' recorded');
    reload();
  }
}

/**
 * A DAG's asset schedule for its page header: each asset of its condition, marked when an event of it is queued
 * (the DAG waits for the rest). Null for a DAG not scheduled on assets.
 */
export function assetScheduleChip(dag) {
  if (dag.timetable_summary !== 'Asset') return null;
  const chip = el('span.chip.asset-schedule', { title: 'Scheduled on assets' }, '◈ on assets');
  Promise.all([get('/api/v2/dags/' + enc(dag.dag_id) + '/details'),
    get('/api/v2/dags/' + enc(dag.dag_id) + '/assets/queuedEvents')]).then(([details, queued]) => {
    const waiting = new Set(queued.queued_events.map(q => q.asset_id));
    replace(chip, '◈ ', describe(details.asset_expression, waiting, true));
  }).catch(() => {});
  return chip;
}

function describe(expression, waiting, top) {
  if (!expression) return '';
  if (expression.asset) {
    const asset = expression.asset;
    const queued = waiting.has(asset.id);
    return el('a.asset-ref' + (queued ? '.queued' : ''), { href: asset.id ? '#/assets/' + asset.id : '#/assets',
      title: asset.uri + (queued ? ' (event queued)' : '') }, asset.name, queued ? ' ✓' : '');
  }
  if (expression.alias) return el('span', 'alias ' + expression.alias.name);
  const [word, parts] = expression.all ? [' and ', expression.all] : [' or ', expression.any];
  const items = parts.map((part, i) => [i ? word : '', describe(part, waiting, false)]);
  return top ? items : ['(', items, ')'];
}
