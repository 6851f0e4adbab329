// Workflows, newest first, a page at a time (the API's nextPageToken), filtered by state and type
// (the API's state= and type= lists), refreshed every 2 s so running ones show live progress.
import * as api from '../api.js';
import { el, show } from '../dom.js';
import * as format from '../format.js';
import { poll } from '../poll.js';
import { progressView, stateView } from '../progress.js';
import { cancelButton } from '../cancel.js';

export const states = ['PENDING', 'RUNNING', 'CANCELING', 'COMPLETED', 'FAILED', 'CANCELED'];
export const types = ['ThickCloneVolume', 'ThickCloneSnapshot', 'AttachCluster', 'RefreshClusters'];
const pageSizes = [10, 25, 50, 100, 250];

// Kept while the tab lives, so coming back from a workflow's page shows the same list.
const query = { states: new Set(), types: new Set(), pageSize: 25 };

function checkboxes(legend, name, values, chosen, changed) {
  return el('fieldset', { id: `filter-${name}` }, el('legend', {}, legend),
    values.map((value) => el('label', {},
      el('input', {
        type: 'checkbox', name, value, checked: chosen.has(value),
        onchange: (event) => {
          if (event.currentTarget.checked) {
            chosen.add(value);
          } else {
            chosen.delete(value);
          }
          changed();
        },
      }), ` ${value}`)));
}

function row(workflow, refresh) {
  return el('tr', { dataset: { workflowId: workflow.id, state: workflow.state, type: workflow.type } },
    el('td', { className: 'mono' }, el('a', { href: `#/workflows/${workflow.id}` }, workflow.id)),
    el('td', {}, workflow.type),
    el('td', {}, stateView(workflow.state)),
    el('td', {}, format.time(workflow.createdAt)),
    el('td', {}, progressView(workflow)),
    el('td', {}, cancelButton(workflow, refresh)));
}

export function render(view) {
  // tokens[i] opens page i; the last one is the page shown ('' = the first).
  let tokens = [''];
  let next = null;
  const body = el('tbody');
  const previous = el('button', { type: 'button', id: 'previous-page', onclick: () => { tokens.pop(); refresh(); } }, 'Previous');
  const following = el('button', { type: 'button', id: 'next-page', onclick: () => { tokens.push(next); refresh(); } }, 'Next');
  const pageNumber = el('span', { id: 'page-number' });
  const restart = () => {
    tokens = [''];
    refresh();
  };
  const size = el('select', {
    id: 'page-size',
    onchange: (event) => {
      query.pageSize = Number(event.currentTarget.value);
      restart();
    },
  }, pageSizes.map((n) => el('option', { value: String(n), selected: n === query.pageSize }, String(n))));

  async function refresh() {
    const page = await api.workflows({
      pageSize: query.pageSize, pageToken: tokens.at(-1), states: [...query.states], types: [...query.types],
    });
    const workflows = page.workflows ?? [];
    next = page.nextPageToken ?? null;
    show(body, workflows.length > 0 ? workflows.map((w) => row(w, refresh))
      : el('tr', {}, el('td', { colSpan: 6, className: 'empty' }, 'No workflow matches.')));
    previous.disabled = tokens.length === 1;
    following.disabled = next === null;
    pageNumber.textContent = `Page ${tokens.length}`;
  }

  show(view,
    el('h1', {}, 'Workflows'),
    el('div', { className: 'toolbar' },
      checkboxes('State', 'state', states, query.states, restart),
      checkboxes('Type', 'type', types, query.types, restart),
      el('label', {}, 'Page size ', size)),
    el('table', { id: 'workflows' },
      el('thead', {}, el('tr', {}, ['Workflow', 'Type', 'State', 'Created', 'Progress', ''].map((h) => el('th', {}, h)))),
      body),
    el('div', { className: 'pager' }, previous, pageNumber, following));
  return poll(refresh);
}
