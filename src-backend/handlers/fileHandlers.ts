/** Files (SPEC 1 rule 11): who may fetch a file, and the socket commands around the bytes. */
import { fail, ok } from '../../src-shared/protocol/ack';
import { filePaths } from '../../src-shared/protocol/fileProtocol';
import type { ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import type { FileRecord } from '../store/fileStore';
import { onCommand, type CommandTable } from './command';

/**
 * The file, when the viewer may fetch it now: they may read its conversation, and the file is
 * in a message that is not deleted (or the viewer uploaded it and has not sent it yet). A
 * voicemail's recording (a file of no conversation) goes to the voicemail's owner alone, and to
 * its caller only until it is left.
 */
export async function fileFor(context: ServerContext, viewer: Viewer, fileId: string): Promise<FileRecord | null> {
  const file = await context.files.get(fileId);
  if (!file) return null;
  if (file.conversationId === null) {
    if (await context.calls.store.ownsVoicemailAudio(viewer.id, file.id)) return file;
    return file.uploaderId === viewer.id && !(await context.files.isAttached(file.id)) ? file : null;
  }
  if (!(await context.access.canRead(viewer, file.conversationId))) return null;
  if (file.uploaderId !== viewer.id && !(await context.files.isShared(file.id))) return null;
  return file;
}

export function registerFileHandlers(context: ServerContext, commands: CommandTable): void {
  onCommand(context, commands, 'file:downloadUrl', async (viewer, { fileId }) => {
    if (!(await fileFor(context, viewer, fileId))) return fail('not_found', 'This file is not available to you.');
    const { query, expiresAt } = context.downloads.sign(viewer.id, fileId);
    return ok({ path: `${filePaths.download(fileId)}?${query}`, expiresAt: expiresAt.toISOString() });
  });

  onCommand(context, commands, 'file:limits', () => ok({ maxUploadBytes: context.files.maxUploadBytes, maxFilesAtOnce: Math.max(1, Math.floor(context.limits.settings.upload.burst)) }));
}
