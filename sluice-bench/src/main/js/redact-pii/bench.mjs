// Times the npm package redact-pii (SyncRedactor, default configuration) over the strings Sluice's
// detection benchmark uses, and reports which characters of each string it removed.
//
//   node bench.mjs STRINGS.json OUTPUTS.json [--warmup-seconds N] [--seconds N]
//
// STRINGS.json is {"strings": [...]} (written by dev.sluice.bench.RedactPiiComparison).
// Prints one JSON object (throughput) on stdout; writes OUTPUTS.json with, per string, the redacted
// output, the mean time to redact it (ns, over 10 passes after the timed ones) and the ranges of the
// input that redact-pii replaced, each with the built-in redactor that replaced it. The ranges come from a replica of redact-pii's own composition (same regular
// expressions, same order, same replacement strings) that records offsets; the replica's output is
// checked against SyncRedactor's for every string and mismatches are counted.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');
const patterns = require('redact-pii/lib/built-ins/simple-regexp-patterns.js');
const wellKnownNamesList = require('redact-pii/lib/built-ins/well-known-names.json');
const { snakeCase } = require('lodash');
const version = require('redact-pii/package.json').version;

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error('usage: node bench.mjs STRINGS.json OUTPUTS.json [--warmup-seconds N] [--seconds N]');
  process.exit(2);
}
const [inFile, outFile] = args;
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const warmupSeconds = opt('--warmup-seconds', 5);
const seconds = opt('--seconds', 10);

const strings = JSON.parse(readFileSync(inFile, 'utf8')).strings;
const bytes = strings.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);

// ---------------------------------------------------------------- timing (the package as shipped)

const redactor = new SyncRedactor();
let sink = 0;
function pass() {
  for (let i = 0; i < strings.length; i++) {
    sink += redactor.redact(strings[i]).length;
  }
}
const now = () => Number(process.hrtime.bigint()) / 1e9;
let warmupPasses = 0;
for (const t0 = now(); warmupPasses < 3 || now() - t0 < warmupSeconds; warmupPasses++) {
  pass();
}
const passSeconds = [];
for (const t0 = now(); passSeconds.length < 3 || now() - t0 < seconds; ) {
  const a = process.hrtime.bigint();
  pass();
  passSeconds.push(Number(process.hrtime.bigint() - a) / 1e9);
}
const total = passSeconds.reduce((a, b) => a + b, 0);

// per-string cost, for the breakdown by kind of string: mean of 10 timed passes
const PER_STRING_PASSES = 10;
const perStringNs = new Array(strings.length).fill(0);
for (let p = 0; p < PER_STRING_PASSES; p++) {
  for (let i = 0; i < strings.length; i++) {
    const a = process.hrtime.bigint();
    sink += redactor.redact(strings[i]).length;
    perStringNs[i] += Number(process.hrtime.bigint() - a) / PER_STRING_PASSES;
  }
}
const sorted = [...passSeconds].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];

// ---------------------------------------------------------------- what was removed (replica)

// Copied from redact-pii 3.4.0 lib/built-ins/NameRedactor.js (MIT): module-private there.
const greetingRegex = /(^|\.\s+)(dear|hi|hello|greetings|hey|hey there)/gi;
const closingRegex = /(thx|thanks|thank you|regards|best|[a-z]+ly|[a-z]+ regards|all the best|happy [a-z]+ing|take care|have a [a-z]+ (weekend|night|day))/gi;
const greetingOrClosing = new RegExp('(((' + greetingRegex.source + ')|(' + closingRegex.source + '\\s*[,.!]*))[\\s-]*)', 'gi');
const genericName = new RegExp('( ?(([A-Z][a-z]+)|([A-Z]\\.)))+([,.]|[,.]?$)', 'gm');
const wellKnownNames = new RegExp('\\b(\\s*)(\\s*(' + wellKnownNamesList.join('|') + '))+\\b', 'gim');

// The text being redacted, with, for every character, its offset in the input (-1: placeholder).
function track(text) {
  return { text, src: Array.from({ length: text.length }, (_, i) => i) };
}

