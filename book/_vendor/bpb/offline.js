/* The book offline, and Python ready before the first click: the settings at the foot of
 * every page ("Offline reading and Python"), and the service worker's registration.
 *
 * - The service worker (offline/sw.js, at the site's root as sw.js) saves what the reader
 *   opens; "Keep this book offline" saves every page, image and the runtime (the build's
 *   list, offline.json, whose size the button states) so that every chapter opens and runs
 *   without a network; "Remove the offline copy" deletes it.
 * - "Load Python in the background": on a chapter page, after a few seconds, when the
 *   browser is idle, the runtime loads (run.js); never on a data-saving, metered or slow
 *   connection. Remembered in this browser (localStorage).
 * Nothing here asks another host; a browser without service workers keeps the rest. */

import { el, onReady, storage } from "./dom.js";
import { KEEP_KEY, PRELOAD_KEY, SETTINGS_CACHE, cacheName, megabytes } from "./offline/policy.js";
import { fileList, saveAll } from "./offline/save.js";

const ROOT = new URL("../../", import.meta.url).href; // _static/bpb/offline.js -> the site's root
const canKeep = () => "serviceWorker" in navigator && typeof caches === "object" && window.isSecureContext;

const register = () => {
  if (!canKeep() || !/^https?:$/.test(location.protocol)) {
    return null;
  }
  return navigator.serviceWorker.register(`${ROOT}sw.js`, { scope: ROOT, type: "module" }).catch(() => null);
};

const isKept = async () => Boolean(await (await caches.open(SETTINGS_CACHE)).match(ROOT + KEEP_KEY));

/** Save every file of the build into the service worker's cache; `progress(done, total)`. */
export const keepOffline = async (progress = () => {}) => {
  const list = await fileList(ROOT);
  let done = 0;
  await saveAll(await caches.open(cacheName(ROOT, list.version)), ROOT, list, (path, bytes) => {
    done += bytes;
    progress(done, list.bytes);
  });
  await (await caches.open(SETTINGS_CACHE)).put(ROOT + KEEP_KEY, new Response(list.version));
  return list;
};

/** Forget the offline copy: every cache of this site, and the choice. */
export const forgetOffline = async () => {
  await (await caches.open(SETTINGS_CACHE)).delete(ROOT + KEEP_KEY);
  for (const name of await caches.keys()) {
    if (name.startsWith(cacheName(ROOT, ""))) {
      await caches.delete(name);
    }
  }
};

const settings = () => {
  const main = document.querySelector("article.bd-article, main article");
  if (!main) {
    return;
  }
  const store = storage();
  const box = el("details", { class: "bpb-offline" });
  box.append(el("summary", {}, "Offline reading and Python"));
  const preload = el("input", { type: "checkbox", id: "bpb-preload", class: "bpb-preload" });
  preload.checked = !store || store.getItem(PRELOAD_KEY) !== "off";
  preload.addEventListener("change", () => {
    if (store) {
      store.setItem(PRELOAD_KEY, preload.checked ? "on" : "off");
    }
  });
  const line = el("p", { class: "bpb-preload-line" });
  line.append(preload, " ", el("label", { for: "bpb-preload" },
    "Load Python in the background on chapter pages, so that Run answers at once "
    + "(never on a data-saving or slow connection)"));
  box.append(line);
  const status = el("p", { class: "bpb-offline-status", role: "status", "aria-live": "polite" });
  const bar = el("progress", { class: "bpb-offline-progress", max: "1", value: "0", hidden: "",
    "aria-label": "Saving the book for offline reading" });
  if (!canKeep()) {
    status.textContent = "This browser cannot keep the book offline (no service workers here).";
    box.append(status);
    main.append(box);
    return;
  }
  const keep = el("button", { type: "button", class: "bpb-keep-offline" }, "Keep this book offline");
  const forget = el("button", { type: "button", class: "bpb-forget-offline", hidden: "" }, "Remove the offline copy");
  const buttons = el("p", { class: "bpb-offline-buttons" });
  buttons.append(keep, " ", forget);
  box.append(buttons, bar, status);
  main.append(box);
  const showKept = (kept) => {
    forget.hidden = !kept;
    status.textContent = kept
      ? "This book is kept offline in this browser: every chapter opens and runs without a network. "
        + "An update of the site replaces the copy on your next visit."
      : "Pages you open are saved as you read; keep the whole book to read it anywhere.";
  };
  box.addEventListener("toggle", async () => {
    if (box.open && !keep.dataset.bytes) {
      try {
        const list = await fileList(ROOT);
        keep.dataset.bytes = String(list.bytes);
        keep.textContent = `Keep this book offline (${megabytes(list.bytes)})`;
      } catch {
        // offline already: the button keeps its short label
      }
    }
  });
  keep.addEventListener("click", async () => {
    keep.disabled = true;
    bar.hidden = false;
    try {
      const list = await keepOffline((done, total) => {
        bar.max = total;
        bar.value = done;
        status.textContent = `Saving ${megabytes(done)} of ${megabytes(total)}…`;
      });
      showKept(true);
      status.textContent = `Saved ${list.files.length} files, ${megabytes(list.bytes)}. ${status.textContent}`;
    } catch (error) {
      status.textContent = `The book could not be saved: ${error.message}. Try again when online.`;
    }
    bar.hidden = true;
    keep.disabled = false;
  });
  forget.addEventListener("click", async () => {
    await forgetOffline();
    showKept(false);
    status.textContent = "The offline copy is removed.";
  });
  isKept().then(showKept, () => showKept(false));
};

const registration = register();
window.bpbOffline = { root: ROOT, registration, keep: keepOffline, forget: forgetOffline, isKept };
onReady(settings);
