/** Rules the infrastructure aggregates (zone, pod, cluster, host, storage pool, image store) share. */
export * from './hierarchy.ts';
export * from './ipv4.ts';
export * from './ledger.ts';
