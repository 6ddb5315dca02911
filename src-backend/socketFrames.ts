/**
 * What a socket may send before its frames are parsed (SPEC 8, issue 18 #3). socket.io's decoder
 * parses every text frame as JSON as soon as it arrives, before any limit per person, for any
 * event name, even on a connection that has not authenticated: 8 sockets sending 999 KB frames
 * took another person's p50 from 3 ms to 900 ms. This decoder looks at a frame's first bytes
 * first:
 *   - before the connection has joined (its CONNECT packet), only a small CONNECT is accepted;
 *     anything else closes the connection unparsed;
 *   - an event that is not a command is passed on by name alone, its payload never parsed
 *     (it is answered as an unknown command, as before);
 *   - a command's frame larger than its class allows is passed on with `oversizedPayload` in
 *     place of its payload (answered `too_large`), unparsed;
 *   - binary attachments (Meridian's client sends none) are read only for a command within its
 *     limit, and skipped unread otherwise.
 * engine.io refuses any frame over `maxFrameBytes` before this (its maxHttpBufferSize).
 */
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { isCommandName, type CommandName } from '../src-shared/protocol/events';
import { commandClasses, type LimitSettings } from './limits/limits';

/** Stands for a command's payload that was too large to parse: the command answers `too_large`. */
export const oversizedPayload: Readonly<{ oversized: true }> = Object.freeze({ oversized: true });

/** The event names socket.io keeps for itself: a client may never send them. */
const reservedEvents = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/**
 * An EVENT packet's head: `2` (or `5` and its number of binary attachments, `5<n>-`), an optional
 * namespace, an optional ack id, then `["name"`, a name without escapes.
 */
const eventHead = /^(?:2|5(\d{1,2})-)(\/[^,]{0,100},)?(\d{0,15})\["([^"\\]{1,100})"/;

/** The frame limits the decoder applies; see `LimitSettings`. */
export type FrameLimits = Pick<LimitSettings, 'connectFrameBytes' | 'commandFrameBytes'>;

/** A socket.io parser (its `parser` option) whose decoder applies `limits` before parsing. */
export function guardedParser(limits: FrameLimits): { Encoder: typeof Encoder; Decoder: typeof Decoder } {
  const frameLimitOf = (command: CommandName) => limits.commandFrameBytes[commandClasses[command]];

  class GuardedDecoder extends Decoder {
    /** Whether this connection's CONNECT packet has come: until then nothing else is read. */
    private joined = false;
    /** Binary attachments still to come of an event passed on unread: they are dropped as they come. */
    private skipping = 0;

    override add(frame: unknown): void {
      if (typeof frame !== 'string') {
        if (!this.joined) throw new Error('a connection must join before anything else');
        if (this.skipping > 0) {
          this.skipping -= 1;
          return;
        }
        return super.add(frame);
      }
      const type = frame.charCodeAt(0) - 48;
      if (!this.joined) {
        if (type !== PacketType.CONNECT || frame.length > limits.connectFrameBytes) throw new Error('a connection must join before anything else');
        this.joined = true;
        return super.add(frame);
      }
      if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT) return this.addEvent(frame);
      // Meridian asks clients for no acknowledgements, so an ACK is small if it comes at all.
      if ((type === PacketType.CONNECT || type === PacketType.DISCONNECT || type === PacketType.ACK) && frame.length <= limits.connectFrameBytes) return super.add(frame);
      throw new Error('a packet this server does not accept');
    }

    private addEvent(frame: string): void {
      const head = eventHead.exec(frame.slice(0, 240));
      if (!head) {
        // A name with escapes, or no name: nothing a client of ours sends. Small, it is parsed and refused as usual.
        if (frame.length > limits.connectFrameBytes) throw new Error('an event without a plain name');
        return super.add(frame);
      }
      const [, attachments, namespace, ackId, name] = head as unknown as [string, string | undefined, string | undefined, string, string];
      if (reservedEvents.has(name)) throw new Error('a reserved event name');
      const known = isCommandName(name);
      if (known && frame.length <= frameLimitOf(name)) return super.add(frame);
      // Unknown, or too large: passed on unparsed, for the command table to answer; its attachments, if any, dropped.
      this.skipping = attachments === undefined ? 0 : Number(attachments);
      this.emitReserved('decoded', {
        type: PacketType.EVENT,
        nsp: namespace ? namespace.slice(0, -1) : '/',
        ...(ackId ? { id: Number(ackId) } : {}),
        data: known ? [name, oversizedPayload] : [name],
      });
    }
  }

  return { Encoder, Decoder: GuardedDecoder };
}
