import { clusterCategory, clusterDecider } from '../domain/cluster/index.ts';
import { hostCategory, hostDecider } from '../domain/host/index.ts';
import { imageCategory, imageDecider } from '../domain/image/index.ts';
import { imageStoreCategory, imageStoreDecider } from '../domain/imageStore/index.ts';
import { jobCategory, jobDecider } from '../domain/job/index.ts';
import { quotaAccountCategory, quotaDecider, quotaDomainCategory } from '../domain/limits/quota/index.ts';
import { diskOfferingCategory, diskOfferingDecider } from '../domain/offering/disk/index.ts';
import { serviceOfferingCategory, serviceOfferingDecider } from '../domain/offering/service/index.ts';
import { podCategory, podDecider } from '../domain/pod/index.ts';
import { snapshotCategory, snapshotDecider } from '../domain/snapshot/index.ts';
import { snapshotPolicyCategory, snapshotPolicyDecider } from '../domain/snapshotPolicy/index.ts';
import { storagePoolCategory, storagePoolDecider } from '../domain/storagePool/index.ts';
import { accountCategory, accountDecider } from '../domain/tenancy/account/index.ts';
import { tenantDomainCategory, tenantDomainDecider } from '../domain/tenancy/tenantDomain/index.ts';
import { userCategory, userDecider } from '../domain/tenancy/user/index.ts';
import { creditCategory, creditDecider } from '../domain/usage/credit/index.ts';
import { tariffCategory, tariffDecider } from '../domain/usage/tariff/index.ts';
import { vmCategory, vmDecider } from '../domain/vm/index.ts';
import { volumeCategory, volumeDecider } from '../domain/volume/index.ts';
import { zoneCategory, zoneDecider } from '../domain/zone/index.ts';

/** Every aggregate the command side writes: its stream category and its decider. */
export const aggregates = {
  zone: { category: zoneCategory, decider: zoneDecider },
  pod: { category: podCategory, decider: podDecider },
  cluster: { category: clusterCategory, decider: clusterDecider },
  host: { category: hostCategory, decider: hostDecider },
  storagePool: { category: storagePoolCategory, decider: storagePoolDecider },
  imageStore: { category: imageStoreCategory, decider: imageStoreDecider },
  tenantDomain: { category: tenantDomainCategory, decider: tenantDomainDecider },
  account: { category: accountCategory, decider: accountDecider },
  user: { category: userCategory, decider: userDecider },
  quotaAccount: { category: quotaAccountCategory, decider: quotaDecider },
  quotaDomain: { category: quotaDomainCategory, decider: quotaDecider },
  serviceOffering: { category: serviceOfferingCategory, decider: serviceOfferingDecider },
  diskOffering: { category: diskOfferingCategory, decider: diskOfferingDecider },
  image: { category: imageCategory, decider: imageDecider },
  vm: { category: vmCategory, decider: vmDecider },
  volume: { category: volumeCategory, decider: volumeDecider },
  snapshot: { category: snapshotCategory, decider: snapshotDecider },
  snapshotPolicy: { category: snapshotPolicyCategory, decider: snapshotPolicyDecider },
  job: { category: jobCategory, decider: jobDecider },
  tariff: { category: tariffCategory, decider: tariffDecider },
  usageCredit: { category: creditCategory, decider: creditDecider },
} as const;

export type Aggregates = typeof aggregates;
export type AggregateName = keyof Aggregates;
export type CommandOf<K extends AggregateName> = Parameters<Aggregates[K]['decider']['decide']>[0];
export type StateOf<K extends AggregateName> = ReturnType<Aggregates[K]['decider']['initialState']>;
