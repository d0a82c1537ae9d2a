'use strict';
// The card: loads /card.json once, then applies /events (server-sent events) without reload.
// Hand-written, no library: an SVG chart and a few DOM updates.
const $ = id => document.getElementById(id);
const NS = 'http://www.w3.org/2000/svg';
const STATES = ['NORMAL', 'STALE', 'MATERIAL', 'ALERTING'];
const stores = new Map();
let selected = decodeURIComponent(location.hash.slice(1));
let events = null;

const num = v => v == null ? '–' : Math.round(v).toLocaleString('en-US');
const signed = v => v == null ? '–' : (v > 0 ? '+' : '') + num(v);
const pct = v => v == null ? '' : (v > 0 ? '+' : '') + v.toFixed(1) + ' %';
const words = s => s.toLowerCase().replace(/_/g, ' ');
const clock = ms => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const stamp = ms => new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

async function load() {
  if (events) { events.close(); events = null; }
  try {
    const response = await fetch('card.json', { cache: 'no-store' });
    const card = await response.json();
    stores.clear();
    for (const s of card.stores) stores.set(s.id, s);
    render();
    listen(card.version);
  } catch (e) {
    link('offline, retrying…');
    setTimeout(load, 2000);
  }
}

function listen(since) {
  events = new EventSource('events?since=' + since);
  events.onopen = () => link('live');
  events.onerror = () => { link('reconnecting…'); events.close(); events = null; setTimeout(load, 2000); };
  events.addEventListener('card', e => {
    const update = JSON.parse(e.data);
    for (const s of update.stores) {
      const known = stores.get(s.id);
      if (!known || known.history.epoch !== s.history.epoch) { load(); return; }
      s.history.points = merge(known.history.points, s.history.points);
      stores.set(s.id, s);
    }
    render();
  });
}

// Tail points replace the bucket with the same start or follow the last one.
function merge(points, tail) {
  for (const p of tail) {
    const i = points.length - 1;
    if (i >= 0 && points[i][0] === p[0]) points[i] = p;
    else if (i < 0 || p[0] > points[i][0]) points.push(p);
  }
  return points;
}

function link(text) { $('link').textContent = text; }

function render() {
  if (!stores.has(selected)) selected = stores.keys().next().value;
  renderNav();
  const s = stores.get(selected);
  $('card').hidden = !s;
  if (!s) return;
  const h = s.headline;
  $('h-keys').textContent = num(h.sessionKeys);
  $('h-users').textContent = num(h.activeUsers);
  $('h-drift').textContent = signed(h.drift);
  $('h-drift-pct').textContent = pct(h.driftPercent) + (h.expectedDrift == null ? '' : ' (expected ' + signed(h.expectedDrift) + ')');
  const state = $('h-state');
  state.textContent = h.state; state.className = 'badge ' + h.state;
  $('h-cause').textContent = h.cause === 'NONE' ? 'none' : words(h.cause);
  $('h-confidence').textContent = h.cause === 'NONE' ? '' : 'confidence ' + Math.round(h.confidence * 100) + ' %'
    + (h.redisReachable ? '' : ' · Redis unreachable');
  renderSignals(s.signals);
  renderOpen(s.open);
  renderAlerts(s.alerts);
  drawChart(s);
  document.title = (h.state === 'ALERTING' ? '⚠ ' : '') + s.id + ' · StreamDrift';
}

function renderNav() {
  const nav = $('stores');
  nav.hidden = stores.size < 2;
  nav.replaceChildren(...[...stores.values()].map(s => {
    const a = document.createElement('a');
    a.href = '#' + encodeURIComponent(s.id);
    a.className = s.headline.state;
    a.textContent = s.id + ' · ' + s.headline.state.toLowerCase();
    if (s.id === selected) a.setAttribute('aria-current', 'page');
    a.onclick = () => { selected = s.id; render(); };
    return a;
  }));
}

function renderSignals(g) {
  $('s-evicted').textContent = g.evictedPerMinute == null ? '–' : num(g.evictedPerMinute);
  $('s-expired').textContent = g.expiredPerMinute == null ? '–' : num(g.expiredPerMinute);
  $('s-memory').textContent = g.memoryPercent == null ? (g.usedMemoryBytes == null ? '–' : 'no limit') : g.memoryPercent.toFixed(0) + ' %';
  $('s-memory-sub').textContent = g.usedMemoryBytes == null ? '' : mb(g.usedMemoryBytes) + ' of ' + (g.maxMemoryBytes ? mb(g.maxMemoryBytes) : '∞') + ' · ' + g.maxMemoryPolicy;
  $('s-clients').textContent = g.connectedClients == null ? '–' : num(g.connectedClients);
  $('s-clients-sub').textContent = g.maxClients ? 'of ' + num(g.maxClients) + ' (' + (100 * g.connectedClients / g.maxClients).toFixed(1) + ' %)' : '';
  $('s-ops').textContent = g.opsPerSecond == null ? '–' : num(g.opsPerSecond);
  $('s-orders').textContent = g.ordersPerMinute == null ? 'no orders reported' : num(g.ordersPerMinute) + ' orders / min';
  $('s-dbkeys').textContent = g.dbKeys == null ? '–' : num(g.dbKeys);
  $('s-role').textContent = g.role ? 'role ' + g.role : '';
}

function mb(bytes) { return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + ' MB'; }

