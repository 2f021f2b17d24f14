// One event: its state, payload, metadata, the Kafka record it is sent as, and its actions.
import { get } from './api.js';
import { el, time, badge, json, facts, every, swap } from './ui.js';
import { retry, cancel, replay } from './actions.js';

const SETTLED = new Set(['PROCESSED', 'CANCELLED']);

export function show(main, rawId) {
  const id = decodeURIComponent(rawId);
  const head = el('div', { class: 'title' }, el('h1', {}, 'Event ', el('span', { class: 'mono' }, id)));
  const body = el('div', { class: 'event' });
  main.append(el('p', {}, el('a', { href: '#/events' }, '← Events')), head, body);
  let last = '';
  // Live while the relay may still change it; a settled event is read once more after an action.
  let stop = () => {};
  const load = async () => {
    const event = await get('/events/' + encodeURIComponent(id));
    const seen = JSON.stringify(event);
    if (seen !== last) {
      last = seen;
      swap(body, await render(event, () => { stop(); stop = every(2000, load); }));
    }
    if (SETTLED.has(event.status)) stop();
  };
  stop = every(2000, async () => {
    try {
      await load();
    } catch (e) {
      if (e.status !== 404) throw e;
      stop();
      body.replaceChildren(el('p', { role: 'alert' }, 'No event with id ' + id + '.'));
    }
  });
  return () => stop();
}

async function render(e, reload) {
  const after = (f) => async () => { if (await f()) reload(); };
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': 'Actions on this event' },
    e.status === 'FAILED'
      ? el('button', { type: 'button', class: 'primary', 'data-key': 'retry', onclick: after(() => retry([e.id])) }, 'Retry') : null,
    e.status === 'FAILED' || e.status === 'PENDING'
      ? el('button', { type: 'button', 'data-key': 'cancel', onclick: after(() => cancel([e.id])) }, 'Cancel…') : null,
    e.status === 'PROCESSED'
      ? el('button', { type: 'button', 'data-key': 'replay', onclick: async () => {
        const job = await replay({ ids: [e.id] });
        if (job) location.hash = '#/replays/' + encodeURIComponent(job.id);
      } }, 'Replay…') : null);
  const state = el('section', { class: 'card', 'aria-labelledby': 'h-state' }, el('h2', { id: 'h-state' }, 'State'),
    facts([
      ['Status', el('span', { 'data-field': 'status' }, badge(e.status))],
      ['Type', e.type], ['Aggregate', e.aggregate_id],
      ['Attempts', String(e.retry_count ?? 0)],
      ['Last error', e.last_error ? el('span', { class: 'error', 'data-field': 'last-error' }, e.last_error) : null],
      ['Next attempt', time(e.next_attempt_at)],
      ['Created', time(e.created_at)], ['Updated', time(e.updated_at)], ['Processed', time(e.processed_at)],
      e.status === 'CANCELLED' ? ['Cancelled', el('span', {}, time(e.cancelled_at), ' by ', e.cancelled_by || '?')] : null,
      e.status === 'CANCELLED' ? ['Reason', el('span', { 'data-field': 'cancel-reason' }, e.cancel_reason || '')] : null,
      ['Idempotency key', e.idempotency_key || null], ['Schema version', e.schema_version ? String(e.schema_version) : null],
    ]), actions);
  const kafka = el('section', { class: 'card', 'aria-labelledby': 'h-kafka' }, el('h2', { id: 'h-kafka' }, 'On Kafka'),
    el('div', { 'data-field': 'kafka' },
      facts([['Topic', e.kafka_topic || null], ['Partition', e.kafka_partition ?? null], ['Offset', e.kafka_offset ?? null]])),
    await record(e));
  return [state, kafka,
    el('section', { class: 'card wide', 'aria-labelledby': 'h-payload' }, el('h2', { id: 'h-payload' }, 'Payload'), json(e.payload)),
    el('section', { class: 'card wide', 'aria-labelledby': 'h-meta' }, el('h2', { id: 'h-meta' }, 'Metadata'),
      Object.keys(e.metadata || {}).length ? facts(Object.entries(e.metadata)) : el('p', { class: 'muted' }, 'None.'))];
}

/** The record the relay sends (or sent): its topic, key and headers. */
async function record(e) {
  let r;
  try {
    r = await get('/events/' + encodeURIComponent(e.id) + '/record');
  } catch (err) {
    return el('p', { class: 'muted' }, 'Record not available: ' + err.message);
  }
  const headers = Object.entries(r.headers || {});
  return el('div', { class: 'record' },
    facts([r.topic !== e.kafka_topic ? ['Record topic', r.topic] : null, ['Key', r.key]]),
    el('h3', {}, 'Headers'),
    headers.length ? el('table', { class: 'headers', 'aria-label': 'Kafka headers' }, el('tbody', {}, headers.map(([k, v]) =>
      el('tr', {}, el('th', { scope: 'row', class: 'mono' }, k), el('td', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v))))))
      : el('p', { class: 'muted' }, 'None.'));
}
