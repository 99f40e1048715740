import { describe, expect, it } from 'vitest';
import { parseExpires, sign, stringToSign, verifySignature } from '../../src/adapters/http/auth/signature.ts';

describe('CloudStack request signature', () => {
  const guide = {
    apikey: 'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg',
    command: 'listUsers',
    response: 'json',
  };
  const guideSecret =
    'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ';

  it('matches the developer guide test vector', () => {
    expect(sign(guide, guideSecret)).toBe('TTpdDq/7j/J58XCRHomKoQXEQds=');
  });

  const tricky = {
    command: 'deployVirtualMachine',
    apiKey: 'KEY',
    response: 'json',
    signatureVersion: '3',
    expires: '2024-01-02T03:04:05+0000',
    displayname: 'my vm+1 ~*/é',
    templateId: 'x',
    templatefilter: 'y',
  };

  it('sorts names in their original case and encodes values as Java does', () => {
    expect(stringToSign(tricky)).toBe(
      'apikey=key&command=deployvirtualmachine&displayname=my%20vm%2b1%20%7e*%2f%c3%a9&expires=2024-01-02t03%3a04%3a05%2b0000&response=json&signatureversion=3&templateid=x&templatefilter=y',
    );
    expect(sign(tricky, 'SECRET')).toBe('L8NrxxRCO27RA7OqNFXy6apGo24=');
  });

  it('ignores the signature parameter itself', () => {
    expect(sign({ ...guide, signature: 'whatever' }, guideSecret)).toBe('TTpdDq/7j/J58XCRHomKoQXEQds=');
  });

  it('verifies a good signature and refuses a wrong secret or a changed parameter', () => {
    const signature = sign(tricky, 'SECRET');
    expect(verifySignature(tricky, signature, 'SECRET')).toBe(true);
    expect(verifySignature(tricky, signature, 'OTHER')).toBe(false);
    expect(verifySignature({ ...tricky, templateId: 'z' }, signature, 'SECRET')).toBe(false);
  });

  it("accepts the clients' known variants: lower-cased sorting, raw '~', '*' as %2a", async () => {
    const { createHmac } = await import('node:crypto');
    const hmac = (text: string) => createHmac('sha1', 'SECRET').update(text).digest('base64');
    const exact = stringToSign(tricky);
    expect(verifySignature(tricky, hmac(exact.replaceAll('%7e', '~')), 'SECRET')).toBe(true);
    expect(verifySignature(tricky, hmac(exact.replaceAll('*', '%2a')), 'SECRET')).toBe(true);
    const lowerSorted =
      'apikey=key&command=deployvirtualmachine&displayname=my%20vm%2b1%20%7e*%2f%c3%a9&expires=2024-01-02t03%3a04%3a05%2b0000&response=json&signatureversion=3&templatefilter=y&templateid=x';
    expect(verifySignature(tricky, hmac(lowerSorted), 'SECRET')).toBe(true);
  });

  it.each([
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05+0000', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T05:04:05+02:00', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.123Z', '2024-01-02T03:04:05.123Z'],
  ])('parses expires %s', (value, iso) => {
    expect(parseExpires(value)?.toISOString()).toBe(iso);
  });

  it('refuses an unparseable expires', () => {
    expect(parseExpires('tomorrow')).toBeNull();
  });
});
