// Events: search by id, type, status, aggregate and time range; keyset pages; actions on a selection or a filter.
import { get, query } from './api.js';
import { el, time, badge, shortId, failure } from './ui.js';
import { retry, retryMatching, cancel, replay } from './actions.js';

const STATUSES = ['PENDING', 'PROCESSING', 'PROCESSED', 'FAILED', 'CANCELLED'];
const FILTERS = ['type', 'status', 'aggregate_id', 'created_after', 'created_before'];

export function show(main, rawQuery) {
  const params = new URLSearchParams(rawQuery);
  const filter = Object.fromEntries(FILTERS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
  const pageSize = params.get('page_size') || '50';
  const tokens = [''];   // the token of each page seen, so Previous goes back without the server
  let index = 0;
  let page = [];
  const selected = new Set();

  const table = el('div', { class: 'scroll' });
  const pager = el('div', { class: 'pager' });
  const bar = el('div', { class: 'actions', role: 'group', 'aria-label': 'Actions on selected events' });
  main.append(el('h1', {}, 'Events'), searchForm(filter, pageSize), bar, table, pager);

  const withSelection = (f) => async () => {
    if (await f([...selected])) load();
  };
  const buttons = {
    retry: el('button', { type: 'button', 'data-key': 'retry-selected', onclick: withSelection(retry) }, 'Retry selected'),
    cancel: el('button', { type: 'button', 'data-key': 'cancel-selected', onclick: withSelection(cancel) }, 'Cancel selected…'),
    replay: el('button', { type: 'button', 'data-key': 'replay-selected', onclick: withSelection(async (ids) => go(await replay({ ids }))) },
      'Replay selected…'),
  };
  // The commands' filters name the type event_type and take no status (retry: FAILED; replay: PROCESSED).
  const matching = {};
  for (const [k, v] of Object.entries(filter)) if (k !== 'status') matching[k === 'type' ? 'event_type' : k] = v;
  bar.append(el('span', { class: 'selcount', 'aria-live': 'polite' }), ...Object.values(buttons),
    el('button', { type: 'button', 'data-key': 'retry-matching', onclick: async () => { if (await retryMatching(matching)) load(); } },
      'Retry all failed matching…'),
    el('button', { type: 'button', 'data-key': 'replay-matching', onclick: async () => go(await replay({ filter: matching })) },
      'Replay all matching…'));

  function go(job) {
    if (job) location.hash = '#/replays/' + encodeURIComponent(job.id);
  }

  function refreshBar() {
    bar.querySelector('.selcount').textContent = selected.size + ' selected';
    for (const b of Object.values(buttons)) b.disabled = selected.size === 0;
  }

  async function load() {
    selected.clear();
    refreshBar();
    table.setAttribute('aria-busy', 'true');
    let answer;
    try {
      answer = await get('/events' + query({ ...filter, page_size: pageSize, page_token: tokens[index] }));
    } catch (e) {
      failure(e);
      table.replaceChildren(el('p', { class: 'muted' }, 'Could not list events: ' + e.message));
      return;
    } finally {
      table.removeAttribute('aria-busy');
    }
    page = answer.events;
    tokens[index + 1] = answer.next_page_token || '';
    table.replaceChildren(render());
    pager.replaceChildren(
      el('button', { type: 'button', 'data-key': 'previous', disabled: index === 0, onclick: () => { index--; load(); } }, '← Previous'),
      el('span', {}, `Page ${index + 1} · ${page.length} event${page.length === 1 ? '' : 's'}`),
      el('button', { type: 'button', 'data-key': 'next', disabled: !tokens[index + 1], onclick: () => { index++; load(); } }, 'Next →'));
  }

  function render() {
    if (!page.length) return el('p', { class: 'muted' }, 'No events match.');
    const all = el('input', { type: 'checkbox', 'aria-label': 'Select every event on this page' });
    const boxes = page.map((e) => el('input', { type: 'checkbox', value: e.id, 'aria-label': 'Select event ' + e.id }));
    all.addEventListener('change', () => boxes.forEach((b) => { b.checked = all.checked; b.dispatchEvent(new Event('change')); }));
    boxes.forEach((b) => b.addEventListener('change', () => { if (b.checked) selected.add(b.value); else selected.delete(b.value); refreshBar(); }));
    return el('table', { class: 'events' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, all),
        ['Event', 'Created', 'Type', 'Aggregate', 'Status', 'Attempts', 'Last error'].map((h, i) =>
          el('th', { scope: 'col', class: i >= 5 || i === 1 || i === 3 ? 'wide-only' : null }, h)))),
      el('tbody', {}, page.map((e, i) => el('tr', { 'data-id': e.id, 'data-status': e.status },
        el('td', {}, boxes[i]),
        el('td', {}, el('a', { href: '#/events/' + encodeURIComponent(e.id), title: e.id, class: 'mono' }, shortId(e.id))),
        el('td', { class: 'wide-only' }, time(e.created_at)), el('td', {}, e.type), el('td', { class: 'wide-only' }, e.aggregate_id),
        el('td', {}, badge(e.status)), el('td', { class: 'num wide-only' }, e.retry_count),
        el('td', { class: 'error wide-only' }, e.last_error || '')))));
  }

  load();
  return null;
}

function searchForm(filter, pageSize) {
  const types = el('datalist', { id: 'event-types' });
  get('/event-types').then((r) => types.replaceChildren(...(r.event_types || []).map((t) => el('option', { value: t.name }))))
    .catch(() => {});
  const field = (label, input) => el('label', {}, label, input);
  const form = el('form', { class: 'search', role: 'search' },
    field('Event id', el('input', { name: 'id', placeholder: 'uuid', autocomplete: 'off', spellcheck: 'false' })),
    field('Type', el('input', { name: 'type', list: 'event-types', value: filter.type, autocomplete: 'off' })), types,
    field('Status', el('select', { name: 'status' }, el('option', { value: '' }, 'any'),
      STATUSES.map((s) => el('option', { value: s, selected: filter.status === s }, s)))),
    field('Aggregate', el('input', { name: 'aggregate_id', value: filter.aggregate_id, autocomplete: 'off' })),
    field('Created from', el('input', { name: 'created_after', type: 'datetime-local', step: 1, value: local(filter.created_after) })),
    field('Created to', el('input', { name: 'created_before', type: 'datetime-local', step: 1, value: local(filter.created_before) })),
    field('Per page', el('select', { name: 'page_size' }, ['20', '50', '100', '500'].map((n) => el('option', { selected: n === pageSize }, n)))),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary' }, 'Search'),
      el('a', { href: '#/events', class: 'button' }, 'Clear')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    if (v.id.trim()) {
      location.hash = '#/events/' + encodeURIComponent(v.id.trim());
      return;
    }
    for (const k of ['created_after', 'created_before']) v[k] = v[k] ? new Date(v[k]).toISOString() : '';
    delete v.id;
    const next = '#/events' + query(v);
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return form;
}

/** An ISO instant as a datetime-local value in the viewer's zone. */
function local(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}
