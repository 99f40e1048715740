import { describe, expect, it } from 'vitest';
import { type Dedication, planPlacement } from '../../../src/domain/placement/index.ts';
import { host, request, settings } from './fixtures.ts';

/**
 * Given a host dedicated at some level, when a VM of account a1 (tenant domain d1 under ROOT) is
 * placed, then §8.2 step 3 / §8.5 decide whether it may use it.
 */
type Row = {
  readonly title: string;
  readonly dedicatedTo: Dedication;
  readonly explicit: boolean;
  readonly rootAdmin?: boolean;
  readonly offered: boolean;
  readonly reason?: 'dedicated' | 'not_dedicated';
};

const rows: Row[] = [
  {
    title: "another account's dedicated host, to an ordinary VM",
    dedicatedTo: { scope: 'host', tenantDomainId: 'd1', accountId: 'a2' },
    explicit: false,
    offered: false,
    reason: 'dedicated',
  },
  {
    title: "another account's dedicated host, to an ExplicitDedication VM",
    dedicatedTo: { scope: 'host', tenantDomainId: 'd1', accountId: 'a2' },
    explicit: true,
    offered: false,
    reason: 'not_dedicated',
  },
  {
    title: "the owner's dedicated host, to its ExplicitDedication VM",
    dedicatedTo: { scope: 'host', tenantDomainId: 'd1', accountId: 'a1' },
    explicit: true,
    offered: true,
  },
  {
    title: "the owner's dedicated cluster, to its VM outside any ExplicitDedication group",
    dedicatedTo: { scope: 'cluster', tenantDomainId: 'd1', accountId: 'a1' },
    explicit: false,
    offered: false,
    reason: 'dedicated',
  },
  {
    title: "the owner's tenant domain's dedicated pod, to its ExplicitDedication VM",
    dedicatedTo: { scope: 'pod', tenantDomainId: 'd1' },
    explicit: true,
    offered: true,
  },
  {
    title: 'a pod dedicated to an ancestor tenant domain (ROOT), to an ExplicitDedication VM',
    dedicatedTo: { scope: 'pod', tenantDomainId: 'ROOT' },
    explicit: true,
    offered: true,
  },
  {
    title: 'a cluster dedicated to a sibling tenant domain, to an ExplicitDedication VM',
    dedicatedTo: { scope: 'cluster', tenantDomainId: 'd2' },
    explicit: true,
    offered: false,
    reason: 'not_dedicated',
  },
  {
    title: 'a zone dedicated to another account, to an ordinary VM',
    dedicatedTo: { scope: 'zone', tenantDomainId: 'd2', accountId: 'a2' },
    explicit: false,
    offered: false,
    reason: 'dedicated',
  },
  {
    title: "a zone dedicated to another account, to a root admin's VM",
    dedicatedTo: { scope: 'zone', tenantDomainId: 'd2', accountId: 'a2' },
    explicit: false,
    rootAdmin: true,
    offered: true,
  },
  {
    title: 'a zone dedicated to the owner, to its VM outside any group',
    dedicatedTo: { scope: 'zone', tenantDomainId: 'd1', accountId: 'a1' },
    explicit: false,
    offered: true,
  },
  {
    title: "another account's dedicated host, to a root admin's ordinary VM",
    dedicatedTo: { scope: 'host', tenantDomainId: 'd2', accountId: 'a2' },
    explicit: false,
    rootAdmin: true,
    offered: false,
    reason: 'dedicated',
  },
];

describe('dedication', () => {
  it.each(rows)(
    'given $title, then offered = $offered',
    ({ dedicatedTo, explicit, rootAdmin, offered, reason }) => {
      const req = request({
        dedication: { explicit, tenantDomainPath: ['ROOT', 'd1'] },
        ownerIsRootAdmin: rootAdmin ?? false,
      });
      const p = planPlacement(req, [host('h1', { dedicatedTo })], settings());
      expect(p.hostIds).toEqual(offered ? ['h1'] : []);
      if (reason) expect(p.hostExclusions[reason]).toBe(1);
    },
  );

  it('given a shared host, when the VM is in an ExplicitDedication group, then it may not use it', () => {
    const req = request({ dedication: { explicit: true, tenantDomainPath: ['ROOT', 'd1'] } });
    const p = planPlacement(req, [host('h1')], settings());
    expect(p.hostIds).toEqual([]);
    expect(p.hostExclusions.not_dedicated).toBe(1);
  });

  it('given a shared host, when the VM is ordinary, then it may use it', () => {
    expect(planPlacement(request(), [host('h1')], settings()).hostIds).toEqual(['h1']);
  });

  it('given an empty tenant domain path, then a dedication to the owner domain itself still belongs to it', () => {
    const req = request({ dedication: { explicit: true, tenantDomainPath: [] } });
    const p = planPlacement(
      req,
      [host('h1', { dedicatedTo: { scope: 'host', tenantDomainId: 'd1' } })],
      settings(),
    );
    expect(p.hostIds).toEqual(['h1']);
  });
});
