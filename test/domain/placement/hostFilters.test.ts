import { describe, expect, it } from 'vitest';
import {
  type HostResourceState,
  type HostStatus,
  noAffinity,
  planPlacement,
} from '../../../src/domain/placement/index.ts';
import { host, load, request, settings } from './fixtures.ts';

/** Given hosts, when planning, then each host filter of §8.4/§8.5 keeps or drops the host it concerns. */
const plan = (hosts: Parameters<typeof planPlacement>[1], req = request(), s = settings()) =>
  planPlacement(req, hosts, s);

describe('host state', () => {
  it.each<HostStatus>([
    'Creating',
    'Connecting',
    'Down',
    'Disconnected',
    'Alert',
    'Removed',
    'Error',
    'Rebalancing',
  ])('given a %s host beside an Up one, then only the Up host is offered', (status) => {
    const p = plan([host('h1', { status }), host('h2')]);
    expect(p.hostIds).toEqual(['h2']);
    expect(p.hostExclusions.not_up).toBe(1);
  });

  it.each<HostResourceState>([
    'Creating',
    'Disabled',
    'PrepareForMaintenance',
    'ErrorInPrepareForMaintenance',
    'Maintenance',
    'ErrorInMaintenance',
    'Error',
    'Degraded',
  ])('given an Up host in resource state %s, then it is not offered', (resourceState) => {
    const p = plan([host('h1', { resourceState }), host('h2')]);
    expect(p.hostIds).toEqual(['h2']);
    expect(p.hostExclusions.not_enabled).toBe(1);
  });
});

describe('hypervisor', () => {
  it('given KVM and XenServer hosts, when the template is KVM, then only the KVM host is offered', () => {
    const p = plan([host('xen', { hypervisor: 'XenServer', clusterId: 'c2' }), host('kvm')]);
    expect(p.hostIds).toEqual(['kvm']);
    expect(p.hostExclusions.hypervisor_mismatch).toBe(1);
  });

  it('given no template hypervisor (ISO), then any hypervisor but BareMetal is offered', () => {
    const hosts = [host('kvm'), host('xen', { hypervisor: 'XenServer', clusterId: 'c2' })];
    const bare = host('bm', { hypervisor: 'BareMetal', clusterId: 'c3' });
    const p = plan([...hosts, bare], request({ hypervisor: undefined }));
    expect(p.hostIds).toEqual(['kvm', 'xen']);
  });

  it('given a cluster whose hosts disagree on hypervisor, then each host is judged on its own', () => {
    const p = plan([host('kvm'), host('xen', { hypervisor: 'XenServer' })]);
    expect(p.hostIds).toEqual(['kvm']);
    expect(p.hostExclusions.hypervisor_mismatch).toBe(1);
  });
});

describe('max guests (capabilitiesOf(hypervisor).maxGuestsPerHost)', () => {
  const xen = { hypervisor: 'XenServer' as const };

  it('given a XenServer host running 50 guests, then it is at its limit', () => {
    const p = plan([host('h1', { ...xen, runningGuests: 50 })], request({ hypervisor: 'XenServer' }));
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.max_guests).toBe(1);
  });

  it('given a XenServer host running 49 guests, then it still takes one more', () => {
    const p = plan([host('h1', { ...xen, runningGuests: 49 })], request({ hypervisor: 'XenServer' }));
    expect(p.hostIds).toEqual(['h1']);
  });

  it('given a KVM host running 500 guests, then no limit applies (not enforced on KVM)', () => {
    expect(plan([host('h1', { runningGuests: 500 })]).hostIds).toEqual(['h1']);
  });
});

describe('CPU capability and capacity (capacity.fits)', () => {
  // One-host clusters would cross the cluster threshold first; thresholds have their own tests.
  const noThreshold = settings({ clusterThresholdEnabled: false });

  it('given a VM wanting more cores than the host has, then the host is incapable', () => {
    const p = plan([host('h1')], request({ compute: { cpuNumber: 9, cpuSpeedMhz: 100, memoryMiB: 1 } }));
    expect(p.hostExclusions.cpu_capability).toBe(1);
  });

  it('given a VM wanting a faster core than the host has, then the host is incapable', () => {
    const p = plan([host('h1')], request({ compute: { cpuNumber: 1, cpuSpeedMhz: 2001, memoryMiB: 1 } }));
    expect(p.hostExclusions.cpu_capability).toBe(1);
  });

  it('given a host whose free MHz are short of the request, then it lacks CPU capacity', () => {
    const p = plan([host('h1', { load: load({ usedCpuMhz: 15_500 }) })], request(), noThreshold);
    expect(p.hostExclusions.cpu_capacity).toBe(1);
  });

  it('given a host whose reserved MHz leave too little, then reserved capacity counts as taken', () => {
    const p = plan(
      [host('h1', { load: load({ usedCpuMhz: 10_000, reservedCpuMhz: 5_500 }) })],
      request(),
      noThreshold,
    );
    expect(p.hostExclusions.cpu_capacity).toBe(1);
  });

  it('given a host with exactly the requested MHz free, then it fits', () => {
    expect(
      plan([host('h1', { load: load({ usedCpuMhz: 15_000 }) })], request(), noThreshold).hostIds,
    ).toEqual(['h1']);
  });

  it('given a host whose free memory is short of the request, then it lacks memory capacity', () => {
    const p = plan([host('h1', { load: load({ usedMemoryMiB: 15_400 }) })], request(), noThreshold);
    expect(p.hostExclusions.memory_capacity).toBe(1);
  });

  it('given a full host in a cluster overcommitting CPU 2×, then the over-provisioned MHz are free', () => {
    const size = { ...host('x').size, cpuOverprovisioning: 2 };
    const p = plan([host('h1', { size, load: load({ usedCpuMhz: 16_000 }) })], request(), noThreshold);
    expect(p.hostIds).toEqual(['h1']);
  });
});

