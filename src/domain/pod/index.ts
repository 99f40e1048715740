import type { Decider } from '../shared/index.ts';
import type { PodCommand } from './pod.commands.ts';
import { decide } from './pod.decide.ts';
import type { PodEvent } from './pod.events.ts';
import { evolve, initialState, type PodState } from './pod.state.ts';

export const podCategory = 'pod';

export const podDecider: Decider<PodCommand, PodState, PodEvent> = { initialState, evolve, decide };
export const decider = podDecider;

export * from './pod.commands.ts';
export * from './pod.events.ts';
export { validatePodNetwork } from './pod.network.ts';
export type { Pod, PodSettings, PodState } from './pod.state.ts';
