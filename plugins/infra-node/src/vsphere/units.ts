/**
 * `ClusterComputeResourceSummary.effectiveMemory` is in MB per the API. vcsim adds host memory in
 * bytes instead; effective memory can never exceed the total (bytes), so a value that would is
 * taken as bytes. Every reader of that property goes through here.
 */
export function effectiveMemoryMb(
  reported: number | undefined,
  totalBytes: number | undefined,
): number | undefined {
  if (reported === undefined || totalBytes === undefined) return reported;
  return reported * 1024 * 1024 > totalBytes * 1.01
    ? Math.round(reported / (1024 * 1024))
    : reported;
}
