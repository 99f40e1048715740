import { randomUUID } from 'node:crypto';
import type { CommandOf } from '../../src/commands/aggregates.ts';
import type { CommandContext } from '../../src/commands/context.ts';

export const ctx = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: randomUUID(),
  correlationId: randomUUID(),
  actor: { userId: 'u1', accountId: 'a1', tenantDomainId: 'd1' },
  ...overrides,
});

export const createZone = (zoneId: string, name = `zone-${zoneId.slice(0, 8)}`): CommandOf<'zone'> => ({
  type: 'CreateZone',
  data: {
    zoneId,
    name,
    networkType: 'Basic',
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.2',
    localStorageEnabled: false,
  },
});
