import { expect } from 'vitest';
import { type Command, type Decider, DomainError, type Event, fold } from '../../src/domain/shared/index.ts';

/**
 * given(events).when(command).then(events) | thenThrows(code) | thenNothingHappened(), for any
 * decider. The state is folded from the given events, exactly as the command side does it.
 */
export const DeciderSpecification = {
  for<C extends Command, S, E extends Event>(decider: Decider<C, S, E>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = () => decider.decide(command, fold(decider, events));
            return {
              // biome-ignore lint/suspicious/noThenProperty: given/when/then vocabulary; never awaited
              then(expected: readonly E[]) {
                expect(run()).toEqual(expected);
              },
              thenNothingHappened() {
                expect(run()).toEqual([]);
              },
              thenThrows(code: string, check?: (error: DomainError) => void) {
                let thrown: unknown;
                try {
                  run();
                } catch (e) {
                  thrown = e;
                }
                expect(thrown, `expected DomainError ${code}`).toBeInstanceOf(DomainError);
                expect((thrown as DomainError).code).toBe(code);
                check?.(thrown as DomainError);
              },
            };
          },
        };
      },
    };
  },
};
