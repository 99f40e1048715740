import { describe, expect, it } from 'vitest';
import type { DiskFormat, HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import { decider } from '../../../src/domain/image/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  admin,
  deletedEvent,
  expectSchemaValid,
  isoCreated,
  registerIso,
  registerTemplate,
  templateCreated,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);

describe('RegisterTemplate: no image yet', () => {
  it('registers a KVM QCOW2 template with a pending copy per zone', () => {
    spec.given([]).when(registerTemplate()).then([templateCreated()]);
  });

  it('emits events that pass their schemas', () => {
    expectSchemaValid(decider.decide(registerTemplate(), decider.initialState()));
  });

  it.each<[HypervisorType, DiskFormat]>([
    ['XenServer', 'VHD'],
    ['VMware', 'OVA'],
    ['KVM', 'RAW'],
    ['Ovm', 'RAW'],
    ['BareMetal', 'BAREMETAL'],
    ['Simulator', 'VMDK'],
  ])('accepts a %s template in the %s format', (hypervisor, format) => {
    spec
      .given([])
      .when(registerTemplate({ hypervisor, format }))
      .then([templateCreated({ hypervisor, format })]);
  });

  it.each<[HypervisorType, DiskFormat]>([
    ['XenServer', 'QCOW2'],
    ['KVM', 'VHD'],
    ['KVM', 'OVA'],
    ['VMware', 'QCOW2'],
    ['VMware', 'RAW'],
    ['Ovm', 'QCOW2'],
    ['BareMetal', 'RAW'],
  ])('refuses a %s template in the %s format', (hypervisor, format) => {
    spec
      .given([])
      .when(registerTemplate({ hypervisor, format }))
      .thenThrows('HYPERVISOR_FORMAT_UNSUPPORTED', (e) => {
        expect(e.kind).toBe('unsupported');
        expect(e.details).toEqual({ hypervisor, format });
      });
  });

  it('refuses a template in the ISO format even where the hypervisor reads ISOs', () => {
    spec
      .given([])
      .when(registerTemplate({ format: 'ISO' }))
      .thenThrows('IMAGE_TEMPLATE_FORMAT_ISO', (e) => expect(e.message).toContain('register it as an ISO'));
  });

  it('registers in all zones when an admin asks for crossZones', () => {
    spec
      .given([])
      .when(registerTemplate({ caller: admin, crossZones: true, zoneIds: [zoneA, zoneB, zoneC] }))
      .then([templateCreated({ crossZones: true, zoneIds: [zoneA, zoneB, zoneC] })]);
  });

  it('lets a user register a public template when allow.public.user.templates is on', () => {
    spec
      .given([])
      .when(registerTemplate({ isPublic: true }))
      .then([templateCreated({ isPublic: true })]);
  });

  it('lets an admin register a public featured template whatever the setting', () => {
    spec
      .given([])
      .when(
        registerTemplate({
          caller: admin,
          isPublic: true,
          isFeatured: true,
          allowPublicUserTemplates: false,
        }),
      )
      .then([templateCreated({ isPublic: true, isFeatured: true })]);
  });

  it('defaults the display text to the name, trims, de-duplicates zones and keeps a declared size', () => {
    spec
      .given([])
      .when(
        registerTemplate({
          name: ' Ubuntu 24.04 ',
          displayText: undefined,
          zoneIds: [zoneA, zoneA],
          sizeBytes: 3221225472,
          url: ` ${'https://images.example.org/ubuntu-24.04.qcow2'} `,
        }),
      )
      .then([templateCreated({ displayText: 'Ubuntu 24.04', zoneIds: [zoneA], sizeBytes: 3221225472 })]);
  });

  it('refuses an empty name', () => {
    spec
      .given([])
      .when(registerTemplate({ name: ' ' }))
      .thenThrows('IMAGE_NAME_INVALID');
  });

  it('refuses an empty OS type', () => {
    spec
      .given([])
      .when(registerTemplate({ osType: '' }))
      .thenThrows('IMAGE_FIELD_INVALID', (e) => expect(e.details).toEqual({ field: 'osType' }));
  });

  it.each(['file:///tmp/disk.qcow2', 'ftp://example.org/a.qcow2', '', 'https://'])(
    'refuses the URL "%s"',
    (bad) => {
      spec
        .given([])
        .when(registerTemplate({ url: bad }))
        .thenThrows('IMAGE_URL_INVALID');
    },
  );

  it('refuses no zone at all', () => {
    spec
      .given([])
      .when(registerTemplate({ zoneIds: [] }))
      .thenThrows('IMAGE_ZONE_REQUIRED');
  });

  it('refuses crossZones to a non-admin', () => {
    spec
      .given([])
      .when(registerTemplate({ crossZones: true }))
      .thenThrows('IMAGE_CROSS_ZONES_FORBIDDEN', (e) => expect(e.kind).toBe('forbidden'));
  });

  it('refuses a public template to a user when allow.public.user.templates is off', () => {
    spec
      .given([])
      .when(registerTemplate({ isPublic: true, allowPublicUserTemplates: false }))
      .thenThrows('IMAGE_PUBLIC_NOT_ALLOWED');
  });

  it('refuses a featured template to a non-admin', () => {
    spec
      .given([])
      .when(registerTemplate({ isFeatured: true }))
      .thenThrows('IMAGE_FEATURED_ADMIN_ONLY');
  });

  it('refuses a declared size of zero bytes', () => {
    spec
      .given([])
      .when(registerTemplate({ sizeBytes: 0 }))
      .thenThrows('IMAGE_SIZE_INVALID');
  });
});

