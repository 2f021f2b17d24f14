// Replays: every job with its live progress, and a cancel button while it runs.
import { get } from './api.js';
import { el, time, badge, shortId, every, swap } from './ui.js';
import { cancelReplay } from './actions.js';

export function show(main, rawId) {
  const focus = rawId ? decodeURIComponent(rawId) : '';
  const updated = el('p', { class: 'muted small' });
  const body = el('div', { class: 'scroll' });
  main.append(el('div', { class: 'title' }, el('h1', {}, 'Replays'), updated),
    el('p', { class: 'muted' }, 'Start a replay from the Events page: select events, or replay all matching a search.'), body);
  return every(2000, async () => {
    let answer;
    try {
      answer = await get('/replays');
    } catch (e) {
      if (e.status !== 404) throw e;
      swap(body, [el('p', { class: 'muted' }, 'This service has no GET /api/v1/replays.')]);
      return;
    }
    const jobs = Array.isArray(answer) ? answer : answer.replays || [];
    swap(body, [jobs.length ? table(jobs, focus) : el('p', { class: 'muted' }, 'No replays yet.')]);
    updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · every 2 s';
  });
}

function table(jobs, focus) {
  return el('table', { class: 'replays' },
    el('thead', {}, el('tr', {}, ['Replay', 'State', 'Progress', 'Topic', 'Requested by', 'Started', 'Finished', ''].map((h, i) =>
      el('th', { scope: 'col', class: i >= 4 && i <= 6 ? 'wide-only' : null }, h)))),
    el('tbody', {}, jobs.map((j) => {
      const selected = j.selected ?? 0, sent = j.sent ?? 0;
      return el('tr', { 'data-id': j.id, 'data-state': j.state, class: j.id === focus ? 'focus' : null },
        el('td', {}, el('a', { href: '#/replays/' + encodeURIComponent(j.id), title: j.id, class: 'mono', 'data-key': 'open:' + j.id }, shortId(j.id))),
        el('td', {}, badge(j.state), j.error ? el('div', { class: 'error' }, j.error) : null),
        el('td', {}, el('progress', { max: Math.max(selected, 1), value: sent, 'aria-label': `Replay ${shortId(j.id)} progress` }),
          el('span', { class: 'progress', 'data-field': 'progress' }, ` ${sent} / ${selected}`)),
        el('td', {}, j.topic || el('span', { class: 'muted' }, 'own topics')),
        el('td', { class: 'wide-only' }, j.requested_by || '—'),
        el('td', { class: 'wide-only' }, time(j.created_at)), el('td', { class: 'wide-only' }, time(j.finished_at)),
        el('td', {}, j.state === 'RUNNING'
          ? el('button', { type: 'button', 'data-key': 'cancel:' + j.id, onclick: () => cancelReplay(j.id) }, 'Cancel') : null));
    })));
}
