import type { ActiveImage, ImageKind } from '../../../domain/image/index.ts';
import { illegalState, notFound } from '../../../domain/shared/index.ts';
import type { Vm } from '../../../domain/vm/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import type { Workflow, WorkflowTools } from '../../jobs/workflow.ts';
import { uncountDeletedTemplate } from '../../storage/templates.ts';
import { links, liveChildren, scanEvents } from '../links.ts';
import { submittedAt } from '../shared.ts';

export type ImageHooks = {
  /** The size a download finds when the registration declared none (the simulator invents the bits). */
  readonly defaultImageSizeBytes?: number;
};

const twoGiB = 2 * 1024 ** 3;

const activeImage = async (bus: CommandBus, imageId: string): Promise<ActiveImage> => {
  const { state } = await bus.load('image', imageId);
  if (state.status !== 'Active')
    throw notFound('IMAGE_NOT_FOUND', `Template or ISO ${imageId} does not exist or was deleted`, {
      imageId,
    });
  return state;
};

/** A zone's secondary storage that takes new objects: an image store not read-only. */
const writableStoreIn = async (tools: WorkflowTools, zoneId: string): Promise<string | null> => {
  const after = await submittedAt(tools);
  for (const id of await liveChildren(tools.bus.store, links.imageStoresOfZone, zoneId, after)) {
    const store = (await tools.bus.load('imageStore', id)).state;
    if (store !== null && !store.removed && !store.readOnly) return id;
  }
  return null;
};

const sourceOf = (image: ActiveImage): string =>
  image.source.type === 'url'
    ? image.source.url
    : image.source.type === 'volume'
      ? image.source.volumeId
      : image.source.snapshotId;

const reportOf = (
  report:
    | { status: 'DOWNLOAD_IN_PROGRESS'; downloadPercent: number }
    | { status: 'DOWNLOADED'; sizeBytes: number; physicalSizeBytes: number }
    | { status: 'DOWNLOAD_ERROR'; errorMessage: string },
  imageId: string,
  zoneId: string,
) => ({ type: 'RecordTemplateDownload' as const, data: { imageId, zoneId, report } });

/**
 * Downloads the image to each zone that has no ready copy yet: onto the zone's image store, through
 * the hypervisor driver (the simulator's createTemplate stands in for the secondary storage VM),
 * recording progress, then ImageZoneDownloaded with the size found, or the error. Each zone's steps
 * are keyed by zone, so a resumed job skips what is done. The job fails if any zone failed.
 */
const download = async (
  tools: WorkflowTools,
  hooks: ImageHooks,
  imageId: string,
  onlyZones?: readonly string[],
) => {
  const image = await activeImage(tools.bus, imageId);
  const zones = Object.values(image.zones).filter(
    (copy) => !copy.ready && (onlyZones === undefined || onlyZones.includes(copy.zoneId)),
  );
  const outcome: Record<string, string> = {};
  const record = (step: string, zoneId: string, report: Parameters<typeof reportOf>[0]) =>
    tools.step(`${step}:${zoneId}`, 'image', imageId, reportOf(report, imageId, zoneId));
  for (const { zoneId } of zones) {
    if ((await writableStoreIn(tools, zoneId)) === null) {
      await record('failed', zoneId, {
        status: 'DOWNLOAD_ERROR',
        errorMessage: `Zone ${zoneId} has no writable image store`,
      });
      outcome[zoneId] = 'DOWNLOAD_ERROR';
      continue;
    }
    await record('started', zoneId, { status: 'DOWNLOAD_IN_PROGRESS', downloadPercent: 0 });
    try {
      const { sizeBytes } = await tools.driver.createTemplate({
        templateId: imageId,
        sourceId: sourceOf(image),
        sizeBytes: image.sizeBytes ?? hooks.defaultImageSizeBytes ?? twoGiB,
      });
      await record('downloaded', zoneId, { status: 'DOWNLOADED', sizeBytes, physicalSizeBytes: sizeBytes });
      outcome[zoneId] = 'DOWNLOADED';
    } catch (e) {
      await record('failed', zoneId, {
        status: 'DOWNLOAD_ERROR',
        errorMessage: e instanceof Error ? e.message : String(e),
      });
      outcome[zoneId] = 'DOWNLOAD_ERROR';
    }
  }
  const failed = Object.keys(outcome).filter((zoneId) => outcome[zoneId] === 'DOWNLOAD_ERROR');
  if (failed.length > 0)
    throw illegalState(
      'IMAGE_DOWNLOAD_FAILED',
      `${image.name} could not be downloaded to zone(s) ${failed.join(', ')}`,
      {
        imageId,
        zones: outcome,
      },
    );
  return { imageId, zones: outcome };
};

const imageIdsOf = (vm: Pick<Vm, 'image'>): string =>
  vm.image.kind === 'template' ? vm.image.templateId : vm.image.isoId;

/** Whether VMs not yet expunged (in the zone, when given) boot from the image: scanned from the log. */
const inUseByVms = async (tools: WorkflowTools, imageId: string, zoneId?: string): Promise<boolean> => {
  const candidates = new Set<string>();
  await scanEvents(
    tools.bus.store,
    ['VmCreated', 'VmRestored'],
    (e) => {
      const d = e.data as Pick<Vm, 'vmId' | 'image'>;
      if (imageIdsOf(d) === imageId) candidates.add(d.vmId);
    },
    await submittedAt(tools),
  );
  for (const vmId of candidates) {
    const vm = (await tools.bus.load('vm', vmId)).state;
    if (vm.status === 'Initial' || vm.status === 'Expunged') continue;
    if (imageIdsOf(vm) === imageId && (zoneId === undefined || vm.zoneId === zoneId)) return true;
  }
  return false;
};

export const imageWorkflows = (hooks: ImageHooks): Record<string, Workflow> => ({
  DownloadImage: (tools) => download(tools, hooks, (tools.job.params as { imageId: string }).imageId),
  CopyImage: async (tools) => {
    const p = tools.job.params as {
      imageId: string;
      kind: ImageKind;
      sourceZoneId: string;
      destinationZoneIds: string[];
    };
    await tools.step('copy', 'image', p.imageId, { type: 'CopyTemplate', data: p });
    return download(tools, hooks, p.imageId, p.destinationZoneIds);
  },
  DeleteImage: async (tools) => {
    const p = tools.job.params as { imageId: string; kind: ImageKind; zoneId?: string; forced: boolean };
    const deleted = await tools.step('delete', 'image', p.imageId, {
      type: 'DeleteTemplate',
      data: { ...p, inUseByVms: await inUseByVms(tools, p.imageId, p.zoneId), now: tools.now() },
    });
    await uncountDeletedTemplate(tools, deleted);
    return { imageId: p.imageId, status: deleted.state.status };
  },
});
