import type { TariffEvent } from './tariff.events.ts';

/** One price over [from, until), ISO instants; until null: no end. */
export type TariffVersion = { readonly value: number; readonly from: string; readonly until: string | null };

export type Tariff = {
  readonly tariffId: string;
  readonly name: string;
  readonly description: string;
  readonly quotaType: number;
  readonly currency: string;
  readonly offeringId: string | null;
  readonly zoneId: string | null;
  /** In effective order, never overlapping. */
  readonly versions: readonly TariffVersion[];
  /** Set once the tariff has been ended (deleted). */
  readonly endedAt: string | null;
};

export type TariffState = Tariff | null;

export const initialState = (): TariffState => null;

const ms = (iso: string) => Date.parse(iso);

/** Versions cut at `at`: everything from `at` on is dropped, the one spanning it ends there. */
const cutAt = (versions: readonly TariffVersion[], at: string): TariffVersion[] =>
  versions
    .filter((v) => ms(v.from) < ms(at))
    .map((v) => (v.until === null || ms(v.until) > ms(at) ? { ...v, until: at } : v));

export const evolve = (state: TariffState, event: TariffEvent): TariffState => {
  switch (event.type) {
    case 'TariffCreated': {
      const d = event.data;
      return {
        tariffId: d.tariffId,
        name: d.name,
        description: d.description,
        quotaType: d.quotaType,
        currency: d.currency,
        offeringId: d.offeringId,
        zoneId: d.zoneId,
        versions: [{ value: d.value, from: d.effectiveFrom, until: d.effectiveUntil }],
        endedAt: null,
      };
    }
    case 'TariffValueChanged': {
      if (!state) return state;
      const last = state.versions.at(-1);
      const until = last?.until ?? null;
      return {
        ...state,
        versions: [
          ...cutAt(state.versions, event.data.effectiveFrom),
          { value: event.data.value, from: event.data.effectiveFrom, until },
        ],
      };
    }
    case 'TariffEnded':
      return (
        state && {
          ...state,
          versions: cutAt(state.versions, event.data.effectiveUntil),
          endedAt: event.data.endedAt,
        }
      );
  }
};
