// Live charts, the part that draws them: loaded by assets/js/figures.js together with Vega
// (assets/js/vendor/vega-live.min.js, hooks/vega-live.entry.js) when the first figure nears the
// viewport (so a page's first load does not carry it). window.reportLiveCharts.enhance(chart,
// width) fetches the chart's Vega spec (its data-vega-<width> attribute), draws it with a Vega
// view into a box of the static SVG's size and swaps it in.
//
// - The view has the SVG's size, origin, typeface and colours (same spec, autosize none), and
//   replaces it only once drawn, so nothing moves; print keeps the static SVG.
// - Every bar has a tooltip with its numbers, formatted by Vega in the page language with the
//   d3 locale in the spec (config.locale, made from babel at build time).
// - Keyboard: Tab reaches the chart's first bar, the arrow keys (and Home, End) move from bar to
//   bar, and the focused bar shows its tooltip. Each bar has an ARIA label.
// - The tooltip follows WCAG 1.4.13 (content on hover or focus): Escape dismisses it without
//   moving the pointer or focus (it stays dismissed until the pointer leaves that bar or focus
//   moves); the pointer can move from the bar onto the tooltip, which stays while the pointer is
//   over the bar, the tooltip or the space between them; it stays until then, or until the bar
//   loses focus, with no time limit.
// - Nothing animates (Vega draws no transitions); the tooltip fades in only for readers who
//   have not asked for reduced motion (assets/stylesheets/live-charts.css).
(function () {
  "use strict";
  var tooltip = null;
  var shown = null; // { element, value, by: "hover" or "focus" } of the tooltip shown
  var dismissed = null; // the bar whose tooltip Escape dismissed, until the pointer leaves it
  var counter = 0;
  var GAP = 8; // px between a bar and its tooltip

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

  function showTooltip(element, value, by) {
    var box = tooltipElement();
    var again = shown && shown.element === element && shown.value === value && !box.hidden;
    shown = { element: element, value: value, by: by };
    if (again) { return; } // the pointer moving over the same bar: nothing to redraw or move
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
    box.classList.remove("is-shown");
    box.hidden = false;
    place(element, box);
    box.classList.add("is-shown");
  }

  function place(element, box) {
    var mark = element.getBoundingClientRect();
    var own = box.getBoundingClientRect();
    var left = Math.min(Math.max(GAP, mark.right + GAP), window.innerWidth - own.width - GAP);
    var top = mark.top - own.height - GAP;
    if (top < GAP) { top = mark.bottom + GAP; }
    if (left < mark.right && top < mark.bottom && top + own.height > mark.top) {
      top = mark.bottom + GAP;
    }
    box.style.left = Math.max(GAP, left) + "px";
    box.style.top = Math.max(GAP, Math.min(top, window.innerHeight - own.height - GAP)) + "px";
  }

  // Whether a point is over the bar, its tooltip or the space between them (the box around both,
  // GAP wider): a pointer on its way from the bar to the tooltip keeps it.
  function overBarOrTooltip(x, y) {
    var a = shown.element.getBoundingClientRect();
    var b = tooltip.getBoundingClientRect();
    return x >= Math.min(a.left, b.left) - GAP && x <= Math.max(a.right, b.right) + GAP &&
      y >= Math.min(a.top, b.top) - GAP && y <= Math.max(a.bottom, b.bottom) + GAP;
  }

  // A hovered bar's tooltip goes; a focused bar's, if it was covered, comes back.
  function hideHovered() {
    hideTooltip();
    var focused = document.activeElement;
    if (focused && focused !== dismissed && focused.classList && focused.classList.contains("report-chart__bar")) {
      showTooltip(focused, focused.__data__.tooltip, "focus");
    }
  }

  function onPointerMove(event) {
    if (shown && shown.by === "hover" && !overBarOrTooltip(event.clientX, event.clientY)) {
      hideHovered();
    }
  }

  // The pointer leaving the page (or the embed's frame) takes a hovered bar's tooltip with it.
  function onPointerLeavePage(event) {
    if (!event.relatedTarget && shown && shown.by === "hover") {
      hideHovered();
    }
  }

  // Escape dismisses the tooltip, shown by the pointer or by focus, and nothing else moves.
  function onKeyDown(event) {
    if (event.key === "Escape" && shown) {
      dismissed = shown.element;
      hideTooltip();
    }
  }

  // On scrolling, a focused bar's tooltip follows it; a hovered one's goes.
  function onScroll() {
    if (shown && shown.by === "focus" && document.activeElement === shown.element) {
      place(shown.element, tooltip);
    } else if (shown) {
      hideTooltip();
    }
  }

  // Vega calls this as the pointer moves over a bar, with the bar's scene item and its tooltip
  // value, and with null as it leaves. Leaving does not hide the tooltip: the pointer may be on its
  // way to it (onPointerMove decides).
  function onHover(handler, event, item, value) {
    var element = item && item._svg;
    if (value == null || value === "" || !element) {
      if (!element || element === dismissed) { dismissed = null; }
      return;
    }
    if (element !== dismissed) {
      showTooltip(element, value, "hover");
    }
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
        dismissed = null;
        showTooltip(bar, bar.__data__.tooltip, "focus");
      });
      bar.addEventListener("blur", function () {
        if (dismissed === bar) { dismissed = null; }
        if (shown && shown.element === bar && shown.by === "focus") { hideTooltip(); }
      });
    });
    holder.addEventListener("keydown", function (event) {
      var index = bars.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") { next = Math.min(bars.length - 1, index + 1); }
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") { next = Math.max(0, index - 1); }
      else if (event.key === "Home") { next = 0; }
      else if (event.key === "End") { next = bars.length - 1; }
      if (next === null) { return; }
      event.preventDefault();
      bars[next].focus();
    });
    return bars.length;
  }

  // --- one chart ------------------------------------------------------------------------------------

  // One chart, at the width the page shows: its spec fetched, drawn, swapped in.
  function enhance(chart, width) {
    var url = chart.getAttribute("data-vega-" + width);
    return window.fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + " answered " + response.status); }
      return response.json();
    }).then(function (spec) {
      return draw(chart, spec, width);
    });
  }

  function draw(chart, spec, width) {
    var meta = (spec.usermeta && spec.usermeta.report) || {};
    var locale = (spec.config && spec.config.locale) || {};
    var holder = document.createElement("div");
    holder.className = "report-chart__live";
    chart.appendChild(holder);
    // Expressions are read by Vega's interpreter (no code made from strings); no hover styles (the
    // spec has none); numbers and dates in the page language.
    var view = new window.vega.View(window.vega.parse(spec, null, { ast: true }), {
      renderer: "svg",
      container: holder,
      hover: false,
      expr: window.vega.expressionInterpreter,
      locale: { number: locale.number, time: locale.time },
    });
    view.tooltip(onHover);
    return view.runAsync().then(function () {
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
      chart.__vegaView = view;
      return view;
    });
  }

  window.addEventListener("scroll", onScroll, { passive: true });
  document.addEventListener("pointermove", onPointerMove, { capture: true, passive: true });
  document.documentElement.addEventListener("mouseout", onPointerLeavePage);
  document.addEventListener("keydown", onKeyDown);
  window.reportLiveCharts = { enhance: enhance, hideTooltip: hideTooltip };
})();
