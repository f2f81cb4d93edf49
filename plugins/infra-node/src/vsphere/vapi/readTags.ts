import { Semaphore } from '../../util/Semaphore';
import type { MoRef } from '../types';
import type { VapiClient } from './VapiClient';

/** One vSphere tag as users see it: `Category: Name`. */
export interface VsphereTag {
  category: string;
  name: string;
}

/** The tags attached to a set of objects, and what reading them cost. */
export interface TagRead {
  /** `type:value` of each object with at least one tag → its tags, sorted. */
  byObject: Map<string, VsphereTag[]>;
  /** vAPI requests (association chunks + one per distinct tag + one per distinct category). */
  calls: number;
  /** Distinct tags attached to the objects. */
  tags: number;
}

export interface ReadTagsOptions {
  /** Objects per `list-attached-tags-on-objects` request (default 2,000). */
  chunkSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Only tags of these categories (names, case-insensitive); all when empty. */
  categories?: string[];
  signal?: AbortSignal;
}

const TAGGING = '/com/vmware/cis/tagging';

interface AttachedTags {
  object_id: { type: string; id: string };
  tag_ids?: string[] | null;
}

async function mapLimited<T, R>(
  items: T[],
  limit: Semaphore,
  fn: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  return Promise.all(
    items.map(async item => {
      const release = await limit.acquire(signal);
      try {
        return await fn(item);
      } finally {
        release();
      }
    }),
  );
}

/**
 * The tags of `objects` in a number of vAPI calls that grows with the objects only by chunks of
 * thousands: one bulk association query per chunk, then the details of each distinct tag and
 * category attached (the REST API has no bulk read of those). Never one call per object.
 */
export async function readTags(
  client: VapiClient,
  objects: MoRef[],
  options: ReadTagsOptions = {},
): Promise<TagRead> {
  const { signal } = options;
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const limit = new Semaphore(Math.max(1, options.concurrency ?? 4));
  const before = client.calls;

  const chunks: MoRef[][] = [];
  for (let i = 0; i < objects.length; i += chunkSize) {
    chunks.push(objects.slice(i, i + chunkSize));
  }
  const answers = await mapLimited(
    chunks,
    limit,
    chunk =>
      client.post<AttachedTags[]>(
        `${TAGGING}/tag-association?~action=list-attached-tags-on-objects`,
        { object_ids: chunk.map(o => ({ type: o.type, id: o.value })) },
        signal,
      ),
    signal,
  );
  const attached = new Map<string, string[]>();
  const tagIds = new Set<string>();
  for (const answer of answers) {
    for (const a of answer ?? []) {
      if (!a.tag_ids?.length) continue;
      attached.set(`${a.object_id.type}:${a.object_id.id}`, a.tag_ids);
      for (const id of a.tag_ids) tagIds.add(id);
    }
  }

  const tags = new Map<string, { name: string; category_id: string }>();
  await mapLimited(
    [...tagIds],
    limit,
    async id => {
      const tag = await client.get<{ name: string; category_id: string }>(
        `${TAGGING}/tag/id:${encodeURIComponent(id)}`,
        signal,
      );
      tags.set(id, tag);
    },
    signal,
  );
  const categories = new Map<string, string>();
  await mapLimited(
    [...new Set([...tags.values()].map(t => t.category_id))],
    limit,
    async id => {
      const category = await client.get<{ name: string }>(
        `${TAGGING}/category/id:${encodeURIComponent(id)}`,
        signal,
      );
      categories.set(id, category.name);
    },
    signal,
  );

  const wanted = options.categories?.length
    ? new Set(options.categories.map(c => c.toLowerCase()))
    : undefined;
  const byObject = new Map<string, VsphereTag[]>();
  for (const [key, ids] of attached) {
    const list: VsphereTag[] = [];
    for (const id of ids) {
      const tag = tags.get(id);
      const category = tag && categories.get(tag.category_id);
      if (!tag || category === undefined) continue;
      if (wanted && !wanted.has(category.toLowerCase())) continue;
      list.push({ category, name: tag.name });
    }
    if (list.length === 0) continue;
    // the same tags in any order render the same entity (stable hashes)
    list.sort(
      (a, b) =>
        a.category.localeCompare(b.category) || a.name.localeCompare(b.name),
    );
    byObject.set(key, list);
  }
  return { byObject, calls: client.calls - before, tags: tags.size };
}
