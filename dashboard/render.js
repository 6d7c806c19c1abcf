#!/usr/bin/env node
// Writes one self-contained HTML dashboard from the bi_* views of a ClickHouse database: Apache
// ECharts (dist/echarts.min.js) and the data are inlined, so the page opens with no network.
//
//   node dashboard/render.js [--url http://127.0.0.1:8123] [--database siyu]
//                            [--out target/dashboard.html] [--days 90] [--hours 6]
//
// User and password come from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD when set (HTTP basic auth).
// A missing view gives a "no data" chart and a warning on stderr; any other ClickHouse error stops
// the script (exit 1). The only line on stdout is the absolute path of the written page.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

const REPO = path.resolve(__dirname, '..');

function usage(message) {
  if (message) {
    process.stderr.write(message + '\n');
  }
  process.stderr.write(
    'Usage: node dashboard/render.js [--url URL] [--database DB] [--out FILE] [--days N] [--hours N]\n'
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    url: 'http://127.0.0.1:8123',
    database: 'siyu',
    out: path.join(REPO, 'target', 'dashboard.html'),
    days: 90,
    hours: 6,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      usage();
    }
    const m = /^--(url|database|out|days|hours)(?:=(.*))?$/.exec(arg);
    if (!m) {
      usage('Unknown option: ' + arg);
    }
    const value = m[2] !== undefined ? m[2] : argv[++i];
    if (value === undefined) {
      usage('Missing value for --' + m[1]);
    }
    opts[m[1]] = value;
  }
  opts.days = Number(opts.days);
  opts.hours = Number(opts.hours);
  if (!(opts.days >= 1) || !(opts.hours >= 1)) {
    usage('--days and --hours must be positive numbers');
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.database)) {
    usage('--database must be a plain identifier: ' + opts.database);
  }
  opts.url = opts.url.replace(/\/+$/, '');
  opts.out = path.resolve(opts.out);
  return opts;
}

/** One query over the HTTP interface, FORMAT JSON; resolves to the rows (objects). */
function query(opts, sql) {
  const url = new URL(opts.url + '/');
  url.searchParams.set('database', opts.database);
  const body = Buffer.from(sql + '\nFORMAT JSON', 'utf8');
  const headers = {
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Length': body.length,
  };
  const user = process.env.CLICKHOUSE_USER;
  const password = process.env.CLICKHOUSE_PASSWORD;
  if (user || password) {
    headers.Authorization =
      'Basic ' + Buffer.from((user || 'default') + ':' + (password || '')).toString('base64');
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'POST', headers, timeout: 120000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          const err = new Error('ClickHouse answered HTTP ' + res.statusCode + ': ' + text.trim());
          err.clickhouse = text;
          reject(err);
          return;
        }
        try {
          resolve(JSON.parse(text).data);
        } catch (e) {
          reject(new Error('ClickHouse sent no JSON: ' + text.slice(0, 300)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('ClickHouse did not answer in 120 s')));
    req.on('error', (e) =>
      reject(new Error('ClickHouse at ' + opts.url + ' is not reachable: ' + e.message))
    );
    req.end(body);
  });
}

/** ClickHouse error codes for a table or database that does not exist. */
function isMissing(err) {
  return /Code: (60|81)\b/.test(err.clickhouse || '');
}

/**
 * What the page shows, one query per dataset. Aggregates are cast to Float64 (Decimal and UInt64
 * come as strings in JSON); everything is converted to numbers below anyway. Written for ClickHouse
 * 18.16 as well as current servers.
 */
