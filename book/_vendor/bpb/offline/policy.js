/* The offline book's rules, as pure functions (tests/js/offline.test.js): the cache a build
 * owns, how each request is answered, what is left to save, and when the runtime may load
 * in the background. The service worker (sw.js) and the page (../offline.js) use them. */

export const CACHE_PREFIX = "bpb-book:";
export const SETTINGS_CACHE = "bpb-settings";
export const KEEP_KEY = "keep-offline"; // in SETTINGS_CACHE, under the site's root
export const PRELOAD_KEY = "bpb-preload"; // localStorage: "off" turns the background load off
export const PRELOAD_AFTER_MS = 3000; // a chapter page open this long, then the browser idle

/** The cache of one build of the site at `root` (several sites may share an origin). */
export const cacheName = (root, version) => `${CACHE_PREFIX}${root}#${version}`;

/** Whether `name` is a cache of the site at `root` from another build than `version`. */
export const isStale = (name, root, version) =>
  name.startsWith(`${CACHE_PREFIX}${root}#`) && name !== cacheName(root, version);

/** How the service worker answers a request: "pass" (not the book's: the network as is),
 * "network-first" (pages, and what must be current: fresh when online, the saved copy
 * offline) or "cache-first" (the build's files: they change only with the build). */
export const strategy = ({ url, method, mode, cache }, root) => {
  if (method !== "GET" || !url.startsWith(root)) {
    return "pass";
  }
  const path = url.slice(root.length).split(/[?#]/)[0];
  if (mode === "navigate" || cache === "no-store" || path === "" || path.endsWith(".html")
      || path === "offline.json" || path === "sw.js") {
    return "network-first";
  }
  return "cache-first";
};

/** The URL a saved page is kept under: a folder's index.html, without query or hash. */
export const pageKey = (url) => {
  const bare = url.split(/[?#]/)[0];
  return bare.endsWith("/") ? `${bare}index.html` : bare;
};

/** The files of the build's list (`[[path, bytes], ...]`) not yet in `saved` (a Set of
 * paths), and their bytes. */
export const missing = (files, saved) => {
  const left = files.filter(([path]) => !saved.has(path));
  return { left, bytes: left.reduce((sum, [, bytes]) => sum + bytes, 0) };
};

/** Whether the runtime may load in the background: not turned off, not on a connection
 * that saves data or is slow, or is metered (`connection`: navigator.connection or null). */
export const mayPreload = (setting, connection) => {
  if (setting === "off") {
    return false;
  }
  if (!connection) {
    return true;
  }
  return !(connection.saveData || connection.metered
    || ["slow-2g", "2g"].includes(connection.effectiveType) || connection.type === "cellular");
};

/** Bytes as the reader reads them: "7.4 MB", "120 kB". */
export const megabytes = (bytes) =>
  (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`);
