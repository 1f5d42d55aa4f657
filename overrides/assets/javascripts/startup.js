// Runs just before Material's bundle; overrides/main.html says why.
// 1. The alternate links are kept out of the bundle's sitemap query.
document.addEventListener("DOMContentLoaded", function () {
  var links = document.querySelectorAll('link[rel="alternate"]');
  links.forEach(function (link) { link.rel = ""; });
  setTimeout(function () { links.forEach(function (link) { link.rel = "alternate"; }); }, 0);
}, { once: true });

// 2. The search index and worker wait for the reader's first search.
(function () {
  var XHR = window.XMLHttpRequest, config = document.getElementById("__config");
  if (!XHR || !window.WeakSet || !config || !document.forms.namedItem("search")) return;
  var index;
  try {
    // The address Material computes: "search/search_index.json" against the config's base.
    index = new URL("search/search_index.json", new URL(JSON.parse(config.textContent).base, location)).href;
  } catch (error) {
    return;
  }
  var wanted = Boolean(new URLSearchParams(location.search).get("h"));
  var opened = new WeakSet(), held = [];
  var open = XHR.prototype.open, send = XHR.prototype.send, abort = XHR.prototype.abort;
  function release() {
    wanted = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }
  XHR.prototype.open = function (method, url) {
    var isIndex = false;
    try { isIndex = String(method).toUpperCase() === "GET" && new URL(url, location).href === index; } catch (error) {}
    if (isIndex) opened.add(this); else opened.delete(this);
    return open.apply(this, arguments);
  };
  XHR.prototype.send = function () {
    if (wanted || !opened.has(this)) return send.apply(this, arguments);
    held.push([this, arguments]);
  };
  // A held request that is aborted is never sent (a browser would send it after abort()).
  XHR.prototype.abort = function () {
    var xhr = this;
    held = held.filter(function (call) { return call[0] !== xhr; });
    return abort.apply(this, arguments);
  };
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-md-component=search-query]")) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") release();
  }, true);
  ["pointerdown", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest('label[for="__search"]')) release();
    }, { capture: true, passive: true });
  });
  // Material also starts its search worker with the page, though it has nothing to do before
  // the index arrives: a stand-in takes its place and starts the real worker (the same script)
  // with the first message, the index; the worker's answers are passed on as they come.
  var Worker = window.Worker, EventTarget = window.EventTarget, MessageEvent = window.MessageEvent;
  var search = JSON.parse(config.textContent).search;
  if (!Worker || !EventTarget || !MessageEvent || !search) return;
  var worker = new URL(search, location).href;
  window.Worker = function (url, options) {
    if (new URL(url, location).href !== worker) return new Worker(url, options);
    var standIn = new EventTarget(), real = null;
    standIn.postMessage = function () {
      if (!real) {
        real = new Worker(url, options);
        real.addEventListener("message", function (event) {
          standIn.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
      }
      real.postMessage.apply(real, arguments);
    };
    standIn.terminate = function () { if (real) real.terminate(); };
    return standIn;
  };
  window.Worker.prototype = Worker.prototype;
})();
