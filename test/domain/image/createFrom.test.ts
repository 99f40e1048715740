import { describe, expect, it } from 'vitest';
import { decider } from '../../../src/domain/image/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import {
  admin,
  createdFromSource,
  createFromSnapshot,
  createFromVolume,
  expectSchemaValid,
  snapshotId,
  templateCreated,
  volumeId,
} from './fixtures.ts';

const spec = DeciderSpecification.for(decider);
const fromVolume = createdFromSource({ type: 'volume', volumeId });
const fromSnapshot = createdFromSource({ type: 'snapshot', snapshotId });

describe('CreateTemplateFromVolume: no image yet', () => {
  it("creates a template from a stopped VM's ROOT volume, in the volume's zone, with the source size", () => {
    spec.given([]).when(createFromVolume()).then([fromVolume]);
  });

  it('emits events that pass their schemas', () => {
    expectSchemaValid(decider.decide(createFromVolume(), decider.initialState()));
  });

  it('creates a template from a detached data disk', () => {
    spec
      .given([])
      .when(createFromVolume({ volumeType: 'DATADISK', vmState: null }))
      .then([fromVolume]);
  });

  it('lets an admin make it public and featured', () => {
    spec
      .given([])
      .when(createFromVolume({ caller: admin, isPublic: true, isFeatured: true }))
      .then([{ ...fromVolume, data: { ...fromVolume.data, isPublic: true, isFeatured: true } }]);
  });

  it.each(['Running', 'Starting', 'Stopping', 'Migrating'])(
    'refuses a ROOT volume whose VM is %s',
    (vmState) => {
      spec
        .given([])
        .when(createFromVolume({ vmState }))
        .thenThrows('IMAGE_SOURCE_VM_NOT_STOPPED', (e) => {
          expect(e.kind).toBe('illegal_state');
          expect(e.details).toEqual({ volumeId, volumeType: 'ROOT', vmState });
        });
    },
  );

  it('refuses a ROOT volume whose VM state is unknown', () => {
    spec
      .given([])
      .when(createFromVolume({ vmState: null }))
      .thenThrows('IMAGE_SOURCE_VM_NOT_STOPPED');
  });

  it('refuses a data disk attached to a running VM', () => {
    spec
      .given([])
      .when(createFromVolume({ volumeType: 'DATADISK', vmState: 'Running' }))
      .thenThrows('IMAGE_SOURCE_VM_NOT_STOPPED');
  });

  it('refuses a QCOW2 template for XenServer', () => {
    spec
      .given([])
      .when(createFromVolume({ hypervisor: 'XenServer', format: 'QCOW2' }))
      .thenThrows('HYPERVISOR_FORMAT_UNSUPPORTED');
  });

  it('refuses the ISO format', () => {
    spec
      .given([])
      .when(createFromVolume({ format: 'ISO' }))
      .thenThrows('IMAGE_TEMPLATE_FORMAT_ISO');
  });

  it('refuses a source size of zero', () => {
    spec
      .given([])
      .when(createFromVolume({ sourceSizeBytes: 0 }))
      .thenThrows('IMAGE_SIZE_INVALID');
  });

  it('refuses a public template to a user when allow.public.user.templates is off', () => {
    spec
      .given([])
      .when(createFromVolume({ isPublic: true, allowPublicUserTemplates: false }))
      .thenThrows('IMAGE_PUBLIC_NOT_ALLOWED');
  });

  it('refuses a blank name', () => {
    spec
      .given([])
      .when(createFromVolume({ name: '' }))
      .thenThrows('IMAGE_NAME_INVALID');
  });
});

describe('CreateTemplateFromVolume: image exists', () => {
  it('refuses the same id', () => {
    spec.given([templateCreated()]).when(createFromVolume()).thenThrows('IMAGE_ALREADY_EXISTS');
  });
});

describe('CreateTemplateFromSnapshot: no image yet', () => {
  it('creates a template from a backed-up snapshot', () => {
    spec.given([]).when(createFromSnapshot()).then([fromSnapshot]);
  });

  it('creates a XenServer VHD template from a snapshot', () => {
    spec
      .given([])
      .when(createFromSnapshot({ hypervisor: 'XenServer', format: 'VHD' }))
      .then([{ ...fromSnapshot, data: { ...fromSnapshot.data, hypervisor: 'XenServer', format: 'VHD' } }]);
  });

  it.each(['Allocated', 'Creating', 'CreatedOnPrimary', 'BackingUp', 'Error', 'Destroyed'])(
    'refuses a snapshot in state %s',
    (snapshotState) => {
      spec
        .given([])
        .when(createFromSnapshot({ snapshotState }))
        .thenThrows('IMAGE_SOURCE_SNAPSHOT_NOT_BACKED_UP', (e) =>
          expect(e.details).toEqual({ snapshotId, snapshotState }),
        );
    },
  );

  it('refuses a VHD template for VMware', () => {
    spec
      .given([])
      .when(createFromSnapshot({ hypervisor: 'VMware', format: 'VHD' }))
      .thenThrows('HYPERVISOR_FORMAT_UNSUPPORTED');
  });

  it('refuses a fractional source size', () => {
    spec
      .given([])
      .when(createFromSnapshot({ sourceSizeBytes: 1.5 }))
      .thenThrows('IMAGE_SIZE_INVALID');
  });

  it('refuses a featured template to a non-admin', () => {
    spec
      .given([])
      .when(createFromSnapshot({ isFeatured: true }))
      .thenThrows('IMAGE_FEATURED_ADMIN_ONLY');
  });
});

describe('CreateTemplateFromSnapshot: image exists', () => {
  it('refuses the same id', () => {
    spec.given([fromSnapshot]).when(createFromSnapshot()).thenThrows('IMAGE_ALREADY_EXISTS');
  });
});
