"""JavaScript that tests/test_browser.py evaluates inside each page.

Each function answers one question about the page as rendered and returns plain data
(lists of strings or small dicts), so the Python side only compares and reports.
"""

# Shared helpers, prepended to every script below.
_HELPERS = r"""
const isShown = (el) => {
  // Rendered, with a box, and not hidden by CSS, an ancestor or a closed <details>.
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return false;
  return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, contentVisibilityAuto: true });
};
const describe = (el) => {
  // A short, recognisable name for an element: tag#id.class "text".
  let name = el.tagName.toLowerCase();
  if (el.id) name += "#" + el.id;
  const classes = [...el.classList].slice(0, 2);
  if (classes.length) name += "." + classes.join(".");
  const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
  return text ? `${name} "${text}"` : name;
};
const figureName = (figure, index) => {
  const caption = figure.querySelector("figcaption");
  const text = caption ? caption.textContent.trim().replace(/\s+/g, " ").slice(0, 70) : "";
  return `figure #${figure.id || "(no id, number " + (index + 1) + ")"}${text ? ` "${text}"` : ""}`;
};
// The chart of a figure: an <svg> or <img> outside its data table, at least 100 x 40 px.
const chartOf = (figure) => [...figure.querySelectorAll("svg, img")]
  .filter((el) => !el.closest("table") && !(el.parentElement && el.parentElement.closest("svg")))
  .find((el) => {
    const box = el.getBoundingClientRect();
    return isShown(el) && box.width >= 100 && box.height >= 40;
  });
"""

# Each figure: its name, whether its chart shows, and where its data table is.
FIGURES = (
    _HELPERS
    + r"""
() => [...document.querySelectorAll("figure.report-figure")].map((figure, index) => {
  const table = figure.querySelector("table");
  const details = table ? table.closest("details") : null;
  return {
    index,
    name: figureName(figure, index),
    chartShown: Boolean(chartOf(figure)),
    chartElements: figure.querySelectorAll("svg, img").length,
    hasTable: Boolean(table),
    tableShown: Boolean(table && isShown(table)),
    inClosedDetails: Boolean(details && !details.open && figure.contains(details)),
  };
})
"""
)

# Put a focusable marker just before the <details> holding figure N's data table and focus
# it, so that one Tab press must land on the <summary> if a keyboard can reach it.
FOCUS_BEFORE_DETAILS = r"""
(index) => {
  const figure = document.querySelectorAll("figure.report-figure")[index];
  const details = figure.querySelector("table").closest("details");
  const marker = document.createElement("span");
  marker.tabIndex = 0;
  marker.id = "__test-focus-marker";
  details.before(marker);
  marker.focus();
  return document.activeElement === marker;
}
"""

# After Tab: is focus on the data table's <summary>? What has it otherwise?
FOCUS_STATE = (
    _HELPERS
    + r"""
(index) => {
  const figure = document.querySelectorAll("figure.report-figure")[index];
  const details = figure.querySelector("table").closest("details");
  const summary = details.querySelector(":scope > summary");
  const active = document.activeElement;
  return {
    onSummary: Boolean(summary) && active === summary,
    active: active ? describe(active) : "nothing",
  };
}
"""
)

# After Enter: is the <details> open and its data table shown? Removes the marker.
TABLE_OPENED = (
    _HELPERS
    + r"""
(index) => {
  document.getElementById("__test-focus-marker")?.remove();
  const figure = document.querySelectorAll("figure.report-figure")[index];
  const table = figure.querySelector("table");
  const details = table.closest("details");
  return { open: details.open, tableShown: isShown(table) };
}
"""
)

# Under print media: what still shows of figures and tables, and what navigation shows.
PRINT_STATE = (
    _HELPERS
    + r"""
(navigation) => {
  const problems = [];
  document.querySelectorAll("figure.report-figure").forEach((figure, index) => {
    if (!chartOf(figure)) problems.push(`${figureName(figure, index)}: its chart is not printed`);
    const table = figure.querySelector("table");
    if (table && !isShown(table)) problems.push(`${figureName(figure, index)}: its data table is not printed`);
  });
  document.querySelectorAll("article table").forEach((table) => {
    if (table.closest("figure.report-figure")) return;
    if (!isShown(table)) problems.push(`table ${describe(table.querySelector("caption") || table)} is not printed`);
  });
  for (const selector of navigation) {
    for (const el of document.querySelectorAll(selector)) {
      if (isShown(el)) problems.push(`navigation ${selector} (${describe(el)}) is printed`);
    }
  }
  return problems;
}
"""
)

# Does the page scroll sideways? If so, which elements stick out to the right? (Elements
# inside a box that clips or scrolls sideways are that box's business, not the page's.)
HORIZONTAL_OVERFLOW = (
    _HELPERS
    + r"""
() => {
  // Called once the page is stable (STABLE): fonts loaded, resize handled, nothing moving.
  const root = document.scrollingElement || document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return { scrollWidth: root.scrollWidth, width, culprits: [] };
  const clips = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0 && isShown(el) && !clips(el)) {
      // Report the outermost offender only, not each of its children.
      if (!culprits.some((outer) => outer.contains(el))) culprits.push(el);
    }
  }
  return {
    scrollWidth: root.scrollWidth,
    width,
    culprits: culprits
      .slice(0, 5)
      .map((el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`),
  };
}
"""
)

