// The Hookbox dashboard: one module, no dependencies, over the events API (/api/...).
//
// Everything an event brings (payload, headers, ids, types, errors) is untrusted: it reaches the
// page only as text nodes (Node.append of a string, textContent), never as markup. The page's
// Content-Security-Policy backs that up: no inline script, and Trusted Types with no policy, so
// a string given to innerHTML would throw rather than render.
//
// Sign-in: the admin token (Hookbox:Admin:Token, or the generated admin.token) is typed into a
// form, or arrives in the link `hookbox dashboard` prints (/#token=…), and is kept in this tab's
// sessionStorage and sent as "Authorization: Bearer" on each API call. No cookie carries it, so a
// page of another site cannot make the browser send it: replay cannot be forged (CSRF). A URL's
// fragment never reaches a server or its log, and the page takes the token out of the address
// bar and the history at once.

const TOKEN_KEY = 'hookbox.adminToken';
const EVENT_STATUSES = ['pending', 'delivered', 'retrying', 'dead', 'unrouted'];
const DELIVERY_STATUSES = ['pending', 'succeeded', 'retrying', 'dead'];
const EVENT_ORIGINS = ['webhook', 'catch-up'];
const PAGE_SIZE = 50;
const DEAD_PAGE_SIZE = 25;
const OVERVIEW_REFRESH_MS = 15000;
const REPLAY_FOLLOW_MS = 1000;
const REPLAY_FOLLOW_TRIES = 30;

const main = document.getElementById('main');
const updated = document.getElementById('updated');
const signOut = document.getElementById('sign-out');

// ---------------------------------------------------------------------------------------------
// The API

class SignInNeeded extends Error {}
class Forbidden extends Error {}
class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A JSON number whose digits a double cannot hold (an amount in cents past 2^53): kept as written. */
class ExactNumber {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

/** JSON.parse, keeping numbers exactly as the sender wrote them where the browser can tell. */
function parseJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && typeof context?.source === 'string' && String(value) !== context.source
      ? new ExactNumber(context.source)
      : value);
}

function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Moves a token in the address (#token=…) to this tab's storage, and out of the address bar and the history. */
function takeTokenFromAddress() {
  const match = /^#token=([^&]*)/.exec(location.hash);
  if (!match) return;
  let token = '';
  try {
    token = decodeURIComponent(match[1]).trim();
  } catch {
    token = '';
  }
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(history.state, '', location.pathname + location.search);
}

async function api(path, { method = 'GET', token = storedToken() } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    // credentials: 'omit': no cookie is ever part of the dashboard's authority.
    response = await fetch(path, { method, headers, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new ApiError(0, 'unreachable', 'Hookbox did not answer. Is it running?');
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? parseJson(text) : null;
  } catch {
    body = null;
  }
  if (response.status === 401) throw new SignInNeeded();
  if (response.status === 403) throw new Forbidden(body?.message ?? 'Hookbox refused this request.');
  if (!response.ok) throw new ApiError(response.status, body?.error, body?.message ?? `Hookbox answered HTTP ${response.status}.`);
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// ---------------------------------------------------------------------------------------------
// Building the page: elements and text nodes only.

function h(tag, props, ...children) {
  const element = document.createElement(tag);
  setProps(element, props);
  appendAll(element, children);
  return element;
}

function svg(tag, props, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setProps(element, props);
  appendAll(element, children);
  return element;
}

function setProps(element, props) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function appendAll(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child)); // a string becomes a text node
  }
}

/** An in-page link: the route is ours, each part of it is encoded. */
function route(path, params = {}) {
  return `#${path}${query(params)}`;
}

function eventLink(id, label = id) {
  return h('a', { href: route(`/events/${encodeURIComponent(id)}`), class: 'mono' }, label);
}

function badge(status, known) {
  return h('span', { class: `badge ${known.includes(status) ? `s-${status}` : ''}` }, status);
}

