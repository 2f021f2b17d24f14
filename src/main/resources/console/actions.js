// The operator's actions, shared by the pages. Each asks what it needs, calls the API (which asks
// for the token when the service wants one) and says what happened.
import { post, del } from './api.js';
import { ask, notice, failure, shortId } from './ui.js';

function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

/** Retries events by id (exhausted ones included, as the operator chose them). */
export async function retry(ids) {
  try {
    const r = await post('/events:retry-failed', { ids });
    notice(`Retry: ${plural(r.requeued, 'event')} requeued, ${r.published} published, ${r.failed} failed again`);
    return r;
  } catch (e) { failure(e); return null; }
}

/** Retries every failed event matching a filter. */
export async function retryMatching(filter) {
  const answer = await ask({
    title: 'Retry failed events', role: 'retry-filter', submit: 'Retry',
    text: 'Every FAILED event matching: ' + describe(filter),
    fields: [{ name: 'include_exhausted', type: 'checkbox', label: 'Include events whose attempts are spent', value: true }],
  });
  if (!answer) return null;
  try {
    const r = await post('/events:retry-failed', { filter, include_exhausted: answer.include_exhausted === 'on' });
    notice(`Retry: ${plural(r.requeued, 'event')} requeued, ${r.published} published, ${r.failed} failed again`);
    return r;
  } catch (e) { failure(e); return null; }
}

/** Cancels events by id, with a reason the service keeps. */
export async function cancel(ids) {
  const answer = await ask({
    title: 'Cancel ' + plural(ids.length, 'event'), role: 'cancel', submit: 'Cancel events',
    text: 'A cancelled event is never sent. Only PENDING and FAILED events can be cancelled.',
    fields: [{ name: 'reason', label: 'Reason', required: true }],
  });
  if (!answer) return null;
  try {
    const r = await post('/events:cancel', { ids, reason: answer.reason });
    const refused = r.refused || [];
    const why = refused.slice(0, 3).map((x) => shortId(x.id) + ': ' + x.reason).join('; ');
    notice(`Cancelled ${plural((r.cancelled || []).length, 'event')}` + (refused.length ? `; refused ${refused.length} (${why})` : ''),
      refused.length ? 'warn' : 'ok');
    return r;
  } catch (e) { failure(e); return null; }
}

/** Starts a replay of the chosen events (by ids or a filter); resolves with the job. */
export async function replay(selection) {
  const answer = await ask({
    title: 'Replay events', role: 'replay', submit: 'Start replay',
    text: selection.ids ? 'Re-publish ' + plural(selection.ids.length, 'selected event') + ' (PROCESSED ones).'
      : 'Re-publish every PROCESSED event matching: ' + describe(selection.filter),
    fields: [{ name: 'topic', label: 'Topic', hint: 'Empty: each event\u2019s own topic' }],
  });
  if (!answer) return null;
  try {
    const body = { ...selection };
    if (answer.topic.trim()) body.topic = answer.topic.trim();
    const job = await post('/events:replay', body);
    notice(`Replay ${shortId(job.id)} started: ${plural(job.selected ?? 0, 'event')} selected`);
    return job;
  } catch (e) { failure(e); return null; }
}

export async function cancelReplay(id) {
  try {
    const job = await del('/replays/' + encodeURIComponent(id));
    notice(`Replay ${shortId(id)}: ${job ? job.state : 'cancelled'}`);
    return job;
  } catch (e) { failure(e); return null; }
}

export function describe(filter) {
  const parts = Object.entries(filter).map(([k, v]) => k + ' = ' + v);
  return parts.length ? parts.join(', ') : 'all events';
}
