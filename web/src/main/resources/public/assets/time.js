// The time zone every date is shown in, chosen in the header (UTC, this browser's, or the DAG's, as Airflow 3's
// selector) and kept in localStorage; and the one date format all pages use: 2024-05-01 13:45:07 (short:
// 05-01 13:45), with the full ISO instant and the zone in the element's title.
import { get } from './api.js';

const STORAGE_KEY = 'updraft.timezone';
const CHOICES = ['utc', 'local', 'dag'];
const listeners = new Set();
/** The time zone of each DAG whose details a page has read (dag id -> IANA name). */
const dagZones = new Map();
const formatters = new Map();

export function zoneChoice() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return CHOICES.includes(stored) ? stored : 'utc';
}

export function setZoneChoice(choice) {
  localStorage.setItem(STORAGE_KEY, CHOICES.includes(choice) ? choice : 'utc');
  listeners.forEach(listener => listener());
}

/** Called after the choice changes (pages redraw their dates). */
export function onZoneChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function rememberDagZone(dagId, zone) {
  if (dagId && zone) dagZones.set(dagId, zone);
}

const asked = new Set();
/**
 * Reads the time zone of each DAG not read yet (GET /api/v2/dags/{id}/details), only while "DAG's zone" is
 * chosen; an unknown DAG keeps UTC.
 */
export async function loadDagZones(dagIds) {
  if (zoneChoice() !== 'dag') return;
  const missing = [...new Set(dagIds)].filter(id => id && !asked.has(id));
  missing.forEach(id => asked.add(id));
  await Promise.all(missing.map(async id => {
    try {
      const zone = (await get('/api/v2/dags/' + encodeURIComponent(id) + '/details')).timezone;
      rememberDagZone(id, zone);
    } catch (e) { /* shown in UTC */ }
  }));
}

export function localZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The IANA zone dates are shown in: with the "DAG's" choice, the zone of the DAG a date belongs to (UTC when it
 * belongs to none, or to a DAG whose zone is not known yet).
 */
export function displayZone(dagId) {
  const choice = zoneChoice();
  if (choice === 'local') return localZone();
  if (choice === 'dag') return dagZones.get(dagId || currentDag) || 'UTC';
  return 'UTC';
}

let currentDag = null;
/** The DAG the open page is about (its zone applies to dates with no DAG of their own); null when none. */
export function setCurrentDag(dagId) {
  currentDag = dagId || null;
}

function formatter(zone) {
  if (!formatters.has(zone)) {
    formatters.set(zone, new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    }));
  }
  return formatters.get(zone);
}

/** The date's parts in the display zone: {year, month, day, hour, minute, second, timeZoneName}. */
function parts(date, zone) {
  return Object.fromEntries(formatter(zone).formatToParts(date).map(part => [part.type, part.value]));
}

/** 2024-05-01 13:45:07 (short: 05-01 13:45) in the display zone; '—' for nothing; the text as is if no date. */
export function formatInstant(iso, short, dagId) {
  if (!iso) return '—';
  const date = iso instanceof Date ? iso : new Date(iso);
  if (isNaN(date)) return String(iso);
  const p = parts(date, displayZone(dagId));
  return short
    ? p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute
    : p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ':' + p.second;
}

/** The zone's short name at that instant (UTC, CET, GMT+2, ...), for titles and column heads. */
export function zoneLabel(dagId, at = new Date()) {
  return parts(at, displayZone(dagId)).timeZoneName || displayZone(dagId);
}

/** A select for the header: UTC, this browser's zone, or the DAG's. */
export function zoneSelect(document) {
  const select = document.createElement('select');
  select.id = 'timezone';
  select.className = 'zone-select';
  select.setAttribute('aria-label', 'Time zone of the dates shown');
  select.title = 'Time zone of the dates shown ("DAG\'s": the zone of the DAG a date belongs to, else UTC)';
  for (const [value, label] of [['utc', 'UTC'], ['local', 'Local (' + localZone() + ')'], ['dag', 'DAG\'s zone']]) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    option.selected = value === zoneChoice();
    select.append(option);
  }
  select.addEventListener('change', () => setZoneChoice(select.value));
  return select;
}

/** An instant as a datetime-local input's value (YYYY-MM-DDTHH:mm:ss) in the display zone. */
export function toZonedInput(date, dagId) {
  return formatInstant(date, false, dagId).replace(' ', 'T');
}

/** A datetime-local input's value read in the display zone, as an ISO instant (null for an empty value). */
export function fromZonedInput(value, dagId) {
  if (!value) return null;
  const [day, time = '00:00:00'] = value.split('T');
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi, s = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, Math.floor(s));
  // the zone's offset at that wall time: shown-as-UTC minus the instant, refined once for a DST edge
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const shown = toZonedInput(new Date(instant), dagId);
    const [sd, st] = shown.split('T');
    const [sy, smo, sdd] = sd.split('-').map(Number);
    const [sh, smi, ss] = st.split(':').map(Number);
    instant += wall - Date.UTC(sy, smo - 1, sdd, sh, smi, ss);
  }
  return new Date(instant).toISOString();
}
