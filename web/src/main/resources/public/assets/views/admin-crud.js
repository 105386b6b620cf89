// One Admin resource page (variables, connections, pools): a filtered, paged table, and create / edit / delete
// through Airflow's REST API. The controls are built for roles that may write; the server checks every call anyway.
import { get, post, patch, request, query } from '../api.js';
import { labelled } from './browse.js';
import { el, replace, pagerButtons, dialog, confirmDialog, toast, errorBox, spinner, emptyState, debounce, enc } from '../ui.js';

const PAGE = 50;

/**
 * spec: {id, noun, path, listKey, idField, patternParam, columns: [{head, cell(item), className}],
 *   fields: [{name, label, type, required, createOnly, placeholder, hint}], canRead, canWrite, readHint,
 *   toRequest(values, original) -> {body, mask}, formValues(item) -> values, deletable(item), lead}
 */
export function crudPage(container, spec, q = {}) {
  if (!spec.canRead()) {
    replace(container, emptyState(spec.title + ' need the op or admin role', spec.readHint));
    return null;
  }
  const state = { pattern: q.search || '', offset: Number(q.offset || 0) };
  const list = el('div.table-scroll', { 'aria-busy': 'true' }, spinner());
  const count = el('span.muted.count');
  const pager = el('div.pager');
  const search = el('input.search', {
    type: 'search', id: spec.id + '-search', value: state.pattern, placeholder: spec.idLabel + ' contains',
    'aria-label': spec.idLabel + ' contains',
  });
  search.addEventListener('input', debounce(() => { state.pattern = search.value.trim(); state.offset = 0; load(); }, 250));

  async function load() {
    try {
      const body = await get(spec.path + query({
        [spec.patternParam]: state.pattern || undefined, limit: PAGE, offset: state.offset, order_by: spec.idField,
      }));
      draw(body[spec.listKey], body.total_entries);
    } catch (e) {
      replace(list, errorBox(e));
    } finally {
      list.setAttribute('aria-busy', 'false');
    }
  }

  function draw(items, total) {
    count.textContent = total + ' ' + (total === 1 ? spec.noun : spec.nouns);
    if (!items.length) {
      replace(list, emptyState(state.pattern ? 'Nothing matches' : 'No ' + spec.nouns + ' yet', spec.emptyHint));
    } else {
      replace(list, el('table.table.compact.admin-table.stack-on-phone', { id: spec.id + '-table' },
        el('thead', el('tr', spec.columns.map(column => el('th', { scope: 'col' }, column.head)),
          spec.canWrite() ? el('th', { scope: 'col' }, el('span.sr-only', 'Actions')) : null)),
        el('tbody', items.map(item => labelled(el('tr', { dataset: { id: item[spec.idField] } },
          spec.columns.map(column => el('td' + (column.className ? '.' + column.className : ''), column.cell(item))),
          spec.canWrite() ? el('td.row-actions',
            el('button.button.small.edit', { type: 'button', 'aria-label': 'Edit ' + item[spec.idField], onclick: () => edit(item) }, 'Edit'),
            spec.deletable(item) ? el('button.button.small.danger.delete', {
              type: 'button', 'aria-label': 'Delete ' + item[spec.idField], onclick: () => remove(item),
            }, 'Delete') : null) : null), spec.columns.map(column => column.head))))));
    }
    pagerButtons(pager, total, state.offset, PAGE, offset => { state.offset = offset; load(); });
  }

  async function edit(item) {
    // the list may hold a shortened value: edit what the resource's own GET answers
    let current;
    try {
      current = await get(spec.path + '/' + enc(item[spec.idField]));
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    if (await form(current)) load();
  }

  async function remove(item) {
    const id = item[spec.idField];
    if (!(await confirmDialog('Delete ' + spec.noun, 'Delete the ' + spec.noun + ' "' + id + '"? This cannot be undone.', 'Delete', true))) return;
    try {
      await request('DELETE', spec.path + '/' + enc(id));
      toast('Deleted ' + spec.noun + ' ' + id, 'success');
      load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  /** The create (original null) or edit dialog; resolves true once saved. */
  function form(original) {
    const title = original ? 'Edit ' + spec.noun + ' ' + original[spec.idField] : 'New ' + spec.noun;
    return dialog(title, (body, close) => {
      const values = original ? spec.formValues(original) : {};
      const inputs = {};
      const fields = spec.fields.map(field => {
        const id = spec.id + '-field-' + field.name;
        const value = values[field.name];
        let input;
        if (field.type === 'checkbox') {
          input = el('input', { id, type: 'checkbox', checked: !!value });
        } else if (field.type === 'textarea' || field.type === 'json') {
          input = el('textarea' + (field.type === 'json' ? '.code' : ''), { id, rows: field.rows || 4, spellcheck: false, placeholder: field.placeholder || '' });
          input.value = value ?? '';
        } else {
          input = el('input', {
            id, type: field.type || 'text', value: value ?? '', placeholder: field.placeholder || '',
            autocomplete: field.type === 'password' ? 'new-password' : 'off', step: field.type === 'number' ? 1 : undefined,
          });
        }
        if (field.required) input.required = true;
        if (original && field.createOnly) input.readOnly = true;
        inputs[field.name] = input;
        return el('div.field' + (field.type === 'checkbox' ? '.inline' : ''),
          el('label', { for: id }, field.label), input, field.hint ? el('small.muted', field.hint) : null);
      });
      const error = el('p.form-error', { role: 'alert' });
      const submit = el('button.button.primary', { type: 'submit' }, original ? 'Save' : 'Create');
      body.append(el('form.admin-form', {
        onsubmit: async event => {
          event.preventDefault();
          error.textContent = '';
          const given = Object.fromEntries(Object.entries(inputs).map(([name, input]) =>
            [name, input.type === 'checkbox' ? input.checked : input.value]));
          let call;
          try {
            call = spec.toRequest(given, original);
          } catch (e) {
            error.textContent = e.message;
            return;
          }
          submit.disabled = true;
          try {
            if (original) {
              await patch(spec.path + '/' + enc(original[spec.idField]) + query({ update_mask: call.mask }), call.body);
            } else {
              await post(spec.path, call.body);
            }
            toast((original ? 'Saved ' : 'Created ') + spec.noun + ' ' + (call.body[spec.idField] ?? original?.[spec.idField]), 'success');
            close(true);
          } catch (e) {
            error.textContent = e.message;
            submit.disabled = false;
          }
        },
      }, fields, error, el('div.dialog-actions',
        el('button.button', { type: 'button', onclick: () => close(false) }, 'Cancel'), submit)));
    });
  }

  replace(container, el('div.admin-section',
    el('div.section-head', count, el('div.spacer'),
      spec.canWrite() ? el('button.button.primary#' + spec.id + '-add', {
        type: 'button', onclick: async () => { if (await form(null)) load(); },
      }, '+ New ' + spec.noun) : null),
    spec.lead ? el('p.muted', spec.lead) : null,
    el('div.filters', { role: 'search' }, search),
    list, pager));
  load();
  return null;
}
