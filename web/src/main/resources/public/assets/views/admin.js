// Admin: Variables, Connections and Pools, as Airflow 3's Admin menu. Connections and variables need op even to
// read (Airflow's simple auth manager); pools are read by everyone and written by op and admin. Secrets never reach
// the browser: the API answers *** for passwords, sensitive extra values and variables with a sensitive key, and
// an edit leaves what was shown as *** unchanged.
import { session } from '../api.js';
import { el, replace, tabs } from '../ui.js';
import { crudPage } from './admin-crud.js';

const HIDDEN = '***';
const canOperate = () => ['op', 'admin'].includes(session.role);
const OP_ONLY = 'Airflow\'s op and admin roles read and write them; ask an admin for one if you need it.';

const code = value => value === null || value === undefined || value === '' ? el('span.muted', '—') : el('code', String(value));
const secret = value => value ? el('span.secret', { title: 'Hidden: never sent to the browser' }, '••• hidden') : el('span.muted', '—');
const text = value => value ? String(value) : el('span.muted', '—');

/** Fields whose value changed, so an edit sends only those (update_mask) and keeps what was hidden. */
function changed(names, given, original) {
  return names.filter(name => String(given[name] ?? '') !== String(original[name] ?? ''));
}

function noHiddenLeft(field, value) {
  if (String(value).includes(HIDDEN)) {
    throw new Error(field + ' still holds *** (a hidden value): type the full value, or leave the field unchanged');
  }
}

const VARIABLES = {
  id: 'variables', title: 'Variables', noun: 'variable', nouns: 'variables', path: '/api/v2/variables',
  listKey: 'variables', idField: 'key', idLabel: 'Key', patternParam: 'variable_key_pattern',
  canRead: canOperate, canWrite: canOperate, readHint: 'Variables can hold secrets. ' + OP_ONLY,
  emptyHint: 'Tasks read variables with {{ var.value.key }} or Variable.get("key").',
  lead: 'Values of keys that look secret (password, secret, token, api_key, ...) are shown as ***.',
  columns: [
    { head: 'Key', cell: v => el('code', v.key) },
    { head: 'Value', className: 'value-cell', cell: v => v.value === HIDDEN ? secret(true) : el('span.value-text', v.value) },
    { head: 'Description', cell: v => text(v.description) },
  ],
  fields: [
    { name: 'key', label: 'Key', required: true, createOnly: true },
    { name: 'value', label: 'Value', type: 'textarea', hint: 'Text or JSON. *** is a hidden value: keep it to keep the value.' },
    { name: 'description', label: 'Description', type: 'textarea', rows: 2 },
  ],
  formValues: v => ({ key: v.key, value: v.value, description: v.description }),
  deletable: () => true,
  toRequest(given, original) {
    const body = { key: given.key.trim(), value: given.value, description: given.description || null };
    if (!body.key) throw new Error('Key: required');
    if (!original) return { body };
    const mask = changed(['value', 'description'], given, original);
    if (mask.includes('value')) noHiddenLeft('Value', given.value);
    return { body: { ...body, key: original.key }, mask: mask.length ? mask : ['description'] };
  },
};

const CONNECTION_FIELDS = ['conn_type', 'description', 'host', 'schema', 'login', 'port', 'extra'];

