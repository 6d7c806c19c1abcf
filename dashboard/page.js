// The page's own script (inlined by render.js after echarts.min.js and the data). Builds one ECharts
// chart per card from window.SIYU_DATA. When a chart has drawn, its container gets
// data-drawn="<data points>" (0: a "no data" chart) and the body's data-charts-ready counts the
// charts done; data-charts-total is how many there are. A chart that fails gets data-error.
(function () {
  'use strict';
  var D = window.SIYU_DATA || {};
  var META = window.SIYU_META || {};
  var DB = META.database || 'siyu';
  var PALETTE = ['#3b6fd8', '#f08c2e', '#2aa876', '#d64545', '#8e5cc9', '#1fa2b8', '#c9a227',
    '#e0629a', '#6b7a8f', '#7fb800'];
  var STAGES = ['PROSPECT', 'NEW', 'ACTIVE', 'AT_RISK', 'DORMANT', 'CHURNED', 'WON_BACK'];
  var STAGE_COLOURS = {
    PROSPECT: '#9aa5b8', NEW: '#3b6fd8', ACTIVE: '#2aa876', AT_RISK: '#f0b429',
    DORMANT: '#f08c2e', CHURNED: '#d64545', WON_BACK: '#8e5cc9'
  };

  // ---- formatting ----
  function compact(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return trim(v / 1e9) + 'B';
    if (a >= 1e6) return trim(v / 1e6) + 'M';
    if (a >= 1e4) return trim(v / 1e3) + 'k';
    return trim(v);
  }
  function trim(v) {
    return (Math.round(v * 10) / 10).toString();
  }
  function money(v) { return '¥' + compact(v); }
  function moneyFull(v) {
    return '¥' + Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function count(v) { return Number(v).toLocaleString('en-US'); }
  function pct(v, digits) { return (v * 100).toFixed(digits === undefined ? 1 : digits) + '%'; }
  function sum(rows, f) { return rows.reduce(function (s, r) { return s + (Number(r[f]) || 0); }, 0); }
  function uniq(list) {
    var seen = {}, out = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
    return out;
  }
  function points(series) {
    var n = 0;
    series.forEach(function (s) {
      (s.data || []).forEach(function (d) {
        var v = d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : d;
        if (Array.isArray(v)) v = v[v.length - 1];
        if (v !== null && v !== undefined && v !== '-' && !isNaN(v)) n++;
      });
    });
    return n;
  }

  // ---- common option parts ----
  var AXIS_LABEL = { color: '#4a5361', fontSize: 11 };
  function grid(extra) {
    var g = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };
    for (var k in extra) g[k] = extra[k];
    return g;
  }
  function legend() {
    return { top: 0, left: 'center', itemWidth: 14, itemHeight: 9, textStyle: { fontSize: 12 } };
  }
  function valueAxis(name, formatter, extra) {
    var a = {
      type: 'value', name: name, nameTextStyle: { color: '#5b6573', fontSize: 11 },
      axisLabel: { color: AXIS_LABEL.color, fontSize: 11, formatter: formatter || compact },
      splitLine: { lineStyle: { color: '#e8ecf1' } }
    };
    for (var k in extra) a[k] = extra[k];
    return a;
  }
  function categoryAxis(data, extra) {
    var a = { type: 'category', data: data, axisLabel: { color: AXIS_LABEL.color, fontSize: 11 },
      axisTick: { alignWithLabel: true }, axisLine: { lineStyle: { color: '#c3cad4' } } };
    for (var k in extra) a[k] = extra[k];
    return a;
  }
  function noData(why) {
    return {
      title: { text: 'No data', subtext: why, left: 'center', top: 'middle',
        textStyle: { color: '#9aa5b8', fontSize: 18 }, subtextStyle: { color: '#9aa5b8' } }
    };
  }
  function emptyWhy(view) {
    return (META.missing || []).indexOf(view) >= 0
      ? DB + '.' + view + ' does not exist' : DB + '.' + view + ' has no rows';
  }

  // ---- the charts ----
  var CHARTS = [
    {
      id: 'daily-trend', wide: true, views: ['bi_sales_daily', 'bi_scan_daily'],
      title: 'Daily trend: GMV, orders and scans',
      note: 'All channels and campaigns; last ' + META.days + ' days of data',
      build: function () {
        var sales = D.sales || [], scans = D.scans || [];
        var days = uniq(sales.map(function (r) { return r.day; })
          .concat(scans.map(function (r) { return r.day; }))).sort();
        var gmv = {}, orders = {}, sc = {};
        sales.forEach(function (r) {
          gmv[r.day] = (gmv[r.day] || 0) + r.gmv;
          orders[r.day] = (orders[r.day] || 0) + r.orders;
        });
        scans.forEach(function (r) { sc[r.day] = (sc[r.day] || 0) + r.scans; });
        function col(m) { return days.map(function (d) { return m[d] === undefined ? null : m[d]; }); }
        return {
          legend: legend(), tooltip: { trigger: 'axis' }, grid: grid(),
          xAxis: categoryAxis(days, { axisLabel: { color: AXIS_LABEL.color, fontSize: 11, hideOverlap: true } }),
          yAxis: [valueAxis('GMV', money), valueAxis('count', compact, { splitLine: { show: false } })],
          series: [
            { name: 'GMV', type: 'bar', data: col(gmv), itemStyle: { color: '#9db8ec' },
              tooltip: { valueFormatter: moneyFull } },
            { name: 'Orders', type: 'line', yAxisIndex: 1, data: col(orders), showSymbol: false,
              lineStyle: { width: 2 }, itemStyle: { color: '#f08c2e' } },
            { name: 'Scans', type: 'line', yAxisIndex: 1, data: col(sc), showSymbol: false,
              lineStyle: { width: 2 }, itemStyle: { color: '#2aa876' } }
          ]
        };
      }
    },
    {
      id: 'minute-trend', wide: true, views: ['bi_trend_minute'],
      title: 'Last hours, per minute',
      note: 'Scans, orders, interactions and GMV per minute (UTC), the last ' + META.hours +
        ' hours up to the newest minute',
      build: function () {
        var rows = D.minutes || [];
        function t(r) {
          var m = /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)$/.exec(r.minute);
          return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : r.minute;
        }
        function line(name, f, colour, axis) {
          return { name: name, type: 'line', yAxisIndex: axis || 0, showSymbol: false,
            sampling: 'lttb', lineStyle: { width: 1.6 }, itemStyle: { color: colour },
            data: rows.map(function (r) { return [t(r), r[f]]; }) };
        }
        var gmvLine = line('GMV', 'gmv', '#9db8ec', 1);
        gmvLine.areaStyle = { opacity: 0.25 };
        gmvLine.lineStyle = { width: 1 };
        gmvLine.tooltip = { valueFormatter: moneyFull };
        return {
          useUTC: true, legend: legend(), tooltip: { trigger: 'axis' }, grid: grid(),
          xAxis: { type: 'time', axisLabel: AXIS_LABEL, axisLine: { lineStyle: { color: '#c3cad4' } } },
          yAxis: [valueAxis('per minute'), valueAxis('GMV', money, { splitLine: { show: false } })],
          series: [gmvLine, line('Scans', 'scans', '#2aa876'), line('Orders', 'orders', '#f08c2e'),
            line('Interactions', 'interactions', '#8e5cc9')]
        };
      }
    },
    {
      id: 'channel-gmv', views: ['bi_sales_daily'],
      title: 'GMV by channel',
      note: 'GMV and refunds per channel; labels: orders',
      build: function () {
        var rows = D.sales || [];
        var by = {};
        rows.forEach(function (r) {
          var c = by[r.channel] || (by[r.channel] = { gmv: 0, refund: 0, orders: 0 });
          c.gmv += r.gmv; c.refund += r.refund_amount; c.orders += r.orders;
        });
        var channels = Object.keys(by).sort(function (a, b) { return by[b].gmv - by[a].gmv; });
        return {
          legend: legend(), tooltip: { trigger: 'axis', valueFormatter: moneyFull }, grid: grid(),
          xAxis: categoryAxis(channels),
          yAxis: valueAxis('¥', money),
          series: [
            { name: 'GMV', type: 'bar', barMaxWidth: 48, itemStyle: { color: '#3b6fd8' },
              data: channels.map(function (c) { return by[c].gmv; }),
              label: { show: true, position: 'top', fontSize: 11, color: '#4a5361',
                formatter: function (p) { return count(by[p.name].orders) + ' orders'; } } },
            { name: 'Refunds', type: 'bar', barMaxWidth: 48, itemStyle: { color: '#d64545' },
              data: channels.map(function (c) { return by[c].refund; }) }
          ]
        };
      }
    },
    {
      id: 'top-guides', views: ['bi_sales_by_guide_daily'],
      title: 'Top shopping guides by GMV',
      note: 'The 15 guides with the most GMV (guide · store); labels: orders',
      build: function () {
        var rows = (D.guides || []).slice().reverse();
        return {
          tooltip: { trigger: 'axis', valueFormatter: moneyFull }, grid: grid({ top: 10 }),
          xAxis: valueAxis('', money),
          yAxis: categoryAxis(rows.map(function (r) { return r.guide_id + ' · ' + r.store_id; }),
            { axisTick: { show: false } }),
          series: [{ name: 'GMV', type: 'bar', barMaxWidth: 18, itemStyle: { color: '#1fa2b8' },
            data: rows.map(function (r) { return r.gmv; }),
            label: { show: true, position: 'right', fontSize: 10, color: '#4a5361',
              formatter: function (p) { return count(rows[p.dataIndex].orders); } } }]
        };
      }
    },
    {
      id: 'scan-rate', views: ['bi_scan_daily'],
      title: 'Scan rate per campaign',
      note: 'Daily scan_rate of the campaigns with the most scans',
      build: function () {
        var rows = D.scans || [];
        var total = {};
        rows.forEach(function (r) { total[r.campaign_id] = (total[r.campaign_id] || 0) + r.scans; });
        var campaigns = Object.keys(total).sort(function (a, b) { return total[b] - total[a]; }).slice(0, 6);
        var days = uniq(rows.map(function (r) { return r.day; })).sort();
        var max = rows.reduce(function (m, r) { return Math.max(m, r.scan_rate); }, 0);
        var ratio = max <= 1;
        var fmt = ratio ? function (v) { return pct(v, v !== 0 && Math.abs(v) < 0.1 ? 2 : 0); } : compact;
        var series = campaigns.map(function (c, i) {
          var byDay = {};
          rows.forEach(function (r) { if (r.campaign_id === c) byDay[r.day] = r.scan_rate; });
          return { name: c, type: 'line', showSymbol: false, connectNulls: true,
            lineStyle: { width: 1.8 }, itemStyle: { color: PALETTE[i % PALETTE.length] },
            data: days.map(function (d) { return byDay[d] === undefined ? null : byDay[d]; }) };
        });
        return {
          legend: legend(), grid: grid({ top: 48 }),
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '-' : ratio ? pct(v) : trim(v); } },
          xAxis: categoryAxis(days, { boundaryGap: false, axisLabel: { color: AXIS_LABEL.color, fontSize: 11, hideOverlap: true } }),
          yAxis: valueAxis('scan rate', fmt),
          series: series
        };
      }
    },
    {
      id: 'diversion', views: ['bi_diversion'],
      title: 'Diversion: where codes were scanned',
      note: 'Scans by region the code was issued to (rows) and region it was scanned in (columns)',
      build: function () {
        var rows = D.diversion || [];
        var issued = uniq(rows.map(function (r) { return r.issued_region; })).sort();
        var scanned = uniq(rows.map(function (r) { return r.scan_region; })).sort();
        var max = rows.reduce(function (m, r) { return Math.max(m, r.scans); }, 0);
        return {
          tooltip: { formatter: function (p) {
            return 'issued ' + issued[p.value[1]] + ', scanned ' + scanned[p.value[0]] + ': ' +
              count(p.value[2]) + ' scans';
          } },
          grid: grid({ top: 26, bottom: 46 }),
          xAxis: categoryAxis(scanned, { name: 'scan region', nameLocation: 'middle', nameGap: 40,
            axisLabel: { color: AXIS_LABEL.color, fontSize: 11, rotate: 30, interval: 0 }, splitArea: { show: true } }),
          yAxis: categoryAxis(issued, { name: 'issued region', nameTextStyle: { color: '#5b6573', fontSize: 11 },
            axisLabel: { color: AXIS_LABEL.color, fontSize: 11, interval: 0 }, splitArea: { show: true } }),
          visualMap: { min: 0, max: Math.max(max, 1), calculable: false, orient: 'horizontal',
            left: 'right', bottom: 0, itemWidth: 10, itemHeight: 90, textStyle: { fontSize: 10 },
            inRange: { color: ['#eef3fc', '#9db8ec', '#3b6fd8', '#1b3f8f'] } },
          series: [{ name: 'Scans', type: 'heatmap',
            label: { show: true, fontSize: 10, formatter: function (p) { return compact(p.value[2]); } },
            itemStyle: { borderColor: '#fff', borderWidth: 1 },
            data: rows.map(function (r) {
              return [scanned.indexOf(r.scan_region), issued.indexOf(r.issued_region), r.scans];
            }) }]
        };
      }
    },
    {
      id: 'lifecycle', views: ['bi_lifecycle_current'],
      title: 'Customers by lifecycle stage',
      note: 'Current stage of every customer',
      build: function () {
        var rows = D.lifecycle || [];
        var by = {};
        rows.forEach(function (r) { by[r.stage] = r.customers; });
        var stages = STAGES.filter(function (s) { return by[s] !== undefined; })
          .concat(Object.keys(by).filter(function (s) { return STAGES.indexOf(s) < 0; }).sort());
        var all = sum(rows, 'customers');
        return {
          tooltip: { trigger: 'axis', valueFormatter: count }, grid: grid({ top: 24 }),
          xAxis: categoryAxis(stages, { axisLabel: { color: AXIS_LABEL.color, fontSize: 11, interval: 0 } }),
          yAxis: valueAxis('customers'),
          series: [{ name: 'Customers', type: 'bar', barMaxWidth: 46,
            data: stages.map(function (s) {
              return { value: by[s], itemStyle: { color: STAGE_COLOURS[s] || '#6b7a8f' } };
            }),
            label: { show: true, position: 'top', fontSize: 11, color: '#4a5361',
              formatter: function (p) { return count(p.value) + ' (' + pct(p.value / all, 0) + ')'; } } }]
        };
      }
    },
    {
      id: 'rfm', views: ['bi_rfm_current'],
      title: 'Customers by RFM segment',
      note: 'Current recency / frequency / monetary segment',
      build: function () {
        var rows = (D.rfm || []).slice().reverse();
        var all = sum(rows, 'customers');
        return {
          tooltip: { trigger: 'axis', valueFormatter: count }, grid: grid({ top: 10, right: 40 }),
          xAxis: valueAxis(''),
          yAxis: categoryAxis(rows.map(function (r) { return r.segment; }), { axisTick: { show: false } }),
          series: [{ name: 'Customers', type: 'bar', barMaxWidth: 20,
            data: rows.map(function (r, i) {
              return { value: r.customers, itemStyle: { color: PALETTE[(rows.length - 1 - i) % PALETTE.length] } };
            }),
            label: { show: true, position: 'right', fontSize: 11, color: '#4a5361',
              formatter: function (p) { return count(p.value) + ' (' + pct(p.value / all, 0) + ')'; } } }]
        };
      }
    },
    {
      id: 'funnel', views: ['bi_funnel_daily'],
      title: 'Funnel per campaign',
      note: 'Followed → scanned → carted → purchased; label: purchased / scanned',
      build: function () {
        var rows = D.funnel || [];
        var steps = [['followed', 'Followed', '#9db8ec'], ['scanned', 'Scanned', '#3b6fd8'],
          ['carted', 'Carted', '#f0b429'], ['purchased', 'Purchased', '#2aa876']];
        return {
          legend: legend(), tooltip: { trigger: 'axis', valueFormatter: count }, grid: grid({ top: 48 }),
          xAxis: categoryAxis(rows.map(function (r) { return r.campaign_id; }),
            { axisLabel: { color: AXIS_LABEL.color, fontSize: 11, interval: 0, rotate: rows.length > 5 ? 20 : 0 } }),
          yAxis: valueAxis('customers'),
          series: steps.map(function (s) {
            var serie = { name: s[1], type: 'bar', barMaxWidth: 22, itemStyle: { color: s[2] },
              data: rows.map(function (r) { return r[s[0]]; }) };
            if (s[0] === 'purchased') {
              serie.label = { show: true, position: 'top', fontSize: 10, color: '#1f7a56',
                formatter: function (p) {
                  var r = rows[p.dataIndex];
                  return r.scanned > 0 ? pct(r.purchased / r.scanned, 0) : '';
                } };
            }
            return serie;
          })
        };
      }
    },
    {
      id: 'journeys', views: ['bi_journey_daily'],
      title: 'Journey conversion',
      note: 'Messages sent, held back by the frequency cap, and converted; line: converted / sent',
      build: function () {
        var rows = D.journeys || [];
        var names = rows.map(function (r) { return r.journey_id; });
        return {
          legend: legend(), tooltip: { trigger: 'axis' }, grid: grid({ top: 48 }),
          xAxis: categoryAxis(names, { axisLabel: { color: AXIS_LABEL.color, fontSize: 11, interval: 0, rotate: 20 } }),
          yAxis: [valueAxis('messages'),
            valueAxis('conversion', function (v) { return pct(v, 0); }, { splitLine: { show: false }, min: 0 })],
          series: [
            { name: 'Sent', type: 'bar', barMaxWidth: 26, itemStyle: { color: '#3b6fd8' },
              data: rows.map(function (r) { return r.sent; }) },
            { name: 'Capped', type: 'bar', barMaxWidth: 26, itemStyle: { color: '#9aa5b8' },
              data: rows.map(function (r) { return r.capped; }) },
            { name: 'Converted', type: 'bar', barMaxWidth: 26, itemStyle: { color: '#2aa876' },
              data: rows.map(function (r) { return r.converted; }) },
            { name: 'Conversion', type: 'line', yAxisIndex: 1, itemStyle: { color: '#f08c2e' },
              tooltip: { valueFormatter: function (v) { return pct(v); } },
              data: rows.map(function (r) { return r.sent > 0 ? r.converted / r.sent : null; }) }
          ]
        };
      }
    },
    {
      id: 'cohorts', views: ['bi_cohort_retention'],
      title: 'Cohort retention',
      note: 'Share of each first-purchase month\'s customers who bought again N months later',
      build: function () {
        var rows = D.cohorts || [];
        var cohorts = uniq(rows.map(function (r) { return r.cohort_month.slice(0, 7); })).sort();
        var maxAfter = rows.reduce(function (m, r) { return Math.max(m, r.months_after); }, 0);
        var months = [];
        for (var i = 0; i <= maxAfter; i++) months.push(String(i));
        var later = rows.reduce(function (m, r) {
          return r.months_after > 0 && r.customers > 0 ? Math.max(m, r.retained / r.customers) : m;
        }, 0);
        var data = rows.filter(function (r) { return r.customers > 0; }).map(function (r) {
          return [r.months_after, cohorts.indexOf(r.cohort_month.slice(0, 7)),
            r.retained / r.customers, r.retained, r.customers];
        });
        return {
          tooltip: { formatter: function (p) {
            return cohorts[p.value[1]] + ', month +' + p.value[0] + ': ' + pct(p.value[2]) +
              ' (' + count(p.value[3]) + ' of ' + count(p.value[4]) + ')';
          } },
          grid: grid({ top: 10, bottom: 46 }),
          xAxis: categoryAxis(months, { name: 'months after first purchase', nameLocation: 'middle',
            nameGap: 26, splitArea: { show: true } }),
          yAxis: categoryAxis(cohorts, { inverse: true, splitArea: { show: true },
            axisLabel: { color: AXIS_LABEL.color, fontSize: 11, interval: 0 } }),
          visualMap: { min: 0, max: Math.max(0.05, later), dimension: 2, show: false,
            inRange: { color: ['#fff7ec', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'] } },
          series: [{ name: 'Retention', type: 'heatmap', data: data,
            label: { show: true, fontSize: 10, formatter: function (p) { return pct(p.value[2], 0); } },
            itemStyle: { borderColor: '#fff', borderWidth: 1 } }]
        };
      }
    },
    {
      id: 'referral', views: ['bi_referral'],
      title: 'Referrals by depth',
      note: 'Referrers, accepted invitations and invitees who bought, by depth in the referral tree',
      build: function () {
        var rows = D.referral || [];
        return {
          legend: legend(), tooltip: { trigger: 'axis', valueFormatter: count }, grid: grid({ top: 48 }),
          xAxis: categoryAxis(rows.map(function (r) { return 'depth ' + r.depth; })),
          yAxis: valueAxis('customers'),
          series: [
            { name: 'Referrers', type: 'bar', barMaxWidth: 30, itemStyle: { color: '#8e5cc9' },
              data: rows.map(function (r) { return r.referrers; }) },
            { name: 'Invites accepted', type: 'bar', barMaxWidth: 30, itemStyle: { color: '#3b6fd8' },
              data: rows.map(function (r) { return r.invites_accepted; }) },
            { name: 'Invitees who bought', type: 'bar', barMaxWidth: 30, itemStyle: { color: '#2aa876' },
              data: rows.map(function (r) { return r.invitees_bought; }) }
          ]
        };
      }
    }
  ];

  // ---- KPI tiles ----
  function kpis() {
    var sales = D.sales || [], scans = D.scans || [];
    var orders = sum(sales, 'orders'), gmv = sum(sales, 'gmv'), sc = sum(scans, 'scans');
    var tiles = [
      ['GMV', sales.length ? money(gmv) : '—'],
      ['Orders', sales.length ? count(orders) : '—'],
      ['Refunded orders', orders ? pct(sum(sales, 'refunds') / orders) : '—'],
      ['Orders with coupon', orders ? pct(sum(sales, 'coupon_orders') / orders) : '—'],
      ['First-time buyers', orders ? pct(sum(sales, 'first_time_buyer_orders') / orders) : '—'],
      ['Scans', scans.length ? count(sc) : '—'],
      ['Diverted scans', sc ? pct(sum(scans, 'diverted_scans') / sc) : '—'],
      ['Customers', (D.lifecycle || []).length ? count(sum(D.lifecycle, 'customers')) : '—']
    ];
    var box = document.getElementById('kpis');
    tiles.forEach(function (t) {
      var el = document.createElement('div');
      el.className = 'kpi';
      el.innerHTML = '<div class="label"></div><div class="value"></div>';
      el.children[0].textContent = t[0];
      el.children[1].textContent = t[1];
      box.appendChild(el);
    });
  }

  // ---- drawing and readiness ----
  var ready = 0;
  document.body.setAttribute('data-charts-total', String(CHARTS.length));
  function markDone() {
    ready++;
    document.body.setAttribute('data-charts-ready', String(ready));
  }
  window.addEventListener('error', function (e) {
    document.body.setAttribute('data-errors',
      (document.body.getAttribute('data-errors') || '') + (e.message || 'error') + '; ');
  });

  function card(def) {
    var c = document.createElement('section');
    c.className = 'card' + (def.wide ? ' wide' : '');
    c.innerHTML = '<h2></h2><div class="note"></div>';
    c.children[0].textContent = def.title;
    c.children[1].textContent = def.note + ' — ' + def.views.map(function (v) { return DB + '.' + v; }).join(', ');
    var el = document.createElement('div');
    el.className = 'chart';
    el.id = def.id;
    el.setAttribute('data-view', def.views.join(' '));
    c.appendChild(el);
    document.getElementById('grid').appendChild(c);
    return el;
  }

  var charts = [];
  function draw(def) {
    var el = card(def);
    try {
      var option = def.build();
      var n = points(option.series || []);
      if (n === 0) {
        option = noData(def.views.map(emptyWhy).join('; '));
      }
      option.animation = false;
      option.color = option.color || PALETTE;
      option.textStyle = { fontFamily: '"Liberation Sans", "DejaVu Sans", Arial, sans-serif' };
      var chart = echarts.init(el, null, { renderer: 'svg' });
      charts.push(chart);
      var done = false;
      chart.on('finished', function () {
        if (done) return;
        done = true;
        el.setAttribute('data-drawn', String(n));
        el.setAttribute('data-shapes', String(el.querySelectorAll('svg path, svg rect, svg text').length));
        markDone();
      });
      chart.setOption(option);
    } catch (e) {
      el.setAttribute('data-error', String(e && e.message || e));
      el.setAttribute('data-drawn', '0');
      el.textContent = 'This chart failed: ' + (e && e.message || e);
      markDone();
    }
  }

  if ((META.missing || []).length) {
    var w = document.getElementById('warnings');
    w.className = 'warn';
    w.textContent = 'Missing views (their charts show no data): ' +
      META.missing.map(function (v) { return DB + '.' + v; }).join(', ');
  }
  kpis();
  CHARTS.forEach(draw);
  document.getElementById('footer').textContent =
    'Apache ECharts ' + META.echarts + ', inlined: this page needs no network. ' +
    'Written by dashboard/render.js from the bi_* views of ' + DB + '.';
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
