import type { Socket } from 'node:net';
import { helloReply } from '../commands/admin.commands';
import { NodeState } from '../commands/command.context';
import { runCommand } from '../commands/command.router';
import { Doc } from '../bson/bson-value';
import {
  decodeFrame,
  encodeLegacyReply,
  encodeMsgReply,
  FLAG_MORE_TO_COME,
  FrameError,
  HEADER_SIZE,
  MAX_MESSAGE_SIZE,
  OP_MSG,
  OP_QUERY,
} from './wire.codec';

const HELLO_NAMES = new Set(['hello', 'isMaster', 'ismaster']);
const QUERY_FAILURE = 1 << 1;

/**
 * Serves one client socket: reassembles frames, runs them strictly in order
 * (handlers are synchronous, so replies leave in request order) and answers each
 * request once, or never for moreToCome. Unframeable input closes only this socket.
 */
export function serveConnection(socket: Socket, node: NodeState, connectionId: number): void {
  const chunks: Buffer[] = [];
  let buffered = 0;
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 4) {
      if (chunks[0].length < 4) merge(chunks);
      const len = chunks[0].readInt32LE(0);
      // mongod drops the connection for a length it cannot trust; so do we.
      if (len < HEADER_SIZE || len > MAX_MESSAGE_SIZE) return void socket.destroy();
      if (buffered < len) return;
      if (chunks[0].length < len) merge(chunks);
      const frame = chunks[0].subarray(0, len);
      chunks[0] = chunks[0].subarray(len);
      if (chunks[0].length === 0) chunks.shift();
      buffered -= len;
      const reply = handleFrame(frame, node, connectionId);
      if (reply === 'close') return void socket.destroy();
      if (reply) socket.write(reply);
    }
  });
}

function merge(chunks: Buffer[]): void {
  const all = Buffer.concat(chunks);
  chunks.length = 0;
  chunks.push(all);
}

function handleFrame(frame: Buffer, node: NodeState, connectionId: number): Buffer | 'close' | undefined {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode !== OP_MSG && opCode !== OP_QUERY) return 'close';
  let flags = 0;
  if (opCode === OP_MSG && frame.length >= 20) flags = frame.readUInt32LE(16);
  try {
    const req = decodeFrame(frame);
    if (req.opCode === OP_QUERY) return encodeLegacyReply(requestId, ...legacyQuery(req.collection, req.query, connectionId));
    const reply = runCommand(node, req.command, connectionId);
    return flags & FLAG_MORE_TO_COME ? undefined : encodeMsgReply(requestId, reply);
  } catch (err) {
    if (!(err instanceof FrameError)) throw err;
    if (flags & FLAG_MORE_TO_COME) return undefined;
    const code = err.message.startsWith('invalid BSON') ? { code: 22, codeName: 'InvalidBSON' } : { code: 40432, codeName: 'Location40432' };
    const body = { ok: 0, errmsg: err.message, ...code };
    return opCode === OP_QUERY ? encodeLegacyReply(requestId, body, QUERY_FAILURE) : encodeMsgReply(requestId, body);
  }
}

/** OP_QUERY survives only for the handshake; anything else gets mongod's refusal. */
function legacyQuery(collection: string, query: Doc, connectionId: number): [Doc, number] {
  const name = Object.keys(query)[0] === '$query' ? Object.keys(query.$query as Doc)[0] : Object.keys(query)[0];
  if (collection.endsWith('.$cmd') && HELLO_NAMES.has(name)) return [{ ...helloReply(connectionId), ok: 1 }, 0];
  const errmsg = `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`;
  return [{ ok: 0, errmsg, code: 352, codeName: 'UnsupportedOpQueryCommand' }, collection.endsWith('.$cmd') ? 0 : QUERY_FAILURE];
}
