import { expect, it } from 'vitest';
import { isAllowedExternalUrl } from './externalUrl';

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
