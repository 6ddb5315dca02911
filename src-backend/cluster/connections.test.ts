import { describe, expect, it } from 'vitest';
import { LocalConnections } from './connections';
import { nodeIdProblem, redactedRedisUrl, redisUrlProblem } from './redisCluster';

describe('LocalConnections (one process)', () => {
  it('says when a person’s first client comes and their last goes, whichever order sockets leave in', () => {
    const connections = new LocalConnections();
    expect(connections.connected('u1', 's1')).toBe(true);
    expect(connections.connected('u1', 's2')).toBe(false);
    expect(connections.counts('u1')).toEqual({ connected: 2, idle: 0 });
    expect(connections.disconnected('u1', 's1')).toBe(false);
    // A second disconnect of the same socket counts nothing.
    expect(connections.disconnected('u1', 's1')).toBe(false);
    expect(connections.counts('u1').connected).toBe(1);
    expect(connections.disconnected('u1', 's2')).toBe(true);
    expect(connections.counts('u1')).toEqual({ connected: 0, idle: 0 });
  });

  it('counts idle clients per socket, and an idle socket that leaves stops counting as idle', () => {
    const connections = new LocalConnections();
    connections.connected('u1', 's1');
    connections.connected('u1', 's2');
    expect(connections.idle('u1', 's1', true)).toBe(true);
    expect(connections.idle('u1', 's1', true)).toBe(false);
    expect(connections.idle('u1', 'unknown', true)).toBe(false);
    expect(connections.counts('u1')).toEqual({ connected: 2, idle: 1 });
    connections.disconnected('u1', 's1');
    expect(connections.counts('u1')).toEqual({ connected: 1, idle: 0 });
  });
});

describe('the cluster’s options', () => {
  it('accepts redis:// and rediss:// URLs only, and keeps a password out of messages', () => {
    expect(redisUrlProblem('redis://127.0.0.1:6379')).toBeNull();
    expect(redisUrlProblem('rediss://cache.example.com:6380/2')).toBeNull();
    expect(redisUrlProblem('http://127.0.0.1:6379')).toMatch(/redis:\/\//);
    expect(redisUrlProblem('not a url')).toMatch(/URL/);
    expect(redactedRedisUrl('redis://:secret@127.0.0.1:6379')).not.toContain('secret');
  });

  it('takes node ids that are safe in Redis keys and logs', () => {
    expect(nodeIdProblem('node-a.1_b')).toBeNull();
    for (const bad of ['', 'a b', 'a\nb', 'a:b', 'x'.repeat(65)]) expect(nodeIdProblem(bad)).not.toBeNull();
  });
});
