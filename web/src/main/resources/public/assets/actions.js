// The UI's write actions, all through Airflow's REST API: trigger (form from the DAG's params plus a JSON conf
// editor), pause/unpause, clear task instances (upstream/downstream options, previewed with dry_run), mark
// success/failed. Buttons for them are only built when session.canEdit.
import { get, post, patch, session } from './api.js';
import { el, dialog, toast, enc, confirmDialog } from './ui.js';
import { toZonedInput, fromZonedInput, displayZone, rememberDagZone } from './time.js';

/** Airflow Param objects ({value, description, schema}) or plain values, as the DAG file wrote them. */
function paramSpec(name, raw) {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && ('value' in raw)
      && ('description' in raw || 'schema' in raw || 'type' in raw || '__class' in raw)) {
    return { name, value: raw.value, description: raw.description, type: raw.schema?.type || raw.type };
  }
  return { name, value: raw };
}

function kindOf(spec) {
  const type = Array.isArray(spec.type) ? spec.type.find(t => t !== 'null') : spec.type;
  if (type === 'boolean' || typeof spec.value === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number' || typeof spec.value === 'number') return 'number';
  if (type === 'object' || type === 'array' || (spec.value && typeof spec.value === 'object')) return 'json';
  return 'string';
}

/** Opens the trigger dialog; resolves with the created run, or null when cancelled. */
export async function triggerDialog(dagId) {
  const details = await get('/api/v2/dags/' + enc(dagId) + '/details');
  rememberDagZone(dagId, details.timezone);
  const specs = Object.entries(details.params || {}).map(([name, raw]) => paramSpec(name, raw));
  return dialog('Trigger ' + (details.dag_display_name || dagId), (body, close) => {
    const conf = {};
    specs.forEach(spec => { conf[spec.name] = spec.value ?? null; });
    const inputs = new Map();
    const jsonArea = el('textarea.code', {
      id: 'trigger-conf', rows: Math.min(14, 4 + specs.length * 1.5 | 0), spellcheck: false,
      'aria-describedby': 'trigger-conf-help',
    });
    const jsonError = el('p.form-error', { role: 'alert' });
    const syncJson = () => { jsonArea.value = JSON.stringify(conf, null, 2); jsonError.textContent = ''; };

    const fields = specs.map(spec => {
      const kind = kindOf(spec);
      const id = 'param-' + spec.name;
      let input;
      if (kind === 'boolean') {
        input = el('input', { id, type: 'checkbox', checked: !!spec.value });
        input.addEventListener('change', () => { conf[spec.name] = input.checked; syncJson(); });
      } else if (kind === 'json') {
        input = el('textarea.code', { id, rows: 3, spellcheck: false }, JSON.stringify(spec.value, null, 2));
        input.addEventListener('input', () => {
          try { conf[spec.name] = JSON.parse(input.value); input.setCustomValidity(''); syncJson(); } catch (e) {
            input.setCustomValidity('Not valid JSON');
          }
        });
      } else {
        input = el('input', {
          id, type: kind === 'number' ? 'number' : 'text', step: 'any', value: spec.value ?? '',
        });
        input.addEventListener('input', () => {
          conf[spec.name] = kind === 'number' ? (input.value === '' ? null : Number(input.value)) : input.value;
          syncJson();
        });
      }
      inputs.set(spec.name, { input, kind });
      return el('div.field' + (kind === 'boolean' ? '.inline' : ''),
        el('label', { for: id }, spec.name), input,
        spec.description ? el('small.muted', spec.description) : null);
    });

    jsonArea.addEventListener('input', () => {
      try {
        const parsed = JSON.parse(jsonArea.value || '{}');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('conf must be a JSON object');
        Object.keys(conf).forEach(key => delete conf[key]);
        Object.assign(conf, parsed);
        jsonError.textContent = '';
        for (const [name, { input, kind }] of inputs) {
          const value = parsed[name];
          if (kind === 'boolean') input.checked = !!value;
          else if (kind === 'json') input.value = JSON.stringify(value, null, 2);
          else input.value = value ?? '';
        }
      } catch (e) {
        jsonError.textContent = 'Conf: ' + e.message;
      }
    });
    syncJson();

    // as Airflow 3's form: the logical date is now unless changed ({{ ds }} and data intervals need one)
    const logicalDate = el('input', { id: 'trigger-logical-date', type: 'datetime-local', step: 1, value: toZonedInput(new Date(), dagId) });
    const runId = el('input', { id: 'trigger-run-id', placeholder: 'optional: generated when empty' });
    const error = el('p.form-error', { role: 'alert' });
    const submit = el('button.button.primary', { type: 'submit' });
    const unpause = details.is_paused ? el('input', { id: 'trigger-unpause', type: 'checkbox', checked: true }) : null;
    const submitLabel = () => { submit.textContent = unpause && unpause.checked ? '▶ Unpause and trigger' : '▶ Trigger'; };
    if (unpause) unpause.addEventListener('change', submitLabel);
    submitLabel();
    const form = el('form.trigger-form', {
      onsubmit: async event => {
        event.preventDefault();
        if (jsonError.textContent) { jsonArea.focus(); return; }
        submit.disabled = true;
        error.textContent = '';
        try {
          const request = {
            logical_date: fromZonedInput(logicalDate.value, dagId),
            conf,
          };
          if (runId.value.trim()) request.dag_run_id = runId.value.trim();
          if (unpause && unpause.checked) await patch('/api/v2/dags/' + enc(dagId), { is_paused: false });
          const run = await post('/api/v2/dags/' + enc(dagId) + '/dagRuns', request);
          toast((unpause && unpause.checked ? 'Unpaused ' + dagId + ' and triggered ' : 'Triggered ') + run.dag_run_id,
            'success');
          close(run);
        } catch (e) {
          error.textContent = e.message;
          submit.disabled = false;
        }
      },
    },
    unpause ? el('div.banner.warn.paused-notice',
      el('span', 'This DAG is paused: a run triggered now waits until it is unpaused.'),
      el('label.inline', unpause, ' Unpause it')) : null,
    el('div.field', el('label', { for: 'trigger-logical-date' }, 'Logical date (' + displayZone(dagId) + '; empty = none)'),
      logicalDate),
    specs.length ? el('fieldset', el('legend', 'Parameters'), fields) : el('p.muted', 'This DAG has no params.'),
    el('details.advanced', specs.length ? null : { open: true },
      el('summary', 'Run conf (JSON)'),
      el('label.sr-only', { for: 'trigger-conf' }, 'Run conf as JSON'), jsonArea, jsonError,
      el('small.muted', { id: 'trigger-conf-help' }, 'Edits here and in the fields above stay in step.')),
    el('details.advanced',
      el('summary', 'Run id'),
      el('div.field', el('label', { for: 'trigger-run-id' }, 'Run id'), runId)),
    error,
    el('div.dialog-actions',
      el('button.button', { type: 'button', onclick: () => close(null) }, 'Cancel'), submit));
    body.append(form);
  });
}


/** A switch that pauses/unpauses the DAG; read-only for a viewer. */
export function pauseSwitch(dag, onChange) {
  const label = () => (dag.is_paused ? 'Paused' : 'Active') + ': ' + (dag.dag_display_name || dag.dag_id);
  const button = el('button.switch', {
    type: 'button', role: 'switch', 'aria-checked': String(!dag.is_paused), 'aria-label': label(),
    title: dag.is_paused ? 'Paused: click to unpause' : 'Active: click to pause',
    disabled: !session.canEdit,
    dataset: { dagId: dag.dag_id },
    onclick: async () => {
      button.disabled = true;
      try {
        const updated = await patch('/api/v2/dags/' + enc(dag.dag_id), { is_paused: !dag.is_paused });
        dag.is_paused = updated.is_paused;
        button.setAttribute('aria-checked', String(!dag.is_paused));
        button.setAttribute('aria-label', label());
        button.title = dag.is_paused ? 'Paused: click to unpause' : 'Active: click to pause';
        toast((dag.is_paused ? 'Paused ' : 'Unpaused ') + dag.dag_id);
        if (onChange) onChange(dag);
      } catch (e) {
        toast('Could not change ' + dag.dag_id + ': ' + e.message, 'error');
      } finally {
        button.disabled = !session.canEdit;
      }
    },
  }, el('span.knob', { 'aria-hidden': 'true' }));
  return button;
}

/** Clear one task instance, previewing what the options would clear; resolves with the cleared list. */
export function clearDialog(dagId, runId, taskId, mapIndex) {
  return dialog('Clear ' + taskId, (body, close) => {
    const options = { include_upstream: false, include_downstream: true, only_failed: false };
    const preview = el('div.preview', { 'aria-live': 'polite' });
    const request = dryRun => ({
      dry_run: dryRun, dag_run_id: runId,
      task_ids: [taskId], // a mapped task is cleared with all its map indexes
      include_upstream: options.include_upstream, include_downstream: options.include_downstream,
      only_failed: options.only_failed, reset_dag_runs: true,
    });
    const refresh = async () => {
      preview.textContent = 'Finding task instances…';
      try {
        const result = await post('/api/v2/dags/' + enc(dagId) + '/clearTaskInstances', request(true));
        const list = result.task_instances || [];
        preview.replaceChildren(el('p', list.length + ' task instance' + (list.length === 1 ? '' : 's') + ' will be cleared:'),
          el('ul.compact', list.map(ti => el('li', el('code', ti.task_id + (ti.map_index >= 0 ? '[' + ti.map_index + ']' : '')),
            ' ', el('span.muted', ti.state || 'no status')))));
      } catch (e) {
        preview.textContent = e.message;
      }
    };
    const checkbox = (key, label) => {
      const id = 'clear-' + key;
      const input = el('input', { id, type: 'checkbox', checked: options[key] });
      input.addEventListener('change', () => { options[key] = input.checked; refresh(); });
      return el('div.field.inline', input, el('label', { for: id }, label));
    };
    const submit = el('button.button.primary', { type: 'button' }, 'Clear');
    submit.addEventListener('click', async () => {
      submit.disabled = true;
      try {
        const result = await post('/api/v2/dags/' + enc(dagId) + '/clearTaskInstances', request(false));
        const cleared = (result.task_instances || []).length;
        toast('Cleared ' + cleared + ' task instance' + (cleared === 1 ? '' : 's'), 'success');
        close(result.task_instances || []);
      } catch (e) {
        toast(e.message, 'error');
        submit.disabled = false;
      }
    });
    body.append(el('p.muted', 'Cleared task instances run again; the run is queued again if it had finished.'),
      el('fieldset', el('legend', 'Also clear'),
        checkbox('include_upstream', 'Upstream tasks'), checkbox('include_downstream', 'Downstream tasks'),
        checkbox('only_failed', 'Only failed ones')),
      preview,
      el('div.dialog-actions', el('button.button', { type: 'button', onclick: () => close(null) }, 'Cancel'), submit));
    refresh();
  });
}

/** Marks one task instance success or failed after a confirmation. */
export async function markTask(dagId, runId, taskId, mapIndex, state) {
  const ok = await confirmDialog('Mark ' + state, 'Mark ' + taskId + ' in ' + runId + ' as ' + state + '?',
    'Mark ' + state, state === 'failed');
  if (!ok) return null;
  let path = '/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/taskInstances/' + enc(taskId);
  if (mapIndex !== undefined && mapIndex !== null && Number(mapIndex) >= 0) path += '/' + Number(mapIndex);
  try {
    const result = await patch(path, { new_state: state });
    toast('Marked ' + taskId + ' ' + state, 'success');
    return result;
  } catch (e) {
    toast(e.message, 'error');
    return null;
  }
}

export async function markRun(dagId, runId, state) {
  const ok = await confirmDialog('Mark run ' + state, 'Mark run ' + runId + ' as ' + state + '?', 'Mark ' + state,
    state === 'failed');
  if (!ok) return null;
  try {
    const run = await patch('/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId), { state });
    toast('Marked run ' + state, 'success');
    return run;
  } catch (e) {
    toast(e.message, 'error');
    return null;
  }
}

export async function clearRun(dagId, runId) {
  const ok = await confirmDialog('Clear run', 'Clear every task instance of ' + runId + ' so the run starts again?',
    'Clear run');
  if (!ok) return null;
  try {
    const result = await post('/api/v2/dags/' + enc(dagId) + '/dagRuns/' + enc(runId) + '/clear', { dry_run: false });
    toast('Cleared run ' + runId, 'success');
    return result;
  } catch (e) {
    toast(e.message, 'error');
    return null;
  }
}
