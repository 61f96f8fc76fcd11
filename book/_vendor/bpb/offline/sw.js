/* The book's service worker (a module worker). The site's root holds sw.js, written by the
 * build (tools/bpb_sphinx.py): it imports this file and calls serve() with the build's
 * version, so a new build is a new worker. Its cache is the build's own (policy.js): what
 * a reader opens is saved as it is served (pages network-first, so an update shows at once
 * when online; the build's other files cache-first, so a second chapter reuses the runtime
 * without asking the network); "Keep this book offline" (../offline.js) fills it with every
 * file of the build's list, offline.json. A new build's worker takes over at once, saves the
 * whole new list first when the reader kept the book offline (if that fails, the old worker
 * stays until it can), and deletes the old build's cache. */

import { KEEP_KEY, SETTINGS_CACHE, cacheName, isStale, pageKey, strategy } from "./policy.js";
import { fileList, saveAll } from "./save.js";

const keeping = async (root) => Boolean(await (await caches.open(SETTINGS_CACHE)).match(root + KEEP_KEY));

const answer = async (event, root, name) => {
  const { request } = event;
  const how = strategy({ url: request.url, method: request.method, mode: request.mode, cache: request.cache }, root);
  if (how === "pass") {
    return fetch(request);
  }
  const cache = await caches.open(name);
  const key = pageKey(request.url);
  const keepCopy = (response) => {
    if (response.ok && response.status === 200 && response.type === "basic") {
      event.waitUntil(cache.put(key, response.clone()));
    }
    return response;
  };
  if (how === "cache-first") {
    const saved = await cache.match(key, { ignoreSearch: true });
    return saved || keepCopy(await fetch(request));
  }
  try {
    return keepCopy(await fetch(request));
  } catch (error) {
    const saved = await cache.match(key, { ignoreSearch: true });
    if (saved) {
      return saved;
    }
    throw error;
  }
};

export const serve = (scope, { version }) => {
  const root = new URL("./", scope.location.href).href;
  const name = cacheName(root, version);
  scope.addEventListener("install", (event) => {
    event.waitUntil((async () => {
      if (await keeping(root)) {
        await saveAll(await caches.open(name), root, await fileList(root));
      }
      await scope.skipWaiting();
    })());
  });
  scope.addEventListener("activate", (event) => {
    event.waitUntil((async () => {
      for (const old of (await caches.keys()).filter((n) => isStale(n, root, version))) {
        await caches.delete(old);
      }
      await scope.clients.claim();
    })());
  });
  scope.addEventListener("fetch", (event) => event.respondWith(answer(event, root, name)));
};
