// Live charts: each figure's static SVG becomes a live Vega view as it nears the viewport.
// Self-hosted, no other host: Vega and vega-embed come from the site's own assets/js/vendor/
// (copied from the npm packages at build time, hooks/live_charts.py, which also publishes this
// file without its comment lines), with their styles (assets/stylesheets/live-charts.css), and each figure's Vega
// spec from its downloads (data-vega-narrow / data-vega-wide on .report-chart, written by the
// figure macro). Without JavaScript, or if anything fails, the static SVG stays as it is.
//
// - Nothing loads before the page's own load event, and a chart's scripts and spec only when it
//   comes within LOAD_MARGIN of the viewport: a page's first load is what it was.
// - The view has the SVG's size, origin, typeface and colours (same spec, autosize none), and
//   replaces it only once drawn, so nothing moves; print keeps the static SVG.
// - Every bar has a tooltip with its numbers, formatted by Vega in the page language with the
//   d3 locale in the spec (config.locale, made from babel at build time).
// - Keyboard: Tab reaches the chart's first bar, the arrow keys (and Home, End) move from bar to
//   bar, and the focused bar shows its tooltip; Escape hides it. Each bar has an ARIA label.
// - Nothing animates (Vega draws no transitions); the tooltip fades in only for readers who
//   have not asked for reduced motion (CSS).
(function () {
  "use strict";
  var LOAD_MARGIN = "600px 0px";
  var WIDE = "(min-width: 36em)"; // as assets/stylesheets/charts.css switches the SVGs
  var charts = document.querySelectorAll(".report-chart[data-vega-wide][data-vega-narrow]");
  if (!charts.length || !("IntersectionObserver" in window) || !window.fetch || !window.matchMedia) {
    return;
  }
  var here = document.currentScript && document.currentScript.src;
  if (!here) {
    return;
  }
  var vendor = new URL("vendor/", here);
  var wide = window.matchMedia(WIDE);
  var libraries = null;
  var tooltip = null;
  var shown = null; // the element whose tooltip is shown, and its value
  var counter = 0;
  var pending = 0; // charts being made live; <html data-live-charts> says "loading" or "idle"

  function setState() {
    document.documentElement.setAttribute("data-live-charts", pending ? "loading" : "idle");
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  // The live charts' own styles come with Vega, under the id vega-embed looks for before it
  // would add a <style> element of its own.
  function loadStyle(url) {
    return new Promise(function (resolve, reject) {
      if (document.getElementById("vega-embed-style")) { resolve(); return; }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.id = "vega-embed-style";
      link.href = url;
      link.onload = resolve;
      link.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(link);
    });
  }

  function loadLibraries() {
    if (!libraries) {
      libraries = Promise.all([
        loadStyle(new URL("../stylesheets/live-charts.css", here).href),
        loadScript(new URL("vega.min.js", vendor).href).then(function () {
          return loadScript(new URL("vega-embed.min.js", vendor).href);
        }),
      ]);
    }
    return libraries;
  }

  // --- the tooltip: one per page, placed beside the bar it describes --------------------------

  function tooltipElement() {
    if (!tooltip) {
      tooltip = document.createElement("div");
      tooltip.className = "report-chart__tooltip";
      tooltip.id = "report-chart-tooltip";
      tooltip.setAttribute("role", "tooltip");
      tooltip.hidden = true;
      document.body.appendChild(tooltip);
    }
    return tooltip;
  }

  function hideTooltip() {
    shown = null;
    if (tooltip) {
      tooltip.hidden = true;
      tooltip.classList.remove("is-shown");
    }
  }

  function showTooltip(element, value) {
    var box = tooltipElement();
    box.textContent = "";
    if (value.title) {
      var title = document.createElement("p");
      title.className = "report-chart__tooltip-title";
      title.textContent = value.title;
      box.appendChild(title);
    }
    var list = document.createElement("dl");
    Object.keys(value).forEach(function (key) {
      if (key === "title") { return; }
      var term = document.createElement("dt");
      term.textContent = key;
      var number = document.createElement("dd");
      number.textContent = value[key];
      list.appendChild(term);
      list.appendChild(number);
    });
    box.appendChild(list);
    box.hidden = false;
    var mark = element.getBoundingClientRect();
    var own = box.getBoundingClientRect();
    var gap = 8;
    var left = Math.min(Math.max(gap, mark.right + gap), window.innerWidth - own.width - gap);
    var top = mark.top - own.height - gap;
    if (top < gap) { top = mark.bottom + gap; }
    if (left < mark.right && top < mark.bottom && top + own.height > mark.top) {
      top = mark.bottom + gap;
    }
    box.style.left = Math.max(gap, left) + "px";
    box.style.top = Math.max(gap, Math.min(top, window.innerHeight - own.height - gap)) + "px";
    box.classList.add("is-shown");
    shown = { element: element, value: value };
  }

  // On scrolling, a focused bar's tooltip follows it; a hovered one's goes.
  function onScroll() {
    if (shown && document.activeElement === shown.element) {
      showTooltip(shown.element, shown.value);
    } else {
      hideTooltip();
    }
  }

  // Vega calls this on hover with the bar's scene item and its tooltip value (null: leave).
  function onHover(handler, event, item, value) {
    if (value == null || value === "" || !item || !item._svg) {
      if (!document.activeElement || !document.activeElement.classList.contains("report-chart__bar")) {
        hideTooltip();
      }
      return;
    }
    showTooltip(item._svg, value);
  }

  // --- keyboard -----------------------------------------------------------------------------------

  function makeKeyboardReachable(holder, meta, hintId) {
    var bars = Array.prototype.filter.call(holder.querySelectorAll(".mark-rect path"), function (path) {
      return path.__data__ && path.__data__.tooltip;
    });
    bars.forEach(function (bar, index) {
      bar.classList.add("report-chart__bar");
      bar.setAttribute("tabindex", index === 0 ? "0" : "-1");
      bar.setAttribute("aria-describedby", hintId);
      bar.addEventListener("focus", function () {
        bars.forEach(function (other) { other.setAttribute("tabindex", other === bar ? "0" : "-1"); });
        showTooltip(bar, bar.__data__.tooltip);
      });
      bar.addEventListener("blur", hideTooltip);
    });
    holder.addEventListener("keydown", function (event) {
      var index = bars.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") { next = Math.min(bars.length - 1, index + 1); }
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") { next = Math.max(0, index - 1); }
      else if (event.key === "Home") { next = 0; }
      else if (event.key === "End") { next = bars.length - 1; }
      else if (event.key === "Escape") { hideTooltip(); return; }
      if (next === null) { return; }
      event.preventDefault();
      bars[next].focus();
    });
    return bars.length;
  }

  // --- one chart ------------------------------------------------------------------------------------

  function enhance(chart) {
    pending += 1;
    setState();
    var width = wide.matches ? "wide" : "narrow";
    var url = chart.getAttribute("data-vega-" + width);
    var spec = window.fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + " answered " + response.status); }
      return response.json();
    });
    return Promise.all([loadLibraries(), spec]).then(function (loaded) {
      return draw(chart, loaded[1], width);
    }).catch(function (error) {
      chart.setAttribute("data-vega-failed", String(error && error.message || error));
    }).then(function () {
      pending -= 1;
      setState();
    });
  }

  function draw(chart, spec, width) {
    var meta = (spec.usermeta && spec.usermeta.report) || {};
    var locale = (spec.config && spec.config.locale) || {};
    var holder = document.createElement("div");
    holder.className = "report-chart__live";
    chart.appendChild(holder);
    return window.vegaEmbed(holder, spec, {
      mode: "vega",
      renderer: "svg",
      actions: false,
      ast: true,
      defaultStyle: false,
      hover: false,
      tooltip: onHover,
      formatLocale: locale.number,
      timeFormatLocale: locale.time,
    }).then(function (result) {
      var id = (chart.closest("figure") && chart.closest("figure").id) || "report-chart-" + (++counter);
      var hint = document.createElement("p");
      hint.className = "report-chart__hint";
      hint.id = id + "-live-hint";
      hint.textContent = meta.hint || "";
      if (meta.roledescription) {
        holder.setAttribute("aria-roledescription", meta.roledescription);
      }
      holder.setAttribute("aria-describedby", hint.id);
      var old = chart.querySelector(".report-chart__live.is-ready");
      if (old && old !== holder) {
        old.remove();
      }
      holder.after(hint);
      var oldHint = chart.querySelectorAll(".report-chart__hint");
      for (var i = 0; i < oldHint.length - 1; i++) { oldHint[i].remove(); }
      // Vega names its groups in English ("rect mark container"): the bars carry the page's words,
      // and the texts drawn beside them (labels, values, legend) say again what each bar's label says.
      Array.prototype.forEach.call(holder.querySelectorAll("g[aria-roledescription]"), function (group) {
        group.removeAttribute("aria-roledescription");
      });
      Array.prototype.forEach.call(
        holder.querySelectorAll("g.role-mark:not(.mark-rect), g.role-legend, g.role-axis"),
        function (group) { group.setAttribute("aria-hidden", "true"); }
      );
      makeKeyboardReachable(holder, meta, hint.id);
      holder.classList.add("is-ready");
      chart.classList.add("is-live");
      chart.setAttribute("data-vega-width", width);
      chart.__vegaView = result.view;
      return result.view;
    });
  }

  function start() {
    // "loading" until the observer has first said which charts are near the viewport.
    var first = true;
    pending += 1;
    setState();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          enhance(entry.target);
        }
      });
      if (first) {
        first = false;
        pending -= 1;
        setState();
      }
    }, { rootMargin: LOAD_MARGIN });
    Array.prototype.forEach.call(charts, function (chart) {
      chart.classList.add("has-live");
      observer.observe(chart);
    });
    // Across the width at which the page switches SVGs, the live chart switches spec too.
    var onChange = function () {
      hideTooltip();
      Array.prototype.forEach.call(charts, function (chart) {
        if (chart.classList.contains("is-live")) {
          var view = chart.__vegaView;
          enhance(chart).then(function () { if (view) { view.finalize(); } });
        }
      });
    };
    if (wide.addEventListener) { wide.addEventListener("change", onChange); }
    window.addEventListener("scroll", onScroll, { passive: true });
  }

  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start, { once: true });
  }
})();
