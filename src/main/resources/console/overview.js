// Overview: counts by status, relay lag, publish/ack rates, dependencies, latest failures; live.
import { get, query } from './api.js';
import { el, time, badge, shortId, sparkline, every, swap } from './ui.js';
import { retry } from './actions.js';

const STATUSES = ['PENDING', 'PROCESSING', 'PROCESSED', 'FAILED', 'CANCELLED'];

export function show(main) {
  const updated = el('p', { class: 'muted small', 'aria-live': 'off' });
  const body = el('div', { class: 'overview' });
  main.append(el('div', { class: 'title' }, el('h1', {}, 'Overview'), updated), body);
  return every(3000, async () => {
    swap(body, await sections());
    updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · every 3 s';
  });
}

async function sections() {
  let data;
  try {
    data = await get('/overview');
  } catch (e) {
    if (e.status !== 404) throw e;
    return fallback();
  }
  return [counts(data.counts || {}, data.processed_estimated), relay(data), dependencies(data.dependencies || {}), failures(data.latest_failures || [])];
}

function counts(counts, estimated) {
  return el('section', { class: 'card wide', 'aria-labelledby': 'h-counts' },
    el('h2', { id: 'h-counts' }, 'Events by status'),
    el('ul', { class: 'counts' }, STATUSES.map((s) => el('li', { 'data-status': s },
      el('a', { href: '#/events' + query({ status: s }), 'data-key': 'status:' + s },
        el('span', { class: 'count', title: s === 'PROCESSED' && estimated ? 'estimated from table statistics' : null },
          counts[s] === undefined ? '—' : (s === 'PROCESSED' && estimated ? '≈ ' : '') + Number(counts[s]).toLocaleString()),
        badge(s))))));
}

function relay(data) {
  const rates = data.rates || {};
  const lag = data.relay_lag_seconds;
  return el('section', { class: 'card', 'aria-labelledby': 'h-relay' },
    el('h2', { id: 'h-relay' }, 'Relay'),
    el('p', {}, 'Lag ', el('strong', { 'data-field': 'relay-lag' }, lag === undefined || lag === null ? '—' : lag.toFixed(1) + ' s'),
      el('small', {}, ' (age of the oldest due pending event)')),
    rate('Published / min', rates.published_per_minute || []),
    rate('Acknowledged / min', rates.acknowledged_per_minute || []),
    el('p', { class: 'muted small' }, 'This instance, the last ten minutes; the last point is the minute so far.'));
}

function rate(label, values) {
  const last = values.length ? values[values.length - 1] : 0;
  return el('div', { class: 'rate' }, el('span', {}, label), sparkline(values.length ? values : [0], label + ', oldest first'),
    el('strong', {}, Number(last).toLocaleString()));
}

function dependencies(deps) {
  return el('section', { class: 'card', 'aria-labelledby': 'h-deps' },
    el('h2', { id: 'h-deps' }, 'Dependencies'),
    el('ul', { class: 'deps' }, Object.entries(deps).map(([name, state]) =>
      el('li', { 'data-dependency': name }, el('span', {}, name), badge(state)))));
}

function failures(list) {
  const section = el('section', { class: 'card wide', 'aria-labelledby': 'h-fail' }, el('h2', { id: 'h-fail' }, 'Latest failures'));
  if (!list.length) {
    section.append(el('p', { class: 'muted' }, 'No failed events.'));
    return section;
  }
  section.append(el('div', { class: 'scroll' }, el('table', { class: 'failures' },
    el('thead', {}, el('tr', {}, ['Event', 'Type', 'Aggregate', 'Attempts', 'Next attempt', 'Last error', ''].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, list.map((f) => el('tr', { 'data-id': f.id },
      el('td', {}, el('a', { href: '#/events/' + encodeURIComponent(f.id), title: f.id, class: 'mono', 'data-key': 'open:' + f.id }, shortId(f.id))),
      el('td', {}, f.event_type ?? f.type), el('td', {}, f.aggregate_id), el('td', { class: 'num' }, f.attempts ?? f.retry_count),
      el('td', {}, time(f.next_attempt_at)), el('td', { class: 'error' }, f.last_error || ''),
      el('td', {}, el('button', { type: 'button', 'data-key': 'retry:' + f.id, onclick: () => retry([f.id]) }, 'Retry'))))))));
  return section;
}

/** Before GET /overview existed: dependencies from /health, failures from the event list. */
async function fallback() {
  const health = await fetch(new URL('../health', document.baseURI), { cache: 'no-store' })
    .then((r) => r.json()).catch(() => ({ components: {} }));
  const deps = Object.fromEntries(Object.entries(health.components || {}).map(([k, v]) => [k, v.status]));
  const failed = await get('/events' + query({ status: 'FAILED', page_size: 10 }));
  return [el('p', { class: 'card wide muted' }, 'This service has no GET /api/v1/overview: counts, lag and rates are not shown.'),
    dependencies(deps),
    failures(failed.events.map((e) => ({ ...e, event_type: e.type, attempts: e.retry_count })))];
}
