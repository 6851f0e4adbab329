// Cancel with a confirmation dialog (POST the cancel route); the caller's polling then shows
// CANCELING and CANCELED as the API reports them.
import * as api from './api.js';
import { el } from './dom.js';
import { showError } from './notice.js';
import { cancellableStates } from './progress.js';

function confirm(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const yes = document.getElementById('confirm-yes');
    const no = document.getElementById('confirm-no');
    const done = (answer) => {
      yes.onclick = null;
      no.onclick = null;
      dialog.onclose = null;
      if (dialog.open) {
        dialog.close();
      }
      resolve(answer);
    };
    yes.onclick = () => done(true);
    no.onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
  });
}

/** A Cancel button for a PENDING or RUNNING workflow, else nothing; afterwards calls refresh. */
export function cancelButton(workflow, refresh) {
  if (!cancellableStates.includes(workflow.state)) {
    return null;
  }
  return el('button', {
    type: 'button', className: 'danger cancel',
    onclick: async (event) => {
      const button = event.currentTarget;
      const text = `Cancel ${workflow.type} workflow ${workflow.id}? Whatever it created is cleaned up.`;
      if (!(await confirm(text))) {
        return;
      }
      button.disabled = true;
      try {
        await api.cancel(workflow.id);
      } catch (e) {
        showError(e.message);
      }
      await refresh();
    },
  }, 'Cancel');
}
