/**
 * What one person's sockets may make the server receive (SPEC 8, issue 18 #3). Frame limits
 * bound each frame and command limits what is done with it, but receiving a frame (unmasking,
 * decoding, reading its head, answering) costs the server whatever it holds: with sockets
 * sending unknown events and oversized commands as fast as the server reads them, one person
 * took another's p50 from 2 ms to 50 ms. Each frame of a joined socket is counted against its
 * person's `inboundBytes` budget; a socket that sends while its person is over it is not read
 * until the budget is back (WebSocket: its TCP stream is paused, so the kernel holds the sender
 * back and the server does nothing for it). A socket on HTTP long-polling, which cannot be held
 * back that way, is disconnected instead (Meridian's own client uses WebSocket only).
 *
 * The budget is this process's (the rate buckets' `Limits`): it bounds the work of this process.
 */
import type { MeridianSocket, ServerContext } from './context';

/** How long a socket is left unread at most before its person's budget is asked again. */
const longestPauseMs = 5_000;

/** The part of engine.io's connection this needs: its frames and its transport. */
interface Connection {
  on(event: 'data', listener: (data: unknown) => void): unknown;
  transport: { name: string; socket?: { pause?: () => void; resume?: () => void; isPaused?: boolean } };
}

/** Counts every frame `socket` sends against its person's budget from now on. */
export function throttleInbound(context: Pick<ServerContext, 'limits'>, socket: MeridianSocket): void {
  const connection = socket.conn as unknown as Connection;
  let resumeTimer: NodeJS.Timeout | null = null;
  connection.on('data', (data) => {
    const bytes = typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
    const waitMs = context.limits.inbound(socket.data.userId, bytes);
    if (waitMs === 0 || resumeTimer) return;
    const stream = connection.transport.name === 'websocket' ? connection.transport.socket : undefined;
    if (!stream?.pause || !stream.resume) {
      socket.disconnect(true);
      return;
    }
    stream.pause();
    resumeTimer = setTimeout(() => {
      resumeTimer = null;
      stream.resume?.();
    }, Math.min(waitMs, longestPauseMs));
    resumeTimer.unref();
  });
  socket.on('disconnect', () => {
    if (!resumeTimer) return;
    clearTimeout(resumeTimer);
    resumeTimer = null;
    // Read again, so that the WebSocket's closing handshake completes at once.
    connection.transport.socket?.resume?.();
  });
}
