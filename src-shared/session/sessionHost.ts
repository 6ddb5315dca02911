/**
 * Serves the renderer API's invoke channels from one SessionClient. Electron's main process
 * calls `dispatch` from its IPC handler; the browser build calls it in the page. Every argument
 * is validated here, whatever side of a process boundary it came from.
 */
import { fail, ok, type Ack } from '../protocol/ack';
import { invokeChannelSchemas, isInvokeChannel, type InvokeChannel, type InvokeResult } from '../protocol/api';
import { isCommandName } from '../protocol/events';
import { describeZodError } from '../protocol/validate';
import { isAllowedExternalUrl } from '../domain/externalUrl';
import type { SessionClient } from './sessionClient';

export interface PlatformHooks {
  /** Opens an already allowlisted URL outside the app. */
  openExternal(url: string): Promise<void> | void;
}

export class SessionHost {
  constructor(
    readonly session: SessionClient,
    private readonly platform: PlatformHooks,
  ) {}

  async dispatch(channel: unknown, argument: unknown): Promise<InvokeResult<InvokeChannel> | Ack<never>> {
    if (!isInvokeChannel(channel)) return fail('bad_request', `Unknown operation: ${String(channel).slice(0, 60)}`);
    const parsed = invokeChannelSchemas[channel].safeParse(argument);
    if (!parsed.success) return fail('bad_request', describeZodError(parsed.error));
    const value: unknown = parsed.data;
    switch (channel) {
      case 'session:signIn':
        return this.session.signIn(value as { email: string; password: string });
      case 'session:signOut':
        this.session.signOut();
        return ok(null);
      case 'session:state':
        return this.session.connectionState;
      case 'session:demoPeople':
        return this.session.demoPeople();
      case 'app:openExternal': {
        const url = value as string;
        if (!isAllowedExternalUrl(url)) return fail('forbidden', 'Only web, mail and phone links can be opened.');
        await this.platform.openExternal(url);
        return ok(null);
      }
      default:
        if (isCommandName(channel)) return this.session.request(channel, value as never);
        return fail('bad_request', `Unknown operation: ${channel}`);
    }
  }
}
