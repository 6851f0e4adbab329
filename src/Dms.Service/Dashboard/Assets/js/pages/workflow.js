// One workflow: its request, stage and progress, result, error and warnings; cancel while it can.
import * as api from '../api.js';
import { el, show } from '../dom.js';
import * as format from '../format.js';
import { poll } from '../poll.js';
import { activeStates, progressView, stateView } from '../progress.js';
import { cancelButton } from '../cancel.js';

const json = (value) => el('pre', { className: 'mono' }, JSON.stringify(value, null, 2));

function sections(workflow, refresh) {
  const request = workflow.thickCloneVolumeRequest ?? workflow.snapshotCloneRequest ?? workflow.attachClusterRequest;
  const warnings = workflow.result?.warnings ?? [];
  const fields = [
    ['ID', el('span', { className: 'mono' }, workflow.id)],
    ['Type', workflow.type],
    ['State', stateView(workflow.state)],
    ['Created', format.time(workflow.createdAt)],
    ['Started', format.time(workflow.startedAt)],
    ['Ended', format.time(workflow.endedAt)],
    ['Stage', workflow.progress?.stage ?? ''],
    ['Progress', progressView(workflow)],
  ];
  return [
    el('h1', {}, `${workflow.type} ${workflow.id}`),
    el('dl', { className: 'fields', id: 'workflow' }, fields.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { dataset: { field: name.toLowerCase() } }, value)])),
    el('p', {}, cancelButton(workflow, refresh)),
    workflow.msg ? [el('h2', {}, workflow.state === 'FAILED' ? 'Error' : 'Message'),
      el('p', { id: 'msg', className: workflow.state === 'FAILED' ? 'failure' : 'note' }, workflow.msg)] : null,
    warnings.length > 0 ? [el('h2', {}, 'Warnings'), el('ul', { id: 'warnings' }, warnings.map((w) => el('li', {}, w)))] : null,
    workflow.result ? [el('h2', {}, 'Result'), json(workflow.result)] : null,
    request ? [el('h2', {}, 'Request'), json(request)] : null,
  ];
}

export function render(view, { id }) {
  async function refresh() {
    const workflow = await api.workflow(id);
    show(view, el('p', {}, el('a', { href: '#/workflows' }, '← Workflows')), sections(workflow, refresh));
    // Polling ends with the workflow.
    return activeStates.includes(workflow.state);
  }
  return poll(refresh);
}
