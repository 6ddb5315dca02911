import { describe, expect, it } from 'vitest';
import { contentDisposition, declaredContentType, sanitizeFileName, servedContentType } from './fileNames';

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['..', 'file'],
    ['', 'file'],
    ['  .hidden  ', 'hidden'],
    ['a\u0000b\nc.txt', 'a_b_c.txt'],
    ['what?<now>|*.txt', 'what__now___.txt'],
    ['evil\u202etxt.exe', 'evil_txt.exe'],
    ['CON.txt', '_CON.txt'],
    ['Résumé final.pdf', 'Résumé final.pdf'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('shortens long names and keeps the extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('how files are served', () => {
  it('names the download in ASCII and exactly (RFC 5987)', () => {
    expect(contentDisposition('plan (v2).pdf')).toBe(`attachment; filename="plan (v2).pdf"; filename*=UTF-8''plan%20%28v2%29.pdf`);
    expect(contentDisposition('naïve;"x".txt')).toBe(`attachment; filename="na_ve__x_.txt"; filename*=UTF-8''na%C3%AFve%3B%22x%22.txt`);
  });

  it('serves only harmless types as themselves', () => {
    expect(servedContentType(declaredContentType('image/png'))).toBe('image/png');
    expect(servedContentType(declaredContentType('text/plain; charset=latin1'))).toBe('text/plain; charset=utf-8');
    expect(servedContentType(declaredContentType('text/html'))).toBe('application/octet-stream');
    expect(servedContentType(declaredContentType('image/svg+xml'))).toBe('application/octet-stream');
    expect(declaredContentType('not a type')).toBe('application/octet-stream');
    expect(declaredContentType(undefined)).toBe('application/octet-stream');
  });
});