/** Marks an event a catch-up look recovered from the sender's API; a webhook, the usual way in, gets no mark. */
function originBadge(origin) {
  return origin === 'catch-up'
    ? h('span', { class: 'badge origin-catch-up', title: 'Recovered by catch-up: its webhook never arrived, and Hookbox found it in the sender’s API' }, 'catch-up')
    : null;
}

/** The events about the same business key (an order, a subscription): a link to the list filtered by it. */
function subjectLink(subject) {
  return subject
    ? h('a', { href: route('/events', { subject }), class: 'mono', title: 'Every event about this key' }, subject)
    : h('span', { class: 'muted' }, '—');
}

const numberFormat = new Intl.NumberFormat();
const timeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function count(value) {
  return numberFormat.format(value);
}

function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso, class: 'nowrap' }, timeFormat.format(date));
}

function age(fromIso, nowIso) {
  const seconds = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

function pageHead(title, ...actions) {
  document.title = `${title} · Hookbox`;
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), actions.length ? h('div', { class: 'actions' }, actions) : null);
}

function table(headers, rows, { caption } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', null, h('tr', null, headers.map((header) =>
        typeof header === 'string' ? h('th', { scope: 'col' }, header) : h('th', { scope: 'col', class: header.class }, header.label)))),
      h('tbody', null, rows)));
}

/** A status line that screen readers announce when it changes. */
function notice() {
  return h('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });
}

function say(element, tone, ...text) {
  element.className = `notice ${tone}`;
  element.replaceChildren(...text.flat().map((part) => (part instanceof Node ? part : String(part))));
}

// ---------------------------------------------------------------------------------------------
// Overview

async function overviewView() {
  const stats = await api('api/stats');
  const total = (window, field) => stats.sources.reduce((sum, source) => sum + source[window][field], 0);
  const duplicates = stats.sources.reduce((sum, source) => sum + source.duplicatesSinceStart, 0);
  const dispatch = stats.dispatch;
  const rejectedHour = total('lastHour', 'rejected');
  const failingHour = total('lastHour', 'failing');

  const tile = (label, value, sub, tone, href) => h('div', { class: `tile ${tone ?? ''}` },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, href ? h('a', { href }, value) : value),
    h('div', { class: 'sub' }, sub));

  return [
    pageHead('Overview'),
    alertsPanel(stats.alerts),
    h('section', { class: 'tiles', 'aria-label': 'Totals' },
      tile('Accepted · 1 h', count(total('lastHour', 'accepted')), `${count(total('lastDay', 'accepted'))} in 24 h`),
      tile('Duplicates', count(duplicates), ['since ', time(stats.duplicatesSince), ' · not stored']),
      tile('Rejected · 1 h', count(rejectedHour), `${count(total('lastDay', 'rejected'))} in 24 h`, rejectedHour ? 'warn' : null, route('/rejections')),
      tile('Failing · 1 h', count(failingHour), `${count(total('lastDay', 'failing'))} in 24 h · retrying or dead`, failingHour ? 'bad' : null),
      tile('Backlog', count(dispatch.due), 'deliveries due now', dispatch.due ? 'warn' : null),
      tile('Oldest pending', dispatch.oldestPending ? age(dispatch.oldestPending, stats.now) : 'none',
        dispatch.oldestPending ? ['received ', time(dispatch.oldestPending)] : 'nothing waiting'),
      tile('Dead events', count(dispatch.deadEvents), 'replay them from Dead letters', dispatch.deadEvents ? 'bad' : 'ok', route('/dead'))),
    chartPanel(stats.eventsPerMinute),
    sourcesPanel(stats.sources),
  ];
}

function alertsPanel(alerts) {
  let body;
  if (alerts === null) body = h('p', { class: 'muted' }, 'No alerts configured.');
  else if (alerts.length === 0) body = h('p', { class: 'muted' }, 'No open alerts.');
  else {
    body = h('ul', { class: 'alerts' }, alerts.map((alert) => h('li', null,
      h('span', { class: 'what' }, alert.subject ? `${alert.kind} · ${alert.subject}` : alert.kind),
      h('span', null, alert.message),
      h('span', { class: 'since' }, 'since ', time(alert.since)))));
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, `Alerts${alerts?.length ? ` (${alerts.length} open)` : ''}`), body);
}

