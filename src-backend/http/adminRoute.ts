/**
 * `POST /api/admin`: the support console's authenticated channel (SPEC 4.3). Accepted only from
 * this machine (a loopback client: behind a trusted proxy, the proxy's client), only with the
 * token. A wrong token counts against its address, so guessing it is slow; the right token is
 * never refused for what wrong ones did (issue 18 #6), only for going too fast itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeZodError } from '../../src-shared/protocol/validate';
import { NotFound, RuleRefusal, type FederationService } from '../federation/federationService';
import type { Limits } from '../limits/limits';
import { adminCommandSchemas, adminRequestSchema, type AdminCommand, type AdminResponse } from '../support/adminProtocol';
import { loopbackKey, type AddressOf } from './clientAddress';
import { bearerToken, readJson, sendJson, sendTooMany } from './httpUtil';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The shortest support token a server accepts: long enough that guessing it, throttled, is hopeless. */
export const minimumSupportTokenLength = 16;

export function createAdminRoute(service: FederationService, supportToken: string, limits: Limits, addressOf: AddressOf) {
  if (supportToken.length < minimumSupportTokenLength) {
    throw new Error(`The support token must be at least ${minimumSupportTokenLength} characters; leave it out and the backend makes one.`);
  }
  const expected = digest(supportToken);

  const run = async (command: AdminCommand, input: unknown): Promise<unknown> => {
    const args = adminCommandSchemas[command].parse(input) as never;
    switch (command) {
      case 'account list': return service.listAccounts();
      case 'account add': return service.addAccount(args);
      case 'user add': return service.addUser(args);
      case 'user remove': return service.removeUser(args);
      case 'federation list': return service.listFederations();
      case 'federation show': return service.describe((args as { federationId: string }).federationId);
      case 'federation create': return service.create(args);
      case 'federation rename': return service.rename(args);
      case 'federation add-accounts': return service.addAccounts(args);
      case 'federation remove-accounts': return service.removeAccounts(args);
      case 'federation delete': return service.delete(args);
      case 'channels stranded': return service.strandedChannels(args);
      case 'channel members': return service.channelMembers(args);
      case 'channel remove-member': return service.removeChannelMember(args);
      case 'channel add-member': return service.addChannelMember(args);
      case 'audit': return service.auditLog(args);
    }
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const reply = (status: number, body: AdminResponse) => sendJson(response, status, body);
    const address = addressOf(request);
    if (address !== loopbackKey) return reply(403, { ok: false, error: { code: 'forbidden', message: 'The support console is accepted only from this machine.' } });
    const presented = bearerToken(request);
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      const throttled = await limits.adminFailed(address);
      if (throttled) return sendTooMany(response, throttled);
      return reply(401, { ok: false, error: { code: 'unauthorized', message: 'The support token is missing or wrong.' } });
    }
    const refusal = await limits.adminAllowed();
    if (refusal) return sendTooMany(response, refusal);
    if (request.method !== 'POST') return reply(405, { ok: false, error: { code: 'bad_request', message: 'Use POST.' } });
    const envelope = adminRequestSchema.safeParse(await readJson(request));
    if (!envelope.success) return reply(400, { ok: false, error: { code: 'bad_request', message: describeZodError(envelope.error) } });
    const args = adminCommandSchemas[envelope.data.command].safeParse(envelope.data.arguments ?? {});
    if (!args.success) return reply(400, { ok: false, error: { code: 'bad_request', message: describeZodError(args.error) } });
    try {
      reply(200, { ok: true, data: await run(envelope.data.command, args.data) });
    } catch (error) {
      if (error instanceof RuleRefusal) return reply(409, { ok: false, error: { code: 'refused', rule: error.rule, message: error.message } });
      if (error instanceof NotFound) return reply(404, { ok: false, error: { code: 'not_found', rule: error.rule, message: error.message } });
      throw error;
    }
  };
}
