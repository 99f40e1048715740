import type { Command } from '../shared/index.ts';

export type PodNetwork = {
  readonly gateway: string;
  readonly netmask: string;
  readonly startIp: string;
  readonly endIp: string;
};

export type CreatePod = Command<
  'CreatePod',
  { readonly podId: string; readonly zoneId: string; readonly name: string } & PodNetwork
>;

/** Omitted fields keep their value; the merged network is validated as a whole. */
export type UpdatePod = Command<
  'UpdatePod',
  { readonly podId: string; readonly name?: string } & Partial<PodNetwork>
>;

export type EnablePod = Command<'EnablePod', { readonly podId: string }>;
export type DisablePod = Command<'DisablePod', { readonly podId: string }>;

/** `clusterCount` is the pod's live clusters, read by the command side. */
export type DeletePod = Command<'DeletePod', { readonly podId: string; readonly clusterCount: number }>;

export type PodCommand = CreatePod | UpdatePod | EnablePod | DisablePod | DeletePod;
