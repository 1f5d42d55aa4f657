"""A MkDocs hook: the published site keeps only the theme files a reader's browser can use.

Material copies into every site the stemmers of all the languages its search supports
(``assets/javascripts/lunr/min/lunr.<language>.min.js``, about 0.9 MB, of which a report uses one
per language) and the source maps of its minified scripts and style sheets (``*.map``, about
1.3 MB, read only by a developer's browser tools). This hook removes, after the last language is
built:

- every stemmer of a language the site does not search: the search worker loads
  ``lunr.<language>.min.js`` for the languages of the search index's ``config.lang`` (one per
  language index, hooks/search_per_language.py), and ``lunr.stemmer.support`` and
  ``lunr.multi`` with them; ``tinyseg.js`` and ``wordcut.js`` are the segmenters of Japanese and
  Thai. The languages kept are those of the i18n plugin and of the search plugin's ``lang``.
- every ``.map`` file under ``assets/``, and every ``sourceMappingURL`` comment at the end of a
  script or style sheet there (a copied script may name a map it does not ship), so no
  browser asks for a file that is not there.

Registered in mkdocs.yml's ``hooks``, after hooks/search_per_language.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

LUNR = Path("assets") / "javascripts" / "lunr"
ALWAYS = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
SEGMENTERS = {"ja": "tinyseg.js", "jp": "tinyseg.js", "th": "wordcut.js"}
_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*\.map|/\*# sourceMappingURL=[^\n]*?\.map \*/)\s*$")


def site_languages(config) -> set[str]:
    """The languages the site's search stems: the i18n plugin's, and the search plugin's ``lang``."""
    codes: set[str] = set()
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        codes |= {str(language.locale) for language in i18n.config.languages if language.build}
    for name in ("search", "material/search"):
        search = config.plugins.get(name)
        if search is not None:
            codes |= {str(code) for code in (search.config.get("lang") or [])}
    # A regional locale (pt_BR) searches with its language's stemmer (pt).
    return codes | {code.split("_")[0].split("-")[0] for code in codes}


def unused_stemmers(lunr: Path, languages: set[str]) -> list[Path]:
    """The files of ``lunr`` that no language of ``languages`` loads.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("min/lunr.sv.min.js", "min/lunr.de.min.js", "min/lunr.multi.min.js", "tinyseg.js"):
    ...     (folder / name).parent.mkdir(exist_ok=True)
    ...     _ = (folder / name).write_text("")
    >>> [p.relative_to(folder).as_posix() for p in unused_stemmers(folder, {"sv", "fr"})]
    ['min/lunr.de.min.js', 'tinyseg.js']
    """
    keep = ALWAYS | {f"lunr.{code}.min.js" for code in languages}
    keep |= {SEGMENTERS[code] for code in languages if code in SEGMENTERS}
    return sorted(path for path in lunr.rglob("*.js") if path.name not in keep)


def drop_source_maps(assets: Path) -> list[Path]:
    """Remove the ``.map`` files under ``assets``, and from every script and style sheet there the
    comment that names a map (the theme's, and those of scripts copied without their maps, such
    as a vendored script may be), so no browser asks for a file that is not there."""
    maps = sorted(assets.rglob("*.map"))
    for path in maps:
        path.unlink()
    for path in sorted([*assets.rglob("*.js"), *assets.rglob("*.css")]):
        content = path.read_bytes()
        trimmed = _MAP_COMMENT.sub(b"\n", content)
        if trimmed != content:
            path.write_bytes(trimmed)
    return maps


@event_priority(-300)  # after hooks/search_per_language.py (-200) and the i18n plugin (-100)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # another language's build follows, and copies the theme's files again
    site = Path(config.site_dir)
    lunr = site / LUNR
    if lunr.is_dir():
        for path in unused_stemmers(lunr, site_languages(config)):
            path.unlink()
    if (site / "assets").is_dir():
        drop_source_maps(site / "assets")