function datasets(opts) {
  const days = Math.floor(opts.days);
  const seconds = Math.floor(opts.hours * 3600);
  return {
    sales: {
      view: 'bi_sales_daily',
      sql: `SELECT day, channel, sum(orders) AS orders, sum(buyers) AS buyers,
              toFloat64(sum(gmv)) AS gmv, sum(refunds) AS refunds,
              toFloat64(sum(refund_amount)) AS refund_amount, sum(coupon_orders) AS coupon_orders,
              toFloat64(sum(discount)) AS discount,
              sum(first_time_buyer_orders) AS first_time_buyer_orders
            FROM bi_sales_daily
            WHERE day > (SELECT max(day) FROM bi_sales_daily) - ${days}
            GROUP BY day, channel ORDER BY day, channel`,
    },
    guides: {
      view: 'bi_sales_by_guide_daily',
      sql: `SELECT guide_id, any(store_id) AS store_id, sum(orders) AS orders,
              toFloat64(sum(gmv)) AS gmv, max(bound_customers) AS bound_customers
            FROM bi_sales_by_guide_daily
            WHERE day > (SELECT max(day) FROM bi_sales_by_guide_daily) - ${days}
            GROUP BY guide_id ORDER BY gmv DESC, guide_id LIMIT 15`,
    },
    scans: {
      view: 'bi_scan_daily',
      sql: `SELECT day, campaign_id, sum(scans) AS scans,
              sum(scanners) AS scanners, sum(codes_scanned) AS codes_scanned,
              sum(first_scans) AS first_scans, sum(repeat_scans) AS repeat_scans,
              sum(codes_issued) AS codes_issued, avg(scan_rate) AS scan_rate,
              sum(diverted_scans) AS diverted_scans
            FROM bi_scan_daily
            WHERE day > (SELECT max(day) FROM bi_scan_daily) - ${days}
            GROUP BY day, campaign_id ORDER BY day, campaign_id`,
    },
    diversion: {
      view: 'bi_diversion',
      sql: `SELECT issued_region, scan_region, sum(scans) AS scans
            FROM bi_diversion
            WHERE day > (SELECT max(day) FROM bi_diversion) - ${days}
            GROUP BY issued_region, scan_region ORDER BY issued_region, scan_region`,
    },
    funnel: {
      view: 'bi_funnel_daily',
      sql: `SELECT campaign_id, sum(followed) AS followed, sum(scanned) AS scanned,
              sum(carted) AS carted, sum(purchased) AS purchased
            FROM bi_funnel_daily
            WHERE day > (SELECT max(day) FROM bi_funnel_daily) - ${days}
            GROUP BY campaign_id ORDER BY scanned DESC, campaign_id LIMIT 8`,
    },
    cohorts: {
      view: 'bi_cohort_retention',
      sql: `SELECT cohort_month, months_after,
              sum(customers) AS customers, sum(retained) AS retained
            FROM bi_cohort_retention
            WHERE cohort_month >= (SELECT max(cohort_month) FROM bi_cohort_retention) - 370
            GROUP BY cohort_month, months_after ORDER BY cohort_month, months_after`,
    },
    referral: {
      view: 'bi_referral',
      sql: `SELECT depth, count() AS referrers, sum(invites_accepted) AS invites_accepted,
              sum(invitees_bought) AS invitees_bought
            FROM bi_referral GROUP BY depth ORDER BY depth`,
    },
    lifecycle: {
      view: 'bi_lifecycle_current',
      sql: `SELECT stage, sum(customers) AS customers FROM bi_lifecycle_current GROUP BY stage`,
    },
    rfm: {
      view: 'bi_rfm_current',
      sql: `SELECT segment, sum(customers) AS customers FROM bi_rfm_current
            GROUP BY segment ORDER BY customers DESC, segment`,
    },
    journeys: {
      view: 'bi_journey_daily',
      sql: `SELECT journey_id, sum(sent) AS sent, sum(capped) AS capped,
              sum(converted) AS converted
            FROM bi_journey_daily
            WHERE day > (SELECT max(day) FROM bi_journey_daily) - ${days}
            GROUP BY journey_id ORDER BY journey_id`,
    },
    minutes: {
      view: 'bi_trend_minute',
      sql: `SELECT minute, sum(scans) AS scans, sum(orders) AS orders,
              toFloat64(sum(gmv)) AS gmv, sum(interactions) AS interactions
            FROM bi_trend_minute
            WHERE minute > (SELECT max(minute) FROM bi_trend_minute) - ${seconds}
            GROUP BY minute ORDER BY minute`,
    },
  };
}

/** Numbers (UInt64 and Decimal come as strings in JSON) to numbers; ids and dates stay text. */
const TEXT_FIELDS = new Set([
  'day', 'channel', 'guide_id', 'store_id', 'campaign_id', 'issued_region', 'scan_region',
  'cohort_month', 'stage', 'segment', 'journey_id', 'minute',
]);

function normalise(rows) {
  return rows.map((row) => {
    const out = {};
    for (const [k, v] of Object.entries(row)) {
      // null: a NaN or infinite Float64 (e.g. a rate over zero codes); shown as a gap.
      out[k] = TEXT_FIELDS.has(k) ? String(v) : v === null ? null : Number(v);
    }
    return out;
  });
}

async function fetchAll(opts) {
  const sets = datasets(opts);
  const data = {};
  const missing = [];
  for (const [name, { view, sql }] of Object.entries(sets)) {
    try {
      data[name] = normalise(await query(opts, sql));
    } catch (err) {
      if (!isMissing(err)) {
        throw new Error('Query on ' + opts.database + '.' + view + ' failed: ' + err.message);
      }
      data[name] = [];
      missing.push(view);
    }
  }
  return { data, missing };
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function render(opts, fetched) {
  const echartsFile = require.resolve('echarts/dist/echarts.min.js');
  const echartsVersion = require('echarts/package.json').version;
  const echartsJs = fs.readFileSync(echartsFile, 'utf8').replace(/<\/script/gi, '<\\/script');
  const template = fs.readFileSync(path.join(__dirname, 'page.html'), 'utf8');
  const client = fs.readFileSync(path.join(__dirname, 'page.js'), 'utf8');
  const meta = {
    database: opts.database,
    server: new URL(opts.url).host,
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    days: opts.days,
    hours: opts.hours,
    missing: fetched.missing,
    echarts: echartsVersion,
  };
  // Replacement functions: the inlined code contains '$' sequences that String.replace would read.
  return template
    .replace('/*ECHARTS*/', () => echartsJs)
    .replace('/*DATA*/', () => 'window.SIYU_DATA = ' + scriptJson(fetched.data) + ';\n' +
      'window.SIYU_META = ' + scriptJson(meta) + ';')
    .replace('/*PAGE*/', () => client)
    .replace('{{SUBTITLE}}', () =>
      escapeHtml(`database ${opts.database} on ${meta.server} · generated ${meta.generatedAt}`));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const fetched = await fetchAll(opts);
  for (const view of fetched.missing) {
    process.stderr.write(`warning: ${opts.database}.${view} does not exist; its chart shows no data\n`);
  }
  const html = render(opts, fetched);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  const tmp = opts.out + '.tmp';
  fs.writeFileSync(tmp, html, 'utf8');
  fs.renameSync(tmp, opts.out);
  process.stdout.write(opts.out + '\n');
}

main().catch((err) => {
  process.stderr.write('dashboard: ' + err.message + '\n');
  process.exit(1);
});
