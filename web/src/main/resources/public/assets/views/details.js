// The DAG's details (GET /api/v2/dags/{id}/details): schedule, dates, limits, params, file and latest version.
import { get } from '../api.js';
import { el, replace, errorBox, spinner, timeEl, enc, jsonBlock } from '../ui.js';

export function renderDetails(container, { dagId, model }) {
  replace(container, spinner());
  (async () => {
    let d;
    try {
      d = await get('/api/v2/dags/' + enc(dagId) + '/details');
    } catch (e) {
      replace(container, errorBox(e));
      return;
    }
    const delta = value => value && typeof value === 'object'
      ? [value.days ? value.days + ' d' : '', value.seconds ? value.seconds + ' s' : ''].filter(Boolean).join(' ') || '0 s'
      : value ?? '—';
    const rows = [
      ['DAG id', el('code', d.dag_id)],
      ['Description', d.description || '—'],
      ['Schedule', [model.structure.schedule_description || '—', d.timetable_summary ? el('code.small.muted', ' ' + d.timetable_summary) : null]],
      ['Next run', timeEl(d.next_dagrun_logical_date || d.next_dagrun_run_after || d.next_dagrun)],
      ['Start date', timeEl(d.start_date)],
      ['End date', timeEl(d.end_date)],
      ['Catchup', d.catchup ? 'yes' : 'no'],
      ['Timezone', d.timezone || 'UTC'],
      ['Max active runs', d.max_active_runs ?? '—'],
      ['Max active tasks', d.max_active_tasks ?? '—'],
      ['Run timeout', delta(d.dag_run_timeout)],
      ['Active runs', d.active_runs_count ?? 0],
      ['File', el('code', d.relative_fileloc || d.fileloc || '—')],
      ['Last parsed', timeEl(d.last_parsed || d.last_parsed_time)],
      ['Latest version', d.latest_dag_version ? 'v' + d.latest_dag_version.version_number : '—'],
      ['Owners', (d.owners || []).join(', ') || '—'],
      ['Tags', (d.tags || []).map(t => t.name).join(', ') || '—'],
    ];
    replace(container, el('div.details-panel',
      el('section.card', el('h2', 'DAG'), el('dl.kv', rows.map(([k, v]) => [el('dt', k), el('dd', v)]))),
      el('section.card', el('h2', 'Params'), Object.keys(d.params || {}).length ? jsonBlock(d.params) : el('p.muted', 'No params.')),
      d.doc_md ? el('section.card', el('h2', 'Documentation'), el('pre.doc', d.doc_md)) : null));
  })();
}
