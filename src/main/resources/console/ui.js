// Small DOM helpers. Data always enters the page as text (append of strings, textContent,
// setAttribute), never as markup.
const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time in the viewer's zone, with UTC on hover. */
export function time(iso) {
  if (!iso) return el('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return el('span', {}, iso);
  const utc = d.toISOString().replace('T', ' ').replace('Z', ' UTC');
  return el('time', { datetime: d.toISOString(), title: utc }, LOCAL.format(d));
}

export function badge(status) {
  return el('span', { class: 'badge s-' + String(status).toLowerCase() }, status);
}

// UUIDv7s share their leading (time) digits; their tail tells them apart.
export function shortId(id) { return '…' + String(id).slice(-12); }

export function json(value) {
  return el('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

let noticeTimer;
/** A message in the live region; errors stay until the next message. */
export function notice(message, kind = 'ok') {
  const box = document.getElementById('notice');
  box.className = 'notice ' + kind;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = message;
  clearTimeout(noticeTimer);
  if (kind !== 'error') noticeTimer = setTimeout(() => { box.textContent = ''; box.className = 'notice'; }, 8000);
}

export function failure(e) { notice((e.code ? e.code + ': ' : '') + e.message, 'error'); }

/**
 * A modal form: fields [{name,label,type,required,value,hint}]; resolves with the values, or null
 * when dismissed (Escape or Cancel).
 */
export function ask({ title, text, fields = [], submit = 'OK', role = '' }) {
  return new Promise((resolve) => {
    const form = el('form', { method: 'dialog' },
      el('h2', { id: 'ask-title' }, title),
      text ? el('p', { class: 'ask-text' }, text) : null,
      fields.map((f) => {
        const input = el('input', {
          name: f.name, type: f.type || 'text', required: f.required, autocomplete: 'off',
          spellcheck: 'false', checked: f.type === 'checkbox' && f.value,
        });
        if (f.type !== 'checkbox' && f.value) input.value = f.value;
        return f.type === 'checkbox'
          ? el('label', { class: 'check' }, input, ' ', f.label)
          : el('label', {}, f.label, input, f.hint ? el('small', {}, f.hint) : null);
      }),
      el('div', { class: 'buttons' },
        el('button', { type: 'submit', value: 'ok', class: 'primary' }, submit),
        el('button', { type: 'button', onclick: () => dialog.close('') }, 'Cancel')));
    const dialog = el('dialog', { class: 'ask', 'aria-labelledby': 'ask-title', 'data-role': role }, form);
    dialog.addEventListener('close', () => {
      const values = dialog.returnValue === 'ok' ? Object.fromEntries(new FormData(form)) : null;
      dialog.remove();
      resolve(values);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Runs fn now and then every ms while the page shows; returns the stop function. */
export function every(ms, fn) {
  let stopped = false;
  let timer;
  const tick = async () => {
    if (stopped) return;
    if (!document.hidden) {
      try { await fn(); } catch (e) { failure(e); }
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

/** A line of numbers as a small inline SVG, its last value labelled. */
export function sparkline(values, label) {
  const w = 160, h = 36, max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${label}: ${values.join(', ')}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.append(line);
  return svg;
}

/** A definition list of [term, value] pairs; a value is text or a node. */
export function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]));
}

/** Replaces a live section's content, keeping the focus on the control with the same data-key. */
export function swap(container, nodes) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...nodes);
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}
