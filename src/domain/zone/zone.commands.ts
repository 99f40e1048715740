import type { Command } from '../shared/index.ts';
import type { NetworkType } from './zone.events.ts';

export type CreateZone = Command<
  'CreateZone',
  {
    readonly zoneId: string;
    readonly name: string;
    readonly networkType: NetworkType;
    readonly dns1: string;
    readonly dns2?: string | null;
    readonly internalDns1: string;
    readonly internalDns2?: string | null;
    /** Required for Advanced zones (RFC 1918 network such as 10.1.1.0/24); Basic zones have none. */
    readonly guestCidr?: string | null;
    readonly localStorageEnabled: boolean;
  }
>;

/** Omitted fields keep their value; `null` clears an optional one. The network type never changes. */
export type UpdateZone = Command<
  'UpdateZone',
  {
    readonly zoneId: string;
    readonly name?: string;
    readonly dns1?: string;
    readonly dns2?: string | null;
    readonly internalDns1?: string;
    readonly internalDns2?: string | null;
    readonly guestCidr?: string | null;
    readonly localStorageEnabled?: boolean;
  }
>;

export type EnableZone = Command<'EnableZone', { readonly zoneId: string }>;
export type DisableZone = Command<'DisableZone', { readonly zoneId: string }>;

/** `podCount` is the zone's live pods, read by the command side: a zone with pods can't be deleted. */
export type DeleteZone = Command<'DeleteZone', { readonly zoneId: string; readonly podCount: number }>;

export type ZoneCommand = CreateZone | UpdateZone | EnableZone | DisableZone | DeleteZone;
