// Log in with a dms user (the same htpasswd users as dmscli); a refusal shows the API's message.
import * as api from '../api.js';
import { el, show } from '../dom.js';
import { showError, clearError } from '../notice.js';

export function render(view, { next }) {
  const username = el('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit' }, 'Log in');
  const form = el('form', {
    className: 'login',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      clearError();
      try {
        await api.login(username.value, password.value);
        location.hash = next;
      } catch (e) {
        showError(e.message);
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    },
  },
  el('h1', {}, 'Log in to DMS'),
  el('label', { htmlFor: 'username' }, 'User'), username,
  el('label', { htmlFor: 'password' }, 'Password'), password,
  submit);
  show(view, form);
  username.focus();
}
