// Chợ Phiên's service worker, served from /sw.js by config.pwa.service_worker, which puts
// SETTINGS (version, offline page, files stored at install) above this line. No framework.
//
// - Pages of the shop window (home, shop, catalogue, products, producers, trace pages):
//   network first; each one opened is kept (the last MAX_PAGES), and shown when the network
//   fails. static/js/pwa.js then shows "Bạn đang ngoại tuyến" on it, from navigator.onLine.
// - Any other page that cannot load: the offline page stored at install, never a stored copy.
//   Basket, checkout, payment, accounts, sign-in, dashboards, the CMS admin and the producer
//   portal are never stored: they hold one person's order, address or session, and a stale
//   copy of a payment page could take a payment twice.
// - /static/ and /media/ files and the manifest: cache first (static files and the manifest
//   are versioned with the worker).
// - Anything but GET (forms, payments) goes straight to the network, untouched.
/* global SETTINGS */
"use strict";

const VERSION = SETTINGS.version;
const STATIC_CACHE = "static-" + VERSION;
const PAGE_CACHE = "pages-" + VERSION;
const MEDIA_CACHE = "media-" + VERSION;
const MAX_PAGES = 30;
const MAX_MEDIA = 80;

const NEVER = [
  /^\/shop\/(basket|checkout|accounts|password-reset|wishlists)\//,
  /^\/dashboard\//,
  /^\/cms-admin\//,
  /^\/producer\//,
  /^\/i18n\//,
  /^\/_util\//,
  /^\/documents\//,
  /\/reviews\/add\//,
  /pay(ment)?\//,
  /log(in|out)\//,
];
const PAGES = [/^\/$/, /^\/shop\/$/, /^\/shop\/catalogue\//, /^\/shop\/producers\//, /^\/t\//];

function never(path) {
  return NEVER.some(function (pattern) { return pattern.test(path); });
}

function keepable(path) {
  return !never(path) && PAGES.some(function (pattern) { return pattern.test(path); });
}

function trim(cacheName, max) {
  return caches.open(cacheName).then(function (cache) {
    return cache.keys().then(function (keys) {
      // Oldest first: Cache keeps insertion order, and a page put again moves to the end.
      return Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(SETTINGS.precache); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return !name.endsWith("-" + VERSION);
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return caches.match(SETTINGS.offline).then(function (page) {
    return page || new Response("", { status: 503, statusText: "Offline" });
  });
}

function storable(response) {
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) {
    return false;
  }
  if (never(new URL(response.url).pathname)) return false;
  return !/no-store/.test(response.headers.get("Cache-Control") || "");
}

// A page showing a one-time message ("Added to your basket", oscar/partials/alert_messages.html)
// is not kept: offline, it would say it again. The copy kept before stays.
const ONE_TIME_MESSAGE = 'class="cp-msg';

function keep(request, response) {
  const copy = response.clone();
  return copy.text().then(function (html) {
    if (html.indexOf(ONE_TIME_MESSAGE) !== -1) return null;
    const stored = new Response(html, {
      status: copy.status, statusText: copy.statusText, headers: copy.headers
    });
    return caches.open(PAGE_CACHE)
      .then(function (cache) {
        // Deleted first, so that the page moves to the end: the most recently opened stay.
        return cache.delete(request.url).then(function () { return cache.put(request.url, stored); });
      })
      .then(function () { return trim(PAGE_CACHE, MAX_PAGES); });
  });
}

function page(event) {
  const request = event.request;
  return fetch(request).then(function (response) {
    if (storable(response)) event.waitUntil(keep(request, response));
    return response;
  }).catch(function () {
    // Pages vary on cookies (language, CSRF): the stored copy is the one to show anyway.
    return caches.match(request.url, { cacheName: PAGE_CACHE, ignoreVary: true })
      .then(function (stored) { return stored || offlinePage(); });
  });
}

function cacheFirst(request, cacheName, max) {
  return caches.match(request, { ignoreVary: true }).then(function (stored) {
    if (stored) return stored;
    return fetch(request).then(function (response) {
      if (response.status === 200 && response.type === "basic") {
        const copy = response.clone();
        caches.open(cacheName)
          .then(function (cache) { return cache.put(request, copy); })
          .then(function () { return max ? trim(cacheName, max) : null; });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (keepable(url.pathname)) {
      event.respondWith(page(event));
    } else {
      // Straight to the network; offline, the offline page (never a stored copy of this one).
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (url.pathname.startsWith("/static/") || url.pathname === SETTINGS.manifest) {
    event.respondWith(cacheFirst(request, STATIC_CACHE, 0));
  } else if (url.pathname.startsWith("/media/")) {
    event.respondWith(cacheFirst(request, MEDIA_CACHE, MAX_MEDIA));
  }
});
