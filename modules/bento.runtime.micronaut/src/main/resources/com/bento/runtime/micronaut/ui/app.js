// The Bento runtime page: draws /bento/graph, the /bento/startup timeline, /bento/info and /health.
// Self-contained: no library, no network beyond this server.
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base');            // the runtime endpoints' path
  var healthPath = document.body.getAttribute('data-health');
  var token = sessionStorage.getItem('bento.token') || '';
  var $ = function (id) { return document.getElementById(id); };
  var SVG = 'http://www.w3.org/2000/svg';

  function get(path) {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    return fetch(path, { headers: headers }).then(function (r) {
      if (r.status === 401) { throw { unauthorized: true }; }
      if (!r.ok && path !== healthPath) { throw new Error(path + ' answered ' + r.status); }
      return r.json();
    });
  }

  function el(name, attrs, text) {
    var e = name.indexOf('svg:') === 0 ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function count(n, what) { return n ? ' · ' + n + ' ' + what + (n === 1 ? '' : 's') : ''; }

  function ms(v) { return v < 10 ? v.toFixed(2) + ' ms' : Math.round(v) + ' ms'; }

  function drawGraph(graph, states) {
    var svg = $('graph');
    var byName = {};
    graph.modules.forEach(function (m) { byName[m.name] = m; });
    var depth = {};
    function depthOf(name) {
      if (depth[name] === undefined) {
        depth[name] = 0;
        depth[name] = byName[name].requires.reduce(function (d, r) { return Math.max(d, byName[r] ? depthOf(r) + 1 : 0); }, 0);
      }
      return depth[name];
    }
    var columns = [];
    graph.modules.forEach(function (m) { var d = depthOf(m.name); (columns[d] = columns[d] || []).push(m.name); });
    var W = 150, H = 44, GX = 70, GY = 22, pos = {};
    columns.forEach(function (col, c) {
      col.forEach(function (name, r) { pos[name] = { x: 10 + c * (W + GX), y: 10 + r * (H + GY) }; });
    });
    var height = 20 + Math.max.apply(null, columns.map(function (c) { return c.length; })) * (H + GY);
    svg.setAttribute('viewBox', '0 0 ' + (20 + columns.length * (W + GX)) + ' ' + height);
    svg.style.height = height + 'px';
    var defs = el('svg:defs');
    [['arrow', '#98a2b3'], ['arrow-ev', '#b54708']].forEach(function (a) {
      var marker = el('svg:marker', { id: a[0], viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
      marker.appendChild(el('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: a[1] }));
      defs.appendChild(marker);
    });
    svg.appendChild(defs);
    graph.modules.forEach(function (m) {
      m.requires.forEach(function (r) {
        if (!pos[r]) { return; }
        var a = pos[m.name], b = pos[r];
        svg.appendChild(el('svg:path', { 'class': 'edge', 'data-from': m.name, 'data-to': r,
          d: 'M' + a.x + ',' + (a.y + H / 2) + ' C' + (a.x - GX / 2) + ',' + (a.y + H / 2) + ' ' + (b.x + W + GX / 2) + ','
            + (b.y + H / 2) + ' ' + (b.x + W) + ',' + (b.y + H / 2) }));
      });
    });
    graph.events.forEach(function (e) {
      e.consumers.forEach(function (c) {
        var a = pos[e.producer], b = pos[c];
        if (!a || !b) { return; }
        var x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2, y2 = b.y + H;
        svg.appendChild(el('svg:path', { 'class': 'event', 'data-event': e.event,
          d: 'M' + x1 + ',' + y1 + ' Q' + (x1 + x2) / 2 + ',' + (Math.max(y1, y2) + 28) + ' ' + x2 + ',' + y2 }));
        svg.appendChild(el('svg:text', { 'class': 'event-label', x: (x1 + x2) / 2 - 24, y: Math.max(y1, y2) + 20 }, e.event));
      });
    });
    graph.modules.forEach(function (m) {
      var p = pos[m.name];
      var g = el('svg:g', { 'class': 'node' + (m.database ? ' db' : ''), 'data-module': m.name,
        transform: 'translate(' + p.x + ',' + p.y + ')' });
      g.appendChild(el('svg:rect', { width: W, height: H, rx: 6 }));
      g.appendChild(el('svg:text', { x: 10, y: 18 }, m.name));
      g.appendChild(el('svg:text', { 'class': 'state', x: 10, y: 34 }, (states[m.name] || m.state).toLowerCase()
        + count(m.routes.length, 'route') + count(m.services.length, 'service')));
      var title = el('svg:title');
      title.textContent = m.type + (m.routes.length ? '\n' + m.routes.join('\n') : '');
      g.appendChild(title);
      svg.appendChild(g);
    });
  }

  function drawWaterfall(startup) {
    var box = $('waterfall');
    var steps = startup.timeline || [];
    var end = steps.reduce(function (e, s) { return Math.max(e, s.offset_ms + s.duration_ms); }, 0) || 1;
    var critical = startup.critical_path || [];
    steps.forEach(function (s) {
      var row = el('div', { 'class': 'row ' + (s.module ? 'module' : 'phase'), 'data-phase': s.phase });
      row.appendChild(el('span', { 'class': 'label' }, s.module ? s.module : s.phase));
      var track = el('div', { 'class': 'track' });
      var bar = el('div', { 'class': 'bar' + (s.module && s.phase === 'startup' && critical.indexOf(s.module) >= 0 ? ' critical' : ''),
        'data-phase': s.phase, title: s.phase + (s.module ? ' ' + s.module : '') + ': ' + ms(s.duration_ms) + ' at ' + ms(s.offset_ms) });
      if (s.module) { bar.setAttribute('data-module', s.module); }
      bar.style.left = (100 * s.offset_ms / end) + '%';
      bar.style.width = (100 * s.duration_ms / end) + '%';
      track.appendChild(bar);
      row.appendChild(track);
      row.appendChild(el('span', { 'class': 'ms' }, ms(s.duration_ms)));
      box.appendChild(row);
    });
    $('critical').textContent = critical.length ? critical.join(' → ') : 'none yet';
    $('summary').textContent = startup.summary || '';
  }

  function drawTables(modules, info) {
    var body = document.querySelector('#modules tbody');
    modules.modules.forEach(function (m) {
      var tr = el('tr', { 'data-module': m.name });
      [m.name, m.state, m.requires.join(', ') || '–'].forEach(function (v) { tr.appendChild(el('td', {}, v)); });
      [m.register_ms, m.startup_ms].forEach(function (v) { tr.appendChild(el('td', { 'class': 'num' }, ms(v))); });
      body.appendChild(tr);
    });
    var req = info.requests, rows = document.querySelector('#requests tbody');
    [['count', req.count], ['average', ms(req.avg_ms)], ['p50', ms(req.p50_ms)], ['p95', ms(req.p95_ms)],
      ['p99', ms(req.p99_ms)], ['max', ms(req.max_ms)]].forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('th', {}, r[0]));
      tr.appendChild(el('td', { 'class': 'num' }, String(r[1])));
      rows.appendChild(tr);
    });
  }

  function load() {
    Promise.all([get(base + '/graph'), get(base + '/startup'), get(base + '/modules'), get(base + '/info')])
      .then(function (all) {
        var states = {};
        all[2].modules.forEach(function (m) { states[m.name] = m.state; });
        $('service').textContent = all[0].service;
        $('login').hidden = true;
        $('content').hidden = false;
        drawGraph(all[0], states);
        drawWaterfall(all[1]);
        drawTables(all[2], all[3]);
        document.body.setAttribute('data-ready', 'true');
      })
      .catch(function (e) {
        if (e && e.unauthorized) {
          $('login').hidden = false;
          $('login-error').textContent = token ? 'That token was refused.' : '';
          document.body.setAttribute('data-ready', 'login');
          return;
        }
        throw e;
      });
    get(healthPath).then(function (h) {
      var pill = $('health');
      pill.textContent = 'health ' + h.status;
      pill.className = 'pill ' + h.status;
    }).catch(function () { $('health').textContent = 'health ?'; });
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    token = $('token').value;
    sessionStorage.setItem('bento.token', token);
    load();
  });
  load();
}());
