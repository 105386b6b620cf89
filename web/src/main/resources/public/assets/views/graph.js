// The graph: the DAG laid out left to right by dagre (WebJar), nodes coloured, marked and labelled by the selected
// run's states and repainted in place as live events arrive. Task groups are boxes that collapse into one node.
import { el, svg, replace, STATES, stateKey, stateBadge, fmtDate, fmtDuration, enc, emptyState } from '../ui.js';
import { worstState } from './tree.js';
import { legendRow } from './grid.js';

const NODE_W = 176;
const NODE_H = 46;

export function renderGraph(container, { model, dagId }) {
  const storageKey = 'updraft.graph.collapsed.' + dagId;
  const collapsed = new Set(JSON.parse(sessionStorage.getItem(storageKey) || '[]'));
  let scale = null; // null = fit the width
  const runSelect = el('select#graph-run', { 'aria-label': 'Run shown in the graph' });
  const runInfo = el('div.run-info');
  const canvas = el('div.graph-canvas');
  const zoom = (factor) => () => { scale = Math.min(2, Math.max(0.3, (scale || fitScale()) * factor)); applyScale(); };
  const toolbar = el('div.graph-toolbar',
    el('label.inline', { for: 'graph-run' }, 'Run '), runSelect, runInfo, el('div.spacer'),
    el('div.zoom', { role: 'group', 'aria-label': 'Zoom' },
      el('button.button.small', { type: 'button', onclick: zoom(1 / 1.25), 'aria-label': 'Zoom out' }, '−'),
      el('button.button.small', { type: 'button', onclick: () => { scale = null; applyScale(); }, 'aria-label': 'Fit to width' }, 'Fit'),
      el('button.button.small', { type: 'button', onclick: zoom(1.25), 'aria-label': 'Zoom in' }, '+')));
  replace(container, el('div.graph-panel', toolbar, canvas, legendRow()));

  runSelect.addEventListener('change', () => {
    model.pinnedRun = runSelect.value || null;
    history.replaceState(null, '', '#/dags/' + enc(dagId) + '/graph' + (model.pinnedRun ? '?run=' + enc(model.pinnedRun) : ''));
    paint();
  });

  let svgRoot = null;
  let size = { width: 0, height: 0 };
  let nodeElements = new Map(); // visible node id -> {g, tasks, group}

  function fitScale() {
    const available = canvas.clientWidth - 2 || size.width;
    return Math.min(1, available / size.width);
  }

  function applyScale() {
    if (!svgRoot) return;
    const s = scale || Math.max(0.45, fitScale());
    svgRoot.setAttribute('width', Math.round(size.width * s));
    svgRoot.setAttribute('height', Math.round(size.height * s));
  }

  function visibleOf(taskId, task) {
    // the outermost collapsed group holding the task, else the task itself
    let group = task.group_id;
    let visible = taskId;
    while (group) {
      if (collapsed.has(group)) visible = group;
      group = group.includes('.') ? group.slice(0, group.lastIndexOf('.')) : null;
    }
    return visible;
  }

  function layout() {
    if (!model.structure.tasks.length) {
      replace(canvas, emptyState('No tasks', 'The DAG is not loaded, so its graph is unknown.'));
      return;
    }
    if (!window.dagre) {
      replace(canvas, emptyState('Graph unavailable', 'The layout library (dagre) did not load.'));
      return;
    }
    const g = new dagre.graphlib.Graph({ compound: true });
    g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    const tasksById = new Map(model.structure.tasks.map(t => [t.task_id, t]));
    const visible = new Map();
    for (const task of model.structure.tasks) {
      const id = visibleOf(task.task_id, task);
      if (!visible.has(id)) visible.set(id, { id, tasks: [], group: id !== task.task_id ? model.tree.groups.get(id) : null, task: id === task.task_id ? task : null });
      visible.get(id).tasks.push(task.task_id);
    }
    // expanded groups are clusters holding their visible members
    const expandedGroups = [...model.tree.groups.values()].filter(node => node.id && !isHidden(node.id) && !collapsed.has(node.id));
    for (const node of expandedGroups) g.setNode('cluster:' + node.id, { label: node.label, cluster: node });
    for (const node of expandedGroups) {
      const parent = parentGroup(node.id);
      if (parent && !collapsed.has(parent)) g.setParent('cluster:' + node.id, 'cluster:' + parent);
    }
    for (const item of visible.values()) {
      g.setNode(item.id, { width: NODE_W, height: NODE_H, item });
      const parent = item.group ? parentGroup(item.id) : item.task.group_id;
      if (parent && g.hasNode('cluster:' + parent)) g.setParent(item.id, 'cluster:' + parent);
    }
    for (const task of model.structure.tasks) {
      const to = visibleOf(task.task_id, task);
      for (const up of task.upstream || []) {
        const upstreamTask = tasksById.get(up);
        if (!upstreamTask) continue;
        const from = visibleOf(up, upstreamTask);
        if (from !== to) g.setEdge(from, to);
      }
    }
    dagre.layout(g);
    size = { width: Math.max(g.graph().width || 0, 200), height: Math.max(g.graph().height || 0, 80) };

    const defs = svg('defs', {}, svg('marker', {
      id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
    }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })));
    const clusters = svg('g', { class: 'clusters' });
    const edges = svg('g', { class: 'edges' });
    const nodes = svg('g', { class: 'nodes' });
    nodeElements = new Map();

    // outer clusters first so inner ones paint on top
    const clusterIds = g.nodes().filter(id => id.startsWith('cluster:'))
      .sort((a, b) => a.split('.').length - b.split('.').length);
    for (const id of clusterIds) {
      const box = g.node(id);
      if (!box || box.width === undefined) continue;
      const node = box.cluster;
      const x = box.x - box.width / 2;
      const y = box.y - box.height / 2;
      clusters.append(svg('g', { class: 'cluster' },
        svg('rect', { x, y: y - 14, width: box.width, height: box.height + 14, rx: 8 }),
        svg('g', {
          class: 'cluster-label', tabindex: 0, role: 'button', 'aria-label': 'Collapse group ' + node.id,
          'data-group': node.id,
          onclick: () => toggle(node.id), onkeydown: event => activate(event, () => toggle(node.id)),
        }, svg('text', { x: x + 10, y: y + 2 }, '▾ ' + node.label))));
    }
    for (const e of g.edges()) {
      const points = g.edge(e).points;
      edges.append(svg('path', { d: curve(points), class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
    for (const id of g.nodes()) {
      if (id.startsWith('cluster:')) continue;
      const { x, y, item } = g.node(id);
      const left = x - NODE_W / 2;
      const top = y - NODE_H / 2;
      const label = item.group ? item.group.label : item.task.label;
      const sub = item.group ? item.tasks.length + ' tasks · group' : item.task.operator || '';
      const nodeG = svg('g', {
        class: 'node' + (item.group ? ' group-node' : ''), tabindex: 0, role: 'link',
        'data-task-id': item.group ? null : item.id, 'data-group': item.group ? item.id : null,
        onclick: () => open(item), onkeydown: event => activate(event, () => open(item)),
      },
      svg('rect', { x: left, y: top, width: NODE_W, height: NODE_H, rx: 7 }),
      svg('rect', { class: 'state-strip', x: left, y: top, width: 6, height: NODE_H, rx: 3 }),
      svg('text', { class: 'label', x: left + 14, y: top + 19 }, clip(label, 20)),
      svg('text', { class: 'sub', x: left + 14, y: top + 35 }, clip(sub, 18)),
      svg('circle', { class: 'state-dot', cx: left + NODE_W - 17, cy: top + NODE_H / 2, r: 10 }),
      svg('text', { class: 'state-icon', x: left + NODE_W - 17, y: top + NODE_H / 2 + 4, 'text-anchor': 'middle' }, ''),
      svg('title', {}, item.id));
      nodes.append(nodeG);
      nodeElements.set(item.id, { g: nodeG, item, label });
    }
    svgRoot = svg('svg', {
      class: 'graph', viewBox: '0 0 ' + size.width + ' ' + size.height, role: 'group',
      'aria-label': 'Graph of ' + dagId,
    }, defs, clusters, edges, nodes);
    replace(canvas, svgRoot);
    applyScale();
  }

  function isHidden(groupId) {
    // inside a collapsed ancestor
    let parent = parentGroup(groupId);
    while (parent) {
      if (collapsed.has(parent)) return true;
      parent = parentGroup(parent);
    }
    return false;
  }

  function parentGroup(groupId) {
    const node = model.structure.groups.find(g => g.group_id === groupId);
    if (node) return node.parent_group_id || null;
    return groupId.includes('.') ? groupId.slice(0, groupId.lastIndexOf('.')) : null;
  }

  function toggle(groupId) {
    if (collapsed.has(groupId)) collapsed.delete(groupId); else collapsed.add(groupId);
    sessionStorage.setItem(storageKey, JSON.stringify([...collapsed]));
    layout();
    paint();
    const target = canvas.querySelector('[data-group="' + CSS.escape(groupId) + '"]');
    if (target) target.focus();
  }

  function open(item) {
    if (item.group) { toggle(item.id); return; }
    const run = model.selectedRun();
    if (run) location.hash = '#/dags/' + enc(dagId) + '/runs/' + enc(run.run_id) + '/tasks/' + enc(item.id);
  }

  function paint() {
    const runs = model.grid.runs;
    const selected = model.selectedRun();
    const signature = (model.pinnedRun || '') + '|' + runs.map(r => r.run_id + ':' + r.state).join(',');
    if (runSelect.dataset.signature !== signature) {
      runSelect.dataset.signature = signature;
      replace(runSelect,
      el('option', { value: '', selected: !model.pinnedRun }, 'Latest run' + (runs.length ? '' : ' (none yet)')),
      [...runs].reverse().map(run => el('option', { value: run.run_id, selected: model.pinnedRun === run.run_id },
        (STATES[stateKey(run.state)].icon || '○') + ' ' + fmtDate(run.run_after, true) + ' · ' + run.run_id)));
    }
    replace(runInfo, selected && selected.state !== undefined ? [
      stateBadge(selected.state),
      el('a.small', { href: '#/dags/' + enc(dagId) + '/runs/' + enc(selected.run_id) }, 'Run details'),
      el('span.muted.small', selected.duration ? fmtDuration(selected.duration) : ''),
    ] : selected ? el('span.muted', 'Waiting for run ' + selected.run_id + '…') : null);
    canvas.dataset.runId = selected ? selected.run_id : '';
    const row = selected ? model.grid.instances[selected.run_id] || {} : {};
    for (const { g, item, label } of nodeElements.values()) {
      const present = item.tasks.filter(id => id in row);
      const state = item.group ? worstState(present.map(id => row[id].state ?? null)) : row[item.id]?.state ?? null;
      const key = stateKey(state);
      g.setAttribute('class', 'node state-' + key + (item.group ? ' group-node' : ''));
      g.dataset.state = key;
      g.querySelector('.state-icon').textContent = STATES[key].icon;
      g.setAttribute('aria-label', (item.group ? 'Group ' : 'Task ') + label + ': ' + STATES[key].label
        + (item.group ? ', activate to expand' : ''));
      const cell = row[item.id];
      g.querySelector('title').textContent = item.id + ' — ' + STATES[key].label
        + (cell?.try_number > 1 ? ', try ' + cell.try_number : '') + (cell?.duration != null ? ', ' + fmtDuration(cell.duration) : '');
    }
  }

  layout();
  paint();
  const onResize = () => { if (scale === null) applyScale(); };
  window.addEventListener('resize', onResize);
  const listener = () => paint();
  model.listeners.add(listener);
  return () => { model.listeners.delete(listener); window.removeEventListener('resize', onResize); };
}

function activate(event, action) {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    action();
  }
}

function clip(text, max) {
  text = String(text ?? '');
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** A smooth path through dagre's edge points. */
function curve(points) {
  if (points.length < 3) return 'M' + points.map(p => p.x + ',' + p.y).join(' L');
  let d = 'M' + points[0].x + ',' + points[0].y;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ' Q' + points[i].x + ',' + points[i].y + ' ' + mid.x + ',' + mid.y;
  }
  const last = points[points.length - 1];
  return d + ' L' + last.x + ',' + last.y;
}
