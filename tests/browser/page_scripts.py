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
async () => {
  await document.fonts.ready;
  // After a resize, let the page's own resize handlers run (two frames) before measuring.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
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
    culprits: culprits.slice(0, 5).map((el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`),
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
