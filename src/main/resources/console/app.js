// The console's entry: a hash router over three pages and the token prompt.
import { tokenPrompt, hasToken, forgetToken, onTokenChange } from './api.js';
import { el, ask } from './ui.js';
import * as overview from './overview.js';
import * as events from './events.js';
import * as detail from './event.js';
import * as replays from './replays.js';

const ROUTES = [
  [/^#\/overview$/, overview, 'overview'],
  [/^#\/events\/([^/?]+)$/, detail, 'events'],
  [/^#\/events(?:\?(.*))?$/, events, 'events'],
  [/^#\/replays(?:\/([^/?]+))?$/, replays, 'replays'],
];
const main = document.getElementById('main');
let stop = null;

function route() {
  const hash = location.hash || '#/overview';
  const found = ROUTES.map(([re, page, nav]) => [hash.match(re), page, nav]).find(([m]) => m);
  if (stop) stop();
  stop = null;
  main.replaceChildren();
  for (const a of document.querySelectorAll('nav a')) {
    if (found && a.dataset.page === found[2]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!found) {
    main.append(el('h1', {}, 'Not found'), el('p', {}, el('a', { href: '#/overview' }, 'Go to the overview')));
    return;
  }
  const [match, page] = found;
  stop = page.show(main, match[1] || '') || null;
}

tokenPrompt((reason) => ask({
  title: 'Service token', role: 'token', submit: 'Use token', text: reason + ' It is kept in this page only.',
  fields: [{ name: 'token', label: 'Bearer token', type: 'password', required: true }],
}).then((v) => (v ? v.token : null)));

function showTokenState() {
  const box = document.getElementById('token-state');
  box.replaceChildren(hasToken()
    ? el('button', { type: 'button', class: 'link', onclick: forgetToken, title: 'Forget the token this page holds' }, 'Forget token')
    : '');
}
onTokenChange(showTokenState);

window.addEventListener('hashchange', () => { route(); main.focus({ preventScroll: true }); });
route();
