import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../src-shared/session/outbox';
import { fake, resetFakeElectron } from './testing/fakeElectron';
import { fileOutboxStorage, outboxFileOf } from './outboxStorage';

const entry = (clientId: string, text: string): OutboxEntry => ({ clientId, conversationId: 'c1', text, status: 'pending', error: null, createdAt: '2026-11-26T09:00:00.000Z' });

describe('the outbox file store', () => {
  beforeEach(() => {
    resetFakeElectron();
    fake.userData = mkdtempSync(path.join(os.tmpdir(), 'meridian-outbox-'));
  });
  afterEach(() => rmSync(fake.userData, { recursive: true, force: true }));

  it('gives back what it kept, and nothing once the outbox is empty', () => {
    const entries = [entry('client-0001', 'Sent while offline'), { ...entry('client-0002', 'Refused'), status: 'failed' as const, error: 'Too long' }];
    fileOutboxStorage.save('u-alice', entries);
    expect(fileOutboxStorage.load('u-alice')).toEqual(entries);
    fileOutboxStorage.save('u-alice', []);
    expect(fileOutboxStorage.load('u-alice')).toEqual([]);
    expect(readdirSync(path.join(fake.userData, 'outbox'))).toEqual([]);
  });

  it('keeps each person apart, in a file named by no part of their id', () => {
    fileOutboxStorage.save('u-alice', [entry('client-0001', 'From Alice')]);
    fileOutboxStorage.save('u-bella', [entry('client-0002', 'From Bella')]);
    expect(fileOutboxStorage.load('u-alice')).toEqual([entry('client-0001', 'From Alice')]);
    expect(fileOutboxStorage.load('u-bella')).toEqual([entry('client-0002', 'From Bella')]);
    expect(fileOutboxStorage.load('u-carol')).toEqual([]);
    // An id shaped like a path still lands in the outbox folder.
    const sneaky = outboxFileOf('../../etc/passwd');
    expect(path.dirname(sneaky)).toBe(path.join(fake.userData, 'outbox'));
    expect(path.basename(sneaky)).toMatch(/^[0-9a-f]{24}\.json$/);
  });

  it('tolerates a corrupt file: the person starts empty, and the file is kept aside, not lost', () => {
    const file = outboxFileOf('u-alice');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '[{"clientId":"client-0001","text":"half a mess');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(fileOutboxStorage.load('u-alice')).toEqual([]);
    expect(logged).toHaveBeenCalledOnce();
    const kept = readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(file), kept[0]!), 'utf8')).toBe('[{"clientId":"client-0001","text":"half a mess');
    // Saving again works, beside the kept copy.
    fileOutboxStorage.save('u-alice', [entry('client-0003', 'Again')]);
    expect(fileOutboxStorage.load('u-alice')).toEqual([entry('client-0003', 'Again')]);
    logged.mockRestore();
  });

  it('treats a file that is valid JSON but not a list as corrupt', () => {
    const file = outboxFileOf('u-alice');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"clientId":"client-0001"}');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(fileOutboxStorage.load('u-alice')).toEqual([]);
    expect(readdirSync(path.dirname(file)).some((name) => name.includes('.corrupt-'))).toBe(true);
    logged.mockRestore();
  });
});