# axe-core (loaded into every page of the context beforehand), violations only.
# `only`: null for every WCAG 2.1 A and AA rule, or a list of rule ids to run instead;
# `disabled`: rule ids switched off (each with its reason in the test).
AXE_RUN = r"""
async ([only, disabled]) => {
  const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  const runOnly = only
    ? { type: "rule", values: only.filter((id) => !disabled.includes(id)) }
    : { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] };
  const result = await axe.run(document, { runOnly, rules, resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 160),
      summary: n.failureSummary || "",
    })),
  }));
}
"""

# ---------------------------------------------------------------------------------------
# Waiting for a state, never for a time. tests/test_browser.py runs the async scripts below
# through START/FINISHED/RESULT: START runs one in the page and keeps its outcome on window,
# Playwright waits (under its hang guard) until FINISHED, and RESULT hands the outcome back.

# Before the page's own scripts (an init script of the JavaScript context): every worker the
# page gives work (its first postMessage) is recorded with a promise of its first answer.
# Material's search worker is given its index (its first message) only when the reader starts
# to search (overrides/main.html holds the index until then); it first answers when the index
# is built, after it has loaded its language files. A worker given nothing to do is not waited
# for: it would never answer.
WORKER_RECORD = r"""
(() => {
  const Native = window.Worker;
  if (!Native) return;
  const answers = [];
  window.__testWorkers = {
    // Resolves when every worker given work so far (and any given work meanwhile) has answered.
    answered: async () => {
      for (let seen = -1; seen !== answers.length; ) {
        seen = answers.length;
        await Promise.all(answers);
      }
    },
  };
  window.Worker = class extends Native {
    postMessage(...args) {
      if (!this.__testAnswer) {
        this.__testAnswer = new Promise((done) => {
          this.addEventListener("message", () => done(), { once: true });
          this.addEventListener("error", () => done(), { once: true });
        });
        answers.push(this.__testAnswer);
      }
      return super.postMessage(...args);
    }
  };
})();
"""

_WAITS = r"""
const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done()));
const pageStable = async () => {
  await document.fonts.ready;
  // Scroll, resize and media changes are handled in the next rendering update: after two
  // frames the page's handlers of the last one (Material's header title, its resize
  // handlers) have run, and any transition they start exists.
  await nextFrame();
  await nextFrame();
  // Then every finite animation or transition to its end (with reduced motion there are none).
  for (;;) {
    const running = document.getAnimations().filter((animation) =>
      animation.playState === "running"
      && animation.effect
      && animation.effect.getComputedTiming().iterations !== Infinity);
    if (running.length === 0) return true;
    await Promise.all(running.map((animation) => animation.finished.catch(() => null)));
    await nextFrame();
  }
};
"""

# The page as it rests: fonts in, no animation running.
STABLE = _WAITS + "async () => pageStable()"

# The page done: loaded, every worker answered, then stable.
SETTLED = (
    _WAITS
    + r"""
async () => {
  if (document.readyState !== "complete") {
    await new Promise((done) => window.addEventListener("load", () => done(), { once: true }));
  }
  if (window.__testWorkers) await window.__testWorkers.answered();
  return pageStable();
}
"""
)

# Run `source` (an async function, with `argument`) and keep its outcome on window.
START = r"""
([source, argument]) => {
  window.__testScript = { done: false };
  const run = (0, eval)(source);
  Promise.resolve()
    .then(() => run(argument))
    .then(
      (value) => { window.__testScript = { done: true, value }; },
      (error) => { window.__testScript = { done: true, error: String((error && error.stack) || error) }; },
    );
}
"""

FINISHED = "() => Boolean(window.__testScript && window.__testScript.done)"

RESULT = "() => window.__testScript"

# With reduced motion requested: elements that would still move (a transition or an
# animation longer than 0 s), as "element: what" lines.
MOTION = (
    _HELPERS
    + r"""
() => {
  if (!matchMedia("(prefers-reduced-motion: reduce)").matches) return ["the browser does not ask for reduced motion"];
  const seconds = (list) =>
    Math.max(0, ...list.split(",").map((t) => parseFloat(t) * (t.trim().endsWith("ms") ? 0.001 : 1)));
  const moving = [];
  for (const el of document.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const transition = style.transitionProperty !== "none"
      && seconds(style.transitionDuration) + seconds(style.transitionDelay) > 0;
    const animation = style.animationName !== "none" && seconds(style.animationDuration) > 0;
    if (transition) moving.push(`${describe(el)}: transition ${style.transitionProperty} ${style.transitionDuration}`);
    if (animation) moving.push(`${describe(el)}: animation ${style.animationName} ${style.animationDuration}`);
  }
  return moving.slice(0, 10);
}
"""
)
