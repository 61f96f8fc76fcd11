/* Save every file of the build's list (offline.json at the site's root: {version, bytes,
 * files: [[path, bytes], ...]}) into a cache: what the service worker does on an update of
 * a book kept offline, and what "Keep this book offline" does (../offline.js). Files already
 * saved are skipped, so an interrupted save continues where it stopped. */

/** The build's list of files, fresh from the network. */
export const fileList = async (root) => (await fetch(`${root}offline.json`, { cache: "no-store" })).json();

/** Every file of `list` into `cache`; `onFile(path, bytes)` after each. */
export const saveAll = async (cache, root, list, onFile = () => {}) => {
  const saved = new Set((await cache.keys()).map((r) => r.url.slice(root.length)));
  for (const [path, bytes] of list.files) {
    if (!saved.has(path)) {
      const response = await fetch(root + path, { cache: "no-cache" });
      if (!response.ok) {
        throw new Error(`${path}: HTTP ${response.status}`);
      }
      await cache.put(root + path, response);
    }
    onFile(path, bytes);
  }
  return list;
};
