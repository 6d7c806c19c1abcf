// Runs siyu's sql/ files and queries on a current ClickHouse engine, in process (chdb), for
// CurrentClickHouseIT: only ClickHouse 18.16 installs here as a server.
//
//   node run-sql.js <sql dir> <data dir> <queries file> <out file>
//
// Applies every *.sql file of <sql dir> in name order to a database `siyu` (all are tried; any
// failure fails the run), loads every <table>.tsv of <data dir> (TabSeparated, as 18.16 wrote it)
// into the table of that name (dates and times as numbers), then runs each line of <queries file> and writes a JSON object
// {query: TabSeparated answer} to <out file>. Prints the engine's version. Exit code 1 on failure,
// with the reasons on stderr (process.exitCode, not process.exit: output to a pipe must flush).
const { Session } = require('chdb');
const fs = require('fs');
const os = require('os');
const path = require('path');

function main([sqlDir, dataDir, queriesFile, outFile]) {
  const session = new Session(fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-chdb-')));
  const q = (sql, format) => session.query(sql, format || 'TabSeparated');
  const fail = (what, e) => console.error('FAIL ' + what + ': ' + String(e.message || e).split('\n')[0]);

  q('CREATE DATABASE IF NOT EXISTS siyu');
  let failed = 0;
  for (const f of fs.readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort()) {
    try {
      q('USE siyu; ' + fs.readFileSync(path.join(sqlDir, f), 'utf8'));
    } catch (e) {
      failed++;
      fail(f, e);
    }
  }
  if (failed) {
    return 1;
  }
  for (const f of fs.readdirSync(dataDir).filter((f) => f.endsWith('.tsv')).sort()) {
    const table = f.slice(0, -4);
    // Dates and times come as numbers (seconds, days): their text differs between versions
    // (18.16 prints the zero time as 0000-00-00 00:00:00), their numbers do not.
    const structure = q(
      "SELECT arrayStringConcat(groupArray(concat('`', name, '` ', " +
        "multiIf(startsWith(type, 'DateTime'), 'UInt32', type = 'Date', 'UInt16', type))), ', ') " +
        "FROM (SELECT name, type FROM system.columns WHERE database = 'siyu' AND table = '" +
        table + "' ORDER BY position)", 'TabSeparatedRaw').trim();
    const quoted = (s) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
    try {
      q('INSERT INTO siyu.' + table + ' SELECT * FROM file(' + quoted(path.resolve(dataDir, f)) +
        ", 'TabSeparated', " + quoted(structure) + ')');
    } catch (e) {
      fail('loading ' + table, e);
      return 1;
    }
  }
  const answers = {};
  for (const query of fs.readFileSync(queriesFile, 'utf8').split('\n').filter((l) => l.trim())) {
    try {
      answers[query] = q(query);
    } catch (e) {
      fail(query, e);
      return 1;
    }
  }
  fs.writeFileSync(outFile, JSON.stringify(answers));
  console.log('ClickHouse ' + q('SELECT version()').trim() + ' (chdb)');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
