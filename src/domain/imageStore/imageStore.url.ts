import { invalid } from '../shared/index.ts';
import type { ImageStoreProvider } from './imageStore.events.ts';

const schemes: Readonly<Record<ImageStoreProvider, readonly string[]>> = {
  NFS: ['nfs:'],
  Swift: ['http:', 'https:'],
  S3: ['http:', 'https:'],
};

const examples: Readonly<Record<ImageStoreProvider, string>> = {
  NFS: 'nfs://nfs.example.com/export/secondary',
  Swift: 'https://swift.example.com:8080/auth/v1.0',
  S3: 'https://s3.example.com',
};

const parse = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/**
 * Checks the URL shape each provider mounts: NFS needs a server and an export path; Swift and S3 an
 * http(s) endpoint with a host. Credentials in the URL are refused: they would end up in events.
 */
export const validateImageStoreUrl = (provider: ImageStoreProvider, url: string): string => {
  const trimmed = url.trim();
  const parsed = parse(trimmed);
  const shapeOk =
    parsed !== null &&
    schemes[provider].includes(parsed.protocol) &&
    parsed.hostname.length > 0 &&
    parsed.username === '' &&
    parsed.password === '' &&
    (provider !== 'NFS' || (parsed.pathname.length > 1 && parsed.search === '' && parsed.hash === ''));
  if (!shapeOk)
    throw invalid(
      'IMAGE_STORE_URL_INVALID',
      `A ${provider} image store URL looks like ${examples[provider]} (no credentials in it)`,
      { provider, url },
    );
  return trimmed;
};
