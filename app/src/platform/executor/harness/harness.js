// Sparring test harness for JavaScript (Node). Runs every case of one submission in this
// one process. Reads job.json; writes one JSON object per line to standard output (the
// results channel). The candidate's console and process.stdout/stderr writes are captured per
// case. The harness never sees expected values: the server compares outputs itself.
// Test-code problems run in two sandboxes: "serve" mode beside the candidate's code answers
// calls read from stdin; "check" mode beside the problem's tests (another sandbox, another
// uid) runs each test against a proxy whose calls travel through the server, so the tests and
// the decision that one passed never enter the candidate's process.
'use strict';
const fs = require('fs');
const vm = require('vm');
const util = require('util');

const OUT_CAP = 64 * 1024;
const RESULTS_FD = 1;
// Node may make a piped stdout non-blocking: writeSync can then write part of a large line or
// fail with EAGAIN. Write every byte, waiting briefly while the pipe is full.
const pause = new Int32Array(new SharedArrayBuffer(4));
function writeAll(text) {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(RESULTS_FD, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
const emit = (obj) => writeAll(JSON.stringify(obj) + '\n');

class ListNode {
  constructor(val = 0, next = null) { this.val = val; this.next = next; }
}
class TreeNode {
  constructor(val = 0, left = null, right = null) { this.val = val; this.left = left; this.right = right; }
}
globalThis.ListNode = ListNode;
globalThis.TreeNode = TreeNode;
globalThis.assert = (cond, message) => {
  if (!cond) { const e = new Error(message || 'assertion failed'); e.isAssertion = true; throw e; }
};

const toList = (values) => values.reduceRight((next, v) => new ListNode(v, next), null);
function toTree(values) {
  if (!values.length) return null;
  const nodes = values.map((v) => (v === null ? null : new TreeNode(v)));
  let k = 1;
  for (const node of nodes) {
    if (node === null) continue;
    node.left = k < nodes.length ? nodes[k++] : null;
    node.right = k < nodes.length ? nodes[k++] : null;
  }
  return nodes[0];
}
function fromList(node, limit = 1e6) {
  const out = [];
  while (node) {
    if (out.length >= limit) throw new Error('the returned list is too long (a cycle?)');
    out.push(node.val);
    node = node.next;
  }
  return out;
}
function fromTree(root, limit = 1e6) {
  const out = []; const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    if (queue.length > limit) throw new Error('the returned tree is too large (a cycle?)');
    const node = queue[i];
    if (node) { out.push(node.val); queue.push(node.left, node.right); } else out.push(null);
  }
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}
const convertIn = (ty, v) => (ty === 'ListNode' ? toList(v) : ty === 'TreeNode' ? toTree(v) : v);
const convertOut = (ty, v) => (ty === 'ListNode' ? fromList(v) : ty === 'TreeNode' ? fromTree(v) : v === undefined ? null : v);

class OutputLimit extends Error {}
let out = ''; let err = '';
function append(stream, text) {
  if (stream === 'out') out += text; else err += text;
  if (out.length + err.length > OUT_CAP) throw new OutputLimit('output limit');
}
const write = (stream) => (...args) => append(stream, util.format(...args) + '\n');
console.log = console.info = console.debug = write('out');
console.error = console.warn = console.trace = write('err');
process.stdout.write = (chunk) => { append('out', String(chunk)); return true; };
process.stderr.write = (chunk) => { append('err', String(chunk)); return true; };

const cap = (s) => (s.length > OUT_CAP ? [s.slice(0, OUT_CAP) + '\n[output truncated]', true] : [s, false]);
function describe(e) {
  if (e && e.stack) return String(e.stack).split('\n').filter((l) => !l.includes('harness.js')).join('\n');
  return String(e);
}

// One line from stdin, read synchronously (the tests and the candidate's functions are
// synchronous); null at the end of input.
let pending = Buffer.alloc(0);
function readLine() {
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      return line;
    }
    let n;
    try { n = fs.readSync(0, chunk, 0, chunk.length, null); } catch (e) {
      if (e.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 2); continue; }
      if (e.code === 'EOF') return null;
      throw e;
    }
    if (n === 0) return null;
    pending = Buffer.concat([pending, chunk.subarray(0, n)]);
  }
}

class Gone extends Error {}
class CandidateError extends Error {}

function lookup(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? vm.runInThisContext(`typeof ${name} === 'function' ? ${name} : undefined`) : undefined;
}