function chartPanel(minutes) {
  // About the panel's width at a desktop size, so the axis text is drawn near its CSS size.
  const width = 1160;
  const height = 150;
  const left = 34;
  const bottom = 20;
  const top = 8;
  const plot = height - bottom - top;
  const max = Math.max(1, ...minutes.map((m) => m.events));
  const slot = (width - left) / Math.max(1, minutes.length);
  const sum = minutes.reduce((s, m) => s + m.events, 0);
  const y = (value) => top + plot - (value / max) * plot;

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `Events per minute over the last hour: ${sum} in all, at most ${max} in one minute.`,
  },
  [max, Math.round(max / 2)].filter((v, i, all) => all.indexOf(v) === i && v > 0).map((v) => [
    svg('line', { class: 'grid', x1: left, x2: width, y1: y(v), y2: y(v) }),
    svg('text', { class: 'axis', x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, count(v)),
  ]),
  svg('line', { class: 'grid', x1: left, x2: width, y1: top + plot, y2: top + plot }),
  minutes.map((m, i) => {
    const barHeight = m.events ? Math.max(2, (m.events / max) * plot) : 1;
    return svg('rect', {
      class: m.events ? 'bar' : 'bar zero',
      x: (left + i * slot + 1).toFixed(1),
      y: (top + plot - barHeight).toFixed(1),
      width: Math.max(1, slot - 2).toFixed(1),
      height: barHeight.toFixed(1),
    }, svg('title', null, `${clockFormat.format(new Date(m.minute))}: ${m.events} event${m.events === 1 ? '' : 's'}`));
  }),
  [0, Math.floor(minutes.length / 2), minutes.length - 1].filter((i) => minutes[i]).map((i, n) =>
    svg('text', {
      class: 'axis',
      x: left + i * slot + slot / 2,
      y: height - 5,
      'text-anchor': n === 0 ? 'start' : n === 2 ? 'end' : 'middle',
    }, clockFormat.format(new Date(minutes[i].minute)))));

  return h('section', { class: 'panel chart', 'aria-labelledby': 'chart-title' },
    h('div', { class: 'chart-head' },
      h('h2', { id: 'chart-title' }, 'Events per minute · last hour'),
      h('span', { class: 'muted' }, `${count(sum)} events`)),
    chart);
}

function sourcesPanel(sources) {
  if (sources.length === 0) {
    return h('section', { class: 'panel', 'aria-labelledby': 'sources-title' },
      h('h2', { id: 'sources-title' }, 'Sources'),
      h('p', { class: 'empty' }, 'Nothing received in the last 24 hours.'));
  }
  const cell = (value, href, tone) => h('td', { class: 'num' }, value && href ? h('a', { href, class: tone }, count(value)) : count(value));
  const rows = sources.map((s) => h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: route('/events', { source: s.source }) }, s.source)),
    h('td', { class: 'num first' }, count(s.lastHour.accepted)),
    cell(s.lastHour.rejected, route('/rejections', { source: s.source })),
    cell(s.lastHour.failing, route('/events', { source: s.source, status: 'dead' })),
    h('td', { class: 'num first' }, count(s.lastDay.accepted)),
    cell(s.lastDay.rejected, route('/rejections', { source: s.source })),
    cell(s.lastDay.failing, route('/events', { source: s.source, status: 'dead' })),
    h('td', { class: 'num first' }, count(s.duplicatesSinceStart))));

  return h('section', { class: 'panel flush', 'aria-labelledby': 'sources-title' },
    h('h2', { id: 'sources-title' }, 'Per source'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('thead', null,
        h('tr', null,
          h('td', { class: 'corner' }),
          h('th', { scope: 'colgroup', colspan: 3, class: 'group' }, 'Last hour'),
          h('th', { scope: 'colgroup', colspan: 3, class: 'group' }, 'Last 24 hours'),
          h('th', { scope: 'col', class: 'group' }, 'Since start')),
        h('tr', null,
          h('th', { scope: 'col' }, 'Source'),
          ['Accepted', 'Rejected', 'Failing', 'Accepted', 'Rejected', 'Failing'].map((label, i) =>
            h('th', { scope: 'col', class: i % 3 === 0 ? 'num first' : 'num' }, label)),
          h('th', { scope: 'col', class: 'num first' }, 'Duplicates'))),
      h('tbody', null, rows))),
    h('p', { class: 'empty' }, 'Failing: received in the window and now retrying or dead. Duplicates are answered, not stored: counted by this instance since it started.'));
}

