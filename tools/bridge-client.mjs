#!/usr/bin/env node
// A client of Lakeport's TCP event-bus bridge in plain Node.js (no dependencies): what any language needs to
// start an ingest run and follow it. The bridge speaks frames of a 4-byte big-endian length followed by
// that many bytes of UTF-8 JSON:
//   out: {"type":"send","address":A,"replyAddress":R,"body":B}   {"type":"register","address":A}   {"type":"ping"}
//   in:  {"type":"message","address":R|A,"body":B}   {"type":"err","message":M,...}   {"type":"pong"}
// Only lakeport.ingest.start/status/runs accept sends and only lakeport.ingest.progress accepts registrations;
// anything else is answered {"type":"err","message":"access_denied"}.
//
// usage: node tools/bridge-client.mjs --bridge 127.0.0.1:7000 --source ms1 [--tables a,b] [--mode full|incremental]
//                                     [--probe-forbidden ADDRESS]
// Prints one JSON object per line ({"event": "accepted"|"progress"|"status"|"refused"|"error", ...}) and exits
// 0 when the run succeeds, 1 when it fails or is refused, 3 when the bridge cannot be reached.
import net from 'node:net';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return pairs;
}, []));
const [host, port] = String(args.bridge ?? '127.0.0.1:7000').split(':');
const START = 'lakeport.ingest.start';
const STATUS = 'lakeport.ingest.status';
const PROGRESS = 'lakeport.ingest.progress';

const print = (event, fields) => console.log(JSON.stringify({ event, ...fields }));
const socket = net.connect({ host, port: Number(port) });
let buffered = Buffer.alloc(0);
let waiting = null;        // resolves with the next frame that is not progress
let runId = null;
const early = [];
let exiting = false;

function send(frame) {
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  socket.write(Buffer.concat([length, json]));
}

function next() {
  return new Promise((resolve) => { waiting = resolve; });
}

function finish(code) {
  if (exiting) return;
  exiting = true;
  socket.end(() => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
}

function onProgress(body) {
  if (runId === null) { early.push(body); return; }
  if (body.runId !== runId) return;
  print('progress', { progress: body });
  if (body.type === 'run-done' || body.type === 'run-failed') {
    send({ type: 'send', address: STATUS, replyAddress: 'final-status', body: { runId } });
  }
}

function onFrame(frame) {
  if (frame.type === 'message' && frame.address === PROGRESS) { onProgress(frame.body); return; }
  if (frame.type === 'message' && (frame.address === 'status-poll' || frame.address === 'final-status')) {
    if (frame.body.state !== 'running') {
      print('status', { status: frame.body });
      finish(frame.body.state === 'succeeded' ? 0 : 1);
    }
    return;
  }
  if (waiting) { const resolve = waiting; waiting = null; resolve(frame); return; }
  if (frame.type === 'err') print('error', { frame });
}

socket.on('data', (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  while (buffered.length >= 4) {
    const length = buffered.readUInt32BE(0);
    if (buffered.length < 4 + length) break;
    const frame = JSON.parse(buffered.subarray(4, 4 + length).toString('utf8'));
    buffered = buffered.subarray(4 + length);
    onFrame(frame);
  }
});
socket.on('error', (e) => { print('error', { message: `cannot reach the bridge at ${host}:${port}: ${e.message}` }); finish(3); });
socket.on('close', () => { if (!exiting) { print('error', { message: 'the bridge closed the connection' }); finish(3); } });

socket.on('connect', async () => {
  if (args['probe-forbidden']) {
    send({ type: 'send', address: args['probe-forbidden'], replyAddress: 'probe', body: {} });
    print('refused', { address: args['probe-forbidden'], frame: await next() });
  }
  send({ type: 'register', address: PROGRESS });
  send({ type: 'ping' });
  await next(); // pong: the registration has been handled
  const body = { source: args.source, mode: args.mode ?? 'full' };
  if (typeof args.tables === 'string') body.tables = args.tables.split(',');
  send({ type: 'send', address: START, replyAddress: 'start', body });
  const reply = await next();
  if (reply.type !== 'message') { print('error', { frame: reply }); finish(1); return; }
  runId = reply.body.runId;
  print('accepted', { runId });
  early.splice(0).forEach(onProgress);
  // Progress events are the live view; the status decides the end even if an event was missed.
  setInterval(() => send({ type: 'send', address: STATUS, replyAddress: 'status-poll', body: { runId } }), 3000);
});