describe('host tags', () => {
  it('given an offering with tags, then only hosts carrying all of them are offered', () => {
    const hosts = [host('ssd', { tags: ['ssd'] }), host('both', { tags: ['ssd', 'fast'] }), host('none')];
    const p = plan(hosts, request({ hostTags: ['ssd', 'fast'] }));
    expect(p.hostIds).toEqual(['both']);
    expect(p.hostExclusions.host_tags).toBe(2);
  });

  it('given an untagged offering, then tagged hosts are not exclusive', () => {
    expect(plan([host('ssd', { tags: ['ssd'] })]).hostIds).toEqual(['ssd']);
  });
});

describe('ha.tag', () => {
  const hosts = [host('ha', { tags: ['ha'] }), host('plain')];

  it('given ha.tag is set, when the VM is not HA-enabled, then HA hosts are avoided', () => {
    const p = plan(hosts, request({ haEnabled: false }), settings({ haTag: 'ha' }));
    expect(p.hostIds).toEqual(['plain']);
    expect(p.hostExclusions.ha_host).toBe(1);
  });

  it('given ha.tag is set, when the VM is HA-enabled, then HA hosts may take it', () => {
    expect(plan(hosts, request({ haEnabled: true }), settings({ haTag: 'ha' })).hostIds).toEqual([
      'ha',
      'plain',
    ]);
  });

  it('given no ha.tag, then hosts tagged "ha" are ordinary', () => {
    expect(plan(hosts, request({ haEnabled: false })).hostIds).toEqual(['ha', 'plain']);
  });
});

describe('hard affinity', () => {
  const hosts = [host('h1'), host('h2'), host('h3')];

  it('given a host anti-affinity member on h1, then h1 is avoided', () => {
    const affinity = { ...noAffinity, hostAntiAffinity: [{ vmId: 'vm-2', hostId: 'h1' }] };
    const p = plan(hosts, request({ affinity }));
    expect(p.hostIds).toEqual(['h2', 'h3']);
    expect(p.hostExclusions.anti_affinity).toBe(1);
  });

  it('given the VM itself is the anti-affinity member on h1 (a restart), then h1 stays allowed', () => {
    const affinity = { ...noAffinity, hostAntiAffinity: [{ vmId: 'vm-1', hostId: 'h1' }] };
    expect(plan(hosts, request({ affinity })).hostIds).toEqual(['h1', 'h2', 'h3']);
  });

  it('given a host affinity member on h2, then only h2 is offered', () => {
    const affinity = { ...noAffinity, hostAffinity: [{ vmId: 'vm-2', hostId: 'h2' }] };
    const p = plan(hosts, request({ affinity }));
    expect(p.hostIds).toEqual(['h2']);
    expect(p.hostExclusions.affinity).toBe(2);
  });

  it('given a host affinity member on a host of another cluster, then that cluster alone is walked', () => {
    const affinity = { ...noAffinity, hostAffinity: [{ vmId: 'vm-2', hostId: 'h9' }] };
    const p = plan([...hosts, host('h9', { clusterId: 'c9' })], request({ affinity }));
    expect(p.hostIds).toEqual(['h9']);
    expect(p.hostExclusions.affinity).toBe(3);
  });

  it('given a host affinity group with no placed member but the VM, then there is no constraint', () => {
    const affinity = { ...noAffinity, hostAffinity: [{ vmId: 'vm-1', hostId: 'h3' }] };
    expect(plan(hosts, request({ affinity })).hostIds).toEqual(['h1', 'h2', 'h3']);
  });

  it('given a host affinity member on a full host, then no host is offered', () => {
    const affinity = { ...noAffinity, hostAffinity: [{ vmId: 'vm-2', hostId: 'h1' }] };
    const full = [host('h1', { load: load({ usedMemoryMiB: 16_384 }) }), host('h2')];
    expect(plan(full, request({ affinity })).hostIds).toEqual([]);
  });
});

describe('non-strict affinity only re-ranks', () => {
  const hosts = [host('h1'), host('h2'), host('h3')];

  it('given non-strict anti-affinity members on h1, then h1 goes last but stays offered', () => {
    const affinity = { ...noAffinity, nonStrictHostAntiAffinity: [{ vmId: 'vm-2', hostId: 'h1' }] };
    expect(plan(hosts, request({ affinity })).hostIds).toEqual(['h2', 'h3', 'h1']);
  });

  it('given non-strict affinity members on h3, then h3 goes first', () => {
    const affinity = { ...noAffinity, nonStrictHostAffinity: [{ vmId: 'vm-2', hostId: 'h3' }] };
    expect(plan(hosts, request({ affinity })).hostIds).toEqual(['h3', 'h1', 'h2']);
  });

  it('given one affinity and two anti-affinity members on h2 and one affinity on h1, then priorities add up', () => {
    const affinity = {
      ...noAffinity,
      nonStrictHostAffinity: [
        { vmId: 'vm-2', hostId: 'h2' },
        { vmId: 'vm-3', hostId: 'h1' },
      ],
      nonStrictHostAntiAffinity: [
        { vmId: 'vm-4', hostId: 'h2' },
        { vmId: 'vm-5', hostId: 'h2' },
      ],
    };
    expect(plan(hosts, request({ affinity })).hostIds).toEqual(['h1', 'h3', 'h2']);
  });
});
