// Live charts: each figure's static SVG becomes a live Vega view as it nears the viewport.
// This is the part every page with a figure loads: once the page has loaded and the reader does
// something, it watches the figures and, when the first one comes within LOAD_MARGIN of the
// viewport, loads the rest: Vega from the site's own assets/js/vendor/ (bundled from the npm
// packages at build time, hooks/live_charts.py), its styles (assets/stylesheets/live-charts.css)
// and the drawing code (assets/js/figures-live.js). Nothing comes from another host. Without
// JavaScript, or if anything fails, the static SVG stays as it is. Published without its comment
// lines.
//
// <html data-live-charts> is "loading" while a chart is being made live, "idle" otherwise.
//
// First, the narrow charts. A page carries each chart's wide SVG and, for the narrow one, an
// empty box of its size whose data-src names a file with the SVG the page would have carried.
// Where the box shows (below 36em, where the page's head marked html.report-charts-js:
// assets/stylesheets/charts.css), the SVG is fetched as the box comes within LOAD_MARGIN of the
// viewport and put in its place, from the start (it is what the reader sees, not an extra).
// If that fails, the figure shows its wide SVG instead (class has-failed-narrow).
// <html data-narrow-charts> is "loading" while a box waits for its SVG, "idle" otherwise.
(function () {
  "use strict";
  var LOAD_MARGIN = "600px 0px";

  // The work under way, counted, as <html {attribute}="loading"> or "idle".
  function activity(attribute) {
    var pending = 0;
    function show() {
      document.documentElement.setAttribute(attribute, pending ? "loading" : "idle");
    }
    return {
      show: show,
      begin: function () { pending += 1; show(); },
      end: function () { pending -= 1; show(); },
    };
  }

  // act(element) once for each of `elements` as it comes within LOAD_MARGIN of the viewport;
  // `work` is "loading" until the observer has first said which are near. An element that does
  // not show never comes near; one that starts to show does.
  function whenNear(elements, work, act) {
    var first = true;
    work.begin();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          act(entry.target);
        }
      });
      if (first) {
        first = false;
        work.end();
      }
    }, { rootMargin: LOAD_MARGIN });
    Array.prototype.forEach.call(elements, function (element) { observer.observe(element); });
  }

  // --- the narrow charts (a box shows where the window is narrow and the chart not live) ------

  function narrowCharts() {
    var boxes = document.querySelectorAll("svg.report-chart__svg--narrow[data-src]");
    if (!boxes.length || !document.documentElement.classList.contains("report-charts-js")) {
      return;
    }
    var work = activity("data-narrow-charts");

    function fill(box) {
      var chart = box.closest(".report-chart");
      var url = box.getAttribute("data-src");
      work.begin();
      return window.fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(url + " answered " + response.status); }
        return response.text();
      }).then(function (text) {
        var svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        if (svg.localName !== "svg" || svg.getElementsByTagName("parsererror").length) {
          throw new Error(url + " is not an SVG");
        }
        box.replaceWith(document.importNode(svg, true));
      }).catch(function (error) {
        if (chart) {
          chart.classList.add("has-failed-narrow");
          chart.setAttribute("data-narrow-failed", String((error && error.message) || error));
        }
      }).then(work.end);
    }

    whenNear(boxes, work, fill);
  }

  // --- the live charts ----------------------------------------------------------------------------

  function liveCharts() {
    var WIDE = "(min-width: 36em)"; // as assets/stylesheets/charts.css switches the SVGs
    var charts = document.querySelectorAll(".report-chart[data-vega-wide][data-vega-narrow]");
    var here = document.currentScript && document.currentScript.src;
    if (!charts.length || !here || !("IntersectionObserver" in window) || !window.fetch || !window.matchMedia) {
      return;
    }
    var wide = window.matchMedia(WIDE);
    var loaded = null;
    var work = activity("data-live-charts");

    function add(tag, attributes) {
      return new Promise(function (resolve, reject) {
        var element = document.createElement(tag);
        Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
        element.onload = resolve;
        element.onerror = function () { reject(new Error("could not load " + (attributes.src || attributes.href))); };
        document.head.appendChild(element);
      });
    }

    function load() {
      if (!loaded) {
        var url = function (path) { return new URL(path, here).href; };
        loaded = Promise.all([
          add("link", { rel: "stylesheet", href: url("../stylesheets/live-charts.css") }),
          add("script", { src: url("vendor/vega-live.min.js"), async: false }),
          add("script", { src: url("figures-live.js"), async: false }),
        ]);
      }
      return loaded;
    }

    function enhance(chart) {
      work.begin();
      return load().then(function () {
        return window.reportLiveCharts.enhance(chart, wide.matches ? "wide" : "narrow");
      }).catch(function (error) {
        chart.setAttribute("data-vega-failed", String((error && error.message) || error));
      }).then(work.end);
    }

    function start() {
      Array.prototype.forEach.call(charts, function (chart) { chart.classList.add("has-live"); });
      whenNear(charts, work, enhance);
      // Across the width at which the page switches SVGs, a live chart switches spec too.
      wide.addEventListener("change", function () {
        Array.prototype.forEach.call(charts, function (chart) {
          if (chart.classList.contains("is-live")) {
            var view = chart.__vegaView;
            window.reportLiveCharts.hideTooltip();
            enhance(chart).then(function () { if (view && view !== chart.__vegaView) { view.finalize(); } });
          }
        });
      });
    }

    // A chart becomes live when a reader does something (scrolls, points, touches, types): until
    // then the static SVG is what they see, identical, and the page's load and first paint are not
    // held up, nor repainted, by charts nobody has touched.
    var INPUT = ["scroll", "wheel", "pointermove", "pointerdown", "touchstart", "keydown", "focusin"];
    function arm() {
      work.show();
      var go = function () {
        INPUT.forEach(function (type) { window.removeEventListener(type, go, true); });
        start();
      };
      INPUT.forEach(function (type) { window.addEventListener(type, go, { capture: true, passive: true }); });
    }

    if (document.readyState === "complete") {
      arm();
    } else {
      window.addEventListener("load", arm, { once: true });
    }
  }

  narrowCharts();
  liveCharts();
})();
