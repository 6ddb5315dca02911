/** `POST /api/admin`: the support console's authenticated channel (SPEC 4.3). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeZodError } from '../../src-shared/protocol/validate';
import { NotFound, RuleRefusal, type FederationService } from '../federation/federationService';
import { adminCommandSchemas, adminRequestSchema, type AdminCommand, type AdminResponse } from '../support/adminProtocol';
import { readJson, sendJson } from './httpUtil';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function createAdminRoute(service: FederationService, supportToken: string) {
  const expected = digest(supportToken);

  const run = async (command: AdminCommand, input: unknown): Promise<unknown> => {
    const args = adminCommandSchemas[command].parse(input) as never;
    switch (command) {
      case 'account list': return service.listAccounts();
      case 'user add': return service.addUser(args);
      case 'user remove': return service.removeUser(args);
      case 'federation list': return service.listFederations();
      case 'federation show': return service.describe((args as { federationId: string }).federationId);
      case 'federation create': return service.create(args);
      case 'federation add-accounts': return service.addAccounts(args);
      case 'federation remove-accounts': return service.removeAccounts(args);
      case 'federation delete': return service.delete(args);
      case 'channels stranded': return service.strandedChannels(args);
      case 'channel remove-member': return service.removeChannelMember(args);
      case 'audit': return service.auditLog(args);
    }
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const reply = (status: number, body: AdminResponse) => sendJson(response, status, body);
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      return reply(401, { ok: false, error: { code: 'unauthorized', message: 'The support token is missing or wrong.' } });
    }
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
