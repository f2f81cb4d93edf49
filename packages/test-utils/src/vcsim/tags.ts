/** Tags to attach to vcsim objects: one category, one tag, the objects (`type`/`value` morefs). */
export interface VcsimTagging {
  category: string;
  tag: string;
  objects: Array<{ type: string; value: string }>;
}

/**
 * Creates tag categories and tags on a running vcsim through its vAPI REST endpoint (`/rest`, the
 * same calls an administrator's tooling makes) and attaches them, so tests read real
 * associations. Categories and tags are created once per name.
 */
export async function tagVcsimObjects(
  vcsim: { url: string; username: string; password: string },
  taggings: VcsimTagging[],
): Promise<void> {
  const base = `${new URL(vcsim.url).origin}/rest/com/vmware`;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new Error(`vcsim ${method} ${path} answered ${res.status}`);
    }
    const text = await res.text();
    return text ? JSON.parse(text).value : undefined;
  };
  const basic = Buffer.from(`${vcsim.username}:${vcsim.password}`).toString(
    'base64',
  );
  const session: string = await call('POST', '/cis/session', undefined, {
    authorization: `Basic ${basic}`,
  });
  const auth = { 'vmware-api-session-id': session };
  try {
    const categories = new Map<string, string>();
    const tags = new Map<string, string>();
    for (const t of taggings) {
      let categoryId = categories.get(t.category);
      if (!categoryId) {
        categoryId = (await call(
          'POST',
          '/cis/tagging/category',
          {
            create_spec: {
              name: t.category,
              description: '',
              cardinality: 'MULTIPLE',
              associable_types: [],
            },
          },
          auth,
        )) as string;
        categories.set(t.category, categoryId);
      }
      const key = `${t.category}\n${t.tag}`;
      let tagId = tags.get(key);
      if (!tagId) {
        tagId = (await call(
          'POST',
          '/cis/tagging/tag',
          {
            create_spec: {
              name: t.tag,
              description: '',
              category_id: categoryId,
            },
          },
          auth,
        )) as string;
        tags.set(key, tagId);
      }
      for (const o of t.objects) {
        await call(
          'POST',
          `/cis/tagging/tag-association/id:${encodeURIComponent(
            tagId,
          )}?~action=attach`,
          { object_id: { type: o.type, id: o.value } },
          auth,
        );
      }
    }
  } finally {
    await call('DELETE', '/cis/session', undefined, auth).catch(
      () => undefined,
    );
  }
}