function renderOpen(open) {
  $('open').hidden = !open;
  if (!open) return;
  $('open-cause').textContent = words(open.cause);
  $('open-confidence').textContent = 'confidence ' + Math.round(open.confidence * 100) + ' % · since ' + clock(open.openedAt) + ' · peak drift ' + signed(open.peakDrift);
  $('open-reading').textContent = open.reading;
  $('open-mitigations').replaceChildren(...open.mitigations.map(m => { const li = document.createElement('li'); li.textContent = m; return li; }));
  $('open-evidence').textContent = Object.entries(open.evidence).map(([k, v]) => k + ' ' + (v == null ? '–' : +v.toFixed(2))).join(' · ');
}

function renderAlerts(alerts) {
  if (!alerts.length) return;
  $('alerts').replaceChildren(...alerts.map(a => {
    const tr = document.createElement('tr');
    for (const text of [stamp(a.openedAt), a.resolvedAt ? stamp(a.resolvedAt) : 'open', words(a.cause), Math.round(a.confidence * 100) + ' %', signed(a.peakDrift)]) {
      const td = document.createElement('td'); td.textContent = text; tr.append(td);
    }
    tr.title = a.reading;
    return tr;
  }));
}

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.append(e);
  return e;
}

function drawChart(s) {
  const svg = $('chart');
  const W = svg.clientWidth || 800, H = svg.clientHeight || 300;
  const pad = { l: 56, r: 10, t: 8, b: 22 };
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const pts = s.history.points, bucket = s.history.bucketSeconds;
  if (!pts.length) { el('text', { x: pad.l, y: H / 2 }, svg).textContent = 'waiting for the first window…'; return; }
  const t0 = pts[0][0], t1 = pts[pts.length - 1][0] + bucket;
  let top = 1;
  for (const p of pts) for (const v of [p[1], p[2], p[4]]) if (v != null && v > top) top = v;
  top = nice(top * 1.08);
  const x = t => pad.l + (W - pad.l - pad.r) * (t - t0) / Math.max(t1 - t0, 1);
  const y = v => H - pad.b - (H - pad.t - pad.b) * v / top;
  $('chart-title').textContent = 'last ' + span(t1 - t0) + ' · ' + (bucket >= 60 ? bucket / 60 + ' min' : bucket + ' s') + ' per point';
  for (let i = 0; i <= 4; i++) {
    const v = top * i / 4;
    el('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), stroke: '#2c3136' }, svg);
    el('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg).textContent = num(v);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (t1 - t0) * i / 4;
    el('text', { x: x(t), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, svg).textContent = clock(t * 1000);
  }
  const mid = p => p[0] + bucket / 2;
  band(svg, pts, x, y, mid);
  for (const a of s.alerts) {
    const from = a.openedAt / 1000, to = a.resolvedAt ? a.resolvedAt / 1000 : t1;
    if (to < t0) continue;
    el('rect', { x: x(Math.max(from, t0)), y: pad.t, width: Math.max(x(to) - x(Math.max(from, t0)), 1), height: H - pad.t - pad.b, fill: 'rgba(213,94,0,.13)' }, svg);
    if (from >= t0) mark(svg, x(from), pad.t, H - pad.b, '#D55E00', '▲ ' + words(a.cause), '');
    if (a.resolvedAt) mark(svg, x(to), pad.t, H - pad.b, '#009E73', 'resolved', '6 3');
  }
  line(svg, pts, 2, x, y, mid, '#E69F00', '7 4');
  line(svg, pts, 1, x, y, mid, '#56B4E9', '');
}

function band(svg, pts, x, y, mid) {
  let upper = [], lower = [];
  const flush = () => {
    if (upper.length > 1) el('polygon', { points: upper.concat(lower.reverse()).join(' '), fill: 'rgba(86,180,233,.16)' }, svg);
    upper = []; lower = [];
  };
  for (const p of pts) {
    if (p[3] == null || p[4] == null) { flush(); continue; }
    upper.push(x(mid(p)) + ',' + y(p[4])); lower.push(x(mid(p)) + ',' + y(p[3]));
  }
  flush();
}

function line(svg, pts, i, x, y, mid, colour, dash) {
  let d = '', pen = 'M';
  for (const p of pts) {
    if (p[i] == null) { pen = 'M'; continue; }
    d += pen + x(mid(p)).toFixed(1) + ' ' + y(p[i]).toFixed(1); pen = 'L';
  }
  el('path', { d, fill: 'none', stroke: colour, 'stroke-width': 2.2, 'stroke-dasharray': dash, 'stroke-linejoin': 'round' }, svg);
}

function mark(svg, at, top, bottom, colour, label, dash) {
  el('line', { x1: at, x2: at, y1: top, y2: bottom, stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash }, svg);
  const t = el('text', { x: at + 4, y: top + 12 }, svg);
  t.textContent = label; t.style.fill = colour;
}

function nice(v) { const e = Math.pow(10, Math.floor(Math.log10(v))); return Math.ceil(v / e * 2) / 2 * e; }
function span(seconds) { return seconds >= 7200 ? Math.round(seconds / 3600) + ' h' : seconds >= 120 ? Math.round(seconds / 60) + ' min' : Math.round(seconds) + ' s'; }

window.addEventListener('hashchange', () => { selected = decodeURIComponent(location.hash.slice(1)); render(); });
window.addEventListener('resize', () => { const s = stores.get(selected); if (s) drawChart(s); });
load();
