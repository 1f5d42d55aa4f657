// The Vega of the live charts (hooks/live_charts.py bundles this file with esbuild into the site's
// assets/js/vendor/vega-live.min.js, a global `vega`): what assets/js/figures-live.js draws with,
// and nothing more. The charts are Vega specs compiled at build time, so no Vega-Lite; their
// expressions are read by vega-interpreter, so no code is made from strings at run time. Vega's
// own bundle also registers the transforms of maps, trees, networks, word clouds, regressions,
// labels and cross-filtering, which no chart of the engine uses; a spec that asked for one would
// fail to draw, and its static SVG would stay (figures.js).
import { extend } from "vega-util";
import { transforms } from "vega-dataflow";
import * as dataTransforms from "vega-transforms";
import * as viewTransforms from "vega-view-transforms";
import * as encodeTransforms from "vega-encode";

extend(transforms, dataTransforms, viewTransforms, encodeTransforms);

export { View } from "vega-view";
export { parse } from "vega-parser";
export { expressionInterpreter } from "vega-interpreter";
