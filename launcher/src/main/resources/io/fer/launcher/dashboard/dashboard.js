// fer dashboard: per stream, each track's emotions over time (a stacked area of the class probabilities), the
// current emotion (with the summaries' hysteresis) and its confidence, and the latest face crop. Fed by the server's
// Server-Sent Events (/api/events); no libraries, nothing fetched from elsewhere.
'use strict';

const COLOURS = {
  angry: '#d62728', anger: '#d62728', disgust: '#8c564b', fear: '#9467bd', happy: '#2ca02c',
  sad: '#1f77b4', sadness: '#1f77b4', surprise: '#ff7f0e', neutral: '#9e9e9e', contempt: '#e377c2',
};
const FALLBACK = ['#17becf', '#bcbd22', '#7f7f7f', '#aec7e8'];
const streams = new Map(); // streamId -> {el, tracks: Map(trackId -> track)}
const dirty = new Set();

function colour(name, i) {
  return COLOURS[name] || FALLBACK[i % FALLBACK.length];
}

function element(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
}

function streamOf(id) {
  let s = streams.get(id);
  if (!s) {
    const el = element('section', 'stream');
    el.dataset.stream = id;
    const title = element('h2', null, el);
    title.textContent = id;
    // the frames per second the latest window was made of: below the source's rate when a live stream sheds frames
    const rate = element('span', 'rate', title);
    s = { el, rate, tracksEl: element('div', 'tracks', el), tracks: new Map() };
    // streams in name order
    const after = [...streams.keys()].sort().find((k) => k > id);
    document.getElementById('streams').insertBefore(el, after ? streams.get(after).el : null);
    streams.set(id, s);
    document.getElementById('empty').hidden = true;
  }
  return s;
}

function trackOf(streamId, trackId) {
  const s = streamOf(streamId);
  let t = s.tracks.get(trackId);
  if (!t) {
    const el = element('div', 'track');
    el.dataset.track = trackId;
    const top = element('div', 'top', el);
    const img = element('img', 'thumb', top);
    img.alt = 'face of track ' + trackId;
    const text = element('div', null, top);
    element('div', 'name', text).textContent = 'track ' + trackId;
    const label = element('div', 'label', text);
    const dominant = element('div', 'dominant', text);
    const canvas = element('canvas', null, el);
    canvas.width = 1080;
    canvas.height = 240;
    const axis = element('div', 'axis', el);
    const legend = element('div', 'legend', el);
    t = { el, img, label, dominant, canvas, axis, legend, events: [], byStart: new Map(), classes: null };
    const after = [...s.tracks.keys()].sort((a, b) => a - b).find((k) => k > trackId);
    s.tracksEl.insertBefore(el, after !== undefined ? s.tracks.get(after).el : null);
    s.tracks.set(trackId, t);
  }
  return t;
}

function onEmotion(msg) {
  const e = msg.event;
  const t = trackOf(e.streamId, e.trackId);
  if (!e.endOfTrack && e.framesPerSecond > 0) {
    streamOf(e.streamId).rate.textContent = e.framesPerSecond.toFixed(1) + ' frames/s analysed';
  }
  if (e.endOfTrack) {
    t.el.classList.add('ended');
    return;
  }
  if (!t.classes) {
    t.classes = e.classes;
    t.legend.replaceChildren(...e.classes.map((c, i) => {
      const span = element('span');
      const swatch = element('i', null, span);
      swatch.style.background = colour(c, i);
      span.appendChild(document.createTextNode(c));
      return span;
    }));
  }
  // a replay after a reconnect repeats events: one per window start
  if (!t.byStart.has(e.windowStartUs)) {
    t.events.push(e);
    if (t.events.length > 1 && t.events[t.events.length - 2].windowStartUs > e.windowStartUs) {
      t.events.sort((a, b) => a.windowStartUs - b.windowStartUs);
    }
  } else {
    t.events[t.events.indexOf(t.byStart.get(e.windowStartUs))] = e;
  }
  t.byStart.set(e.windowStartUs, e);
  const latest = t.events[t.events.length - 1];
  const current = msg.current || latest.label;
  const p = latest.probabilities[latest.classes.indexOf(current)];
  t.label.textContent = current;
  const conf = element('span', 'confidence', t.label);
  conf.textContent = (100 * (p === undefined ? latest.confidence : p)).toFixed(0) + ' %';
  t.dominant.textContent = 'mostly ' + msg.dominant + ' · ' + t.events.length + ' windows';
  dirty.add(t);
}

function onFace(msg) {
  const t = trackOf(msg.streamId, msg.trackId);
  t.img.src = '/api/faces/' + encodeURIComponent(msg.streamId) + '/' + msg.trackId + '?frame=' + msg.frameIndex;
}

// stacked area: x is the window's centre in stream time, each class a band of its probability
function draw(t) {
  const g = t.canvas.getContext('2d');
  const w = t.canvas.width;
  const h = t.canvas.height;
  g.clearRect(0, 0, w, h);
  const ev = t.events;
  if (ev.length === 0) return;
  const centre = (e) => (e.windowStartUs + e.windowEndUs) / 2;
  const t0 = centre(ev[0]);
  const t1 = Math.max(t0 + 1, centre(ev[ev.length - 1]));
  t.axis.textContent = 'stream time ' + (ev[0].windowStartUs / 1e6).toFixed(1) + ' s to '
    + (ev[ev.length - 1].windowEndUs / 1e6).toFixed(1) + ' s (window centres)';
  const x = (e) => (ev.length === 1 ? w / 2 : ((centre(e) - t0) / (t1 - t0)) * w);
  const below = new Array(ev.length).fill(0);
  t.classes.forEach((name, c) => {
    const above = ev.map((e, i) => below[i] + (e.probabilities[c] || 0));
    g.beginPath();
    ev.forEach((e, i) => g.lineTo(x(e), h - above[i] * h));
    for (let i = ev.length - 1; i >= 0; i--) g.lineTo(x(ev[i]), h - below[i] * h);
    g.closePath();
    g.fillStyle = colour(name, c);
    g.fill();
    above.forEach((v, i) => { below[i] = v; });
  });
}

function redraw() {
  dirty.forEach(draw);
  dirty.clear();
  requestAnimationFrame(redraw);
}

function connect() {
  const status = document.getElementById('status');
  const source = new EventSource('/api/events');
  source.onopen = () => { status.textContent = 'live'; status.className = 'status live'; };
  source.onerror = () => { status.textContent = 'reconnecting'; status.className = 'status down'; };
  source.addEventListener('reset', () => {
    streams.forEach((s) => s.el.remove());
    streams.clear();
    document.getElementById('empty').hidden = false;
  });
  source.addEventListener('emotion', (m) => onEmotion(JSON.parse(m.data)));
  source.addEventListener('face', (m) => onFace(JSON.parse(m.data)));
  source.addEventListener('stream-end', (m) => streamOf(JSON.parse(m.data).streamId).el.classList.add('ended'));
}

connect();
requestAnimationFrame(redraw);