// ---------------------------------------------------------------------------------------------
// Event lists: all events with filters, and the dead letters.

function eventRows(items, { withError = false } = {}) {
  return items.map((e) => h('tr', { 'data-id': e.id },
    h('td', null, time(e.receivedAt)),
    h('td', null, e.source),
    h('td', null, h('span', { class: 'type' }, e.type, originBadge(e.origin))),
    h('td', { class: 'id' }, eventLink(e.id, e.eventId)),
    h('td', null, badge(e.status, EVENT_STATUSES)),
    withError ? h('td', { class: 'error', 'data-error-for': e.id }, h('span', { class: 'muted' }, '…')) : null,
    h('td', { class: 'id muted' }, e.id)));
}

function pager(path, params, page) {
  return h('div', { class: 'pager' },
    params.after ? h('a', { href: route(path, { ...params, after: null }) }, '« Newest') : h('span', { class: 'muted' }, 'Newest first'),
    page.next ? h('a', { href: route(path, { ...params, after: page.next }), rel: 'next' }, 'Older »') : h('span', { class: 'muted' }, 'End of the list'));
}

function filterForm(path, params, fields) {
  const form = h('form', { class: 'panel filters', role: 'search', 'aria-label': 'Filter' },
    fields.map((field) => h('div', { class: 'field' },
      h('label', { for: `f-${field.name}` }, field.label),
      field.options
        ? h('select', { id: `f-${field.name}`, name: field.name },
          h('option', { value: '' }, 'Any'),
          field.options.map((option) => h('option', { value: option, selected: params[field.name] === option }, option)))
        : h('input', {
          id: `f-${field.name}`,
          name: field.name,
          type: field.type ?? 'text',
          value: params[field.name] ?? '',
          placeholder: field.placeholder,
          autocomplete: 'off',
          spellcheck: 'false',
        }))),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button primary' }, 'Apply')),
    h('div', { class: 'field' }, h('a', { class: 'button quiet', href: route(path) }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = {};
    for (const [name, value] of new FormData(form)) chosen[name] = String(value).trim();
    location.hash = route(path, chosen);
  });
  return form;
}

function readParams(search, names) {
  const params = {};
  for (const name of names) params[name] = search.get(name) || null;
  return params;
}

async function eventsView(search) {
  const params = readParams(search, ['source', 'type', 'status', 'origin', 'eventId', 'subject', 'after']);
  const page = await api(`api/events${query({ ...params, limit: PAGE_SIZE })}`);
  const filtered = params.source || params.type || params.status || params.origin || params.eventId || params.subject;
  return [
    pageHead('Events'),
    filterForm('/events', params, [
      { name: 'source', label: 'Source', placeholder: 'pocketsflow' },
      { name: 'type', label: 'Type', placeholder: 'order.completed' },
      { name: 'status', label: 'Status', options: EVENT_STATUSES },
      { name: 'origin', label: 'Origin', options: EVENT_ORIGINS },
      { name: 'eventId', label: 'Event id starts with', type: 'search', placeholder: 'webhook_123…' },
      { name: 'subject', label: 'Subject', type: 'search', placeholder: 'ord_5Kq9Xv' },
    ]),
    h('section', { class: 'panel flush', 'aria-label': 'Events' },
      page.items.length
        ? table(['Received', 'Source', 'Type', 'Event id', 'Status', 'Hookbox id'], eventRows(page.items), { caption: 'Events, newest first' })
        : h('p', { class: 'empty' }, filtered ? 'No events match these filters.' : 'No events yet.'),
      pager('/events', params, page)),
  ];
}

async function deadView(search) {
  const params = readParams(search, ['source', 'after']);
  const page = await api(`api/events${query({ status: 'dead', source: params.source, after: params.after, limit: DEAD_PAGE_SIZE })}`);
  const result = notice();
  const button = h('button', { type: 'button', class: 'button primary', disabled: page.items.length === 0 },
    params.source ? `Replay every dead event of ${params.source}` : 'Replay every dead event');
  button.addEventListener('click', async () => {
    button.disabled = true;
    say(result, 'info', 'Replaying…');
    try {
      const answer = await api(`api/events/replay${query({ status: 'dead', source: params.source })}`, { method: 'POST' });
      await render({ quiet: true, keep: { notice: ['ok', `Replayed ${answer.replayed} event${answer.replayed === 1 ? '' : 's'}: their deliveries run again from the first attempt. `, h('a', { href: route('/events') }, 'Follow them in Events')] } });
    } catch (error) {
      if (error instanceof SignInNeeded) return render();
      say(result, 'bad', `Replay failed: ${error.message}`);
      button.disabled = false;
      return undefined;
    }
  });
  const list = h('section', { class: 'panel flush', 'aria-label': 'Dead events' },
    page.items.length
      ? table(['Received', 'Source', 'Type', 'Event id', 'Status', 'Last error', 'Hookbox id'], eventRows(page.items, { withError: true }), { caption: 'Dead events, newest first' })
      : h('p', { class: 'empty' }, 'No dead events. Nothing to replay.'),
    pager('/dead', params, page));
  // Why each one died, filled in as the details arrive: the list API has no error column.
  fillErrors(list, page.items);
  const view = [
    pageHead('Dead letters', button),
    h('p', { class: 'lead' }, 'Events with a delivery that ran out of attempts. Fix the destination, then replay: every delivery of each event runs again from its first attempt (ones that succeeded too; destinations deduplicate on webhook-id).'),
    result,
    filterForm('/dead', params, [{ name: 'source', label: 'Source', placeholder: 'pocketsflow' }]),
    list,
  ];
  return { view, notice: result };
}

async function fillErrors(list, items) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const cell = list.querySelector(`[data-error-for="${CSS.escape(item.id)}"]`);
      if (!cell) continue;
      try {
        const event = await api(`api/events/${encodeURIComponent(item.id)}`);
        const failed = event.deliveries.filter((d) => d.status === 'dead');
        cell.replaceChildren(...failed.map((d, i) => `${i ? '\n' : ''}${d.route}: ${d.lastError ?? d.status}`));
      } catch {
        cell.replaceChildren('(could not load)');
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

// ---------------------------------------------------------------------------------------------
// One event

async function eventView(id) {
  const event = await loadEvent(id);
  const result = notice();
  const details = h('div', null, eventDetails(event));
  const replay = h('button', { type: 'button', class: 'button primary' }, 'Replay');

  const reload = async () => {
    const fresh = await loadEvent(id);
    details.replaceChildren(...eventDetails(fresh));
    return fresh;
  };
  replay.addEventListener('click', async () => {
    replay.disabled = true;
    say(result, 'info', 'Replaying…');
    try {
      await api(`api/events/${encodeURIComponent(id)}/replay`, { method: 'POST' });
      say(result, 'info', 'Replay accepted: every delivery runs again from its first attempt…');
      await follow(reload, result);
    } catch (error) {
      if (error instanceof SignInNeeded) return render();
      say(result, 'bad', `Replay failed: ${error.message}`);
    } finally {
      replay.disabled = false;
    }
  });

  const head = pageHead(event.type, replay);
  const origin = originBadge(event.origin);
  if (origin) head.querySelector('h1').after(origin);
  return {
    view: [
      h('p', { class: 'crumbs' }, h('a', { href: route('/events') }, 'Events'), ' / ', h('span', { class: 'mono' }, event.id)),
      head,
      result,
      details,
    ],
    notice: result,
  };
}

async function loadEvent(id) {
  return api(`api/events/${encodeURIComponent(id)}`);
}

/** After a replay: shows the event as its deliveries run, until none is waiting for a first try. */
async function follow(reload, result) {
  for (let i = 0; i < REPLAY_FOLLOW_TRIES; i++) {
    await new Promise((resolve) => setTimeout(resolve, REPLAY_FOLLOW_MS));
    const event = await reload();
    if (event.status === 'delivered') return say(result, 'ok', 'Replayed: every delivery succeeded.');
    if (event.status === 'dead') return say(result, 'bad', 'Replayed, and a delivery failed again: it is dead. Its error is below.');
    if (event.status === 'retrying') return say(result, 'warn', 'Replayed, and a delivery failed again: it will retry. Its error is below.');
    if (event.status === 'unrouted') return say(result, 'warn', 'Replayed, but no route matches this event: nothing to deliver to.');
  }
  say(result, 'info', 'Replay accepted; the deliveries are still pending. Refresh to follow them.');
}

function eventDetails(event) {
  const deliveries = event.deliveries.length
    ? table(['Route', 'Status', { label: 'Attempts', class: 'num' }, 'Next attempt', 'Last error'], event.deliveries.map((d) => h('tr', null,
      h('td', null, d.route),
      h('td', null, badge(d.status, DELIVERY_STATUSES)),
      h('td', { class: 'num' }, count(d.attempts)),
      h('td', null, d.nextAttemptAt ? time(d.nextAttemptAt) : h('span', { class: 'muted' }, '—')),
      // A delivery that succeeded keeps the error of the attempt before: shown, but not as a failure.
      d.status === 'succeeded' && d.lastError
        ? h('td', { class: 'error earlier', title: 'The error of an earlier attempt' }, `earlier: ${d.lastError}`)
        : h('td', { class: 'error' }, d.lastError ?? ''))), { caption: 'Deliveries' })
    : h('p', { class: 'empty' }, 'No route matched this event. Replay delivers it to the routes that match it now.');

  const headers = Object.entries(event.headers ?? {});
  return [
    h('div', { class: 'columns' },
      h('div', null,
        h('section', { class: 'panel', 'aria-labelledby': 'facts-title' },
          h('h2', { id: 'facts-title' }, 'Event'),
          h('dl', { class: 'facts' },
            fact('Status', badge(event.status, EVENT_STATUSES)),
            fact('Source', event.source),
            fact('Type', event.type),
            fact('Origin', event.origin === 'catch-up'
              ? [originBadge(event.origin), ' ', h('span', { class: 'muted' }, 'recovered from the sender’s API')]
              : 'webhook'),
            fact('Subject', subjectLink(event.subject)),
            fact('Event id', h('span', { class: 'mono' }, event.eventId)),
            fact('Hookbox id', h('span', { class: 'mono' }, event.id)),
            fact('Received', time(event.receivedAt)),
            fact('Sender’s timestamp', time(event.senderTimestamp)),
            fact('Content type', event.contentType ?? '—'))),
        h('section', { class: 'panel flush', 'aria-labelledby': 'deliveries-title' },
          h('h2', { id: 'deliveries-title' }, 'Deliveries'),
          deliveries),
        h('section', { class: 'panel', 'aria-labelledby': 'payload-title' },
          h('h2', { id: 'payload-title' }, 'Payload'),
          // Erased on a deletion request: nothing is left to show, and the page says why.
          event.erasedAt
            ? h('p', { class: 'empty erased' }, 'Erased on request ', time(event.erasedAt), '. Its record and event id are kept, so a re-send is still a duplicate.')
            : jsonBlock(event.payload))),
      h('section', { class: 'panel flush', 'aria-labelledby': 'headers-title' },
        h('h2', { id: 'headers-title' }, `Headers (${headers.length})`),
        headers.length
          ? table(['Name', 'Value'], headers.map(([name, value]) => h('tr', null, h('td', { class: 'mono nowrap' }, name), h('td', { class: 'id' }, String(value)))), { caption: 'Headers as received' })
          : h('p', { class: 'empty' }, 'No headers kept.'))),
  ];
}

function fact(label, value) {
  return [h('dt', null, label), h('dd', null, value)];
}

/** The payload, indented and coloured, built as spans of text. */
function jsonBlock(value) {
  const pre = h('pre', { class: 'json', tabindex: '0', 'aria-label': 'Payload, pretty-printed' });
  const out = [];
  const text = (t) => out.push(t);
  const span = (kind, t) => out.push(h('span', { class: kind }, t));
  const write = (v, depth) => {
    const pad = '  '.repeat(depth);
    if (v instanceof ExactNumber) span('num', v.text);
    else if (v === null) span('lit', 'null');
    else if (typeof v === 'boolean') span('lit', String(v));
    else if (typeof v === 'number') span('num', String(v));
    else if (typeof v === 'string') span('str', JSON.stringify(v));
    else if (Array.isArray(v)) {
      if (v.length === 0) return text('[]');
      text('[\n');
      v.forEach((item, i) => {
        text(`${pad}  `);
        write(item, depth + 1);
        text(i < v.length - 1 ? ',\n' : '\n');
      });
      text(`${pad}]`);
    } else {
      const entries = Object.entries(v);
      if (entries.length === 0) return text('{}');
      text('{\n');
      entries.forEach(([key, item], i) => {
        text(`${pad}  `);
        span('key', JSON.stringify(key));
        text(': ');
        write(item, depth + 1);
        text(i < entries.length - 1 ? ',\n' : '\n');
      });
      text(`${pad}}`);
    }
    return undefined;
  };
  write(value, 0);
  pre.append(...out);
  return pre;
}

// ---------------------------------------------------------------------------------------------
// Rejection log

async function rejectionsView(search) {
  const params = readParams(search, ['source', 'after']);
  const page = await api(`api/rejections${query({ ...params, limit: PAGE_SIZE })}`);
  const rows = page.items.map((r) => {
    const headers = Object.entries(r.headers ?? {});
    return h('tr', null,
      h('td', null, time(r.receivedAt)),
      h('td', null, r.source),
      h('td', { class: 'num' }, r.statusCode),
      h('td', null, h('code', null, r.error)),
      h('td', null, r.message),
      h('td', { class: 'num nowrap' }, r.bodyBytes === null ? '—' : `${count(r.bodyBytes)} B`),
      h('td', null, headers.length
        ? h('details', null, h('summary', null, `${headers.length} headers`),
          h('table', { class: 'data' }, h('tbody', null, headers.map(([name, value]) => h('tr', null, h('td', { class: 'mono nowrap' }, name), h('td', { class: 'id' }, String(value)))))))
        : '—'));
  });
  return [
    pageHead('Rejections'),
    h('p', { class: 'lead' }, 'Requests to a known source that Hookbox refused, and why: a bad signature, a body that is not JSON, no event id… Nothing here was stored as an event. Secrets and credentials are never kept.'),
    filterForm('/rejections', params, [{ name: 'source', label: 'Source', placeholder: 'pocketsflow' }]),
    h('section', { class: 'panel flush', 'aria-label': 'Rejections' },
      page.items.length
        ? table(['Received', 'Source', { label: 'Answer', class: 'num' }, 'Reason', 'Message', { label: 'Body', class: 'num' }, 'Headers'], rows, { caption: 'Rejections, newest first' })
        : h('p', { class: 'empty' }, 'No rejected requests.'),
      pager('/rejections', params, page)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Sign-in, and when the API will not answer this browser at all

function signInView(rejected) {
  const message = h('p', { class: `notice ${rejected ? 'bad' : ''}`, role: 'alert' }, rejected ? 'That token was not accepted.' : '');
  const input = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password', spellcheck: 'false' });
  const form = h('form', null,
    h('label', { for: 'token' }, 'Admin token'),
    input,
    h('button', { type: 'submit', class: 'button primary' }, 'Sign in'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = input.value.trim();
    try {
      await api('api/stats', { token: candidate });
      sessionStorage.setItem(TOKEN_KEY, candidate);
      await render();
    } catch (error) {
      say(message, 'bad', error instanceof SignInNeeded ? 'That token was not accepted.' : error.message);
      input.select();
    }
  });
  document.title = 'Sign in · Hookbox';
  signOut.hidden = true;
  const view = h('section', { class: 'panel login', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
    h('p', { class: 'muted' }, 'This Hookbox asks for its admin token: Hookbox:Admin:Token, or the admin.token file in its data directory (`hookbox dashboard` prints a link that signs in). It is kept in this tab only, until you close it or sign out.'),
    form);
  return { view, focus: input };
}

function forbiddenView(message) {
  document.title = 'Not allowed · Hookbox';
  return h('section', { class: 'panel login' },
    h('h1', { tabindex: '-1' }, 'Not allowed from here'),
    h('p', null, message),
    h('p', { class: 'muted' }, 'The API takes no changes from a page of another site.'));
}

// ---------------------------------------------------------------------------------------------
// Routing

let generation = 0;
let refreshTimer = 0;

/** Draws the view the address names. quiet: a refresh, which keeps the keyboard focus where it is. */
async function render({ quiet = false, keep = null } = {}) {
  const mine = ++generation;
  clearTimeout(refreshTimer);
  const hash = location.hash.replace(/^#/, '') || '/';
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  const search = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  for (const link of document.querySelectorAll('.top nav a')) {
    const view = link.dataset.view;
    const current = view === '/' ? path === '/' : path === view || (view === '/events' && path.startsWith('/events/'));
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  main.setAttribute('aria-busy', 'true');
  let content;
  let focus = null;
  try {
    let drawn;
    if (path === '/') drawn = await overviewView();
    else if (path === '/events') drawn = await eventsView(search);
    else if (path.startsWith('/events/')) drawn = await eventView(decodeURIComponent(path.slice('/events/'.length)));
    else if (path === '/dead') drawn = await deadView(search);
    else if (path === '/rejections') drawn = await rejectionsView(search);
    else drawn = [pageHead('Not found'), h('p', null, 'The dashboard has no such view. ', h('a', { href: '#/' }, 'Back to the overview'))];
    if (drawn?.view) {
      content = drawn.view;
      if (keep?.notice && drawn.notice) say(drawn.notice, ...keep.notice);
    } else {
      content = drawn;
    }
    signOut.hidden = !storedToken();
    updated.textContent = `Updated ${clockFormat.format(new Date())}`;
    if (path === '/') refreshTimer = setTimeout(() => document.visibilityState === 'visible' && render({ quiet: true }), OVERVIEW_REFRESH_MS);
  } catch (error) {
    if (error instanceof SignInNeeded) {
      const signIn = signInView(storedToken() !== null);
      sessionStorage.removeItem(TOKEN_KEY);
      content = signIn.view;
      focus = signIn.focus;
    } else if (error instanceof Forbidden) {
      content = forbiddenView(error.message);
    } else if (error instanceof ApiError && error.status === 404 && path.startsWith('/events/')) {
      content = [pageHead('No such event'), h('p', null, 'No event has the id ', h('code', null, decodeURIComponent(path.slice('/events/'.length))), '. ', h('a', { href: route('/events') }, 'Back to the events'))];
    } else {
      content = [pageHead('Something went wrong'), h('p', { class: 'notice bad', role: 'alert' }, error.message)];
    }
  }
  if (mine !== generation) return; // a newer navigation won
  main.replaceChildren(...[content].flat(Infinity).filter(Boolean));
  main.setAttribute('aria-busy', 'false');
  if (focus) focus.focus();
  else if (!quiet) main.querySelector('h1')?.focus({ preventScroll: true });
}

document.getElementById('refresh').addEventListener('click', () => render({ quiet: true }));
signOut.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  render();
});
window.addEventListener('hashchange', () => {
  takeTokenFromAddress();
  render();
});
// The overview's timer skips its refresh while the tab is hidden; coming back brings it up to date.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && (location.hash.replace(/^#/, '') || '/').split('?')[0] === '/') render({ quiet: true });
});
takeTokenFromAddress();
render({ quiet: true });
