export * from './clusters.ts';
export * from './hosts.ts';
export * from './imageStores.ts';
export * from './pods.ts';
export * from './storagePools.ts';
export * from './zones.ts';