// Replaces state.text[start, end) with `inserted` (a placeholder), keeping `keepHead` characters at
// the start and `keepTail` at the end of the range; removed input characters are attributed to kind.
function splice(state, start, end, keepHead, keepTail, inserted, kind, removed) {
  for (let j = start + keepHead; j < end - keepTail; j++) {
    const o = state.src[j];
    if (o >= 0 && removed[o] === null) {
      removed[o] = kind;
    }
  }
  const head = state.text.slice(start, start + keepHead);
  const tail = state.text.slice(end - keepTail, end);
  const newText = state.text.slice(0, start) + head + inserted + tail + state.text.slice(end);
  const newSrc = state.src.slice(0, start + keepHead)
    .concat(new Array(inserted.length).fill(-1))
    .concat(state.src.slice(end - keepTail));
  state.text = newText;
  state.src = newSrc;
}

// String.prototype.replace(globalRegex, replacement) with offsets tracked.
function replaceAll(state, regex, replaceWith, kind, removed, keepGroup1) {
  const matches = [];
  regex.lastIndex = 0;
  let m;
  while ((m = regex.exec(state.text)) !== null) {
    matches.push({ index: m.index, length: m[0].length, g1: keepGroup1 ? (m[1] || '').length : 0 });
    if (m[0].length === 0) {
      regex.lastIndex++;
    }
  }
  for (let k = matches.length - 1; k >= 0; k--) { // right to left: earlier offsets stay valid
    const x = matches[k];
    splice(state, x.index, x.index + x.length, x.g1, 0, replaceWith, kind, removed);
  }
}

function names(state, replaceWith, removed) {
  greetingOrClosing.lastIndex = 0;
  genericName.lastIndex = 0;
  let g = greetingOrClosing.exec(state.text);
  while (g !== null) {
    genericName.lastIndex = greetingOrClosing.lastIndex;
    const n = genericName.exec(state.text);
    if (n !== null && n.index === greetingOrClosing.lastIndex) {
      const suffix = n[5] === null ? '' : n[5];
      const s = String(suffix);
      const keepTail = n[0].endsWith(s) && s !== 'undefined' ? s.length : 0;
      splice(state, n.index, n.index + n[0].length, 0, keepTail, replaceWith + (keepTail ? '' : s), 'names', removed);
    }
    g = greetingOrClosing.exec(state.text);
  }
  replaceAll(state, wellKnownNames, replaceWith, 'names', removed, true);
}

function replica(text) {
  const state = track(text);
  const removed = new Array(text.length).fill(null);
  for (const name of Object.keys(patterns)) {
    replaceAll(state, patterns[name], snakeCase(name).toUpperCase(), name, removed, false);
  }
  names(state, 'PERSON_NAME', removed);
  // run-length ranges [start, end, kind]
  const ranges = [];
  for (let i = 0; i < removed.length; ) {
    if (removed[i] === null) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < removed.length && removed[j] === removed[i]) {
      j++;
    }
    ranges.push([i, j, removed[i]]);
    i = j;
  }
  return { text: state.text, ranges };
}

const outputs = [];
const removedRanges = [];
let mismatches = 0;
for (const s of strings) {
  const expected = redactor.redact(s);
  const r = replica(s);
  if (r.text !== expected) {
    mismatches++;
  }
  outputs.push(expected);
  removedRanges.push(r.ranges);
}
writeFileSync(outFile, JSON.stringify({ outputs, removed: removedRanges, replicaMismatches: mismatches, perStringNs }));

console.log(JSON.stringify({
  redactPii: version,
  node: process.version,
  strings: strings.length,
  bytes,
  warmupPasses,
  passes: passSeconds.length,
  seconds: total,
  medianPassSeconds: median,
  stringsPerSec: strings.length * passSeconds.length / total,
  mbPerSec: bytes * passSeconds.length / total / 1e6,
  medianStringsPerSec: strings.length / median,
  replicaMismatches: mismatches,
  sink,
}));
