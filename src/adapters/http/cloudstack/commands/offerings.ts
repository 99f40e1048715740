import { createDiskOffering, createServiceOffering } from '../../../../commands/admin/index.ts';
import { diskOfferingOf, serviceOfferingOf } from '../entities.ts';
import { type Call, type CommandSpec, p } from '../table.ts';
import { given } from './params.ts';
import { readBack, req } from './shared.ts';

/** Comma-separated CloudStack lists (tags, zone and domain ids) as arrays. */
export const csList = (call: Call, name: string): string[] =>
  (call.str(name) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v && v !== '-1');

const storageType = (call: Call) => (call.str('storagetype') === 'local' ? 'local' : 'shared');
const nullable = (n: number | undefined) => n ?? null;

const shared = [
  p.req('name', 'string', 'the name of the offering'),
  p.opt('displaytext', 'string', 'the display text of the offering, defaults to the name'),
  p.opt('storagetype', 'string', 'the storage type: shared (default) or local'),
  p.opt('tags', 'string', 'the storage tags, comma-separated'),
  p.opt('domainid', 'string', 'the IDs of the domains the offering is restricted to, comma-separated'),
  p.opt('zoneid', 'string', 'the IDs of the zones the offering is available in, comma-separated'),
];

/** The sync offering creates, mapped to the admin operations; answered with the offering read back. */
export const offeringCommands: readonly CommandSpec[] = [
  {
    name: 'createServiceOffering',
    description: 'Creates a service offering.',
    isasync: false,
    entity: 'serviceoffering',
    roles: ['Admin', 'DomainAdmin'],
    params: [
      ...shared,
      p.opt('cpunumber', 'integer', 'the CPU number of the service offering'),
      p.opt('cpuspeed', 'integer', 'the CPU speed of the service offering in MHz'),
      p.opt('memory', 'integer', 'the total memory of the service offering in MB'),
      p.opt('customized', 'boolean', 'whether the user picks the size at deploy time'),
      p.opt('mincpunumber', 'integer', 'the minimum number of CPUs (customized)'),
      p.opt('maxcpunumber', 'integer', 'the maximum number of CPUs (customized)'),
      p.opt('minmemory', 'integer', 'the minimum memory in MB (customized)'),
      p.opt('maxmemory', 'integer', 'the maximum memory in MB (customized)'),
      p.opt('offerha', 'boolean', 'the HA for the service offering'),
      p.opt('limitcpuuse', 'boolean', 'restrict the CPU usage to committed service offering'),
      p.opt('hosttags', 'string', 'the host tags, comma-separated'),
      p.opt('networkrate', 'integer', 'data transfer rate in megabits per second'),
      p.opt('dynamicscalingenabled', 'boolean', 'whether VMs of this offering can be scaled while running'),
      p.opt('issystem', 'boolean', 'is this a system vm offering'),
    ],
    run: async (call) => {
      const custom =
        call.bool('customized') ?? (call.int('cpunumber') === undefined && call.int('memory') === undefined);
      const out = await createServiceOffering(call.http.app, req(call), {
        name: call.need('name'),
        ...given(call, { displayText: 'displaytext' }),
        sizing: custom
          ? {
              kind: 'custom',
              cpuSpeedMhz: nullable(call.int('cpuspeed')),
              minCpuNumber: nullable(call.int('mincpunumber')),
              maxCpuNumber: nullable(call.int('maxcpunumber')),
              minMemoryMiB: nullable(call.int('minmemory')),
              maxMemoryMiB: nullable(call.int('maxmemory')),
            }
          : {
              kind: 'fixed',
              cpuNumber: call.int('cpunumber') ?? 0,
              cpuSpeedMhz: call.int('cpuspeed') ?? 0,
              memoryMiB: call.int('memory') ?? 0,
            },
        networkRateMbps: nullable(call.int('networkrate')),
        offerHa: call.bool('offerha') ?? false,
        storageType: storageType(call),
        hostTags: csList(call, 'hosttags'),
        storageTags: csList(call, 'tags'),
        dynamicScalingEnabled: call.bool('dynamicscalingenabled') ?? true,
        limitCpuUse: call.bool('limitcpuuse') ?? false,
        isSystem: call.bool('issystem') ?? false,
        domainIds: csList(call, 'domainid'),
        zoneIds: csList(call, 'zoneid'),
        deploymentPlanner: null,
      });
      return readBack(
        call,
        'serviceOfferings',
        out.offeringId,
        out.position,
        'serviceoffering',
        serviceOfferingOf,
      );
    },
  },
  {
    name: 'createDiskOffering',
    description: 'Creates a disk offering.',
    isasync: false,
    entity: 'diskoffering',
    roles: ['Admin', 'DomainAdmin'],
    params: [
      ...shared,
      p.opt('disksize', 'long', 'size of the disk offering in GB (1GB = 1,073,741,824 bytes)'),
      p.opt('customized', 'boolean', 'whether the disk size is picked when the volume is created'),
      p.opt('mindisksize', 'long', 'the minimum size in GB (customized)'),
      p.opt('maxdisksize', 'long', 'the maximum size in GB (customized)'),
      p.opt('miniops', 'long', 'min iops of the disk offering'),
      p.opt('maxiops', 'long', 'max iops of the disk offering'),
    ],
    run: async (call) => {
      const custom = call.bool('customized') ?? call.int('disksize') === undefined;
      const out = await createDiskOffering(call.http.app, req(call), {
        name: call.need('name'),
        ...given(call, { displayText: 'displaytext' }),
        sizing: custom
          ? {
              kind: 'custom',
              minSizeGiB: nullable(call.int('mindisksize')),
              maxSizeGiB: nullable(call.int('maxdisksize')),
            }
          : { kind: 'fixed', sizeGiB: call.int('disksize') ?? 0 },
        storageType: storageType(call),
        storageTags: csList(call, 'tags'),
        qos: {
          ...(call.int('miniops') !== undefined ? { minIops: call.int('miniops')! } : {}),
          ...(call.int('maxiops') !== undefined ? { maxIops: call.int('maxiops')! } : {}),
        },
        domainIds: csList(call, 'domainid'),
        zoneIds: csList(call, 'zoneid'),
      });
      return readBack(call, 'diskOfferings', out.offeringId, out.position, 'diskoffering', diskOfferingOf);
    },
  },
];
