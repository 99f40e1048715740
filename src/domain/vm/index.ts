import type { Decider } from '../shared/index.ts';
import type { VmCommand } from './vm.commands.ts';
import { decide } from './vm.decide.ts';
import type { VmEvent } from './vm.events.ts';
import { evolve, initialState, type VmState } from './vm.state.ts';

/** Stream `vm-<vmId>`: one VM's life, from deploy to expunge. */
export const vmCategory = 'vm';

export const vmDecider: Decider<VmCommand, VmState, VmEvent> = { initialState, evolve, decide };
export const decider = vmDecider;

export * from './vm.commands.ts';
export * from './vm.events.ts';
export * from './vm.eventTransitions.ts';
export type { Vm, VmPlacement, VmState } from './vm.state.ts';
export * from './vm.stateMachine.ts';
