/**
 * The ETag of a record read with GET, as an If-Match value. Records whose read model carries no
 * `version` (org, members, tags, teams, custom fields, invitations, API keys) give it only as a
 * header, so writes read the record first and send the version they saw.
 */
export async function etagOf(read: Promise<{ response: Response }>): Promise<string> {
  const { response } = await read;
  const etag = response.headers.get("ETag");
  return etag ?? `"${0}"`;
}

/** If-Match for a record whose read model has `version`. */
export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });
