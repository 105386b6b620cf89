// A DAG's tasks as a tree of task groups, in topological order (upstream first), shared by the grid and graph.

/** Most telling state first: a group (or mapped task) shows the first state any of its instances has. */
export const STATE_PRIORITY = ['failed', 'upstream_failed', 'up_for_retry', 'up_for_reschedule', 'running',
  'restarting', 'deferred', 'queued', 'scheduled', 'none', 'skipped', 'removed', 'success'];

export function worstState(states) {
  let best = null;
  let bestRank = Infinity;
  for (const state of states) {
    const rank = STATE_PRIORITY.indexOf(state || 'none');
    if (rank >= 0 && rank < bestRank) { best = state || 'none'; bestRank = rank; }
  }
  return best === 'none' ? null : best;
}

/**
 * Builds {id, label, group: true, children, tasks (all task ids below)} nodes for groups and {id, label, task}
 * leaves, each level sorted by the topological position of its first task.
 */
export function buildTree(structure) {
  const order = topologicalOrder(structure.tasks);
  const root = { id: null, label: structure.dag_id, group: true, children: [], tasks: [] };
  const groups = new Map([[null, root]]);
  const groupNode = id => {
    if (groups.has(id)) return groups.get(id);
    const info = structure.groups.find(g => g.group_id === id) || { group_id: id, label: id.split('.').pop() };
    const node = { id, label: info.label, tooltip: info.tooltip, group: true, children: [], tasks: [] };
    groups.set(id, node);
    const parentId = info.parent_group_id ?? (id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : null);
    groupNode(parentId).children.push(node);
    return node;
  };
  structure.groups.forEach(g => groupNode(g.group_id));
  for (const task of structure.tasks) {
    const leaf = { id: task.task_id, label: task.label, task };
    groupNode(task.group_id ?? null).children.push(leaf);
  }
  const collect = node => {
    if (!node.group) return [node.id];
    node.tasks = node.children.flatMap(collect);
    return node.tasks;
  };
  collect(root);
  const rank = node => Math.min(...(node.group ? node.tasks : [node.id]).map(id => order.get(id) ?? 0), Infinity);
  const sort = node => {
    if (!node.group) return;
    node.children.sort((a, b) => rank(a) - rank(b) || String(a.label).localeCompare(String(b.label)));
    node.children.forEach(sort);
  };
  sort(root);
  collect(root); // task lists in display order
  return { root, groups };
}

function topologicalOrder(tasks) {
  const upstream = new Map(tasks.map(t => [t.task_id, t.upstream || []]));
  const order = new Map();
  const visiting = new Set();
  const visit = id => {
    if (order.has(id) || visiting.has(id)) return;
    visiting.add(id);
    (upstream.get(id) || []).forEach(visit);
    visiting.delete(id);
    order.set(id, order.size);
  };
  [...tasks].sort((a, b) => a.task_id.localeCompare(b.task_id)).forEach(t => visit(t.task_id));
  return order;
}