function serve() {
  emit({ event: 'ready' });
  for (let raw = readLine(); raw !== null; raw = readLine()) {
    const req = JSON.parse(raw);
    const args = Array.isArray(req.args) ? req.args : [];
    out = ''; err = '';
    const resp = {};
    const start = process.hrtime.bigint();
    let value;
    try {
      const fn = lookup(String(req.call));
      if (typeof fn !== 'function') throw new Error(`Define a function named \`${req.call}\`.`);
      value = fn(...args);
      resp.status = 'ok';
    } catch (e) {
      if (e instanceof OutputLimit) resp.status = 'output_limit';
      else if (e instanceof RangeError && /call stack/.test(e.message)) { resp.status = 'error'; resp.error = 'RangeError: Maximum call stack size exceeded'; }
      else { resp.status = 'error'; resp.error = describe(e); }
    }
    resp.time_ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (resp.status === 'ok') {
      const same = args.findIndex((a) => a !== null && typeof a === 'object' && a === value);
      if (same >= 0) resp.same = same; else resp.return = value === undefined ? null : value;
      resp.args = args;
    }
    [resp.stdout] = cap(out); [resp.stderr] = cap(err);
    let line;
    try { line = JSON.stringify(resp); } catch (e) {
      line = JSON.stringify({ status: 'error', error: `The return value cannot be converted to JSON: ${e.message}`, stdout: resp.stdout, stderr: resp.stderr });
    }
    writeAll(line + '\n');
  }
}

// The candidate's solution as the tests see it: every call goes to the other sandbox.
const remote = new Proxy({}, {
  get: (_, name) => (typeof name !== 'string' ? undefined : (...args) => {
    emit({ call: name, args });
    const raw = readLine();
    if (raw === null) throw new Gone();
    const resp = JSON.parse(raw);
    append('out', String(resp.stdout || '')); append('err', String(resp.stderr || ''));
    (resp.args || []).forEach((theirs, i) => {
      const mine = args[i];
      if (Array.isArray(mine) && Array.isArray(theirs)) mine.splice(0, mine.length, ...theirs);
      else if (mine && typeof mine === 'object' && theirs && typeof theirs === 'object') {
        for (const k of Object.keys(mine)) delete mine[k];
        Object.assign(mine, theirs);
      }
    });
    if (resp.status === 'output_limit') throw new OutputLimit('output limit');
    if (resp.status !== 'ok') throw new CandidateError(String(resp.error || 'error'));
    if (Number.isInteger(resp.same) && resp.same >= 0 && resp.same < args.length) return args[resp.same];
    return resp.return;
  }),
});

function main() {
  const job = JSON.parse(fs.readFileSync('job.json', 'utf8'));
  let tests = null; let solution = null;
  if (job.mode === 'check') {
    globalThis.tests = {};
    vm.runInThisContext(fs.readFileSync('tests.js', 'utf8'), { filename: 'tests.js' });
    tests = globalThis.tests;
    solution = remote;
    emit({ event: 'ready' });
    try { runCases(job, null, tests, solution); } catch (e) {
      if (e instanceof Gone) process.exit(0);
      throw e;
    }
    return;
  }
  let fn;
  try {
    const source = fs.readFileSync('solution.js', 'utf8');
    vm.runInThisContext(source, { filename: 'solution.js' });
    if (job.mode === 'serve') return serve();
    fn = vm.runInThisContext(`typeof ${job.function} === 'function' ? ${job.function} : undefined`);
  } catch (e) {
    emit({ event: 'compile_error', message: describe(e) });
    return;
  }
  if (typeof fn !== 'function') {
    emit({ event: 'compile_error', message: `Define a function named \`${job.function}\`.` });
    return;
  }
  emit({ event: 'ready' });
  runCases(job, fn, null, null);
}

function runCases(job, fn, tests, solution) {
  for (const c of job.cases) {
    emit({ event: 'start', case: c.id });
    out = ''; err = '';
    const result = { event: 'result', case: c.id };
    const start = process.hrtime.bigint();
    try {
      if (tests) {
        tests[c.test](solution);
      } else {
        const args = c.args.map((a, i) => convertIn(job.params[i], a));
        result.output = convertOut(job.returns, fn(...args));
      }
      result.status = 'ok';
    } catch (e) {
      if (e instanceof Gone) throw e;
      if (e instanceof OutputLimit) {
        result.status = 'output_limit'; result.error = `Output limit exceeded (${OUT_CAP / 1024} KB per case).`;
      } else if (e instanceof CandidateError) {
        result.status = 'error'; result.error = e.message;
      } else if (e instanceof RangeError && /call stack/.test(e.message)) {
        result.status = 'error'; result.error = 'RangeError: Maximum call stack size exceeded';
      } else {
        result.status = e && e.isAssertion ? 'failed' : 'error';
        result.error = e && e.isAssertion ? e.message : describe(e);
      }
    }
    result.time_ms = Number(process.hrtime.bigint() - start) / 1e6;
    let t1; let t2;
    [result.stdout, t1] = cap(out); [result.stderr, t2] = cap(err);
    result.truncated = t1 || t2;
    let line;
    try {
      line = JSON.stringify(result);
      if (result.output !== undefined && typeof result.output === 'number' && !Number.isFinite(result.output)) throw new Error('not a finite number');
    } catch (e) {
      delete result.output; result.status = 'error';
      result.error = `The return value cannot be converted to JSON: ${e.message}`;
      line = JSON.stringify(result);
    }
    writeAll(line + '\n');
  }
  emit({ event: 'done' });
}

main();
