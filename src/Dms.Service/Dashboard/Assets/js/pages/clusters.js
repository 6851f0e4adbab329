// The attached clusters (GET /api/v1/clusters): name, id, and how DMS reaches each.
import * as api from '../api.js';
import { el, show } from '../dom.js';
import { poll } from '../poll.js';

const status = (value) => el('span', { className: `status status-${value}` }, value);

function row(cluster) {
  const connection = cluster.clusterConnectionStatus ?? {};
  return el('tr', { dataset: { clusterId: cluster.id } },
    el('td', { className: 'name' }, cluster.name ?? ''),
    el('td', { className: 'mono' }, cluster.id),
    el('td', {}, cluster.version ?? ''),
    el('td', { className: 'access' }, status(connection.accessConnectionStatus)),
    el('td', { className: 'data' }, status(connection.dataConnectionStatus)));
}

export function render(view) {
  const body = el('tbody');
  show(view,
    el('h1', {}, 'Clusters'),
    el('table', { id: 'clusters' },
      el('thead', {}, el('tr', {}, ['Name', 'ID', 'Version', 'Access', 'Data path'].map((h) => el('th', {}, h)))),
      body));
  return poll(async () => {
    const clusters = await api.clusters();
    show(body, clusters.length > 0 ? clusters.map(row)
      : el('tr', {}, el('td', { colSpan: 5, className: 'empty' }, 'No cluster attached (dmscli attach cluster).')));
  }, 10000);
}
