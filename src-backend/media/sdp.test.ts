import { describe, expect, it } from 'vitest';
import { candidateAddresses, clientSafeSdp, mediaSections } from './sdp';

const fromJanus = [
  'v=0',
  'o=- 1796603059077691 1 IN IP4 192.0.2.2',
  's=VideoRoom 116283887990020',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=msid:3f2a-stream 9b1c-track',
  'a=ssrc:1918742360 cname:publisher-cname',
  'a=ssrc:1918742360 msid:3f2a-stream 9b1c-track',
  'a=candidate:1 1 udp 2015363327 192.0.2.2 23885 typ host',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  '',
].join('\r\n');

describe('clientSafeSdp', () => {
  it('names no room, stream, track or canonical name, and keeps the media and the server’s candidates', () => {
    const safe = clientSafeSdp(fromJanus);
    expect(safe).not.toMatch(/VideoRoom|116283887990020|3f2a-stream|9b1c-track|publisher-cname/);
    expect(safe).toContain('\r\ns=-\r\n');
    expect(safe).toContain('a=msid:meridian meridian0');
    expect(safe).toContain('a=ssrc:1918742360 cname:meridian');
    expect(safe).toContain('a=candidate:1 1 udp 2015363327 192.0.2.2 23885 typ host');
    expect(mediaSections(safe)).toEqual([
      { mid: '0', kind: 'audio' },
      { mid: '1', kind: 'video' },
    ]);
    expect(candidateAddresses(safe)).toEqual(['192.0.2.2']);
  });
});
