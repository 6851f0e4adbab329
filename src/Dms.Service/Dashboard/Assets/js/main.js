// The dashboard's router: #/login, #/clusters, #/workflows, #/workflows/<id>. Routes live in the
// fragment, which never reaches the server; the session token never appears in a URL.
import * as api from './api.js';
import * as session from './session.js';
import { showError, clearError } from './notice.js';
import * as login from './pages/login.js';
import * as clusters from './pages/clusters.js';
import * as workflows from './pages/workflows.js';
import * as workflow from './pages/workflow.js';

const home = '#/workflows';
const routes = [
  { pattern: /^#\/clusters$/, page: clusters.render },
  { pattern: /^#\/workflows$/, page: workflows.render },
  { pattern: /^#\/workflows\/([0-9a-fA-F-]{36})$/, page: (view, match) => workflow.render(view, { id: match[1] }) },
];

let stopPage = null;
let returnTo = home;
let pendingNotice = null;

function route() {
  stopPage?.();
  stopPage = null;
  clearError();
  if (pendingNotice) {
    showError(pendingNotice);
    pendingNotice = null;
  }

  const view = document.getElementById('view');
  const hash = location.hash || home;
  const user = session.current()?.user;
  document.getElementById('nav').hidden = !user;
  document.getElementById('user').textContent = user ?? '';
  if (!user) {
    if (hash !== '#/login') {
      returnTo = hash;
      location.replace('#/login');
      return;
    }
    login.render(view, { next: returnTo });
    return;
  }

  const match = routes.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  if (!match) {
    location.replace(home);
    return;
  }
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
    if (link.hasAttribute('aria-current')) {
      link.setAttribute('aria-current', 'page');
    }
  }
  stopPage = match.r.page(view, match.m) ?? null;
}

api.whenUnauthenticated((message) => {
  pendingNotice = `Please log in again (${message}).`;
  if (location.hash !== '#/login') {
    returnTo = location.hash || home;
    location.hash = '#/login';
  }
});

document.getElementById('logout').addEventListener('click', () => {
  session.end();
  returnTo = home;
  location.hash = '#/login';
});

window.addEventListener('hashchange', route);
route();