describe('RegisterTemplate: image exists', () => {
  it('refuses the same id while it is active', () => {
    spec
      .given([templateCreated()])
      .when(registerTemplate())
      .thenThrows('IMAGE_ALREADY_EXISTS', (e) => expect(e.kind).toBe('conflict'));
  });

  it('refuses the id of a deleted image (checked before the other rules)', () => {
    spec
      .given([templateCreated(), deletedEvent()])
      .when(registerTemplate({ format: 'VHD' }))
      .thenThrows('IMAGE_ALREADY_EXISTS');
  });
});

describe('RegisterIso: no image yet', () => {
  it('registers a bootable ISO with no hypervisor', () => {
    spec.given([]).when(registerIso()).then([isoCreated()]);
  });

  it('registers a non-bootable ISO without an OS type', () => {
    spec
      .given([])
      .when(registerIso({ bootable: false, osType: null }))
      .then([isoCreated({ bootable: false, osType: null })]);
  });

  it('registers a public ISO in all zones for an admin', () => {
    spec
      .given([])
      .when(registerIso({ caller: admin, isPublic: true, crossZones: true, zoneIds: [zoneA, zoneB] }))
      .then([isoCreated({ isPublic: true, crossZones: true, zoneIds: [zoneA, zoneB] })]);
  });

  it('refuses a bootable ISO without an OS type', () => {
    spec
      .given([])
      .when(registerIso({ osType: null }))
      .thenThrows('IMAGE_OS_TYPE_REQUIRED');
  });

  it('refuses a blank OS type', () => {
    spec
      .given([])
      .when(registerIso({ osType: '  ' }))
      .thenThrows('IMAGE_FIELD_INVALID');
  });

  it('refuses a file:// URL', () => {
    spec
      .given([])
      .when(registerIso({ url: 'file:///srv/rescue.iso' }))
      .thenThrows('IMAGE_URL_INVALID');
  });

  it('refuses crossZones to a non-admin', () => {
    spec
      .given([])
      .when(registerIso({ crossZones: true }))
      .thenThrows('IMAGE_CROSS_ZONES_FORBIDDEN');
  });

  it('refuses a featured ISO to a non-admin', () => {
    spec
      .given([])
      .when(registerIso({ isFeatured: true }))
      .thenThrows('IMAGE_FEATURED_ADMIN_ONLY');
  });
});

describe('RegisterIso: image exists', () => {
  it('refuses the same id', () => {
    spec.given([isoCreated()]).when(registerIso()).thenThrows('IMAGE_ALREADY_EXISTS');
  });
});
