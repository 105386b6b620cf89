// Small DOM and formatting helpers shared by the views. No framework: views build elements with el() and
// replace their container's children when data changes.
import { formatInstant, displayZone } from './time.js';

/** el('div.card#x', {onclick, title, ...attrs}, child, [children], 'text') */
export function el(spec, props, ...children) {
  const [, tag = 'div', rest = ''] = /^([a-z0-9-]*)(.*)$/i.exec(spec);
  const node = document.createElement(tag || 'div');
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') node.classList.add(part.slice(1));
    else node.id = part.slice(1);
  }
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className += ' ' + value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
  return container;
}

// Airflow's task and run states: a colour, an icon and a label each, so no state depends on colour alone.
export const STATES = {
  success: { label: 'success', icon: '✓' },
  failed: { label: 'failed', icon: '✕' },
  running: { label: 'running', icon: '▶' },
  queued: { label: 'queued', icon: '…' },
  scheduled: { label: 'scheduled', icon: '◷' },
  up_for_retry: { label: 'up for retry', icon: '↻' },
  up_for_reschedule: { label: 'up for reschedule', icon: '⟳' },
  upstream_failed: { label: 'upstream failed', icon: '!' },
  skipped: { label: 'skipped', icon: '»' },
  removed: { label: 'removed', icon: '−' },
  restarting: { label: 'restarting', icon: '↺' },
  deferred: { label: 'deferred', icon: '‖' },
  none: { label: 'no status', icon: '' },
};

export function stateKey(state) {
  return state && STATES[state] ? state : 'none';
}

/** A state badge: icon and label on the state's colour. */
export function stateBadge(state, extra) {
  const key = stateKey(state);
  return el('span.badge.state-' + key, { title: STATES[key].label, dataset: { state: key } },
    el('span.icon', { 'aria-hidden': 'true' }, STATES[key].icon || '○'), ' ', STATES[key].label, extra ? ' ' + extra : '');
}

/** A small square (grid cell, recent runs) with the state's icon, named for screen readers. */
export function stateSquare(state, title, href) {
  const key = stateKey(state);
  const props = { class: 'sq state-' + key, title, 'aria-label': title, dataset: { state: key } };
  const node = href ? el('a', { ...props, href }) : el('span', { ...props, role: 'img' });
  node.append(el('span.icon', { 'aria-hidden': 'true' }, STATES[key].icon));
  return node;
}

/** A date in the chosen time zone and the one format of every page (see time.js). */
export function fmtDate(iso, short, dagId) {
  return formatInstant(iso, short, dagId);
}

/** A <time> with the date in the chosen zone, and the ISO value and the zone in its title. */
export function timeEl(iso, short, dagId) {
  if (!iso) return el('span.muted', '—');
  return el('time', { datetime: iso, title: iso + ' (shown in ' + displayZone(dagId) + ')' }, formatInstant(iso, short, dagId));
}

export function fmtRelative(iso) {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  const units = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, name] of units) {
    if (abs >= size || size === 1) {
      const n = Math.round(abs / size);
      const text = n + ' ' + name + (n === 1 ? '' : 's');
      return seconds >= 0 ? 'in ' + text : text + ' ago';
    }
  }
  return '';
}

export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 2 : 1) + ' s';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return (h ? h + 'h ' : '') + m + 'm ' + String(rest).padStart(2, '0') + 's';
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const node = el('div.toast.' + kind, message);
  box.append(node);
  setTimeout(() => node.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * A modal dialog (native <dialog>: focus moves into it, Escape closes it). build(body, close) fills it;
 * resolves with what close() was given.
 */
export function dialog(title, build) {
  return new Promise(resolve => {
    const body = el('div.dialog-body');
    const heading = el('h2', title);
    const node = el('dialog.modal', { 'aria-label': title },
      el('div.dialog-head', heading,
        el('button.icon-button', { type: 'button', 'aria-label': 'Close', onclick: () => close(null) }, '✕')),
      body);
    let done = false;
    function close(value) {
      if (done) return;
      done = true;
      node.close();
      node.remove();
      resolve(value);
    }
    node.addEventListener('cancel', event => { event.preventDefault(); close(null); });
    build(body, close);
    document.body.append(node);
    node.showModal();
    const first = body.querySelector('input, textarea, select, button');
    if (first) first.focus();
  });
}

export function confirmDialog(title, message, confirmLabel = 'Confirm', danger = false) {
  return dialog(title, (body, close) => {
    body.append(el('p', message), el('div.dialog-actions',
      el('button.button', { type: 'button', onclick: () => close(false) }, 'Cancel'),
      el('button.button.' + (danger ? 'danger' : 'primary'), { type: 'button', onclick: () => close(true) },
        confirmLabel)));
  });
}

/**
 * Fills `container` with previous / next buttons and "Page n of m" when the entries span more than one page;
 * go(offset) is called with the offset of the page chosen.
 */
export function pagerButtons(container, total, offset, size, go, [previous, next] = ['← Previous', 'Next →']) {
  const pages = Math.ceil(total / size);
  const page = Math.floor(offset / size);
  replace(container, pages > 1 ? [
    el('button.button.small', { type: 'button', disabled: page === 0, onclick: () => go(Math.max(0, offset - size)) }, previous),
    el('span.muted', 'Page ' + (page + 1) + ' of ' + pages),
    el('button.button.small', { type: 'button', disabled: page >= pages - 1, onclick: () => go(offset + size) }, next),
  ] : null);
}

export function emptyState(title, text, ...extra) {
  return el('div.empty', el('div.empty-title', title), text ? el('p', text) : null, ...extra);
}

export function errorBox(error) {
  return el('div.error-box', { role: 'alert' }, el('strong', 'Could not load: '), String(error.message || error));
}

export function spinner(label = 'Loading…') {
  return el('div.loading', { role: 'status' }, el('span.spin', { 'aria-hidden': 'true' }), label);
}

/** Accessible tabs: a row of buttons (arrow keys move between them), the active one from `current`. */
export function tabs(items, current, onSelect) {
  const list = el('div.tabs', { role: 'tablist' });
  items.forEach(item => {
    const selected = item.id === current;
    const button = el('a.tab', {
      role: 'tab', href: item.href, 'aria-selected': selected ? 'true' : 'false', tabindex: selected ? '0' : '-1',
      id: 'tab-' + item.id, dataset: { tab: item.id },
      onclick: onSelect ? event => { event.preventDefault(); onSelect(item.id); } : null,
    }, item.label);
    list.append(button);
  });
  list.addEventListener('keydown', event => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = [...list.querySelectorAll('[role=tab]')];
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    const next = all[(index + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
    next.focus();
  });
  return list;
}

export function debounce(fn, millis) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), millis);
  };
}

export function enc(value) {
  return encodeURIComponent(value);
}

export function jsonBlock(value) {
  return el('pre.json', JSON.stringify(value, null, 2));
}