const CONNECTIONS = {
  id: 'connections', title: 'Connections', noun: 'connection', nouns: 'connections', path: '/api/v2/connections',
  listKey: 'connections', idField: 'connection_id', idLabel: 'Connection id', patternParam: 'connection_id_pattern',
  canRead: canOperate, canWrite: canOperate, readHint: 'Connections hold credentials. ' + OP_ONLY,
  emptyHint: 'Operators such as HttpOperator find hosts and credentials by connection id.',
  lead: 'Passwords and sensitive extra values never leave the service: they show as hidden here.',
  columns: [
    { head: 'Connection id', cell: c => el('code', c.connection_id) },
    { head: 'Type', cell: c => text(c.conn_type) },
    { head: 'Host', cell: c => code(c.host) },
    { head: 'Port', cell: c => text(c.port) },
    { head: 'Login', cell: c => text(c.login) },
    { head: 'Password', cell: c => secret(c.password) },
    { head: 'Extra', className: 'value-cell', cell: c => c.extra && c.extra !== '{}' ? el('code.value-text', c.extra) : el('span.muted', '—') },
    { head: 'Description', cell: c => text(c.description) },
  ],
  fields: [
    { name: 'connection_id', label: 'Connection id', required: true, createOnly: true, hint: 'Letters, digits, _, - and .' },
    { name: 'conn_type', label: 'Type', required: true, placeholder: 'http, postgres, aws, ...' },
    { name: 'description', label: 'Description' },
    { name: 'host', label: 'Host' },
    { name: 'schema', label: 'Schema' },
    { name: 'login', label: 'Login' },
    { name: 'password', label: 'Password', type: 'password' },
    { name: 'port', label: 'Port', type: 'number' },
    { name: 'extra', label: 'Extra (JSON object)', type: 'json', rows: 3 },
  ],
  formValues: c => ({ ...c, password: '' }),
  deletable: () => true,
  toRequest(given, original) {
    const port = given.port === '' ? null : Number(given.port);
    if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error('Port: a whole number from 0 to 65535');
    if (given.extra.trim()) {
      let parsed;
      try { parsed = JSON.parse(given.extra); } catch (e) { throw new Error('Extra: not valid JSON (' + e.message + ')'); }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Extra: must be a JSON object');
    }
    const body = {
      connection_id: (original ? original.connection_id : given.connection_id.trim()), conn_type: given.conn_type.trim(),
      description: given.description || null, host: given.host || null, schema: given.schema || null,
      login: given.login || null, port, extra: given.extra.trim() || null,
    };
    if (!original) return { body: { ...body, password: given.password || null } };
    const mask = changed(CONNECTION_FIELDS, { ...given, port: port ?? '' }, { ...original, port: original.port ?? '' });
    if (mask.includes('extra')) noHiddenLeft('Extra', given.extra);
    // an empty password field keeps the stored password (the form never shows it)
    if (given.password) { mask.push('password'); body.password = given.password; }
    return { body, mask: mask.length ? mask : ['description'] };
  },
};

const POOLS = {
  id: 'pools', title: 'Pools', noun: 'pool', nouns: 'pools', path: '/api/v2/pools', listKey: 'pools',
  idField: 'name', idLabel: 'Pool name', patternParam: 'pool_name_pattern',
  canRead: () => true, canWrite: canOperate,
  emptyHint: 'Tasks take slots of a pool (pool: and pool_slots: in the DAG file).',
  lead: 'A pool limits how many task slots run at once across all DAGs; -1 slots is unlimited. default_pool cannot be deleted or renamed.',
  columns: [
    { head: 'Pool', cell: p => el('code', p.name) },
    { head: 'Slots', className: 'num', cell: p => p.slots === -1 ? '∞' : String(p.slots) },
    { head: 'Running', className: 'num', cell: p => String(p.running_slots ?? 0) },
    { head: 'Queued', className: 'num', cell: p => String(p.queued_slots ?? 0) },
    { head: 'Open', className: 'num', cell: p => p.open_slots === -1 ? '∞' : String(p.open_slots ?? '') },
    { head: 'Counts deferred', cell: p => p.include_deferred ? 'yes' : 'no' },
    { head: 'Description', cell: p => text(p.description) },
  ],
  fields: [
    { name: 'name', label: 'Name', required: true, createOnly: true },
    { name: 'slots', label: 'Slots', type: 'number', required: true, hint: '-1 for unlimited' },
    { name: 'description', label: 'Description' },
    { name: 'include_deferred', label: 'Deferred tasks take slots', type: 'checkbox' },
  ],
  formValues: p => ({ name: p.name, slots: p.slots, description: p.description, include_deferred: p.include_deferred }),
  deletable: p => p.name !== 'default_pool',
  toRequest(given, original) {
    const slots = Number(given.slots);
    if (given.slots === '' || !Number.isInteger(slots) || slots < -1) throw new Error('Slots: a whole number, -1 or more');
    const body = { name: original ? original.name : given.name.trim(), slots, description: given.description || null,
      include_deferred: given.include_deferred };
    if (!body.name) throw new Error('Name: required');
    if (!original) return { body };
    // default_pool takes only its slots and include_deferred (as Airflow)
    const mask = original.name === 'default_pool' ? ['slots', 'include_deferred'] : ['slots', 'description', 'include_deferred'];
    return { body, mask };
  },
};

const SECTIONS = [VARIABLES, CONNECTIONS, POOLS];

export function render(main, [section], q) {
  const spec = SECTIONS.find(s => s.id === section) || (canOperate() ? VARIABLES : POOLS);
  const body = el('div');
  replace(main, el('div.page.admin-page',
    el('div.page-head', el('h1', 'Admin')),
    tabs(SECTIONS.map(s => ({ id: s.id, label: s.title, href: '#/admin/' + s.id })), spec.id),
    body));
  return crudPage(body, spec, q);
}
