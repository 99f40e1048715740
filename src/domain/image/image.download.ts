import type { DownloadReport } from './image.commands.ts';
import type { DownloadStatus } from './image.events.ts';
import type { ZoneCopy } from './image.state.ts';

/**
 * A zone copy's download status machine, as data. NOT_DOWNLOADED may jump straight to DOWNLOADED (a
 * template made from a volume or snapshot is copied in one step). A failed copy may be retried by the
 * downloader (DOWNLOAD_IN_PROGRESS) or requested again by CopyTemplate (NOT_DOWNLOADED). DOWNLOADED is final
 * until the copy is deleted.
 */
export const downloadTransitions: Readonly<Record<DownloadStatus, readonly DownloadStatus[]>> = {
  NOT_DOWNLOADED: ['DOWNLOAD_IN_PROGRESS', 'DOWNLOADED', 'DOWNLOAD_ERROR'],
  DOWNLOAD_IN_PROGRESS: ['DOWNLOAD_IN_PROGRESS', 'DOWNLOADED', 'DOWNLOAD_ERROR'],
  DOWNLOAD_ERROR: ['DOWNLOAD_IN_PROGRESS', 'NOT_DOWNLOADED'],
  DOWNLOADED: [],
};

export const canMoveTo = (from: DownloadStatus, to: DownloadStatus): boolean =>
  downloadTransitions[from].includes(to);

/**
 * A report that tells nothing new (a redelivery, or progress that arrives after a later one): the
 * decider records nothing rather than refusing, so the downloader can report at-least-once.
 */
export const isRedundant = (copy: ZoneCopy, report: DownloadReport): boolean =>
  copy.status === report.status &&
  (report.status !== 'DOWNLOAD_IN_PROGRESS' || report.downloadPercent <= copy.downloadPercent);
