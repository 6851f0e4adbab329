// A workflow's progress as the API reports it: bar, stage, bytes done of total, rate and ETA.
import { el } from './dom.js';
import * as format from './format.js';

export const activeStates = ['PENDING', 'RUNNING', 'CANCELING'];
export const cancellableStates = ['PENDING', 'RUNNING'];

export function progressView(workflow) {
  const p = workflow.progress ?? {};
  const percent = Number(p.percent ?? 0);
  const headline = [`${percent}%`, p.stage].filter(Boolean).join(' · ');
  const details = [];
  if (p.bytesTotal !== undefined) {
    details.push(`${format.bytes(p.bytesDone ?? 0)} of ${format.bytes(p.bytesTotal)}`);
  }
  if (workflow.state === 'RUNNING' && p.bytesPerSecond !== undefined) {
    details.push(format.rate(p.bytesPerSecond));
  }
  if (workflow.state === 'RUNNING' && p.etaSeconds !== undefined) {
    details.push(`ETA ${format.duration(p.etaSeconds)}`);
  }
  return el('div', { className: 'progress' },
    el('progress', { max: 100, value: percent, title: `${percent}%` }),
    el('div', { className: 'headline' }, headline),
    details.length > 0 ? el('div', { className: 'detail' }, details.join(' · ')) : null);
}

export const stateView = (state) => el('span', { className: `state state-${state}` }, state);
