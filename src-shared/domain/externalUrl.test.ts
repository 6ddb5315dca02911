import { expect, it } from 'vitest';
import { honestLink, isAllowedExternalUrl } from './externalUrl';

it.each([
  ['https://example.com/a', true],
  ['http://example.com', true],
  ['mailto:alice@northwind.example', true],
  ['tel:+14155550101', true],
  ['file:///etc/passwd', false],
  ['javascript:alert(1)', false],
  ['smb://host/share', false],
  ['not a url', false],
])('%s allowed: %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));

it.each([
  ['https://bank.example@evil.example/login', 'https://evil.example/login'],
  ['https://user:secret@evil.example:8443/a?b=c#d', 'https://evil.example:8443/a?b=c#d'],
  ['https://example.com/\u202egpj.exe', 'https://example.com/gpj.exe'],
  ['https://example.com/plain', 'https://example.com/plain'],
])('L2: the link %j shows and opens as %j, its real host in view', (url, shown) => expect(honestLink(url)).toBe(shown));
